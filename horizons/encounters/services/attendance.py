"""After the event: attendance, children's quotes, volunteers' feedback.

(The day-before reminders are sent by `notifications.reminders_send`.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from horizons.encounters.models import (
    Attendance,
    Booking,
    ChildQuote,
    Event,
    TeacherFeedback,
    VolunteerFeedback,
)
from horizons.encounters.services.common import EncounterError, _today
from horizons.organisations.models import Volunteer


@dataclass(frozen=True)
class QuoteSpec:
    text: str
    year_group: int | None = None
    consent: bool = False


@transaction.atomic
def attendance_record(
    *,
    booking: Booking,
    by: Any,
    attended: dict[int, int],
    rating: int | None = None,
    comments: str = "",
    quotes: Sequence[QuoteSpec] = (),
    today: date | None = None,
) -> Booking:
    """Record pupils who took part, per booked class ({booking_class_id: pupils}), with the
    teacher's rating, comments and children's quotes. Recording again replaces the figures."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("event", "school")
        .get(pk=booking.pk)
    )
    event = booking.event
    if booking.status != Booking.Status.CONFIRMED:
        raise EncounterError("Attendance can only be recorded for a confirmed booking.")
    if event.date > _today(today):
        raise EncounterError(
            f"{event.title} is on {event.date.day} {event.date:%B %Y}, which has not come yet. "
            "Record attendance on or after the day of the event."
        )
    classes = list(booking.classes.all())
    if set(attended) != {c.pk for c in classes}:
        raise EncounterError("Give the number of pupils who took part for every class.")
    for c in classes:
        n = attended[c.pk]
        if n < 0:
            raise EncounterError(f"{c.name}: the number of pupils cannot be negative.")
        if n > c.pupils:
            raise EncounterError(
                f"{c.name}: {n} pupils is more than the {c.pupils} booked; "
                "enter at most the number booked."
            )
    if rating is not None and not 1 <= rating <= 5:
        raise EncounterError("Choose a rating from 1 to 5.")
    for c in classes:
        Attendance.objects.update_or_create(
            booking_class=c,
            defaults={
                "booking": booking,
                "event": event,
                "school_id": booking.school_id,
                "hub_id": event.hub_id,
                "campaign_id": event.campaign_id,
                "host_school_id": None if event.is_online else event.host_school_id,
                "date": event.date,
                "online": event.is_online,
                "year_group": c.year_group,
                "class_name": c.name,
                "booked_pupils": c.pupils,
                "pupils": attended[c.pk],
                "high_fsm": booking.school.fsm_band == "high",
                "recorded_by": by,
            },
        )
    booking.attendance_recorded_at = timezone.now()
    booking.save(update_fields=["attendance_recorded_at"])
    total = Attendance.objects.filter(event=event).aggregate(n=Sum("pupils"))["n"] or 0
    Event.objects.filter(pk=event.pk).update(pupils_attended=total)
    if rating is not None:
        TeacherFeedback.objects.update_or_create(
            booking=booking,
            defaults={"rating": rating, "comments": comments.strip(), "created_by": by},
        )
    ChildQuote.objects.bulk_create(
        ChildQuote(
            booking=booking,
            event=event,
            text=q.text.strip()[:300],
            year_group=q.year_group,
            consent=q.consent,
            created_by=by,
        )
        for q in quotes
        if q.text.strip()
    )
    return booking


@transaction.atomic
def volunteer_feedback_save(
    *,
    event: Event,
    volunteer: Volunteer,
    rating: int,
    went_well: str = "",
    improve: str = "",
    today: date | None = None,
) -> VolunteerFeedback:
    if not event.event_volunteers.filter(volunteer=volunteer).exists():
        raise EncounterError("Only volunteers who took part can leave feedback.")
    if event.date > _today(today):
        raise EncounterError("Leave feedback after the event.")
    if not 1 <= rating <= 5:
        raise EncounterError("Choose a rating from 1 to 5.")
    feedback, _ = VolunteerFeedback.objects.update_or_create(
        event=event,
        volunteer=volunteer,
        defaults={"rating": rating, "went_well": went_well.strip(), "improve": improve.strip()},
    )
    return feedback
