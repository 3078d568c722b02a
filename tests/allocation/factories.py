"""A small campaign in the test world: two classes at the lead's school asking for visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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


__all__ = ["Attendance", "campaign_world", "next_monday"]
