from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "horizons.programmes"
    label = "programmes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from horizons.careers.selectors import register_aspiration_source
        from horizons.programmes import home
        from horizons.programmes.reports import aspirations_by_school

        home.register()
        # The careers library's "jobs near us" shows what our children say they want.
        register_aspiration_source(aspirations_by_school)
