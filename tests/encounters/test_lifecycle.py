"""A campaign's lifecycle: draft → taking requests → matching and booking → closed.

Each action is allowed only where it makes sense; the service refuses with the reason and
changes nothing; the pages show the same reason."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from horizons.allocation import services as allocation
from horizons.allocation.models import AllocationRun
from horizons.encounters import lifecycle, services
from horizons.encounters.models import Campaign, CampaignInvitation, Event, SchoolRequest
from horizons.encounters.services import EncounterError, EventPlan
from tests.encounters import factories as f

Status = Campaign.Status


# --- The rules, without a database --------------------------------------------------------


def test_each_action_has_its_stages():
    assert lifecycle.refusal("open", "invite") is None
    assert lifecycle.refusal("draft", "invite") == (
        "Invitations can be sent once the campaign is taking requests. Open it for requests first."
    )
    assert lifecycle.refusal("open", "request") is None
    assert "not open for requests yet" in (lifecycle.refusal("draft", "request") or "")
    assert "Requests have closed" in (lifecycle.refusal("matching", "request") or "")
    assert lifecycle.refusal("matching", "allocate") is None
    assert lifecycle.refusal("matching", "publish") is None
    assert "Start matching and booking" in (lifecycle.refusal("open", "allocate") or "")
    for action in lifecycle.ALLOWED:
        assert lifecycle.refusal("closed", action) == lifecycle.CLOSED_REASON


def test_moves_go_one_stage_forward_only():
    assert lifecycle.move_refusal("draft", "open") is None
    assert lifecycle.move_refusal("open", "matching") is None
    assert lifecycle.move_refusal("matching", "closed") is None
    assert "cannot be skipped or undone" in (lifecycle.move_refusal("draft", "closed") or "")
    assert "cannot be skipped or undone" in (lifecycle.move_refusal("matching", "open") or "")
    assert "already taking requests" in (lifecycle.move_refusal("open", "open") or "")
    assert lifecycle.move_refusal("closed", "draft") == lifecycle.CLOSED_REASON
    assert "someone moved it on" in (lifecycle.move_refusal("open", "matching", seen="draft") or "")
    assert lifecycle.move_refusal("draft", "nonsense") == "Choose one of the campaign's stages."


# --- Services -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_campaign_is_a_draft_whatever_the_form_says(world):  # type: ignore[no-untyped-def]
    monday = f.next_weekday(0, weeks=4)
    campaign = services.campaign_create(
        hub=world.hub,
        by=world.facilitator,
        data={"name": "Week", "starts_on": monday, "ends_on": monday, "status": "closed"},
    )
    assert campaign.status == Status.DRAFT


@pytest.mark.django_db
def test_a_campaign_moves_through_its_stages(world):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.DRAFT)
    for stage in (Status.OPEN, Status.MATCHING, Status.CLOSED):
        campaign = services.campaign_move(campaign=campaign, by=world.facilitator, to=stage)
        campaign.refresh_from_db()
        assert campaign.status == stage


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "to", "seen", "says"),
    [
        (Status.DRAFT, Status.CLOSED, None, "cannot be skipped"),
        (Status.MATCHING, Status.OPEN, None, "cannot be skipped or undone"),
        (Status.OPEN, Status.MATCHING, Status.DRAFT, "someone moved it on"),
        (Status.CLOSED, Status.DRAFT, None, "closed; nothing in it can change"),
    ],
)
def test_out_of_order_and_stale_moves_change_nothing(world, start, to, seen, says):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=start)
    with pytest.raises(EncounterError, match=says):
        services.campaign_move(campaign=campaign, by=world.facilitator, to=to, seen=seen)
    campaign.refresh_from_db()
    assert campaign.status == start


@pytest.mark.django_db
def test_a_campaign_cannot_open_after_its_requests_deadline(world):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.DRAFT)
    Campaign.objects.filter(pk=campaign.pk).update(
        requests_close_on=campaign.starts_on - timedelta(days=7)
    )
    campaign.refresh_from_db()
    with pytest.raises(EncounterError, match="change the closing date first"):
        services.campaign_move(
            campaign=campaign, by=world.facilitator, to=Status.OPEN, today=campaign.starts_on
        )
    campaign.refresh_from_db()
    assert campaign.status == Status.DRAFT


@pytest.mark.django_db
def test_invitations_never_go_out_while_a_draft(
    world, client_for, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.DRAFT)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(EncounterError, match="once the campaign is taking requests"),
    ):
        services.campaign_invite(
            campaign=campaign, by=world.facilitator, schools=[world.school], employers=[]
        )
    assert not CampaignInvitation.objects.exists() and not mail.outbox
    # Once open, the invited careers leader gets the email and can open the campaign.
    services.campaign_move(campaign=campaign, by=world.facilitator, to=Status.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.campaign_invite(
            campaign=campaign, by=world.facilitator, schools=[world.school]
        )
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    assert (
        client_for("lead")
        .get(reverse("encounters:campaign_detail", args=[campaign.pk]))
        .status_code
        == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize("stage", [Status.DRAFT, Status.MATCHING, Status.CLOSED])
def test_schools_request_only_while_taking_requests(world, stage):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=stage)
    slot = f"{campaign.starts_on.isoformat()}_am"
    with pytest.raises(EncounterError):
        services.request_save(
            campaign=campaign, school=world.school, by=world.lead, classes=f.year5(), slots=[slot]
        )
    assert not SchoolRequest.objects.exists()


@pytest.mark.django_db
def test_nothing_changes_once_closed(world):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.MATCHING)
    event = f.event(world, campaign=campaign)
    services.campaign_move(campaign=campaign, by=world.facilitator, to=Status.CLOSED)
    with pytest.raises(EncounterError, match="closed"):
        services.campaign_update(campaign=campaign, by=world.facilitator, data={"name": "New"})
    plan = EventPlan(
        kind=Event.Kind.SPECIAL,
        title="Late",
        date=event.date,
        starts_at=time(9, 30),
        ends_at=time(11, 0),
        capacity=30,
        year_groups=(5,),
        host_school=world.school,
    )
    with pytest.raises(EncounterError, match="closed"):
        services.event_create(
            hub=world.hub,
            by=world.facilitator,
            plan=plan,
            campaign=campaign,
            offers=[f.offer(world)],
        )
    with pytest.raises(EncounterError, match="closed"):
        services.event_cancel(event=event, by=world.facilitator)
    campaign.refresh_from_db()
    event.refresh_from_db()
    assert campaign.name == "Aspirations Week" and not event.is_cancelled
    assert Event.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("stage", [Status.DRAFT, Status.OPEN, Status.CLOSED])
def test_allocation_runs_only_while_matching(world, stage):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=stage)
    with pytest.raises(allocation.AllocationError):
        allocation.run_start(campaign=campaign, by=world.facilitator)
    assert not AllocationRun.objects.exists()


@pytest.mark.django_db
def test_a_plan_is_published_only_while_matching(world):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.OPEN)
    run = AllocationRun.objects.create(
        campaign=campaign,
        created_by=world.facilitator,
        status=AllocationRun.Status.DONE,
        result={"assignments": [{"mode": "in_person"}]},
    )
    with pytest.raises(allocation.AllocationError, match="Start matching and booking"):
        allocation.run_publish(run=run, by=world.facilitator)
    run.refresh_from_db()
    campaign.refresh_from_db()
    # Publishing no longer moves the campaign on by itself.
    assert run.status == AllocationRun.Status.DONE and campaign.status == Status.OPEN
    assert not Event.objects.exists()


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_facilitator_moves_the_campaign_on_its_page(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.DRAFT)
    client = client_for("facilitator")
    page = client.get(reverse("encounters:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Open for requests" in page
    assert "Invitations can be sent once the campaign is taking requests" in page
    response = client.post(
        reverse("encounters:campaign_move", args=[campaign.pk]),
        {"to": "open", "seen": "draft"},
        follow=True,
    )
    assert "is now taking requests" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Status.OPEN


@pytest.mark.django_db
def test_a_stale_press_shows_the_reason_and_changes_nothing(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.MATCHING)
    client = client_for("facilitator")
    # The page was opened while the campaign was still a draft.
    response = client.post(
        reverse("encounters:campaign_move", args=[campaign.pk]),
        {"to": "open", "seen": "draft"},
        follow=True,
    )
    assert "someone moved it on since you opened the page" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Status.MATCHING


@pytest.mark.django_db
def test_only_the_hub_moves_its_campaign(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.DRAFT)
    url = reverse("encounters:campaign_move", args=[campaign.pk])
    for persona in ("lead", "teacher", "coordinator", "volunteer", "outsider"):
        assert client_for(persona).post(url, {"to": "open"}).status_code == 404
    assert client_for("anonymous").post(url, {"to": "open"}).status_code == 302
    assert client_for("facilitator").get(url).status_code == 405
    campaign.refresh_from_db()
    assert campaign.status == Status.DRAFT


@pytest.mark.django_db
def test_the_invite_page_of_a_draft_says_why_and_sends_nothing(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.DRAFT)
    client = client_for("facilitator")
    url = reverse("encounters:campaign_invite", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert "Invitations can be sent once the campaign is taking requests" in page
    assert "Send invitations" not in page
    response = client.post(url, {"schools": [world.school.pk]})
    assert "once the campaign is taking requests" in response.content.decode()
    assert not CampaignInvitation.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_a_closed_campaign_cannot_be_edited_on_its_page(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.CLOSED)
    client = client_for("facilitator")
    url = reverse("encounters:campaign_edit", args=[campaign.pk])
    assert lifecycle.CLOSED_REASON in client.get(url).content.decode()
    data = {
        "name": "Renamed",
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
    }
    assert lifecycle.CLOSED_REASON in client.post(url, data).content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "Aspirations Week"


@pytest.mark.django_db
def test_the_allocation_page_says_why_before_matching(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.OPEN)
    client = client_for("facilitator")
    url = reverse("allocation:allocation_campaign", args=[campaign.pk])
    assert (
        "Start matching and booking on the campaign page first" in client.get(url).content.decode()
    )
    response = client.post(
        url, {"max_sessions": 3, "max_encounters_per_class": 2, "time_limit_seconds": 5}
    )
    assert "Start matching and booking" in response.content.decode()
    assert not AllocationRun.objects.exists()


# --- Dates in the wrong order -------------------------------------------------------------


@pytest.mark.django_db
def test_a_campaign_ending_before_it_starts_is_refused_and_kept(world, client_for):  # type: ignore[no-untyped-def]
    monday = f.next_weekday(0, weeks=6)
    response = client_for("facilitator").post(
        reverse("encounters:campaign_create"),
        {
            "name": "Backwards week",
            "starts_on": (monday + timedelta(days=4)).isoformat(),
            "ends_on": monday.isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The campaign must end on or after the day it starts." in page
    assert 'value="Backwards week"' in page  # what was typed is kept
    assert not Campaign.objects.exists()


@pytest.mark.django_db
def test_an_event_ending_before_it_starts_is_refused_and_kept(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world)
    offer = f.offer(world)
    response = client_for("facilitator").post(
        reverse("encounters:event_create") + f"?campaign={campaign.pk}",
        {
            "kind": "special",
            "title": "Backwards bridges",
            "offers": [offer.pk],
            "date": (campaign.starts_on + timedelta(days=1)).isoformat(),
            "starts_at": "11:00",
            "ends_at": "09:30",
            "year_groups": ["5"],
            "host_school": world.school.pk,
            "capacity": "60",
            "capacity_unit": "pupils",
        },
    )
    page = response.content.decode()
    assert "The event must end after it starts." in page
    assert 'value="Backwards bridges"' in page
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_the_home_page_asks_to_allocate_only_once_matching(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.OPEN)
    client = client_for("facilitator")
    assert "Allocate volunteers for" not in client.get("/").content.decode()
    services.campaign_move(campaign=campaign, by=world.facilitator, to=Status.MATCHING)
    assert "Allocate volunteers for Aspirations Week" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_closed_campaigns_event_page_offers_no_changes(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world, status=Status.MATCHING)
    event = f.event(world, campaign=campaign)
    client = client_for("facilitator")
    page = client.get(reverse("encounters:event_detail", args=[event.pk])).content.decode()
    assert "Change the event" in page
    services.campaign_move(campaign=campaign, by=world.facilitator, to=Status.CLOSED)
    page = client.get(reverse("encounters:event_detail", args=[event.pk])).content.decode()
    assert "Change the event" not in page and "Cancel the event" not in page
    assert lifecycle.CLOSED_REASON in page
    response = client.post(reverse("encounters:event_cancel", args=[event.pk]), {"reason": "Snow"})
    assert lifecycle.CLOSED_REASON in response.content.decode()
    event.refresh_from_db()
    assert not event.is_cancelled
