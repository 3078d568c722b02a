"""Reads for bookings and the classes on them."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.encounters.models import (
    Booking,
    BookingClass,
)
from horizons.organisations.models import School


def booking_for_school_staff(user: AnyUser, pk: int) -> Booking:
    """A booking of a school where the user is careers leader or teacher (or an admin)."""
    bookings = Booking.objects.select_related("event__campaign", "event__host_school", "school")
    return permissions.get_or_404(
        bookings.filter(school__in=permissions.schools_editable_by(user)), pk=pk
    )


def booking_for_cancelling(user: AnyUser, pk: int) -> Booking:
    """The booking school's staff, or the facilitator running the event."""
    bookings = Booking.objects.select_related("event__campaign", "school")
    return permissions.get_or_404(
        bookings.filter(
            Q(school__in=permissions.schools_editable_by(user))
            | Q(event__hub_id__in=permissions.facilitated_hub_ids(user))
        ),
        pk=pk,
    )


def school_bookings(*, school: School) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(school=school)
        .select_related("event__campaign", "event__host_school")
        .prefetch_related("classes", "event__employers")
        .order_by("event__date", "event__starts_at")
    )


def encounter_school_for(user: AnyUser, urn: int | None) -> School:
    """The school whose encounters a member of staff is looking at (their first by default).

    `urn` comes from `?school=`, read with `horizons.core.querystring.id_from_query`."""
    schools = permissions.schools_editable_by(user).select_related("hub").order_by("name")
    if urn is not None:
        return permissions.get_or_404(schools, urn=urn)
    school = schools.first()
    if school is None:
        raise Http404("Not found")
    return school


def booked_classes(booking: Booking) -> list[BookingClass]:
    return list(booking.classes.select_related("attendance"))
