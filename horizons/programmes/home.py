"""What programmes add to the navigation and to people's home pages."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, AnyUser
from horizons.core.navigation import Figure, NextStep, register_home, register_nav
from horizons.programmes import selectors
from horizons.programmes.models import Cohort, Consent


def _school_steps(user: AnyUser) -> tuple[list[NextStep], list[Figure]]:
    steps: list[NextStep] = []
    figures: list[Figure] = []
    active = selectors.cohorts_for_staff(user).exclude(status=Cohort.Status.FINISHED)
    rows = list(
        active.annotate(
            children=Count("pupils", filter=Q(pupils__consent__applied_at__isnull=False)),
            waiting=Count(
                "pupils",
                filter=Q(
                    pupils__consent__applied_at__isnull=False,
                    pupils__consent__parent_consent=Consent.Parent.PENDING,
                ),
            ),
            class_list=Count("pupils"),
        ).order_by("name")[:10]
    )
    for cohort in rows:
        if cohort.class_list == 0:
            steps.append(
                NextStep(
                    f"Add the class list for {cohort.name}",
                    reverse("programmes:cohort_import", args=[cohort.pk]),
                    "Import it from SIMS, Arbor or Bromcom.",
                    20,
                )
            )
        elif cohort.waiting:
            noun = "child still needs" if cohort.waiting == 1 else "children still need"
            steps.append(
                NextStep(
                    f"{cohort.waiting} {noun} a parent's consent",
                    reverse("programmes:cohort_consent", args=[cohort.pk]),
                    f"{cohort.name}: record paper slips or send the parents' letters.",
                    21,
                )
            )
    if rows:
        taking_part = sum(c.children for c in rows)
        figures.append(
            Figure(
                f"{taking_part:,}",
                "children in programmes now",
                reverse("programmes:programme_home"),
                30,
            )
        )
    elif Role.CAREERS_LEADER in permissions.roles_of(user):
        steps.append(
            NextStep(
                "Run an Aspirations programme",
                reverse("programmes:programme_home"),
                "Six sessions with local professionals, and a report on what changed.",
                70,
            )
        )
    return steps, figures


def _hub_figures(user: AnyUser) -> list[Figure]:
    counts = selectors.cohorts_for_impact(user).aggregate(
        finished=Count("pk", filter=Q(status=Cohort.Status.FINISHED), distinct=True),
        running=Count("pk", filter=Q(status=Cohort.Status.RUNNING), distinct=True),
    )
    url = reverse("programmes:impact_overview")
    return [
        Figure(
            str(counts["running"] or 0),
            "programme groups running",
            reverse("programmes:programme_home"),
            40,
        ),
        Figure(
            str(counts["finished"] or 0), "programme groups finished: see their impact", url, 41
        ),
    ]


def _visit_steps(user: AnyUser) -> list[NextStep]:
    upcoming = (
        selectors.sessions_for_visitor(user)
        .filter(date__gte=timezone.localdate())
        .order_by("date")
        .first()
    )
    if upcoming is None or upcoming.date is None:
        return []
    return [
        NextStep(
            f"Your next programme visit: {upcoming.date:%-d %B %Y}",
            reverse("programmes:programme_visits"),
            f"{upcoming.title} with {upcoming.cohort.name} at {upcoming.cohort.school.name}.",
            15,
        )
    ]


def _home(user: AnyUser, roles: set[str]) -> tuple[list[NextStep], list[Figure]]:
    steps: list[NextStep] = []
    figures: list[Figure] = []
    if roles & {Role.CAREERS_LEADER, Role.TEACHER}:
        steps.append(
            NextStep(
                "My class",
                reverse("programmes:my_class"),
                "Your pupils, their consent and what each has done; sessions and encounters "
                "coming up.",
                10 if Role.TEACHER in roles else 60,
            )
        )
        more_steps, more_figures = _school_steps(user)
        steps += more_steps
        figures += more_figures
    if Role.FACILITATOR in roles:
        figures += _hub_figures(user)
    if roles & {Role.VOLUNTEER, Role.EMPLOYER_COORDINATOR}:
        steps += _visit_steps(user)
    return steps, figures


def register() -> None:
    register_nav(
        "Programmes", "programmes:programme_home", {ADMIN, Role.CAREERS_LEADER, Role.TEACHER}, 40
    )
    register_nav("My class", "programmes:my_class", {Role.TEACHER}, 39)
    register_nav("Impact", "programmes:impact_overview", {ADMIN, Role.FACILITATOR}, 45)
    register_nav(
        "Programme visits",
        "programmes:programme_visits",
        {Role.VOLUNTEER, Role.EMPLOYER_COORDINATOR},
        45,
    )
    register_home(_home)
