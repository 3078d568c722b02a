"""The facilitator's invitation page: filter the hub's schools by local authority and FSM band,
see the counts, and invite every school the filter shows."""

import pytest
from django.urls import reverse

from horizons.encounters.models import CampaignInvitation
from horizons.organisations.models import School
from tests.encounters import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcastle(world):  # type: ignore[no-untyped-def]
    return [
        School.objects.create(
            urn=300000 + i,
            name=f"Newcastle Primary {i}",
            la_name="Newcastle upon Tyne",
            percentage_fsm="35.0" if i < 2 else "10.0",
            hub=world.hub,
        )
        for i in range(3)
    ]


def _invited_school_ids(campaign):  # type: ignore[no-untyped-def]
    return set(
        CampaignInvitation.objects.filter(campaign=campaign, school__isnull=False).values_list(
            "school_id", flat=True
        )
    )


def test_the_filter_narrows_the_list_and_shows_counts(world, client_for, newcastle):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world)
    url = reverse("encounters:campaign_invite", args=[campaign.pk])
    client = client_for("facilitator")
    page = client.get(url).content.decode()
    assert "Showing 5 of 5 schools still to invite" in page
    assert "Newcastle upon Tyne" in page and "Hendon" not in page  # other hub's school
    page = client.get(url, {"la": "Newcastle upon Tyne"}).content.decode()
    assert "Showing 3 of 5 schools still to invite" in page
    assert "Felling Primary School" not in page
    page = client.get(url, {"la": "Newcastle upon Tyne", "fsm": "high"}).content.decode()
    assert "Showing 2 of 5" in page and "Invite all 2 schools shown by the filter" in page


def test_invite_all_shown_invites_only_the_filtered_schools(world, client_for, newcastle):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world)
    url = (
        reverse("encounters:campaign_invite", args=[campaign.pk])
        + "?la=Newcastle+upon+Tyne&fsm=high"
    )
    response = client_for("facilitator").post(url, {"all_schools": "on"})
    assert response.status_code == 302
    assert _invited_school_ids(campaign) == {newcastle[0].pk, newcastle[1].pk}
    page = client_for("facilitator").get(reverse("encounters:campaign_invite", args=[campaign.pk]))
    assert "2 of 5 schools and 0 employers invited so far; 3 schools still to invite" in (
        page.content.decode()
    )


def test_an_unknown_filter_value_shows_every_school(world, client_for, newcastle):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world)
    page = client_for("facilitator").get(
        reverse("encounters:campaign_invite", args=[campaign.pk]),
        {"la": "Atlantis", "fsm": "purple"},
    )
    assert "Showing 5 of 5 schools" in page.content.decode()


def test_choosing_nobody_is_a_clear_error_and_invites_nobody(world, client_for):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world)
    response = client_for("facilitator").post(
        reverse("encounters:campaign_invite", args=[campaign.pk]), {}
    )
    assert "Choose at least one school or employer to invite." in response.content.decode()
    assert not CampaignInvitation.objects.exists()


def test_invite_all_with_an_empty_filter_is_refused(world, client_for, newcastle):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world)
    url = reverse("encounters:campaign_invite", args=[campaign.pk]) + "?la=Gateshead&fsm=unknown"
    response = client_for("facilitator").post(url, {"all_schools": "on"})
    assert "No schools still to invite match this filter" in response.content.decode()
    assert not CampaignInvitation.objects.exists()
