"""What messaging adds to navigation: the Messages page for hub and school staff."""

from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN
from horizons.core.navigation import register_nav


def register() -> None:
    register_nav(
        "Messages", "messaging:message_list", {ADMIN, Role.FACILITATOR, Role.CAREERS_LEADER}, 85
    )
