"""Emails about encounters, each with an .ics invitation, sent by background tasks.

The `send_*` functions ask horizons/messaging for one message per person (nobody sees anyone
else's address), each recorded with what it is about and whose it is (school and hub), so its
delivery shows on the Messages page; templates are in `message_templates.py`. They are what
the tasks (and tests) call; `reminders_send` sends the day-before reminders. Services queue the sending through `tasks.after_commit_*`, so
the task is only queued once the booking is really saved and a rolled-back booking never emails
anyone. This module imports neither the tasks nor the services.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from horizons.accounts.models import Membership, Role
from horizons.encounters import arrival
from horizons.encounters.ics import CalendarEntry, build_calendar
from horizons.encounters.models import Booking, Campaign, Event
from horizons.messaging import services as messaging
from horizons.organisations.models import Hub, School

ICS_TYPE = "text/calendar; charset=utf-8"
logger = logging.getLogger("horizons.encounters")


def _site_url(path: str) -> str:
    return getattr(settings, "HORIZONS_SITE_URL", "").rstrip("/") + path


# --- Who hears -----------------------------------------------------------------------------


def school_contacts(school_ids: Sequence[int]) -> dict[int, list[str]]:
    """Careers leaders of each school: they run encounters there."""
    found: dict[int, list[str]] = {sid: [] for sid in school_ids}
    for school_id, email in Membership.objects.filter(
        school_id__in=school_ids, role=Role.CAREERS_LEADER
    ).values_list("school_id", "user__email"):
        found[school_id].append(email)
    return found


def volunteer_emails(event: Event) -> list[str]:
    return sorted(
        {
            v.user.email
            for v in event.volunteers.select_related("user")
            if v.user_id and v.user and v.user.email
        }
    )


def calendar_entry(event: Event) -> CalendarEntry:
    lines = [event.description] if event.description else []
    employers = ", ".join(e.name for e in event.employers.all())
    if employers:
        lines.append(f"With: {employers}")
    if event.is_online and event.joining_guide:
        lines.append(f"How to join: {event.joining_guide}")
    lines += arrival_lines(event)
    place = ", ".join(p for p in (event.venue, event.full_address) if p)
    return CalendarEntry(
        uid=f"horizons-event-{event.pk}@horizons",
        sequence=event.sequence,
        title=event.title,
        day=event.date,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=event.join_url if event.is_online else place,
        description="\n".join(lines),
        url=_site_url(reverse("encounters:event_detail", args=[event.pk])),
    )


def arrival_lines(event: Event) -> list[str]:
    """Where, when to arrive, what to bring, who to ask for, and the safeguarding briefing."""
    return arrival.calendar_lines(
        online=event.is_online,
        venue=event.venue,
        address=event.full_address,
        starts_at=event.starts_at,
        given_arrival=event.arrive_by,
        instructions=event.arrival_instructions,
        contact=arrival.contact_line(event.contact_name, event.contact_role, event.contact_phone),
        safeguarding_lead=event.safeguarding_lead,
    )


def describe(event: Event) -> list[str]:
    when = f"{event.date:%A %-d %B %Y}, {event.starts_at:%H:%M} to {event.ends_at:%H:%M}"
    lines = [f"Event: {event.title}", f"When: {when}"]
    if event.is_online:
        lines.append("Where: Online")
        lines.append(f"Joining link: {event.join_url}")
        if event.joining_guide:
            lines.append(f"How to join: {event.joining_guide}")
    lines += arrival_lines(event)
    lines.append(f"Details: {_site_url(reverse('encounters:event_detail', args=[event.pk]))}")
    return lines


def _short(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def _send(
    template: str,
    fields: dict[str, str],
    to: Sequence[tuple[str, School | None]],
    event: Event,
    *,
    cancelled: bool,
    about: models.Model,
    key: str,
) -> int:
    """One message per person in `to` ((email, their school or None)), each with the event's
    .ics. `key` makes each person's message once-only (a task run twice sends nothing new)."""
    recipients: dict[str, School | None] = {}
    for email, school in to:
        if email and (email not in recipients or recipients[email] is None):
            recipients[email] = school
    if not recipients:
        return 0
    ics = build_calendar(calendar_entry(event), cancelled=cancelled).decode("utf-8")
    hub: Hub = event.hub
    sent = 0
    for email in sorted(recipients):
        try:
            messaging.send(
                template=template,
                to=email,
                personalisation={
                    "event": event.title,
                    "details": "\n".join(describe(event)),
                    **fields,
                },
                about=about,
                school=recipients[email],
                hub=hub,
                idempotency_key=f"{key}:{_short(email)}",
                attachments=[{"filename": "event.ics", "content": ics, "mimetype": ICS_TYPE}],
            )
        except messaging.MessagingError as error:
            # One unusable address must not stop everyone else hearing.
            logger.warning("not emailing %s about event %s: %s", email, event.pk, error)
            continue
        sent += 1
    return sent


# --- Sending -------------------------------------------------------------------------------


