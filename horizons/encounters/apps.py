from django.apps import AppConfig


class EncountersConfig(AppConfig):
    name = "horizons.encounters"
    label = "encounters"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Employer encounters"

    def ready(self) -> None:
        from horizons.encounters import evidence, home

        home.register()
        evidence.register()
