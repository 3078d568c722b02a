from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "horizons.training"
    label = "training"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Staff training (CPD)"

    def ready(self) -> None:
        from horizons.training import evidence, home

        home.register()
        evidence.register()
