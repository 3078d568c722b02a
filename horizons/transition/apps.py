from django.apps import AppConfig


class TransitionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "horizons.transition"
    verbose_name = "Transition to secondary"

    def ready(self) -> None:
        from horizons.transition import home

        home.register()
