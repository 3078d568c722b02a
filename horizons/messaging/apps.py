from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class MessagingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "horizons.messaging"
    verbose_name = "Messages"

    def ready(self) -> None:
        # Each app declares the messages it sends in its own message_templates.py.
        autodiscover_modules("message_templates")
        from horizons.messaging import home

        home.register()
