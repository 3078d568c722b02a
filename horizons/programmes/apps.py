from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "horizons.programmes"
    label = "programmes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from horizons.programmes import home

        home.register()
