"""Emails about encounters, each with an .ics invitation, sent by background tasks.

The `send_*` functions do the sending and are what the tasks (and tests) call; `reminders_send`
sends the day-before reminders. Services queue the sending through `tasks.after_commit_*`, so
the task is only queued once the booking is really saved and a rolled-back booking never emails
anyone. This module imports neither the tasks nor the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from horizons.accounts.models import Membership, Role
from horizons.encounters import arrival
from horizons.encounters.ics import CalendarEntry, build_calendar
from horizons.encounters.models import Booking, Campaign, Event

ICS_TYPE = "text/calendar; charset=utf-8"


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


def _describe(event: Event) -> list[str]:
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


def _send(subject: str, body: list[str], to: list[str], event: Event, *, cancelled: bool) -> int:
    recipients = sorted(set(filter(None, to)))
    if not recipients:
        return 0
    message = EmailMessage(
        subject=subject,
        body="\n".join(body) + "\n\nHorizons\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    message.attach(
        "event.ics", build_calendar(calendar_entry(event), cancelled=cancelled), ICS_TYPE
    )
    message.send()
    return 1


# --- Sending -------------------------------------------------------------------------------

_BOOKING_TEXT = {
    "confirmed": ("Booked: {title}", "Your place is booked."),
    "promoted": ("A place is yours: {title}", "A place came free and your classes now have it."),
    "waiting": (
        "Waiting list: {title}",
        "Your classes are on the waiting list. We will email you if a place comes free.",
    ),
    "cancelled": ("Cancelled booking: {title}", "Your booking has been cancelled."),
}


def send_booking_emails(booking_id: int, kind: str) -> int:
    booking = (
        Booking.objects.select_related("event__host_school", "school", "booked_by")
        .prefetch_related("classes")
        .get(pk=booking_id)
    )
    event = booking.event
    subject, opening = _BOOKING_TEXT[kind]
    classes = ", ".join(f"{c.name} ({c.pupils} pupils)" for c in booking.classes.all())
    to = school_contacts([booking.school_id])[booking.school_id]
    if booking.booked_by_id and booking.booked_by:
        to.append(booking.booked_by.email)
    body = [
        f"{opening}",
        "",
        f"School: {booking.school.name}",
        f"Classes: {classes}",
        *_describe(event),
    ]
    sent = _send(
        subject.format(title=event.title), body, to, event, cancelled=(kind == "cancelled")
    )
    if kind in ("confirmed", "promoted", "cancelled"):
        change = "is coming to" if kind != "cancelled" else "can no longer come to"
        volunteer_body = [
            f"{booking.school.name} {change} your session ({classes}).",
            "",
            *_describe(event),
        ]
        # Volunteers keep the event in their calendar either way: never a CANCEL for them here.
        sent += _send(
            f"Schools update: {event.title}",
            volunteer_body,
            volunteer_emails(event),
            event,
            cancelled=False,
        )
    return sent


def send_event_emails(event_id: int, kind: str, booking_ids: Sequence[int] | None = None) -> int:
    """`changed`, `cancelled` or `reminder` to every booked school and the volunteers."""
    event = Event.objects.select_related("host_school").get(pk=event_id)
    if booking_ids is None:
        booking_ids = list(
            event.bookings.filter(status=Booking.Status.CONFIRMED).values_list("pk", flat=True)
        )
    bookings = Booking.objects.filter(pk__in=booking_ids).select_related("booked_by")
    school_ids = sorted({b.school_id for b in bookings})
    contacts = school_contacts(school_ids)
    to = [email for sid in school_ids for email in contacts[sid]]
    to += [b.booked_by.email for b in bookings if b.booked_by_id and b.booked_by]
    to += volunteer_emails(event)
    subject, opening = {
        "changed": (
            "Changed: {title}",
            "The details of this event have changed. The calendar "
            "invitation attached replaces the old one.",
        ),
        "cancelled": ("Cancelled: {title}", "This event has been cancelled. We are sorry."),
        "reminder": ("Reminder: {title} on {day}", "A reminder that this event is coming up."),
    }[kind]
    return _send(
        subject.format(title=event.title, day=f"{event.date:%A %-d %B}"),
        [opening, "", *_describe(event)],
        to,
        event,
        cancelled=(kind == "cancelled"),
    )


def send_invitation_emails(campaign_id: int, items: Sequence[Sequence[Any]]) -> int:
    campaign = Campaign.objects.get(pk=campaign_id)
    school_ids = [int(i) for kind, i in items if kind == "school"]
    employer_ids = [int(i) for kind, i in items if kind == "employer"]
    to = [e for emails in school_contacts(school_ids).values() for e in emails]
    to += list(
        Membership.objects.filter(
            employer_id__in=employer_ids, role=Role.EMPLOYER_COORDINATOR
        ).values_list("user__email", flat=True)
    )
    recipients = sorted(set(to))
    if not recipients:
        return 0
    body = [
        f"{campaign.hub} invites you to take part in {campaign.name}, "
        f"{campaign.starts_on:%-d %B} to {campaign.ends_on:%-d %B %Y}.",
        "",
        campaign.description,
        "",
        f"Find out more and reply: {_site_url(reverse('encounters:campaign_detail', args=[campaign.pk]))}",
    ]
    # One message per recipient, Bcc-free: people should not see each other's addresses.
    for email in recipients:
        EmailMessage(
            subject=f"You're invited: {campaign.name}",
            body="\n".join(body) + "\n\nHorizons\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        ).send()
    return len(recipients)


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
