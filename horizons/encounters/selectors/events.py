"""Reads for events: who sees which, what a school may book, a volunteer's sessions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.encounters.models import (
    Booking,
    Campaign,
    Event,
    EventEmployer,
    EventVolunteer,
)
from horizons.encounters.selectors.offers import jobs_for
from horizons.organisations.models import School, Volunteer


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
