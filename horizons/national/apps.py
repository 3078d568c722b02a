from django.apps import AppConfig


class NationalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "horizons.national"
    verbose_name = "National overview"

    def ready(self) -> None:
        from horizons.national import home

        home.register()
