"""Attendance, teacher and volunteer feedback, children's quotes, offers and campaign requests."""

from datetime import timedelta

import pytest
from django.http import Http404

from horizons.encounters import selectors, services
from horizons.encounters.models import Attendance, ChildQuote, Offer
from horizons.encounters.services import ClassSpec, EncounterError, QuoteSpec
from tests.encounters import factories as f
from tests.organisations.checks import verified_check

pytestmark = pytest.mark.django_db


def _booked(world, pupils=28):
    event = f.event(world)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(pupils), by=world.lead
    )
    return event, booking, booking.classes.get()


def test_attendance_is_recorded_per_class_with_feedback_and_quotes(world):
    event, booking, klass = _booked(world)
    services.attendance_record(
        booking=booking,
        by=world.teacher,
        attended={klass.pk: 26},
        rating=5,
        comments="Brilliant.",
        quotes=[QuoteSpec("I want to build bridges!", 5, True), QuoteSpec("It was fun", 5, False)],
        today=event.date,
    )
    row = Attendance.objects.get()
    event.refresh_from_db()
    assert (row.pupils, row.booked_pupils, row.year_group, row.online) == (26, 28, 5, False)
    assert row.host_school_id == world.school.pk and row.date == event.date
    assert event.pupils_attended == 26
    assert booking.feedback.rating == 5
    assert ChildQuote.objects.count() == 2
    # only the consented quote is ever shown
    assert [q.text for q in selectors.event_detail(event)["quotes"]] == ["I want to build bridges!"]


def test_attendance_larger_than_the_booking_is_refused_and_nothing_saved(world):
    event, booking, klass = _booked(world, pupils=28)
    with pytest.raises(EncounterError, match="29 pupils is more than the 28 booked"):
        services.attendance_record(
            booking=booking, by=world.teacher, attended={klass.pk: 29}, today=event.date
        )
    assert not Attendance.objects.exists()
    booking.refresh_from_db()
    assert booking.attendance_recorded_at is None


def test_attendance_before_the_day_is_refused(world):
    event, booking, klass = _booked(world)
    with pytest.raises(EncounterError, match="on or after the day"):
        services.attendance_record(
            booking=booking,
            by=world.teacher,
            attended={klass.pk: 20},
            today=event.date - timedelta(days=1),
        )


def test_recording_again_replaces_the_figures(world):
    event, booking, klass = _booked(world)
    services.attendance_record(
        booking=booking, by=world.teacher, attended={klass.pk: 20}, today=event.date
    )
    services.attendance_record(
        booking=booking, by=world.teacher, attended={klass.pk: 25}, today=event.date
    )
    event.refresh_from_db()
    assert Attendance.objects.get().pupils == 25 and event.pupils_attended == 25


def test_volunteers_leave_feedback_only_for_their_sessions_after_the_day(world):
    event = f.event(world)
    with pytest.raises(EncounterError, match="after the event"):
        services.volunteer_feedback_save(event=event, volunteer=world.volunteer_profile, rating=4)
    services.volunteer_feedback_save(
        event=event,
        volunteer=world.volunteer_profile,
        rating=4,
        went_well="Great questions",
        today=event.date,
    )
    with pytest.raises(EncounterError, match="Only volunteers who took part"):
        services.volunteer_feedback_save(
            event=event, volunteer=world.foreign_volunteer, rating=4, today=event.date
        )


def test_an_employer_cannot_reach_another_employers_offer(world):
    mine = f.offer(world)
    theirs = services.offer_create(
        employer=world.foreign_employer,
        by=world.outsider,
        data={
            "title": "Power up",
            "what_children_do": "Circuits",
            "format": "workshop",
            "year_groups": [5],
            "can_travel": True,
        },
    )
    assert selectors.offer_for_editing(world.coordinator, mine.pk) == mine
    with pytest.raises(Http404):
        selectors.offer_for_editing(world.coordinator, theirs.pk)
    with pytest.raises(Http404):
        selectors.offer_for(world.coordinator, theirs.pk)


def test_volunteers_edit_only_offers_they_created(world):
    by_coordinator = f.offer(world)
    by_volunteer = services.offer_create(
        employer=world.employer,
        by=world.volunteer,
        data={
            "title": "Robots",
            "what_children_do": "Programme a robot",
            "format": "talk",
            "year_groups": [6],
            "can_travel": True,
        },
    )
    assert selectors.offers_editable_by(world.volunteer).get() == by_volunteer
    assert set(selectors.offers_editable_by(world.coordinator)) == {by_coordinator, by_volunteer}


