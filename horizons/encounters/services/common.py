"""What every encounters service shares: the domain errors, the class spec a booking names, the lifecycle guard and the waiting list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Protocol

from django.db.models import F
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.encounters import capacity as capacity_rules
from horizons.encounters import clashes, lifecycle, scheduling
from horizons.encounters.models import (
    MAX_CLASS_SIZE,
    Booking,
    Campaign,
    Event,
)
from horizons.encounters.selectors.events import commitments_on
from horizons.organisations.models import School, Volunteer


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


def refuse_clash(
    *,
    day: date,
    starts_at: time,
    ends_at: time,
    volunteers: Iterable[Any] = (),
    classes: Iterable[tuple[int, str]] = (),
    event_id: int | None = None,
) -> None:
    """EncounterError naming the other event if a volunteer, or a class (school pk, name), is
    already at an event whose times overlap these (event `event_id` itself aside)."""
    volunteer_ids = sorted(v.pk for v in volunteers)
    classes = list(classes)
    # Lock the people (volunteers, and the schools whose classes they are), in pk order, so
    # that two writes placing the same person at once queue here and the second sees the
    # first's event (PostgreSQL; SQLite serialises writers anyway).
    list(Volunteer.objects.select_for_update().filter(pk__in=volunteer_ids).order_by("pk"))
    list(
        School.objects.select_for_update()
        .filter(pk__in={school for school, _ in classes})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    commitments = commitments_on(
        day, volunteer_ids=volunteer_ids, school_ids={school for school, _ in classes}
    )
    keys = [clashes.volunteer_key(pk) for pk in volunteer_ids]
    keys += [clashes.class_key(school, name) for school, name in classes]
    clash = clashes.first_clash(day, starts_at, ends_at, keys, commitments, event_id=event_id)
    if clash is not None:
        raise EncounterError(
            f"{clashes.describe(clash)}. Nobody can be at two events at once: choose another "
            "time, or take them off the other event first."
        )
