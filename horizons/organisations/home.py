"""What organisations add to navigation and to people's home pages."""

from django.urls import reverse
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role, User
from horizons.accounts.permissions import ADMIN, ALL_ROLES
from horizons.core.navigation import Figure, NextStep, register_home, register_nav
from horizons.organisations import selectors
from horizons.organisations.models import Volunteer


def _home(user: User, roles: set[str]) -> tuple[list[NextStep], list[Figure]]:
    steps: list[NextStep] = []
    figures: list[Figure] = []
    if roles & {ADMIN, Role.FACILITATOR}:
        figures.append(
            Figure(
                f"{permissions.schools_visible_to(user).count():,}",
                "schools",
                reverse("organisations:school_list"),
                10,
            )
        )
        figures.append(
            Figure(
                f"{permissions.employers_visible_to(user).count():,}",
                "employers",
                reverse("organisations:employer_list"),
                11,
            )
        )
    if roles & {Role.FACILITATOR, Role.EMPLOYER_COORDINATOR}:
        uncleared = selectors.volunteers_needing_a_check(user=user, today=timezone.localdate())
        if uncleared:
            steps.append(
                NextStep(
                    f"Record safeguarding checks for {uncleared} volunteer"
                    + ("s" if uncleared != 1 else ""),
                    reverse("organisations:safeguarding_checks"),
                    "Without a verified check they are left out of campaign plans and can "
                    "join only supervised one-off visits.",
                    25,
                )
            )
    if Role.VOLUNTEER in roles:
        volunteer = Volunteer.objects.filter(user=user).first()
        if volunteer is not None:
            if not volunteer.availability:
                steps.append(
                    NextStep(
                        "Tell schools when you can visit",
                        reverse("organisations:volunteer_edit", args=[volunteer.pk]),
                        "Add the half-days you are usually free.",
                        5,
                    )
                )
            status = selectors.volunteer_check_status(volunteer, today=timezone.localdate())
            if not status.lets_volunteer_visit:
                steps.append(
                    NextStep(
                        "Show your safeguarding check to your coordinator",
                        reverse("organisations:volunteer_detail", args=[volunteer.pk]),
                        "Your employer coordinator or hub records it; until then you can join "
                        "only visits that school staff supervise.",
                        6,
                    )
                )
            if not volunteer.show_as_role_model:
                steps.append(
                    NextStep(
                        "Be a role model in the careers library",
                        reverse("organisations:volunteer_edit", args=[volunteer.pk]),
                        "Children see your first name and job, never your contact details.",
                        40,
                    )
                )
    if Role.EMPLOYER_COORDINATOR in roles:
        for employer_id in permissions.coordinated_employer_ids(user):
            steps.append(
                NextStep(
                    "Invite your volunteers",
                    reverse("team"),
                    "Each volunteer keeps their own profile up to date.",
                    30,
                )
            )
            figures.append(
                Figure(
                    str(Volunteer.objects.filter(employer_id=employer_id).count()),
                    "volunteers at your organisation",
                    reverse("organisations:employer_detail", args=[employer_id]),
                    10,
                )
            )
    if Role.CAREERS_LEADER in roles:
        steps.append(
            NextStep(
                "Invite your colleagues",
                reverse("team"),
                "Teachers can record encounters and run programmes with their classes.",
                60,
            )
        )
    return steps, figures


def register() -> None:
    register_nav(
        "Home",
        "home",
        ALL_ROLES,
        0,
    )
    register_nav("Schools", "organisations:school_list", {ADMIN, Role.FACILITATOR}, 20)
    register_nav(
        "Employers",
        "organisations:employer_list",
        {ADMIN, Role.FACILITATOR, Role.EMPLOYER_COORDINATOR},
        30,
    )
    register_nav("My profile", "organisations:my_volunteer_profile", {Role.VOLUNTEER}, 30)
    register_nav(
        "Safeguarding checks",
        "organisations:safeguarding_checks",
        {Role.FACILITATOR, Role.EMPLOYER_COORDINATOR},
        35,
    )
    register_nav(
        "Team", "team", {Role.CAREERS_LEADER, Role.EMPLOYER_COORDINATOR, Role.FACILITATOR}, 90
    )
    register_nav("Administration", "admin:index", {ADMIN}, 99)
    register_home(_home)
