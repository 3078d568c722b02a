"""Only verified, unexpired safeguarding checks put a volunteer in front of children; without
one, a volunteer may come only to a one-off special event that the school supervises."""

from datetime import timedelta

import pytest

from horizons.encounters import services
from horizons.encounters.models import Booking, Event
from horizons.encounters.services import EncounterError
from horizons.organisations.models import SafeguardingCheck
from tests.encounters import factories as f

pytestmark = pytest.mark.django_db


def _expire_check(world, *, before):  # type: ignore[no-untyped-def]
    world.volunteer_profile.safeguarding_checks.update(expires_on=before - timedelta(days=1))


def test_a_verified_volunteer_is_booked_as_usual(world):
    event = f.event(world)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(), by=world.lead
    )
    assert booking.status == Booking.Status.CONFIRMED
    assert not booking.supervised_by_staff


def test_an_online_session_refuses_a_volunteer_whose_check_has_run_out(world):
    day = f.next_weekday(1)
    _expire_check(world, before=day)
    with pytest.raises(EncounterError, match="no verified safeguarding check that covers"):
        f.event(world, day=day, kind=Event.Kind.ONLINE)
    assert not Event.objects.exists()


def test_a_self_declared_date_counts_for_nothing(world):
    world.volunteer_profile.safeguarding_checks.update(
        kind=SafeguardingCheck.Kind.SELF_DECLARED, verified_at=None
    )
    with pytest.raises(EncounterError, match="no verified safeguarding check"):
        f.event(world, kind=Event.Kind.ONLINE)


def test_a_check_that_expires_after_the_event_was_planned_stops_bookings(world):
    event = f.event(world, kind=Event.Kind.ONLINE)
    _expire_check(world, before=event.date)
    with pytest.raises(EncounterError, match="does not cover"):
        services.booking_create(
            event=event,
            school=world.school,
            classes=f.year5(),
            by=world.lead,
            supervised_by_staff=True,
        )
    assert not Booking.objects.exists()


def test_an_unchecked_volunteer_comes_to_a_special_event_only_under_supervision(world):
    day = f.next_weekday(1)
    _expire_check(world, before=day)
    event = f.event(world, day=day)  # a one-off special event: allowed, as a supervised visit
    with pytest.raises(EncounterError, match="without a verified safeguarding check"):
        services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    assert not Booking.objects.exists()
    event.refresh_from_db()
    assert event.places_booked == 0
    booking = services.booking_create(
        event=event,
        school=world.school,
        classes=f.year5(),
        by=world.lead,
        supervised_by_staff=True,
    )
    assert booking.supervised_by_staff


def test_the_booking_page_asks_the_school_to_promise_supervision(world, client_for):
    day = f.next_weekday(1)
    _expire_check(world, before=day)
    event = f.event(world, day=day)
    client = client_for("lead")
    url = f"/encounters/events/{event.pk}/book/"
    page = client.get(url).content.decode()
    assert "Supervised visit" in page
    rows = {
        "classes-TOTAL_FORMS": "1",
        "classes-INITIAL_FORMS": "0",
        "classes-0-name": "Year 5 Oak",
        "classes-0-year_group": "5",
        "classes-0-pupils": "28",
    }
    refused = client.post(url, rows)
    assert refused.status_code == 200
    assert "Tick to confirm your staff will supervise" in refused.content.decode()
    assert not Booking.objects.exists()
    assert client.post(url, {**rows, "supervised_by_staff": "on"}).status_code == 302
    booking = Booking.objects.get()
    assert booking.supervised_by_staff
    home = client.get("/encounters/school/").content.decode()
    assert "Supervised visit" in home


def test_the_event_page_says_it_is_a_supervised_visit(world, client_for):
    day = f.next_weekday(1)
    event = f.event(world, day=day)
    url = f"/encounters/events/{event.pk}/"
    assert "Supervised visit" not in client_for("lead").get(url).content.decode()
    _expire_check(world, before=day)
    for persona in ["lead", "volunteer", "facilitator"]:
        assert "Supervised visit" in client_for(persona).get(url).content.decode(), persona
