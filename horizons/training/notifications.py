"""Emails about staff training, one per person booked, each with the session's .ics.

Called by the services inside their transaction: `messaging.send` records the message with it
and delivers only once the transaction commits, so a booking that rolls back emails no one.
Each message has an idempotency key naming its occasion, so nothing goes twice.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.urls import reverse

from horizons.encounters.ics import CalendarEntry, build_calendar
from horizons.messaging import services as messaging
from horizons.training.models import TrainingBooking, TrainingSession

ICS_TYPE = "text/calendar; charset=utf-8"
logger = logging.getLogger("horizons.training")


def _site_url(path: str) -> str:
    return settings.HORIZONS_SITE_URL.rstrip("/") + path


def describe(session: TrainingSession) -> list[str]:
    when = f"{session.date:%A %-d %B %Y}, {session.starts_at:%H:%M} to {session.ends_at:%H:%M}"
    lines = [f"Session: {session.title}", f"When: {when}"]
    if session.venue:
        lines.append(f"Where: {session.venue}")
    if session.online_link:
        lines.append(f"Online: {session.online_link}")
    lines.append(f"Run by: {session.hub.name}")
    lines.append(f"Details: {_site_url(reverse('training:catalogue'))}")
    return lines


def calendar_entry(session: TrainingSession) -> CalendarEntry:
    return CalendarEntry(
        uid=f"horizons-cpd-{session.pk}@horizons",
        sequence=session.sequence,
        title=session.title,
        day=session.date,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.venue or session.online_link,
        description="\n".join([session.description, *describe(session)[1:]]).strip(),
        url=_site_url(reverse("training:catalogue")),
    )


def _by_line(booking: TrainingBooking, verb: str) -> str:
    by = booking.booked_by
    if by is None or by.pk == booking.attendee_id:
        return ""
    return f"{by.get_full_name() or by.email} {verb} for you."


def send_booking_message(booking: TrainingBooking, kind: str, *, by_name: str = "") -> None:
    """`kind`: booked, waiting, promoted or cancelled (the template cpd_<kind>)."""
    session = booking.session
    fields = {
        "name": booking.attendee.first_name or booking.attendee.email,
        "session": session.title,
        "details": "\n".join(describe(session)),
        "booked_by": _by_line(booking, "booked this"),
        "cancelled_by": f"{by_name} cancelled it." if by_name else "",
    }
    _send(
        f"cpd_{kind}",
        booking,
        fields,
        key=f"cpd:{booking.pk}:{kind}",
        cancelled=kind == "cancelled",
    )


def send_session_changed(session: TrainingSession) -> int:
    """Tell everyone booked or waiting that the time or place changed; how many were told."""
    told = 0
    people = session.bookings.exclude(status=TrainingBooking.Status.CANCELLED).select_related(
        "attendee", "session__hub"
    )
    for booking in people:
        status = (
            "You are still booked."
            if booking.status == TrainingBooking.Status.BOOKED
            else "You are still on the waiting list."
        )
        fields = {
            "name": booking.attendee.first_name or booking.attendee.email,
            "session": session.title,
            "details": "\n".join(describe(session)),
            "status": status,
        }
        key = f"cpd-session:{session.pk}:{session.sequence}:{booking.pk}"
        told += _send("cpd_changed", booking, fields, key=key, cancelled=False)
    return told


def send_session_cancelled(session: TrainingSession, bookings: list[TrainingBooking]) -> int:
    """Tell everyone who was booked or waiting that the hub cancelled the session."""
    told = 0
    for booking in bookings:
        was_waiting = booking.status == TrainingBooking.Status.WAITING
        fields = {
            "name": booking.attendee.first_name or booking.attendee.email,
            "session": session.title,
            "hub": session.hub.name,
            "place": "place on the waiting list" if was_waiting else "place",
            "reason": f"The reason: {session.cancel_reason}" if session.cancel_reason else "",
            "details": "\n".join(describe(session)),
        }
        key = f"cpd-session:{session.pk}:cancelled:{booking.pk}"
        told += _send("cpd_session_cancelled", booking, fields, key=key, cancelled=True)
    return told


def send_reminders(*, day: date) -> int:
    """Remind everyone booked on a session on `day`; how many were reminded. Safe to run twice:
    each reminder's key names the booking and the day, so a second run sends nothing new."""
    told = 0
    booked = TrainingBooking.objects.filter(
        session__date=day, session__cancelled_at__isnull=True, status=TrainingBooking.Status.BOOKED
    ).select_related("attendee", "school", "session__hub")
    for booking in booked:
        session = booking.session
        fields = {
            "name": booking.attendee.first_name or booking.attendee.email,
            "session": session.title,
            "details": "\n".join(describe(session)),
        }
        key = f"cpd:{booking.pk}:reminder:{day.isoformat()}"
        told += _send("cpd_reminder", booking, fields, key=key, cancelled=False)
    return told


def _send(
    template: str, booking: TrainingBooking, fields: dict[str, str], *, key: str, cancelled: bool
) -> int:
    session = booking.session
    ics = build_calendar(calendar_entry(session), cancelled=cancelled).decode("utf-8")
    try:
        messaging.send(
            template=template,
            to=booking.attendee.email,
            personalisation=fields,
            about=booking,
            school=booking.school,
            hub=session.hub,
            idempotency_key=key,
            attachments=[{"filename": "training.ics", "content": ics, "mimetype": ICS_TYPE}],
        )
    except messaging.MessagingError as error:
        # An unusable address must not undo the booking: the Messages page shows who was missed.
        logger.warning("not emailing booking %s about %s: %s", booking.pk, template, error)
        return 0
    return 1
