from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "horizons.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from horizons.accounts import receivers  # noqa: F401  (connects the security log)
