"""Bookings: book a class onto an event, cancel (promoting the waiting list), record no-shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from horizons.encounters import capacity as capacity_rules
from horizons.encounters import scheduling, tasks
from horizons.encounters.models import (
    Booking,
    BookingClass,
    Event,
    Offer,
    SchoolRequest,
)
from horizons.encounters.services.common import (
    ClassLike,
    EncounterError,
    EventFull,
    _check_classes,
    _promote_waiting,
    _today,
    refuse_clash,
)
from horizons.encounters.services.events import _check_availability, volunteers_without_check
from horizons.organisations.models import School, Volunteer


def _describe_places(n: int, unit: str) -> str:
    noun = "pupil" if unit == Event.Unit.PUPILS else "class"
    plural = noun + ("es" if noun == "class" else "s")
    return f"{n} {noun if n == 1 else plural}"


@transaction.atomic
def booking_create(
    *,
    event: Event,
    school: School,
    classes: Sequence[ClassLike],
    by: Any,
    join_waiting_list: bool = False,
    request: SchoolRequest | None = None,
    today: date | None = None,
    supervised_by_staff: bool = False,
) -> Booking:
    """Book `classes` of `school` on `event`, or put them on its waiting list.

    If a volunteer at the event has no verified safeguarding check covering its day, only a
    special (one-off) event can be booked, and only with `supervised_by_staff`: the school's
    promise that its staff stay with the visitors at all times.

    `classes` are anything with name, year_group and pupils (ClassSpec, RequestClass, a form's
    cleaned rows). Raises EventFull when the places are not there (with `waiting_list` telling
    whether the caller may retry with join_waiting_list=True) and EncounterError for any other
    broken rule. Emails the school and the volunteers after the transaction commits.
    """
    day = _today(today)
    specs = _check_classes(classes)
    # The lock makes concurrent bookings of this event queue here, so the check below is true
    # when we write (PostgreSQL); SQLite serialises writers anyway.
    locked = (
        Event.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=event.pk)
    )
    if locked.is_cancelled:
        raise EncounterError("This event has been cancelled.")
    if locked.date < day:
        raise EncounterError("This event has already happened.")
    if locked.campaign is not None and not locked.campaign.accepts_bookings(day):
        raise EncounterError(
            f"Bookings for {locked.campaign} have closed; ask your hub facilitator about a place."
        )
    if school.hub_id != locked.hub_id:
        raise EncounterError(f"{school} is not in the hub running this event.")
    if request is not None and (
        request.school_id != school.pk or request.campaign_id != locked.campaign_id
    ):
        raise EncounterError("That request belongs to another school or campaign.")
    wrong_year = [c for c in specs if c.year_group not in locked.year_groups]
    if wrong_year:
        raise EncounterError(
            f"{locked.title} is for {scheduling.describe_year_groups(locked.year_groups)}; "
            f"{wrong_year[0].name} (Year {wrong_year[0].year_group}) cannot book it."
        )
    event_volunteers = list(Volunteer.objects.filter(encounter_events=locked))
    _check_availability(
        locked.date,
        locked.starts_at,
        event_volunteers,
        Offer.objects.filter(eventemployer__event=locked),
    )
    unchecked = volunteers_without_check(locked.date, event_volunteers)
    if unchecked and locked.kind != Event.Kind.SPECIAL:
        raise EncounterError(
            f"{unchecked[0]}'s safeguarding check does not cover {locked.date:%-d %B %Y}; "
            "the hub needs to record a new check or change the volunteer before schools book."
        )
    if unchecked and not supervised_by_staff:
        names = ", ".join(v.display_name for v in unchecked)
        raise EncounterError(
            f"{names} will come without a verified safeguarding check. Book only if your staff "
            "will stay with them at all times, and tick the box to say so."
        )
    if Booking.objects.filter(event=locked, school=school, status__in=Booking.LIVE).exists():
        raise EncounterError(
            f"{school} already has a booking for this event; cancel it to book different classes."
        )
    refuse_clash(
        day=locked.date,
        starts_at=locked.starts_at,
        ends_at=locked.ends_at,
        classes=[(school.pk, c.name) for c in specs],
        event_id=locked.pk,
    )
    places = capacity_rules.places_needed([c.pupils for c in specs], locked.capacity_unit)
    if places > locked.capacity:
        raise EncounterError(
            f"This event takes at most {_describe_places(locked.capacity, locked.capacity_unit)}; "
            f"you asked for {_describe_places(places, locked.capacity_unit)}."
        )
    now = timezone.now()
    # Conditional increment: succeeds only while the places are still free.
    taken = Event.objects.filter(pk=locked.pk, places_booked__lte=F("capacity") - places).update(
        places_booked=F("places_booked") + places
    )
    if taken:
        status = Booking.Status.CONFIRMED
    elif join_waiting_list and locked.waiting_list_open:
        status = Booking.Status.WAITING
    else:
        locked.refresh_from_db(fields=["places_booked"])
        left = locked.places_left
        message = (
            "This event is full — join the waiting list and we will email you if a place frees up."
            if left == 0
            else f"Only {_describe_places(left, locked.capacity_unit)} left — book fewer classes "
            "or join the waiting list."
        )
        if not locked.waiting_list_open:
            message = message.split(" — ")[0] + "."
        raise EventFull(message, places_left=left, waiting_list=locked.waiting_list_open)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                event=locked,
                school=school,
                request=request,
                status=status,
                places=places,
                pupils=sum(c.pupils for c in specs),
                booked_by=by,
                confirmed_at=now if status == Booking.Status.CONFIRMED else None,
                supervised_by_staff=bool(unchecked),
            )
    except IntegrityError as exc:  # a simultaneous booking by the same school
        raise EncounterError(f"{school} already has a booking for this event.") from exc
    BookingClass.objects.bulk_create(
        BookingClass(booking=booking, name=c.name, year_group=c.year_group, pupils=c.pupils)
        for c in specs
    )
    tasks.after_commit_booking(booking.pk, status)
    return booking


@transaction.atomic
def booking_cancel(
    *, booking: Booking, by: Any, reason: str = "", today: date | None = None
) -> list[int]:
    """Cancel a booking (or leave the waiting list); returns the ids of bookings promoted."""
    event = Event.objects.select_for_update().get(pk=booking.event_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not booking.is_live:
        raise EncounterError("This booking is already cancelled.")
    if event.date < _today(today):
        raise EncounterError(
            "This event has happened; record that the class did not attend instead."
        )
    was_confirmed = booking.status == Booking.Status.CONFIRMED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = by
    booking.cancel_reason = reason[:300]
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    promoted: list[int] = []
    if was_confirmed:
        Event.objects.filter(pk=event.pk).update(places_booked=F("places_booked") - booking.places)
        promoted = _promote_waiting(event)
    tasks.after_commit_booking(booking.pk, "cancelled")
    for booking_id in promoted:
        tasks.after_commit_booking(booking_id, "promoted")
    return promoted


@transaction.atomic
def booking_mark_no_show(*, booking: Booking, by: Any, today: date | None = None) -> Booking:
    """Record that a booked school did not come. Its places stay counted: they were held."""
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("event").get(pk=booking.pk)
    )
    if booking.status != Booking.Status.CONFIRMED:
        raise EncounterError("Only a confirmed booking can be marked as not attended.")
    if booking.event.date > _today(today):
        raise EncounterError("The event has not happened yet; cancel the booking instead.")
    if booking.attendance_recorded_at:
        raise EncounterError("Attendance has been recorded for this booking.")
    booking.status = Booking.Status.NO_SHOW
    booking.save(update_fields=["status"])
    return booking
