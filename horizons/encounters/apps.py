from django.apps import AppConfig


class EncountersConfig(AppConfig):
    name = "horizons.encounters"
    label = "encounters"
    default_auto_field = "django.db.models.BigAutoField"
