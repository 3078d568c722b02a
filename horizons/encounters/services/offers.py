"""Employers' offers: create and update, and who may make them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from horizons.core.sectors import SECTORS
from horizons.encounters import scheduling
from horizons.encounters.models import (
    Offer,
)
from horizons.encounters.services.common import EncounterError
from horizons.organisations.models import WEEKDAY_SLOTS, Employer, Volunteer

OFFER_FIELDS = (
    "title",
    "what_children_do",
    "format",
    "sectors",
    "year_groups",
    "group_size",
    "duration_minutes",
    "job_profile_slugs",
    "available_slots",
    "can_travel",
    "travel_radius_km",
    "can_host",
    "is_published",
)


def _check_offer(employer: Employer, data: dict[str, Any], volunteers: Iterable[Volunteer]) -> None:
    years = [int(y) for y in data.get("year_groups", [])]
    if not years or any(y not in scheduling.YEAR_GROUPS for y in years):
        raise EncounterError("Choose the year groups (1 to 6) the activity suits.")
    unknown = [s for s in data.get("sectors", []) if s not in SECTORS]
    if unknown:
        raise EncounterError(f"Unknown sector: {', '.join(unknown)}.")
    bad_slots = [s for s in data.get("available_slots", []) if s not in WEEKDAY_SLOTS]
    if bad_slots:
        raise EncounterError(f"Unknown half-day: {', '.join(bad_slots)}.")
    for volunteer in volunteers:
        if volunteer.employer_id != employer.pk:
            raise EncounterError(f"{volunteer} does not work for {employer}.")
    if not data.get("can_travel") and not data.get("can_host") and data.get("format") != "online":
        raise EncounterError(
            "Say how children can meet you: you travel to schools, you host at your workplace, "
            "or the session is online."
        )


@transaction.atomic
def offer_create(
    *, employer: Employer, by: Any, data: dict[str, Any], volunteers: Sequence[Volunteer] = ()
) -> Offer:
    """Publish an activity offer for `employer` (the caller has checked `by` may)."""
    _check_offer(employer, data, volunteers)
    offer = Offer(
        employer=employer, created_by=by, **{k: data[k] for k in OFFER_FIELDS if k in data}
    )
    offer.year_groups = sorted({int(y) for y in offer.year_groups})
    offer.full_clean(exclude=["volunteers"])
    offer.save()
    offer.volunteers.set(volunteers)
    return offer


@transaction.atomic
def offer_update(
    *, offer: Offer, by: Any, data: dict[str, Any], volunteers: Sequence[Volunteer] | None = None
) -> Offer:
    chosen = list(volunteers) if volunteers is not None else list(offer.volunteers.all())
    _check_offer(offer.employer, data, chosen)
    for key in OFFER_FIELDS:
        if key in data:
            setattr(offer, key, data[key])
    offer.year_groups = sorted({int(y) for y in offer.year_groups})
    offer.full_clean(exclude=["volunteers"])
    offer.save()
    if volunteers is not None:
        offer.volunteers.set(chosen)
    return offer