def send_booking_emails(booking_id: int, kind: str) -> int:
    """`kind`: confirmed, promoted, waiting or cancelled (the template booking_<kind>)."""
    booking = (
        Booking.objects.select_related("event__host_school", "event__hub", "school", "booked_by")
        .prefetch_related("classes")
        .get(pk=booking_id)
    )
    event = booking.event
    classes = ", ".join(f"{c.name} ({c.pupils} pupils)" for c in booking.classes.all())
    to: list[tuple[str, School | None]] = [
        (email, booking.school) for email in school_contacts([booking.school_id])[booking.school_id]
    ]
    if booking.booked_by_id and booking.booked_by:
        to.append((booking.booked_by.email, booking.school))
    fields = {"school": booking.school.name, "classes": classes}
    # A booking changes state at most once into each kind (waiting, then promoted, then
    # cancelled): each is its own message; the same one queued twice is sent once.
    key = f"booking:{booking.pk}:{kind}"
    sent = _send(
        f"booking_{kind}",
        fields,
        to,
        event,
        cancelled=(kind == "cancelled"),
        about=booking,
        key=key,
    )
    if kind in ("confirmed", "promoted", "cancelled"):
        change = "is coming to" if kind != "cancelled" else "can no longer come to"
        # Volunteers keep the event in their calendar either way: never a CANCEL for them here.
        sent += _send(
            "booking_schools_update",
            {**fields, "change": change},
            [(email, None) for email in volunteer_emails(event)],
            event,
            cancelled=False,
            about=booking,
            key=f"{key}:volunteer",
        )
    return sent


_EVENT_TEMPLATES = {
    "changed": "event_changed",
    "cancelled": "event_cancelled",
    "reminder": "event_reminder",
}


def send_event_emails(event_id: int, kind: str, booking_ids: Sequence[int] | None = None) -> int:
    """`changed` or `cancelled` to every booked school and the volunteers; `reminder` to the
    schools (volunteers have their own reminders)."""
    event = Event.objects.select_related("host_school", "hub").get(pk=event_id)
    if booking_ids is None:
        booking_ids = list(
            event.bookings.filter(status=Booking.Status.CONFIRMED).values_list("pk", flat=True)
        )
    bookings = Booking.objects.filter(pk__in=booking_ids).select_related("booked_by", "school")
    schools = {b.school_id: b.school for b in bookings}
    contacts = school_contacts(sorted(schools))
    to: list[tuple[str, School | None]] = [
        (email, schools[sid]) for sid in sorted(schools) for email in contacts[sid]
    ]
    to += [(b.booked_by.email, b.school) for b in bookings if b.booked_by_id and b.booked_by]
    if kind != "reminder":
        # Volunteers get their own reminders 48 and 24 hours before (volunteer_messages), with
        # the one-tap "I can't make it"; a second, day-before email would only repeat them.
        to += [(email, None) for email in volunteer_emails(event)]
    # Each change of an event is a new calendar sequence: a new message; a task run twice for
    # the same change sends nothing new. Reminders are once per event day.
    version = {"changed": event.sequence, "cancelled": "", "reminder": event.date.isoformat()}[kind]
    return _send(
        _EVENT_TEMPLATES[kind],
        {"day": f"{event.date:%A %-d %B}"},
        to,
        event,
        cancelled=(kind == "cancelled"),
        about=event,
        key=f"event:{event.pk}:{kind}:{version}",
    )


def send_invitation_emails(campaign_id: int, items: Sequence[Sequence[Any]]) -> int:
    campaign = Campaign.objects.select_related("hub").get(pk=campaign_id)
    school_ids = [int(i) for kind, i in items if kind == "school"]
    employer_ids = [int(i) for kind, i in items if kind == "employer"]
    schools = School.objects.in_bulk(school_ids)
    recipients: dict[str, School | None] = {}
    for school_id, emails in school_contacts(school_ids).items():
        for email in emails:
            recipients.setdefault(email, schools.get(school_id))
    for email in Membership.objects.filter(
        employer_id__in=employer_ids, role=Role.EMPLOYER_COORDINATOR
    ).values_list("user__email", flat=True):
        recipients.setdefault(email, None)
    fields = {
        "hub": str(campaign.hub),
        "campaign": campaign.name,
        "dates": f"{campaign.starts_on:%-d %B} to {campaign.ends_on:%-d %B %Y}",
        "description": campaign.description,
        "link": _site_url(reverse("encounters:campaign_detail", args=[campaign.pk])),
    }
    # One message per recipient: people should not see each other's addresses.
    sent = 0
    for email in sorted(e for e in recipients if e):
        try:
            messaging.send(
                template="campaign_invitation",
                to=email,
                personalisation=fields,
                about=campaign,
                school=recipients[email],
                hub=campaign.hub,
                idempotency_key=f"campaign:{campaign.pk}:invitation:{_short(email)}",
            )
        except messaging.MessagingError as error:
            logger.warning("not inviting %s to campaign %s: %s", email, campaign.pk, error)
            continue
        sent += 1
    return sent


# --- Reminders ------------------------------------------------------------------------------


def reminders_send(*, day: date) -> int:
    """Email a reminder for every scheduled event on `day` not yet reminded; returns how many.

    Idempotent, also when two workers run at once: an event is claimed by setting
    `reminder_sent_at` with a conditional UPDATE before its emails go.
    """
    sent = 0
    candidates = Event.objects.filter(
        date=day, status=Event.Status.SCHEDULED, reminder_sent_at__isnull=True
    ).values_list("pk", flat=True)
    for event_id in list(candidates):
        claimed = Event.objects.filter(pk=event_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if claimed:
            send_event_emails(event_id, "reminder")
            sent += 1
    return sent
