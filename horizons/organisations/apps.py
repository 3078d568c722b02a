from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "horizons.organisations"
    label = "organisations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from horizons.organisations import home

        home.register()
