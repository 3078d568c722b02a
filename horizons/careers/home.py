"""What the careers library adds to navigation and to people's home pages."""

from django.urls import reverse

from horizons.accounts.models import Role
from horizons.accounts.permissions import ALL_ROLES, AnyUser
from horizons.careers.library import catalogue
from horizons.core.navigation import Figure, NextStep, register_home, register_nav


def _home(user: AnyUser, roles: set[str]) -> tuple[list[NextStep], list[Figure]]:
    figures: list[Figure] = []
    if roles & {Role.CAREERS_LEADER, Role.TEACHER}:
        figures.append(
            Figure(
                f"{len(catalogue())}",
                "jobs in the careers library",
                reverse("careers:careers_home"),
                80,
            )
        )
    return [], figures


def register() -> None:
    register_nav("Careers library", "careers:careers_home", ALL_ROLES, 70)
    register_home(_home)
