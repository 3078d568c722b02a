from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN
from horizons.core.navigation import register_nav


def register() -> None:
    register_nav("National", "national:overview", {ADMIN, Role.NATIONAL}, 20)
