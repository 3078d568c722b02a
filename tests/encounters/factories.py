"""Small builders for encounter tests, on top of the `world` personas (tests/conftest.py)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from horizons.encounters import services
from horizons.encounters.models import Campaign, Event, Offer
from horizons.encounters.services import ClassSpec, EventPlan


def next_weekday(weekday: int, *, after: date | None = None, weeks: int = 2) -> date:
    """A date on `weekday` (0 = Monday) at least `weeks` weeks from `after` (default today)."""
    start = (after or timezone.localdate()) + timedelta(weeks=weeks)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def offer(world: Any, **overrides: Any) -> Offer:
    data = {
        "title": "Build a bridge",
        "what_children_do": "Children design and test a paper bridge with an engineer.",
        "format": Offer.Format.WORKSHOP,
        "sectors": ["engineering"],
        "year_groups": [3, 4, 5, 6],
        "group_size": 30,
        "duration_minutes": 60,
        "job_profile_slugs": ["civil-engineer"],
        "available_slots": ["tue_am", "thu_pm"],
        "can_travel": True,
        "travel_radius_km": 15,
        "can_host": False,
        "is_published": True,
    }
    data.update(overrides)
    return services.offer_create(
        employer=world.employer,
        by=world.coordinator,
        data=data,
        volunteers=[world.volunteer_profile],
    )


def campaign(
    world: Any, *, starts_on: date | None = None, status: str = Campaign.Status.OPEN, **extra: Any
) -> Campaign:
    monday = starts_on or next_weekday(0, weeks=3)
    data = {
        "name": extra.pop("name", "Aspirations Week"),
        "area": "Gateshead",
        "description": "A week of employer encounters.",
        "starts_on": monday,
        "ends_on": monday + timedelta(days=4),
        "requests_close_on": extra.pop("requests_close_on", None),
    }
    made = services.campaign_create(hub=world.hub, by=world.facilitator, data=data)
    # Through the lifecycle, one stage at a time, as a facilitator would.
    stages = list(Campaign.Status.values)
    for stage in stages[1 : stages.index(status) + 1]:
        made = services.campaign_move(campaign=made, by=world.facilitator, to=stage)
    return made


def event(
    world: Any,
    *,
    day: date | None = None,
    capacity: int = 60,
    campaign: Campaign | None = None,
    kind: str = Event.Kind.SPECIAL,
    offer_obj: Offer | None = None,
    volunteers: list[Any] | None = None,
    **plan: Any,
) -> Event:
    the_offer = offer_obj or offer(world)
    when = day or (campaign.starts_on + timedelta(days=1) if campaign else next_weekday(1))
    defaults: dict[str, Any] = {
        "kind": kind,
        "title": "Bridge building with Quayside Engineering",
        "date": when,
        "starts_at": time(9, 30),
        "ends_at": time(11, 0),
        "capacity": capacity,
        "year_groups": (4, 5),
        "host_school": world.school,
        "location": "School hall",
    }
    if kind == Event.Kind.ONLINE:
        defaults.update(
            host_school=None,
            location="",
            join_url="https://meet.example.org/abc",
            joining_guide="Open the link five minutes early.",
        )
    defaults.update(plan)
    return services.event_create(
        hub=world.hub,
        by=world.facilitator,
        plan=EventPlan(**defaults),
        campaign=campaign,
        offers=[the_offer],
        volunteers=[world.volunteer_profile] if volunteers is None else volunteers,
    )


def year5(pupils: int = 28, name: str = "Year 5 Oak") -> list[ClassSpec]:
    return [ClassSpec(name, 5, pupils)]
