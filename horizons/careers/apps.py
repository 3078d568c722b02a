from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "horizons.careers"
    label = "careers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from horizons.careers import home

        home.register()
