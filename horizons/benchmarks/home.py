"""What benchmarks adds to navigation and to people's home pages."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, AnyUser
from horizons.benchmarks import selectors
from horizons.benchmarks.terms import school_year_start, term_label, term_name
from horizons.core.navigation import Figure, NextStep, register_home, register_nav
from horizons.organisations.models import School


def _leader_steps(user: AnyUser) -> tuple[list[NextStep], list[Figure]]:
    steps: list[NextStep] = []
    figures: list[Figure] = []
    today = timezone.localdate()
    this_term = term_label(today)
    for school in School.objects.filter(pk__in=permissions.led_school_ids(user)):
        draft = selectors.draft_audit(school=school)
        latest = selectors.latest_submitted_audit(school=school)
        if draft is not None:
            done = sum(1 for p in selectors.audit_progress(audit=draft) if p.complete)
            steps.append(
                NextStep(
                    f"Carry on with your {draft.term} audit",
                    reverse("benchmarks:audit_detail", args=[draft.pk]),
                    f"{done} of 8 sections complete. Your answers save as you go.",
                    10,
                )
            )
        elif latest is None or latest.term != this_term:
            steps.append(
                NextStep(
                    f"Start your {term_name(today).lower()} audit",
                    reverse("benchmarks:audit_start", args=[school.urn]),
                    "About 20 minutes. You can copy your last audit and change what has moved on."
                    if latest
                    else "About 20 minutes: eight short sections, saved as you go.",
                    10,
                )
            )
        # One selector gives both the count and the plan it is counted in, so they agree.
        progress = selectors.plan_progress(school=school, today=today)
        if progress is not None and progress.overdue:
            overdue = progress.overdue
            steps.append(
                NextStep(
                    f"{overdue} action{'s' if overdue != 1 else ''} overdue",
                    reverse("benchmarks:action_plan", args=[progress.audit.pk]),
                    "Update their status or move the date in your action plan.",
                    15,
                )
            )
    return steps, figures


MY_ACTIONS_ON_HOME = 5


def _my_action_steps(user: AnyUser, *, listed: bool) -> list[NextStep]:
    """My actions: the unfinished actions this member of staff owns, soonest due first.

    Teachers see the first few on their home page (``listed``); a careers leader, who works
    from the whole plan, gets the one link to their own.
    """
    actions = selectors.my_actions(user)
    if not actions:
        return []
    today = timezone.localdate()
    steps = []
    for action in actions[:MY_ACTIONS_ON_HOME] if listed else []:
        due = (f"Due {action.achieve_by:%-d %B %Y}" if action.achieve_by else "No date set") + (
            " (overdue)" if action.is_overdue(today) else ""
        )
        steps.append(
            NextStep(
                f"My action: {action.text[:90]}{'…' if len(action.text) > 90 else ''}",
                reverse("benchmarks:action_progress", args=[action.pk]),
                f"{due} · {action.get_status_display()} · {action.school.name}",
                16,
            )
        )
    count = len(actions)
    steps.append(
        NextStep(
            f"All my actions ({count})",
            reverse("benchmarks:my_actions"),
            "Update the actions you own in your school's action plan.",
            17,
        )
    )
    return steps


def _staff_figures(user: AnyUser) -> list[Figure]:
    figures = []
    for school in selectors.staff_schools(user):
        latest = selectors.latest_submitted_audit(school=school)
        if latest is not None:
            figures.append(
                Figure(
                    f"{latest.fully_achieved_count} of 8",
                    f"benchmarks fully achieved ({latest.term})",
                    reverse("benchmarks:audit_results", args=[latest.pk]),
                    20,
                )
            )
    return figures


def _overseer_steps(user: AnyUser) -> tuple[list[NextStep], list[Figure]]:
    schools = permissions.schools_overseen_by(user)
    year_start = selectors.start_of_day(school_year_start(timezone.localdate()))
    counts = schools.aggregate(
        total=Count("pk", distinct=True),
        this_year=Count(
            "audit_summary",
            filter=Q(audit_summary__latest_submitted_at__gte=year_start),
            distinct=True,
        ),
        stuck=Count(
            "audit_summary", filter=Q(audit_summary__change_since_previous__lte=0), distinct=True
        ),
    )
    not_audited = (counts["total"] or 0) - (counts["this_year"] or 0)
    overview = reverse("benchmarks:hub_overview")
    steps = []
    if not_audited:
        steps.append(
            NextStep(
                f"{not_audited:,} school{'s have' if not_audited != 1 else ' has'} not audited "
                "this year",
                f"{overview}?status=not_audited",
                "Offer a visit or a place at the next area meeting.",
                20,
            )
        )
    if counts["stuck"]:
        steps.append(
            NextStep(
                f"{counts['stuck']:,} school{'s' if counts['stuck'] != 1 else ''} made no gain "
                "since their previous audit",
                f"{overview}?status=stuck",
                "See where they are stuck and what might help.",
                25,
            )
        )
    follow_ups = selectors.overdue_follow_ups(user).count()
    if follow_ups:
        steps.append(
            NextStep(
                f"{follow_ups:,} visit follow-up{'s' if follow_ups != 1 else ''} overdue",
                f"{overview}#follow-ups",
                "Do them, or mark them done on the school's page.",
                22,
            )
        )
    figures = [
        Figure(f"{counts['this_year'] or 0:,}", "schools audited this school year", overview, 30)
    ]
    return steps, figures


def _home(user: AnyUser, roles: set[str]) -> tuple[list[NextStep], list[Figure]]:
    steps: list[NextStep] = []
    figures: list[Figure] = []
    if Role.CAREERS_LEADER in roles:
        more_steps, more_figures = _leader_steps(user)
        steps += more_steps
        figures += more_figures
    if roles & {Role.CAREERS_LEADER, Role.TEACHER}:
        figures += _staff_figures(user)
        steps += _my_action_steps(user, listed=Role.TEACHER in roles)
    if roles & {Role.FACILITATOR, ADMIN}:
        more_steps, more_figures = _overseer_steps(user)
        steps += more_steps
        figures += more_figures
    return steps, figures


def register() -> None:
    register_nav("Benchmarks", "benchmarks:benchmark_home", {Role.CAREERS_LEADER, Role.TEACHER}, 40)
    register_nav("Hub overview", "benchmarks:hub_overview", {Role.FACILITATOR, ADMIN}, 15)
    register_nav(
        "Resources",
        "benchmarks:resource_list",
        {Role.CAREERS_LEADER, Role.TEACHER, Role.FACILITATOR},
        45,
    )
    register_home(_home)
