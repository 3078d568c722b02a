from horizons.accounts.models import Role
from horizons.core.navigation import register_nav


def register() -> None:
    register_nav("Transition", "transition:transition_home", {Role.CAREERS_LEADER}, 55)