def test_an_offer_needs_a_way_to_meet_children_and_own_volunteers(world):
    data = {
        "title": "X",
        "what_children_do": "Y",
        "format": Offer.Format.TALK,
        "year_groups": [5],
        "can_travel": False,
        "can_host": False,
    }
    with pytest.raises(EncounterError, match="Say how children can meet you"):
        services.offer_create(employer=world.employer, by=world.coordinator, data=data)
    data["can_travel"] = True
    with pytest.raises(EncounterError, match="does not work for"):
        services.offer_create(
            employer=world.employer,
            by=world.coordinator,
            data=data,
            volunteers=[world.foreign_volunteer],
        )
    with pytest.raises(EncounterError, match="year groups"):
        services.offer_create(
            employer=world.employer, by=world.coordinator, data={**data, "year_groups": [9]}
        )


def test_a_school_request_lists_classes_and_half_days(world):
    campaign = f.campaign(world)
    monday = campaign.starts_on
    request = services.request_save(
        campaign=campaign,
        school=world.school,
        by=world.lead,
        classes=[ClassSpec("Year 5 Oak", 5, 28), ClassSpec("Year 6 Ash", 6, 30)],
        slots=[f"{monday.isoformat()}_am", f"{(monday + timedelta(days=1)).isoformat()}_pm"],
        can_host=True,
        host_pupils=120,
        hopes="Engineers who are women",
    )
    assert [c.name for c in request.classes.all()] == ["Year 5 Oak", "Year 6 Ash"]
    # saving again replaces the classes
    services.request_save(
        campaign=campaign,
        school=world.school,
        by=world.lead,
        classes=[ClassSpec("Year 4 Elm", 4, 25)],
        slots=[f"{monday.isoformat()}_am"],
    )
    request.refresh_from_db()
    assert [c.name for c in request.classes.all()] == ["Year 4 Elm"] and request.can_host is False


def test_requests_are_refused_when_closed_or_out_of_dates(world):
    campaign = f.campaign(world)
    outside = f"{(campaign.ends_on + timedelta(days=3)).isoformat()}_am"
    with pytest.raises(EncounterError, match="within the campaign"):
        services.request_save(
            campaign=campaign,
            school=world.school,
            by=world.lead,
            classes=f.year5(),
            slots=[outside],
        )
    with pytest.raises(EncounterError, match="hall can hold"):
        services.request_save(
            campaign=campaign,
            school=world.school,
            by=world.lead,
            classes=f.year5(),
            slots=[f"{campaign.starts_on.isoformat()}_am"],
            can_host=True,
        )
    with pytest.raises(EncounterError, match="not taking requests"):
        services.request_save(
            campaign=campaign,
            school=world.school,
            by=world.lead,
            classes=f.year5(),
            slots=[f"{campaign.starts_on.isoformat()}_am"],
            today=campaign.ends_on + timedelta(days=1),
        )


def test_rotation_timetable_follows_the_bookings(world):
    from horizons.encounters.models import Event
    from horizons.organisations.models import Employer, Volunteer

    second = Employer.objects.create(name="Tyne Vets", sector="animals-and-land", hub=world.hub)
    vet = Volunteer.objects.create(
        employer=second, first_name="Ana", last_name="Li", job_title="Vet", availability=["tue_am"]
    )
    verified_check(vet)
    offer_b = services.offer_create(
        employer=second,
        by=world.admin,
        data={
            "title": "Animal care",
            "what_children_do": "Check a toy dog",
            "format": "workshop",
            "year_groups": [4, 5],
            "can_travel": True,
        },
        volunteers=[vet],
    )
    offer_a = f.offer(world)
    event = services.event_create(
        hub=world.hub,
        by=world.facilitator,
        plan=services.EventPlan(
            kind=Event.Kind.ROTATION,
            title="Careers carousel",
            date=f.next_weekday(1),
            starts_at=__import__("datetime").time(9, 0),
            ends_at=__import__("datetime").time(12, 0),
            capacity=120,
            year_groups=(5,),
            host_school=world.school,
        ),
        offers=[offer_a, offer_b],
        volunteers=[world.volunteer_profile, vet],
    )
    services.booking_create(
        event=event,
        school=world.school,
        classes=[ClassSpec("5A", 5, 30), ClassSpec("5B", 5, 30)],
        by=world.lead,
    )
    services.booking_create(
        event=event, school=world.other_school, classes=[ClassSpec("5C", 5, 30)], by=world.lead
    )
    rounds = services.timetable_set_rotation(event=event, by=world.facilitator, round_minutes=30)
    assert rounds == 3
    slots = list(event.timetable.all())
    assert len(slots) == 9
    # no station hosts two classes in a round
    for start in {s.starts_at for s in slots}:
        at = [s.employer_id for s in slots if s.starts_at == start and s.employer_id]
        assert len(at) == len(set(at))
