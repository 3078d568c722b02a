"""What encounters adds to the navigation and to people's home pages."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role, User
from horizons.accounts.permissions import ADMIN
from horizons.core.navigation import Figure, NextStep, register_home, register_nav
from horizons.encounters.models import (
    Attendance,
    Booking,
    Campaign,
    Event,
    Offer,
    VolunteerFeedback,
)
from horizons.encounters.scheduling import academic_year_bounds, academic_year_of
from horizons.encounters.selectors.volunteers import WINDOW_DAYS, volunteers_at_risk


def _school_home(user: User) -> tuple[list[NextStep], list[Figure]]:
    school = permissions.schools_editable_by(user).order_by("name").first()
    if school is None:
        return [], []
    today = timezone.localdate()
    base = reverse("encounters:encounters_school") + f"?school={school.urn}"
    steps: list[NextStep] = []
    for campaign in Campaign.objects.filter(
        hub_id=school.hub_id or 0, status=Campaign.Status.OPEN, ends_on__gte=today
    ).exclude(requests__school=school)[:2]:
        if campaign.accepts_requests(today):
            steps.append(
                NextStep(
                    f"Ask for places in {campaign.name}",
                    reverse("encounters:request_edit", args=[campaign.pk])
                    + f"?school={school.urn}",
                    "Say which classes would like to meet employers, and when.",
                    10,
                )
            )
    bookings = Booking.objects.filter(school=school)
    to_record = bookings.filter(
        status=Booking.Status.CONFIRMED, event__date__lte=today, attendance_recorded_at__isnull=True
    ).count()
    if to_record:
        steps.append(
            NextStep(
                f"Record attendance for {to_record} encounter{'s' if to_record != 1 else ''}",
                base,
                "How many pupils took part, and what they thought.",
                12,
            )
        )
    upcoming = bookings.filter(status=Booking.Status.CONFIRMED, event__date__gte=today).count()
    first, last = academic_year_bounds(academic_year_of(today))
    reached = Attendance.objects.filter(school=school, date__range=(first, last)).aggregate(
        n=Sum("pupils")
    )["n"]
    return steps, [
        Figure(str(upcoming), "encounters booked", base, 20),
        Figure(f"{reached or 0:,}", "pupil places at encounters this year", base, 21),
    ]


def _facilitator_home(user: User) -> tuple[list[NextStep], list[Figure]]:
    hub_ids = permissions.facilitated_hub_ids(user)
    if not hub_ids:
        return [], []
    today = timezone.localdate()
    steps: list[NextStep] = []
    figures: list[Figure] = []
    for campaign in Campaign.objects.filter(
        hub_id__in=hub_ids,
        status__in=[Campaign.Status.OPEN, Campaign.Status.MATCHING],
        ends_on__gte=today,
    ).order_by("starts_on")[:2]:
        url = reverse("encounters:campaign_requests", args=[campaign.pk])
        figures.append(
            Figure(str(campaign.requests.count()), f"school requests for {campaign.name}", url, 30)
        )
        steps.append(
            NextStep(
                f"Plan the events for {campaign.name}",
                reverse("encounters:campaign_detail", args=[campaign.pk]),
                "Turn school requests and employer offers into events.",
                20,
            )
        )
    at_risk = volunteers_at_risk(hub_ids=hub_ids, today=today)
    if at_risk:
        steps.append(
            NextStep(
                f"{len(at_risk)} volunteer{'s' if len(at_risk) != 1 else ''} at risk "
                f"in the next {WINDOW_DAYS} days",
                reverse("encounters:volunteers_at_risk"),
                "Not confirmed, dropped out, no safeguarding check or a message not delivered.",
                12,
            )
        )
    first, last = academic_year_bounds(academic_year_of(today))
    reached = Attendance.objects.filter(hub_id__in=hub_ids, date__range=(first, last)).aggregate(
        n=Sum("pupils")
    )["n"]
    figures.append(
        Figure(
            f"{reached or 0:,}",
            "children reached by encounters this year",
            reverse("encounters:hub_reach"),
            31,
        )
    )
    return steps, figures


def _employer_home(user: User) -> tuple[list[NextStep], list[Figure]]:
    employer_ids = permissions.coordinated_employer_ids(user)
    if not employer_ids:
        return [], []
    steps: list[NextStep] = []
    if not Offer.objects.filter(employer_id__in=employer_ids).exists():
        steps.append(
            NextStep(
                "Publish an activity for schools",
                reverse("encounters:offer_create"),
                "Say what children would do, for which year groups, and when you can come.",
                10,
            )
        )
    upcoming = (
        Event.objects.filter(
            event_employers__employer_id__in=employer_ids,
            date__gte=timezone.localdate(),
            status=Event.Status.SCHEDULED,
        )
        .distinct()
        .count()
    )
    return steps, [
        Figure(str(upcoming), "encounter events coming up", reverse("encounters:offer_list"), 20)
    ]


def _volunteer_home(user: User) -> tuple[list[NextStep], list[Figure]]:
    today = timezone.localdate()
    mine = Event.objects.filter(
        event_volunteers__volunteer__user=user, status=Event.Status.SCHEDULED
    )
    steps: list[NextStep] = []
    next_event = mine.filter(date__gte=today).order_by("date", "starts_at").first()
    if next_event is not None:
        steps.append(
            NextStep(
                f"Your next session: {next_event.title}",
                reverse("encounters:event_detail", args=[next_event.pk]),
                f"{next_event.date:%A %-d %B} at {next_event.starts_at:%H:%M}.",
                8,
            )
        )
    given = VolunteerFeedback.objects.filter(volunteer__user=user).values("event_id")
    due = mine.filter(date__lt=today, pupils_attended__gt=0).exclude(pk__in=given).count()
    if due:
        steps.append(
            NextStep(
                f"Tell us how {due} session{'s' if due != 1 else ''} went",
                reverse("encounters:my_sessions"),
                "Two minutes of feedback helps schools and the hub.",
                15,
            )
        )
    return steps, [
        Figure(
            str(mine.filter(date__gte=today).count()),
            "sessions coming up",
            reverse("encounters:my_sessions"),
            20,
        )
    ]


def _home(user: User, roles: set[str]) -> tuple[list[NextStep], list[Figure]]:
    steps: list[NextStep] = []
    figures: list[Figure] = []
    parts = []
    if roles & {Role.CAREERS_LEADER, Role.TEACHER}:
        parts.append(_school_home)
    if Role.FACILITATOR in roles:
        parts.append(_facilitator_home)
    if Role.EMPLOYER_COORDINATOR in roles:
        parts.append(_employer_home)
    if Role.VOLUNTEER in roles:
        parts.append(_volunteer_home)
    for part in parts:
        more_steps, more_figures = part(user)
        steps += more_steps
        figures += more_figures
    return steps, figures


def register() -> None:
    register_nav(
        "Encounters", "encounters:encounters_school", {Role.CAREERS_LEADER, Role.TEACHER}, 40
    )
    register_nav("Offers", "encounters:offer_list", {Role.EMPLOYER_COORDINATOR}, 40)
    register_nav("Campaigns", "encounters:campaign_list", {ADMIN, Role.FACILITATOR}, 40)
    register_nav("My sessions", "encounters:my_sessions", {Role.VOLUNTEER}, 40)
    register_home(_home)
