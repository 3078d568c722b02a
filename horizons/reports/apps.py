from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "horizons.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every installed app's exports.py registers its exports (see reports/registry.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("exports")
