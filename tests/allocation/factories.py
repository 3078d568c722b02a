"""Builders for allocation tests.

`campaign_world`: a small campaign in the test world, two classes at the lead's school asking for
visits. `problem`, `school`, `klass`, `volunteer`, `coventry`: small hand-made problems for the
Django-free engine (JSON-shaped dicts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from horizons.allocation.models import AllocationDecision, AllocationRun
from horizons.encounters.models import Attendance, Campaign, RequestClass, SchoolRequest
from horizons.organisations.models import Employer, Volunteer


@dataclass
class CampaignWorld:
    campaign: Campaign
    request: SchoolRequest
    year5: RequestClass
    year3: RequestClass
    run: AllocationRun
    decision: AllocationDecision
    monday: date


def next_monday(weeks_ahead: int = 3) -> date:
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 + 7 * weeks_ahead)


def campaign_world(world) -> CampaignWorld:  # type: ignore[no-untyped-def]
    cached = getattr(world, "_campaign_world", None)
    if cached is not None:
        return cached
    monday = next_monday()
    Employer.objects.filter(pk=world.employer.pk).update(latitude=54.96, longitude=-1.60)
    Volunteer.objects.filter(pk=world.volunteer_profile.pk).update(
        availability=["mon_am", "tue_am"],
        travel_radius_km=20,
    )
    campaign = Campaign.objects.create(
        hub=world.hub,
        name="Aspirations Week",
        starts_on=monday,
        ends_on=monday + timedelta(days=4),
        # Requests are in and closed: the campaign is matching and booking.
        status=Campaign.Status.MATCHING,
    )
    request = SchoolRequest.objects.create(
        campaign=campaign,
        school=world.school,
        slots=[f"{monday.isoformat()}_am", f"{(monday + timedelta(days=1)).isoformat()}_am"],
    )
    year5 = RequestClass.objects.create(request=request, name="Oak", year_group=5, pupils=28)
    year3 = RequestClass.objects.create(request=request, name="Ash", year_group=3, pupils=25)
    run = AllocationRun.objects.create(campaign=campaign, created_by=world.facilitator)
    decision = AllocationDecision.objects.create(
        campaign=campaign,
        kind="forbid",
        volunteer=world.volunteer_profile,
        request_class=year3,
        slot=f"{(monday + timedelta(days=1)).isoformat()}_am",
    )
    cw = CampaignWorld(campaign, request, year5, year3, run, decision, monday)
    world._campaign_world = cw
    return cw


# Small hand-made problems for the engine (JSON-shaped dicts).

SLOTS = ["2026-03-02 AM", "2026-03-02 PM", "2026-03-03 AM"]


def school(sid: str, lat: float, lon: float, fsm: float, *classes: dict, **extra: Any) -> dict:
    return {"id": sid, "name": f"{sid} Primary", "lat": lat, "lon": lon, "fsm": fsm,
            "classes": list(classes), **extra}  # fmt: skip


def klass(cid: str, year: int = 5, slots: list[str] | None = None, prior: int = 0) -> dict:
    return {"id": cid, "year": year, "pupils": 28, "prior_encounters": prior,
            "slots": SLOTS if slots is None else slots}  # fmt: skip


def volunteer(vid: str, lat: float = 52.40, lon: float = -1.51, **extra: Any) -> dict:
    data = {"id": vid, "name": vid.title(), "employer": "Acme", "sector": "engineering",
            "lat": lat, "lon": lon, "radius_km": 10, "online": False,
            "years": [1, 2, 3, 4, 5, 6], "slots": SLOTS, "max_sessions": 2}  # fmt: skip
    data.update(extra)
    return data


def problem(schools: list[dict], volunteers: list[dict], **extra: Any) -> dict:
    return {"slots": SLOTS, "max_encounters_per_class": 2, "schools": schools,
            "volunteers": volunteers, **extra}  # fmt: skip


def coventry() -> dict:
    """Two schools in Coventry, one 60 km away in Oxford; three volunteers."""
    return problem(
        [
            school("stmary", 52.41, -1.52, 0.42, klass("stmary-5", 5), klass("stmary-2", 2)),
            school("hillside", 52.39, -1.49, 0.10, klass("hillside-6", 6, prior=3)),
            school("oxford", 51.75, -1.26, 0.2, klass("oxford-4", 4)),
        ],
        [
            volunteer("maya", role="engineer", employer="Siemens", counter_stereotype=True),
            volunteer(
                "tom",
                sector="health-and-care",
                role="nurse",
                years=[5, 6],
                slots=["2026-03-02 AM"],
                max_sessions=1,
            ),
            volunteer("ana", sector="digital", lat=52.0, lon=-1.4, radius_km=5, online=True),
        ],
    )


__all__ = [
    "SLOTS",
    "Attendance",
    "campaign_world",
    "coventry",
    "klass",
    "next_monday",
    "problem",
    "school",
    "volunteer",
]
