from django.urls import reverse

from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, AnyUser
from horizons.core.navigation import Figure, NextStep, register_home, register_nav


def _home(user: AnyUser, roles: set[str]) -> tuple[list[NextStep], list[Figure]]:
    if Role.FACILITATOR not in roles:
        return [], []
    from horizons.allocation.selectors import campaigns_for_allocation
    from horizons.encounters.models import Campaign

    # Volunteers are matched once a campaign's requests have closed (encounters.lifecycle).
    steps = [
        NextStep(
            f"Allocate volunteers for {campaign}",
            reverse("allocation:allocation_campaign", args=[campaign.pk]),
            "Match every class that asked to the volunteers who can reach it, fairly.",
            20,
        )
        for campaign in campaigns_for_allocation(user).filter(status=Campaign.Status.MATCHING)[:2]
    ]
    return steps, []


def register() -> None:
    register_nav("Allocation", "allocation:allocation_home", {ADMIN, Role.FACILITATOR}, 45)
    register_home(_home)
