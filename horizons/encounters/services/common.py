"""What every encounters service shares: the domain errors, the class spec a booking names, the lifecycle guard and the waiting list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db.models import F
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.encounters import capacity as capacity_rules
from horizons.encounters import lifecycle, scheduling
from horizons.encounters.models import (
    MAX_CLASS_SIZE,
    Booking,
    Campaign,
    Event,
)


class EncounterError(Exception):
    """A rule was broken; the message says what to change."""


def require_hub_runner(by: AnyUser, hub_id: int | None) -> None:
    """Campaigns and events are changed by their hub's facilitators (and platform admins): the
    view fetched the object in that scope; this re-checks it, whoever calls the service."""
    if not permissions.can_manage_hub(by, hub_id):
        raise EncounterError("Only the hub's facilitators can change its campaigns and events.")


class EventFull(EncounterError):
    def __init__(self, message: str, *, places_left: int, waiting_list: bool):
        super().__init__(message)
        self.places_left = places_left
        self.waiting_list = waiting_list


class ClassLike(Protocol):
    """Anything with a name, year group and pupils; read-only, so frozen dataclasses fit."""

    @property
    def name(self) -> str: ...

    @property
    def year_group(self) -> int: ...

    @property
    def pupils(self) -> int: ...


@dataclass(frozen=True)
class ClassSpec:
    """A class to book or request: ``ClassSpec("Year 5 Oak", 5, 28)``."""

    name: str
    year_group: int
    pupils: int


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _check_classes(classes: Sequence[ClassLike]) -> list[ClassSpec]:
    specs = [ClassSpec(str(c.name).strip(), int(c.year_group), int(c.pupils)) for c in classes]
    if not specs:
        raise EncounterError("Add at least one class.")
    names = [c.name.lower() for c in specs]
    for spec in specs:
        if not spec.name:
            raise EncounterError("Give each class a name, such as Year 5 Oak.")
        if spec.year_group not in scheduling.YEAR_GROUPS:
            raise EncounterError(f"{spec.name}: choose a year group from 1 to 6.")
        if not 1 <= spec.pupils <= MAX_CLASS_SIZE:
            raise EncounterError(f"{spec.name}: enter between 1 and {MAX_CLASS_SIZE} pupils.")
        if names.count(spec.name.lower()) > 1:
            raise EncounterError(f"{spec.name} is listed twice; give each class its own name.")
    return specs


def _refuse_unless(campaign: Campaign | None, action: str) -> None:
    """Raise the lifecycle's reason if `action` makes no sense in the campaign's stage now."""
    if campaign is None:
        return
    reason = lifecycle.refusal(campaign.status, action)
    if reason:
        raise EncounterError(reason)


def _locked_campaign(campaign: Campaign) -> Campaign:
    """The campaign row, locked and fresh: its stage may have moved since the page loaded."""
    return (
        Campaign.objects.select_for_update(of=("self",)).select_related("hub").get(pk=campaign.pk)
    )


def _promote_waiting(event: Event) -> list[int]:
    """Confirm waiting bookings that now fit, in queue order. Caller holds the event lock."""
    event.refresh_from_db(fields=["places_booked", "capacity"])
    waiting = list(
        event.bookings.filter(status=Booking.Status.WAITING)
        .order_by("created_at", "pk")
        .values_list("pk", "places")
    )
    chosen = capacity_rules.promotable(waiting, event.places_left)
    if not chosen:
        return []
    places = sum(p for pk, p in waiting if pk in set(chosen))
    Event.objects.filter(pk=event.pk).update(places_booked=F("places_booked") + places)
    Booking.objects.filter(pk__in=chosen).update(
        status=Booking.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    return chosen
