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


def _overlapping(rows):  # type: ignore[no-untyped-def]
    """(who, day) → [(start, end, event id)] rows; the pairs of different events that overlap."""
    from collections import defaultdict

    from horizons.encounters.clashes import overlaps

    by_who = defaultdict(list)
    for who, day, start, end, event_id in rows:
        by_who[(who, day)].append((start, end, event_id))
    found = []
    for (who, day), items in by_who.items():
        items.sort()
        for i, (s1, e1, ev1) in enumerate(items):
            for s2, e2, ev2 in items[i + 1 :]:
                if ev1 != ev2 and overlaps(s1, e1, s2, e2):
                    found.append((who, day, ev1, ev2))
    return found


def test_the_seeded_demo_has_no_volunteer_or_class_in_two_overlapping_events():
    from horizons.encounters.models import BookingClass, EventVolunteer

    seed_demo_region()
    live = {"status": Event.Status.SCHEDULED}
    volunteers = EventVolunteer.objects.filter(**{f"event__{k}": v for k, v in live.items()})
    assert volunteers.count() > 50
    assert (
        _overlapping(
            volunteers.values_list(
                "volunteer_id", "event__date", "event__starts_at", "event__ends_at", "event_id"
            )
        )
        == []
    )
    classes = BookingClass.objects.filter(
        booking__status__in=Booking.LIVE, booking__event__status=Event.Status.SCHEDULED
    )
    assert classes.count() > 100
    rows = [
        ((school, name.casefold()), day, start, end, event_id)
        for school, name, day, start, end, event_id in classes.values_list(
            "booking__school_id",
            "name",
            "booking__event__date",
            "booking__event__starts_at",
            "booking__event__ends_at",
            "booking__event_id",
        )
    ]
    assert _overlapping(rows) == []
