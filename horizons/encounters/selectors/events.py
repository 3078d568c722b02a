"""Reads for events: who sees which, what a school may book, a volunteer's sessions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.encounters import clashes
from horizons.encounters.clashes import Commitment
from horizons.encounters.models import (
    Booking,
    BookingClass,
    Campaign,
    Event,
    EventEmployer,
    EventVolunteer,
)
from horizons.encounters.selectors.offers import jobs_for
from horizons.organisations.models import Hub, School, Volunteer
from horizons.organisations.phases import receiving_schools_around


def events_visible_to(user: AnyUser) -> QuerySet[Event]:
    """Facilitators see their hub's events; school staff their hub's published events (to book);
    employer coordinators their employer's; volunteers the sessions they are part of."""
    events = Event.objects.select_related("campaign", "host_school", "hub")
    if permissions.is_platform_admin(user):
        return events.all()
    published = Q(campaign__isnull=True) | ~Q(campaign__status=Campaign.Status.DRAFT)
    involved_employer = EventEmployer.objects.filter(
        event=OuterRef("pk"), employer_id__in=permissions.coordinated_employer_ids(user)
    )
    involved_volunteer = EventVolunteer.objects.filter(
        event=OuterRef("pk"),
        volunteer__user_id=user.pk,  # type: ignore[misc]  # views sign in first
    )
    return events.filter(
        Q(hub_id__in=permissions.facilitated_hub_ids(user))
        | (Q(hub_id__in=permissions.staff_hub_ids(user)) & published)
        | Exists(involved_employer)
        | Exists(involved_volunteer)
    )


def event_for(user: AnyUser, pk: int) -> Event:
    return permissions.get_or_404(events_visible_to(user), pk=pk)


def event_for_managing(user: AnyUser, pk: int) -> Event:
    event = permissions.get_or_404(
        Event.objects.select_related("campaign", "host_school", "hub"), pk=pk
    )
    if not permissions.can_manage_hub(user, event.hub_id):
        raise Http404("Not found")
    return event


def event_detail(event: Event) -> dict[str, Any]:
    """Everything an event page shows, in a fixed number of queries."""
    employers = list(
        event.event_employers.select_related("employer", "offer").order_by("employer__name")
    )
    volunteers = list(event.volunteers.select_related("employer").order_by("first_name"))
    offers = [ee.offer for ee in employers if ee.offer]
    slugs = [s for o in offers for s in o.job_profile_slugs] + [
        v.job_profile_slug for v in volunteers
    ]
    bookings = list(
        event.bookings.select_related("school", "booked_by")
        .prefetch_related("classes")
        .order_by("status", "created_at")
    )
    return {
        "event_employers": employers,
        "volunteers": volunteers,
        "jobs": jobs_for(slugs),
        "bookings": bookings,
        "confirmed": [b for b in bookings if b.status == Booking.Status.CONFIRMED],
        "waiting": [b for b in bookings if b.status == Booking.Status.WAITING],
        "timetable": list(event.timetable.select_related("employer")),
        "quotes": list(event.quotes.filter(consent=True).order_by("created_at")[:6]),
    }


def bookable_events(*, school: School, today: date) -> QuerySet[Event]:
    """Events this school could book now: in its hub, to come, not cancelled, campaign open."""
    return (
        Event.objects.filter(
            hub_id=school.hub_id or 0, date__gte=today, status=Event.Status.SCHEDULED
        )
        .filter(
            Q(campaign__isnull=True)
            | Q(
                campaign__status__in=[Campaign.Status.OPEN, Campaign.Status.MATCHING],
                campaign__ends_on__gte=today,
            )
        )
        .select_related("campaign", "host_school")
        .prefetch_related("employers")
        .order_by("date", "starts_at")
    )


def volunteer_sessions(volunteer: Volunteer) -> QuerySet[Event]:
    return (
        Event.objects.filter(event_volunteers__volunteer=volunteer)
        .select_related("host_school", "campaign")
        .prefetch_related("employers")
        .annotate(
            schools_booked=Count(
                "bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED), distinct=True
            )
        )
        .order_by("date", "starts_at")
    )


def commitments_on(
    day: date, *, volunteer_ids: Iterable[int] = (), school_ids: Iterable[int] = ()
) -> list[Commitment]:
    """Where these volunteers, and these schools' classes, already are on `day`: scheduled
    events they are at, and live bookings (confirmed or waiting) of the schools' classes."""
    out: list[Commitment] = []
    fields_ = ("event_id", "event__title", "event__date", "event__starts_at", "event__ends_at")
    volunteer_ids, school_ids = list(volunteer_ids), list(school_ids)

    def at(who: str, key: str, row: dict[str, Any]) -> Commitment:
        return Commitment(
            who,
            key,
            row["event_id"],
            row["event__title"],
            row["event__date"],
            row["event__starts_at"],
            row["event__ends_at"],
        )

    if volunteer_ids:
        rows = EventVolunteer.objects.filter(
            volunteer_id__in=volunteer_ids,
            event__date=day,
            event__status=Event.Status.SCHEDULED,
        ).values("volunteer_id", "volunteer__first_name", "volunteer__last_name", *fields_)
        out.extend(
            at(
                f"{r['volunteer__first_name']} {r['volunteer__last_name'][:1]}.".strip(),
                clashes.volunteer_key(r["volunteer_id"]),
                r,
            )
            for r in rows
        )
    if school_ids:
        rows = BookingClass.objects.filter(
            booking__school_id__in=school_ids,
            booking__status__in=Booking.LIVE,
            booking__event__date=day,
            booking__event__status=Event.Status.SCHEDULED,
        ).values(
            "name",
            "booking__school_id",
            "booking__school__name",
            *(f"booking__{f}" for f in fields_),
        )
        for r in rows:
            row = {k.removeprefix("booking__"): v for k, v in r.items()}
            out.append(
                at(
                    f"{row['name']} ({row['school__name']})",
                    clashes.class_key(row["school_id"], row["name"]),
                    row,
                )
            )
    return out


def secondaries_for_hub(hub: Hub) -> QuerySet[School]:
    """Secondary schools a hub's event can be held with (a joint primary–secondary event)."""
    return receiving_schools_around(hub.pk)


def joint_events_for(secondary: School) -> QuerySet[Event]:
    """Scheduled events held with this secondary school, newest first."""
    return (
        Event.objects.filter(with_secondary=secondary, status=Event.Status.SCHEDULED)
        .select_related("host_school", "hub")
        .order_by("-date", "starts_at")
    )
