"""Volunteers on events: confirming, "I can't make it", filling the place, asking again.

A volunteer answers through a signed link (no sign-in) or their sessions page; both call
`volunteer_confirm` / `volunteer_drop_out`, which are idempotent: a second tap changes nothing
and says it is already done. Dropping out deletes the `EventVolunteer` row (so clashes,
reminders, reach and allocation no longer count them) and leaves an open `VolunteerDropOut`,
the gap the facilitator fills with `event_volunteer_add`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from horizons.encounters import volunteer_messages
from horizons.encounters.models import Event, EventVolunteer, VolunteerDropOut
from horizons.encounters.services.common import EncounterError, refuse_clash, require_hub_runner
from horizons.encounters.services.events import _check_availability, _check_safeguarding
from horizons.messaging.models import Message
from horizons.organisations.models import Volunteer

REASON_MAX = 300


@dataclass(frozen=True)
class Answer:
    """What a tap did: `changed` is False when it had already been done."""

    changed: bool
    message: str


def _still_to_come(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise EncounterError(f"{event.title} has been cancelled, so there is nothing to answer.")
    if timezone.localdate(now) > event.date:
        raise EncounterError(
            f"{event.title} was on {event.date.day} {event.date:%B %Y}; it is too late to answer."
        )


@transaction.atomic
def volunteer_confirm(*, event: Event, volunteer: Volunteer, now: datetime | None = None) -> Answer:
    """The volunteer says "Yes, I'll be there"."""
    now = now or timezone.now()
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    _still_to_come(event, now)
    link = (
        EventVolunteer.objects.select_for_update().filter(event=event, volunteer=volunteer).first()
    )
    if link is None:
        if VolunteerDropOut.objects.filter(event=event, volunteer=volunteer).exists():
            raise EncounterError(
                "You told us you cannot come to this event, so your place went back to the hub. "
                "If you can come after all, contact your hub: they may still have a place."
            )
        raise EncounterError("You are not down to help at this event.")
    if link.confirmed_at is not None:
        return Answer(False, f"You had already confirmed. See you at {event.title}.")
    link.confirmed_at = now
    link.save(update_fields=["confirmed_at"])
    return Answer(True, f"Thank you: you have confirmed you will be at {event.title}.")


@transaction.atomic
def volunteer_drop_out(
    *, event: Event, volunteer: Volunteer, reason: str = "", now: datetime | None = None
) -> Answer:
    """The volunteer says "I can't make it": their place reopens and the hub and the booked
    schools' careers leaders are told (once the change commits)."""
    now = now or timezone.now()
    reason = " ".join(reason.split())
    if len(reason) > REASON_MAX:
        raise EncounterError(f"Keep the reason to {REASON_MAX} characters or fewer.")
    event = Event.objects.select_for_update(of=("self",)).select_related("hub").get(pk=event.pk)
    _still_to_come(event, now)
    link = (
        EventVolunteer.objects.select_for_update().filter(event=event, volunteer=volunteer).first()
    )
    if link is None:
        if VolunteerDropOut.objects.filter(event=event, volunteer=volunteer).exists():
            return Answer(False, "Already done: you told us you cannot come, and the hub knows.")
        raise EncounterError("You are not down to help at this event.")
    drop_out, _ = VolunteerDropOut.objects.update_or_create(
        event=event,
        volunteer=volunteer,
        defaults={
            "dropped_out_at": now,
            "reason": reason,
            "was_confirmed": link.confirmed_at is not None,
            "filled_by": None,
            "filled_at": None,
        },
    )
    link.delete()
    volunteer_messages.drop_out_alerts_send(drop_out)
    return Answer(
        True,
        "Thank you for letting us know. Your place is open again and the hub and the school "
        "have been told.",
    )


@transaction.atomic
def event_volunteer_add(
    *, event: Event, volunteer: Volunteer, by: Any, now: datetime | None = None
) -> EventVolunteer:
    """The facilitator puts a volunteer on an event (usually to fill a place someone gave up).
    The same checks as placing them when the event was made: available that half-day,
    a safeguarding check unless it is a one-off special event, no clash. They are asked to
    confirm at once."""
    now = now or timezone.now()
    require_hub_runner(by, event.hub_id)
    event = Event.objects.select_for_update(of=("self",)).select_related("hub").get(pk=event.pk)
    if event.is_cancelled:
        raise EncounterError("This event is cancelled; volunteers cannot be added to it.")
    if timezone.localdate(now) > event.date:
        raise EncounterError("This event has taken place; volunteers cannot be added now.")
    if EventVolunteer.objects.filter(event=event, volunteer=volunteer).exists():
        raise EncounterError(f"{volunteer} is already down to help at this event.")
    _check_availability(event.date, event.starts_at, [volunteer], [])
    _check_safeguarding(event.kind, event.date, [volunteer])
    refuse_clash(
        day=event.date,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        volunteers=[volunteer],
        event_id=event.pk,
    )
    link = EventVolunteer.objects.create(event=event, volunteer=volunteer, placed_at=now)
    gap = (
        VolunteerDropOut.objects.select_for_update()
        .filter(event=event, filled_at__isnull=True)
        .exclude(volunteer=volunteer)
        .order_by("dropped_out_at", "pk")
        .first()
    )
    if gap is not None:
        gap.filled_by = volunteer
        gap.filled_at = now
        gap.save(update_fields=["filled_by", "filled_at"])
    VolunteerDropOut.objects.filter(event=event, volunteer=volunteer).delete()
    volunteer_messages.placed_send(event, [volunteer], now=now)
    return link


@transaction.atomic
def volunteer_confirmation_resend(
    *, event: Event, volunteer: Volunteer, by: Any, now: datetime | None = None
) -> int:
    """ "Send again" from the at-risk list: ask once more (a double click sends once)."""
    now = now or timezone.now()
    require_hub_runner(by, event.hub_id)
    link = (
        EventVolunteer.objects.select_related("event__hub", "volunteer__user")
        .filter(event=event, volunteer=volunteer)
        .first()
    )
    if link is None:
        raise EncounterError(f"{volunteer} is no longer down to help at {event.title}.")
    _still_to_come(link.event, now)
    if link.confirmed_at is not None:
        raise EncounterError(f"{volunteer} has already confirmed; there is nothing to ask.")
    if not volunteer_messages.contacts(volunteer):
        raise EncounterError(
            f"We have no email address or mobile number for {volunteer}. Ask their employer's "
            "coordinator to add one to their profile."
        )
    occasion = f"again-{now:%Y%m%d%H%M}"
    sent = volunteer_messages.confirmation_request_send(link, occasion=occasion, now=now)
    already = Message.objects.filter(
        idempotency_key__startswith=f"event:{event.pk}:volunteer:{volunteer.pk}:confirm-{occasion}:"
    ).exists()
    if not sent and not already:
        raise EncounterError(
            f"The message to {volunteer} could not be sent: check the email address and mobile "
            "number on their profile."
        )
    return sent
