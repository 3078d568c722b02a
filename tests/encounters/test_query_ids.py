"""Ids in query strings: anything that is not a whole number is our 400 page with a message,
never a 500; a number naming someone else's object stays a 404."""

import pytest

from horizons.encounters.models import Campaign
from tests.encounters import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_like(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = False


@pytest.mark.parametrize("value", ["abc", "1e3", "-5", "12 OR 1=1", "١٢٣", "9" * 30])
def test_non_numeric_school_is_a_clear_400(client_for, world, value):  # type: ignore[no-untyped-def]
    response = client_for("lead").get("/encounters/school/", {"school": value})
    page = response.content.decode()
    assert response.status_code == 400
    assert "is not a number we use" in page and "Go back and choose from the list" in page


def test_numeric_school_still_works_and_others_are_404(client_for, world):  # type: ignore[no-untyped-def]
    lead = client_for("lead")
    assert lead.get("/encounters/school/", {"school": world.school.urn}).status_code == 200
    assert lead.get("/encounters/school/", {"school": world.foreign_school.urn}).status_code == 404
    assert lead.get("/encounters/school/", {"school": ""}).status_code == 200


def test_non_numeric_campaign_on_new_event_is_a_clear_400(client_for, world):  # type: ignore[no-untyped-def]
    response = client_for("facilitator").get("/encounters/events/new/", {"campaign": "week"})
    assert response.status_code == 400
    assert "the campaign “week”" in response.content.decode()


def test_numeric_campaign_on_new_event_still_works(client_for, world):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world)
    response = client_for("facilitator").get("/encounters/events/new/", {"campaign": campaign.pk})
    assert response.status_code == 200 and campaign.name in response.content.decode()


def test_non_numeric_school_on_booking_and_request_pages(client_for, world):  # type: ignore[no-untyped-def]
    campaign = f.campaign(world)
    event = f.event(world, campaign=campaign)
    lead = client_for("lead")
    assert lead.get(f"/encounters/events/{event.pk}/book/?school=x").status_code == 400
    assert lead.get(f"/encounters/campaigns/{campaign.pk}/request/?school=x").status_code == 400
    # A POST with a broken link changes nothing.
    lead.post(f"/encounters/campaigns/{campaign.pk}/request/?school=x", {})
    assert not campaign.requests.exists()


def test_non_numeric_hub_and_employer(client_for, world):  # type: ignore[no-untyped-def]
    assert client_for("facilitator").get("/encounters/campaigns/new/?hub=x").status_code == 400
    assert (
        client_for("facilitator").get(f"/encounters/campaigns/new/?hub={world.other_hub.pk}")
    ).status_code == 404
    assert client_for("coordinator").get("/encounters/offers/new/?employer=x").status_code == 400
    assert not Campaign.objects.exists()
