"""Campaigns: create, update, move through the lifecycle, invite schools; schools' requests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction

from horizons.core.sectors import SECTORS
from horizons.encounters import lifecycle, scheduling, tasks
from horizons.encounters.models import (
    Campaign,
    CampaignInvitation,
    RequestClass,
    SchoolRequest,
)
from horizons.encounters.services.common import (
    ClassLike,
    EncounterError,
    _check_classes,
    _locked_campaign,
    _refuse_unless,
    _today,
    require_hub_runner,
)
from horizons.organisations.models import Employer, Hub, School

# The status is not among them: it changes only through `campaign_move`, one stage at a time.
CAMPAIGN_FIELDS = (
    "name",
    "kind",
    "area",
    "description",
    "starts_on",
    "ends_on",
    "requests_close_on",
)


def _check_campaign(hub: Hub, data: dict[str, Any], exclude_pk: int | None = None) -> None:
    if data["ends_on"] < data["starts_on"]:
        raise EncounterError("The campaign must end on or after the day it starts.")
    closes = data.get("requests_close_on")
    if closes and closes > data["ends_on"]:
        raise EncounterError("Requests must close before the campaign ends.")
    if not scheduling.school_days(data["starts_on"], data["ends_on"]):
        raise EncounterError("A campaign needs at least one school day (Monday to Friday).")
    clash = Campaign.objects.filter(hub=hub, name__iexact=data["name"])
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise EncounterError(f"{hub} already has a campaign called {data['name']}.")


@transaction.atomic
def campaign_create(*, hub: Hub, by: Any, data: dict[str, Any]) -> Campaign:
    """A new campaign is always a draft: only the hub sees it until it opens for requests."""
    require_hub_runner(by, hub.pk)
    _check_campaign(hub, data)
    return Campaign.objects.create(
        hub=hub,
        created_by=by,
        status=Campaign.Status.DRAFT,
        **{k: data[k] for k in CAMPAIGN_FIELDS if k in data},
    )


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: Any, data: dict[str, Any]) -> Campaign:
    require_hub_runner(by, campaign.hub_id)
    campaign = _locked_campaign(campaign)
    _refuse_unless(campaign, "edit")
    merged = {k: data.get(k, getattr(campaign, k)) for k in CAMPAIGN_FIELDS}
    _check_campaign(campaign.hub, merged, exclude_pk=campaign.pk)
    outside = campaign.events.exclude(date__range=(merged["starts_on"], merged["ends_on"]))
    if outside.exists():
        raise EncounterError(
            f"{outside.count()} event(s) fall outside the new dates; move them first."
        )
    for key, value in merged.items():
        setattr(campaign, key, value)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_move(
    *,
    campaign: Campaign,
    by: Any,
    to: str,
    seen: str | None = None,
    today: date | None = None,
) -> Campaign:
    """Move a campaign one stage on (draft → taking requests → matching and booking → closed).

    `seen` is the stage the facilitator saw when they pressed the button; if it has moved since,
    nothing changes and the message says so.
    """
    require_hub_runner(by, campaign.hub_id)
    campaign = _locked_campaign(campaign)
    reason = lifecycle.move_refusal(campaign.status, to, seen=seen)
    if reason:
        raise EncounterError(reason)
    day = _today(today)
    if to == Campaign.Status.OPEN:
        if campaign.ends_on < day:
            raise EncounterError(
                f"{campaign} ended on {campaign.ends_on:%-d %B %Y}; change its dates to open it."
            )
        closes = campaign.requests_close_on
        if closes and closes < day:
            raise EncounterError(
                f"Requests were due to close on {closes:%-d %B %Y}, which has passed; "
                "change the closing date first."
            )
    campaign.status = to
    campaign.save(update_fields=["status"])
    return campaign


@transaction.atomic
def campaign_invite(
    *,
    campaign: Campaign,
    by: Any,
    schools: Iterable[School] = (),
    employers: Iterable[Employer] = (),
) -> int:
    """Invite schools and employers of the campaign's hub; returns how many were new.

    Only while the campaign is taking requests: a draft is invisible to those invited."""
    require_hub_runner(by, campaign.hub_id)
    campaign = _locked_campaign(campaign)
    _refuse_unless(campaign, "invite")
    schools, employers = list(schools), list(employers)
    orgs: list[School | Employer] = [*schools, *employers]
    for org in orgs:
        if org.hub_id != campaign.hub_id:
            raise EncounterError(f"{org} is not in {campaign.hub}.")
    already_s = set(
        campaign.invitations.filter(school__isnull=False).values_list("school_id", flat=True)
    )
    already_e = set(
        campaign.invitations.filter(employer__isnull=False).values_list("employer_id", flat=True)
    )
    new = [
        CampaignInvitation(campaign=campaign, school=s, invited_by=by)
        for s in schools
        if s.pk not in already_s
    ] + [
        CampaignInvitation(campaign=campaign, employer=e, invited_by=by)
        for e in employers
        if e.pk not in already_e
    ]
    CampaignInvitation.objects.bulk_create(new)
    if new:
        ids = [int(i.school_id or i.employer_id or 0) for i in new]
        kinds = ["school" if i.school_id else "employer" for i in new]
        tasks.after_commit_invitations(campaign.pk, list(zip(kinds, ids, strict=True)))
    return len(new)


@transaction.atomic
def request_save(
    *,
    campaign: Campaign,
    school: School,
    by: Any,
    classes: Sequence[ClassLike],
    slots: Sequence[str],
    can_host: bool = False,
    host_pupils: int | None = None,
    online_ok: bool = True,
    hopes: str = "",
    sectors_wanted: Sequence[str] = (),
    today: date | None = None,
) -> SchoolRequest:
    """Create or replace a school's request to a campaign."""
    campaign = _locked_campaign(campaign)
    _refuse_unless(campaign, "request")
    if not campaign.accepts_requests(_today(today)):
        raise EncounterError(f"{campaign} is not taking requests now; ask your hub facilitator.")
    if school.hub_id != campaign.hub_id:
        raise EncounterError(f"{school} is not in {campaign.hub}.")
    specs = _check_classes(classes)
    valid = {key for key, _ in scheduling.campaign_slots(campaign.starts_on, campaign.ends_on)}
    if not slots:
        raise EncounterError("Choose at least one half-day when your classes could take part.")
    if any(s not in valid for s in slots):
        raise EncounterError("Choose half-days within the campaign's dates.")
    if can_host and not host_pupils:
        raise EncounterError("Say how many pupils your hall can hold, so visiting classes fit.")
    request, _ = SchoolRequest.objects.update_or_create(
        campaign=campaign,
        school=school,
        defaults={
            "slots": sorted(set(slots)),
            "can_host": can_host,
            "host_pupils": host_pupils if can_host else None,
            "online_ok": online_ok,
            "hopes": hopes.strip(),
            "sectors_wanted": [s for s in sectors_wanted if s in SECTORS],
            "submitted_by": by,
        },
    )
    request.classes.all().delete()
    RequestClass.objects.bulk_create(
        RequestClass(request=request, name=c.name, year_group=c.year_group, pupils=c.pupils)
        for c in specs
    )
    return request
