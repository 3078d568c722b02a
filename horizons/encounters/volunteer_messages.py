"""Messages that keep volunteers (and, when one drops out, their hub and the schools) in the loop.

Everything goes through horizons.messaging, each message with an idempotency key naming the
event, the volunteer and the occasion, so the hourly job (`due_messages_send`) can run as often
as it likes and each reminder still goes once:

- a confirmation request when a volunteer is placed on an event, and again 7 days before if
  they have not confirmed (email, and a text if they gave a mobile), with one-tap links;
- reminders 48 and 24 hours before;
- a thank-you once the schools have recorded attendance, with what children said: counts
  only, and children's words only when at least 5 were shared (reports/suppression.py);
- an alert to the hub's facilitators and the booked schools' careers leaders when a volunteer
  says they cannot come.

An address that cannot take a message (a mistyped email) does not stop the event being saved:
the volunteer simply has no message, and the facilitator's "at risk" list says so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from horizons.accounts.models import Membership, Role
from horizons.encounters import arrival, volunteer_tokens
from horizons.encounters.models import (
    Booking,
    ChildQuote,
    Event,
    EventVolunteer,
    VolunteerDropOut,
)
from horizons.messaging import services as messaging
from horizons.messaging.models import Message
from horizons.organisations.models import School, Volunteer
from horizons.reports import suppression

logger = logging.getLogger(__name__)

CONFIRM_AGAIN_BEFORE = timedelta(days=7)
# Schools have a week to record attendance; after that the thank-you goes with what is in.
THANK_YOU_WAIT = timedelta(days=7)
THANK_YOU_WINDOW = timedelta(days=30)
MIN_SHARED_WORDS = 5


def site_url(path: str) -> str:
    return str(getattr(settings, "HORIZONS_SITE_URL", "")).rstrip("/") + path


def starts(event: Event) -> datetime:
    """When the event begins, in UK time."""
    return timezone.make_aware(datetime.combine(event.date, event.starts_at))


def uk_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def when(event: Event) -> str:
    return f"{uk_date(event.date)}, {event.starts_at:%H:%M}"


def place(event: Event) -> str:
    if event.is_online:
        return "online"
    return ", ".join(p for p in (event.venue, event.full_address) if p) or "the school"


def reply_token(event: Event, volunteer: Volunteer) -> str:
    return volunteer_tokens.make(event_id=event.pk, volunteer_id=volunteer.pk, last_day=event.date)


def reply_link(event: Event, volunteer: Volunteer, answer: str = "") -> str:
    path = reverse("encounters:volunteer_reply", args=[reply_token(event, volunteer)])
    return site_url(path + (f"?answer={answer}" if answer else ""))


def contacts(volunteer: Volunteer) -> list[tuple[str, str]]:
    """(channel, address) for each way we can reach the volunteer: email, then their mobile."""
    found = []
    user = volunteer.user
    if user is not None and user.email:
        found.append(("email", user.email))
    if volunteer.mobile:
        found.append(("sms", volunteer.mobile))
    return found


def _send(
    template: str,
    to: str,
    personalisation: dict[str, object],
    *,
    key: str,
    event: Event,
    school_id: int | None = None,
) -> int:
    """1 if the message was recorded now; 0 if it had been already (same key) or cannot go."""
    if Message.objects.filter(idempotency_key=key).exists():
        return 0
    try:
        messaging.send(
            template=template,
            to=to,
            personalisation=personalisation,
            about=event,
            hub=event.hub,
            school=School(pk=school_id) if school_id else None,
            idempotency_key=key,
        )
    except messaging.MessagingError as error:
        logger.warning("Not sent (%s): %s", key, error)
        return 0
    return 1


def _key(link: EventVolunteer, occasion: str, channel: str) -> str:
    return f"event:{link.event_id}:volunteer:{link.volunteer_id}:{occasion}:{channel}"


# --- Asking to confirm -------------------------------------------------------------------------


def confirmation_request_send(link: EventVolunteer, *, occasion: str, now: datetime) -> int:
    """Ask the volunteer to confirm (by email, and text if they gave a mobile). `occasion`
    ("placed", "week-before", "again-<time>") makes the idempotency key. Returns messages
    recorded; records when we last asked."""
    event, volunteer = link.event, link.volunteer
    common = {"event": event.title, "when": when(event)}
    sent = 0
    for channel, address in contacts(volunteer):
        if channel == "email":
            sent += _send(
                "volunteer_confirm_request",
                address,
                {
                    **common,
                    "first_name": volunteer.first_name,
                    "place": place(event),
                    "yes_link": reply_link(event, volunteer, "yes"),
                    "cannot_link": reply_link(event, volunteer, "no"),
                    "hub": event.hub.name,
                },
                key=_key(link, f"confirm-{occasion}", channel),
                event=event,
            )
        else:
            sent += _send(
                "volunteer_confirm_request_sms",
                address,
                {**common, "link": reply_link(event, volunteer)},
                key=_key(link, f"confirm-{occasion}", channel),
                event=event,
            )
    if sent:
        EventVolunteer.objects.filter(pk=link.pk).update(confirm_requested_at=now)
        link.confirm_requested_at = now
    return sent


def placed_send(event: Event, volunteers: Iterable[Volunteer], *, now: datetime) -> int:
    """Ask each volunteer just placed on `event` to confirm (the event is still to come)."""
    if starts(event) <= now:
        return 0
    links = EventVolunteer.objects.filter(
        event=event, volunteer__in=[v.pk for v in volunteers]
    ).select_related("event__hub", "volunteer__user")
    return sum(confirmation_request_send(link, occasion="placed", now=now) for link in links)


# --- The hourly job --------------------------------------------------------------------------


def _reminder_send(link: EventVolunteer, hours: int) -> int:
    event, volunteer = link.event, link.volunteer
    how_soon = "the day after tomorrow" if hours == 48 else "tomorrow"
    arrive = arrival.arrive_by(event.starts_at, event.arrive_by)
    arrival_line = (
        f"Join online with this link: {event.join_url}"
        if event.is_online
        else f"Please arrive by {arrive:%H:%M} and sign in at reception with photo ID."
    )
    answer = (
        "Thank you for confirming you will be there."
        if link.confirmed_at
        else f"Please tell us if you can still come: {reply_link(event, volunteer)}"
    )
    sent = 0
    for channel, address in contacts(volunteer):
        common = {"event": event.title, "how_soon": how_soon, "when": when(event)}
        if channel == "email":
            personalisation: dict[str, object] = {
                **common,
                "first_name": volunteer.first_name,
                "place": place(event),
                "arrival": arrival_line,
                "answer": answer,
                "sessions_link": site_url(reverse("encounters:my_sessions")),
                "hub": event.hub.name,
            }
            template = "volunteer_reminder"
        else:
            personalisation = {
                **common,
                "place": place(event),
                "link": reply_link(event, volunteer),
            }
            template = "volunteer_reminder_sms"
        sent += _send(
            template, address, personalisation, key=_key(link, f"{hours}h", channel), event=event
        )
    return sent


def _children_said(event: Event, minimum: int) -> tuple[str, str]:
    """(reached, children_said): counts only, and shared words only from 5 children or more."""
    pupils = event.pupils_attended
    shown = suppression.display_count(pupils, minimum)
    reached = (
        f"{shown} children took part."
        if isinstance(shown, int)
        else f"{str(shown).capitalize()} children were recorded as taking part."
    )
    words = list(
        ChildQuote.objects.filter(event=event, consent=True)
        .order_by("created_at", "pk")
        .values_list("text", flat=True)
    )
    if suppression.is_small(len(words), minimum):
        said = (
            "Fewer than 5 children's comments were shared, so we keep them private. "
            "Thank you all the same: every visit helps children see what they could become."
        )
    else:
        chosen = "\n".join(f"- “{text}”" for text in words[:3])
        said = f"{len(words)} children shared what they thought. A few of their words:\n{chosen}"
    return reached, said


def _thank_you_send(link: EventVolunteer, minimum: int) -> int:
    event, volunteer = link.event, link.volunteer
    reached, said = _children_said(event, minimum)
    sent = 0
    for channel, address in contacts(volunteer):
        if channel != "email":
            continue
        sent += _send(
            "volunteer_thank_you",
            address,
            {
                "first_name": volunteer.first_name,
                "event": event.title,
                "when": uk_date(event.date),
                "reached": reached,
                "children_said": said,
                "feedback_link": site_url(
                    reverse("encounters:volunteer_feedback", args=[event.pk])
                ),
                "hub": event.hub.name,
            },
            key=_key(link, "thank-you", channel),
            event=event,
        )
    return sent


def thank_you_due(event: Event, *, now: datetime) -> bool:
    """Once every confirmed school has recorded attendance, or a week after the event if some
    have (a school that never records does not hold everyone's thank-you back for ever)."""
    bookings = [b for b in event.bookings.all() if b.status == Booking.Status.CONFIRMED]
    recorded = [b for b in bookings if b.attendance_recorded_at]
    if not recorded:
        return False
    return len(recorded) == len(bookings) or now >= starts(event) + THANK_YOU_WAIT


def due_messages_send(*, now: datetime | None = None) -> dict[str, int]:
    """Send what is due now; run every hour. Each message is sent once whatever the timing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"week_before": 0, "48h": 0, "24h": 0, "thank_you": 0}
    coming = (
        EventVolunteer.objects.filter(
            event__status=Event.Status.SCHEDULED,
            event__date__gte=today,
            event__date__lte=today + CONFIRM_AGAIN_BEFORE + timedelta(days=1),
        )
        .select_related("event__hub", "event__host_school", "volunteer__user")
        .order_by("event__date", "pk")
    )
    for link in coming:
        begins = starts(link.event)
        if begins <= now:
            continue
        if (
            link.confirmed_at is None
            and begins - now <= CONFIRM_AGAIN_BEFORE
            and (
                link.confirm_requested_at is None
                or link.confirm_requested_at < begins - CONFIRM_AGAIN_BEFORE
            )
        ):
            counts["week_before"] += confirmation_request_send(
                link, occasion="week-before", now=now
            )
        ahead = begins - now
        if timedelta(hours=24) < ahead <= timedelta(hours=48):
            counts["48h"] += _reminder_send(link, 48)
        elif ahead <= timedelta(hours=24):
            counts["24h"] += _reminder_send(link, 24)
    minimum = int(getattr(settings, "HORIZONS_MIN_GROUP_SIZE", suppression.DEFAULT_MIN_GROUP))
    done = (
        EventVolunteer.objects.filter(
            event__status=Event.Status.SCHEDULED,
            event__date__lt=today,
            event__date__gte=today - THANK_YOU_WINDOW,
        )
        .select_related("event__hub", "volunteer__user")
        .prefetch_related("event__bookings")
        .order_by("event__date", "pk")
    )
    for link in done:
        if thank_you_due(link.event, now=now):
            counts["thank_you"] += _thank_you_send(link, minimum)
    return counts


# --- When a volunteer cannot come --------------------------------------------------------------


def drop_out_alerts_send(drop_out: VolunteerDropOut) -> int:
    """Tell the hub's facilitators and the careers leaders of each school booked on the event."""
    event, volunteer = drop_out.event, drop_out.volunteer
    school_ids = list(
        event.bookings.filter(status=Booking.Status.CONFIRMED).values_list("school_id", flat=True)
    )
    people = Membership.objects.filter(
        Q(role=Role.FACILITATOR, hub_id=event.hub_id)
        | Q(role=Role.CAREERS_LEADER, school_id__in=school_ids)
    ).values_list("role", "school_id", "user__email")
    event_link = site_url(reverse("encounters:event_detail", args=[event.pk]))
    common = {
        "volunteer": volunteer.display_name,
        "employer": f"from {volunteer.employer.name}",
        "event": event.title,
        "when": when(event),
        "reason": drop_out.reason or "none given",
        "event_link": event_link,
    }
    sent = 0
    for role, school_id, email in sorted(set(people), key=lambda p: (p[0], p[2] or "")):
        if not email:
            continue
        what_next = (
            "Their place is open. Choose another volunteer on the event page, or see every "
            "volunteer at risk: " + site_url(reverse("encounters:volunteers_at_risk"))
            if role == Role.FACILITATOR
            else "Your booking stands. The hub has been told and is looking for someone else; "
            "they will let you know."
        )
        sent += _send(
            "volunteer_dropped_out",
            email,
            {**common, "what_next": what_next},
            key=f"drop-out:{drop_out.pk}:{drop_out.dropped_out_at:%Y%m%d%H%M%S}:{email}",
            event=event,
            school_id=school_id,
        )
    return sent
