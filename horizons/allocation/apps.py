from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "horizons.allocation"
    label = "allocation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from horizons.allocation import home

        home.register()
