"""The demo region's encounters: a finished week the size of Coventry's, an upcoming one taking
requests, and something for every demo login."""

from datetime import date

import pytest

from horizons.demo.seed import seed_demo_region
from horizons.encounters import selectors
from horizons.encounters.models import Booking, Campaign, ChildQuote, Event, SchoolRequest

pytestmark = pytest.mark.django_db


def test_demo_weeks_and_every_login_sees_something():
    region = seed_demo_region()
    finished = Campaign.objects.get(name="Aspirations Week 2026")
    upcoming = Campaign.objects.get(name="Aspirations Week 2027")
    assert (finished.starts_on, finished.ends_on) == (date(2026, 3, 2), date(2026, 3, 6))
    assert upcoming.accepts_requests(date(2026, 11, 22))
    reach = selectors.campaign_reach(finished)
    assert reach.schools == 33 and reach.host_schools == 13 and reach.employers == 26
    assert 950 <= reach.children_in_person <= 1300
    assert 2300 <= reach.children_online <= 2800
    assert ChildQuote.objects.filter(event__campaign=finished, consent=True).exists()
    assert ChildQuote.objects.filter(event__campaign=finished, consent=False).exists()
    assert SchoolRequest.objects.filter(campaign=upcoming).count() >= 10
    # Every demo login has something: the volunteer's sessions, the employer's events, the school.
    volunteer = region.volunteers[0]
    assert volunteer.user == region.users["volunteer"]
    assert Event.objects.filter(event_volunteers__volunteer=volunteer, campaign=finished).exists()
    assert Event.objects.filter(
        event_volunteers__volunteer=volunteer, date__gt=date(2026, 11, 22)
    ).exists()
    assert Event.objects.filter(
        event_employers__employer=region.employers[0], campaign=finished
    ).exists()
    lead_bookings = Booking.objects.filter(school=region.lead_school)
    assert lead_bookings.filter(
        event__campaign=finished, attendance_recorded_at__isnull=False
    ).exists()
    assert lead_bookings.filter(
        event__date__lt=date(2026, 11, 22), attendance_recorded_at__isnull=True
    ).exists()
    assert lead_bookings.filter(event__date__gt=date(2026, 11, 22)).exists()
    # Places booked agree with the bookings, as the services would keep them.
    for event in Event.objects.filter(hub=region.hub):
        places = sum(b.places for b in event.bookings.filter(status=Booking.Status.CONFIRMED))
        assert event.places_booked == places <= event.capacity
