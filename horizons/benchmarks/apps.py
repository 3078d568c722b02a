from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "horizons.benchmarks"
    label = "benchmarks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from horizons.benchmarks import home

        home.register()
