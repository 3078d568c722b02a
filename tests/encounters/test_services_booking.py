"""Bookings: capacity, waiting list, cancellation, no-show and the rules that refuse a booking."""

from datetime import timedelta

import pytest

from horizons.encounters import services
from horizons.encounters.models import Booking, Campaign, Event
from horizons.encounters.services import ClassSpec, EncounterError, EventFull
from tests.encounters import factories as f

pytestmark = pytest.mark.django_db


def test_a_booking_takes_pupil_places_and_counts_them(world):
    event = f.event(world, capacity=60)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(28), by=world.lead
    )
    event.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.places == 28 and booking.pupils == 28
    assert event.places_booked == 28 and event.places_left == 32
    assert [c.name for c in booking.classes.all()] == ["Year 5 Oak"]


def test_over_capacity_is_refused_with_what_is_left_and_nothing_changes(world):
    event = f.event(world, capacity=40)
    services.booking_create(event=event, school=world.school, classes=f.year5(30), by=world.lead)
    with pytest.raises(EventFull, match="Only 10 pupils left") as caught:
        services.booking_create(
            event=event, school=world.other_school, classes=f.year5(25), by=world.lead
        )
    assert caught.value.places_left == 10 and caught.value.waiting_list
    event.refresh_from_db()
    assert event.places_booked == 30
    assert Booking.objects.filter(event=event).count() == 1


def test_a_full_event_says_join_the_waiting_list(world):
    event = f.event(world, capacity=28)
    services.booking_create(event=event, school=world.school, classes=f.year5(28), by=world.lead)
    with pytest.raises(EventFull, match="full — join the waiting list"):
        services.booking_create(
            event=event, school=world.other_school, classes=f.year5(20), by=world.lead
        )


def test_more_than_the_whole_capacity_is_refused_even_for_the_waiting_list(world):
    event = f.event(world, capacity=20)
    with pytest.raises(EncounterError, match="at most 20 pupils"):
        services.booking_create(
            event=event,
            school=world.school,
            classes=f.year5(28),
            by=world.lead,
            join_waiting_list=True,
        )


def test_cancelling_promotes_the_first_waiting_booking_that_fits(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.conftest import _school

    third = _school(100003, "Windy Nook Primary School", world.hub)
    fourth = _school(100004, "Deckham Primary School", world.hub)
    event = f.event(world, capacity=30)
    services.booking_create(event=event, school=world.school, classes=f.year5(20), by=world.lead)
    leaving = services.booking_create(
        event=event, school=world.other_school, classes=f.year5(10), by=world.lead
    )
    big = services.booking_create(
        event=event, school=third, classes=f.year5(25), by=world.lead, join_waiting_list=True
    )
    small = services.booking_create(
        event=event, school=fourth, classes=f.year5(8), by=world.lead, join_waiting_list=True
    )
    assert big.status == small.status == Booking.Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.booking_cancel(booking=leaving, by=world.lead)
    big.refresh_from_db()
    small.refresh_from_db()
    event.refresh_from_db()
    # 10 places came free: the 25-pupil booking at the front does not fit, the 8-pupil one does.
    assert promoted == [small.pk]
    assert small.status == Booking.Status.CONFIRMED and big.status == Booking.Status.WAITING
    assert event.places_booked == 28
    subjects = [m.subject for m in mailoutbox]
    assert "A place is yours: Bridge building with Quayside Engineering" in subjects


def test_waiting_list_promotion_in_queue_order(world):
    event = f.event(world, capacity=30)
    first = services.booking_create(
        event=event, school=world.school, classes=f.year5(30), by=world.lead
    )
    waiting = services.booking_create(
        event=event,
        school=world.other_school,
        classes=f.year5(25),
        by=world.lead,
        join_waiting_list=True,
    )
    promoted = services.booking_cancel(booking=first, by=world.lead, reason="Trip clash")
    waiting.refresh_from_db()
    first.refresh_from_db()
    event.refresh_from_db()
    assert promoted == [waiting.pk]
    assert waiting.status == Booking.Status.CONFIRMED and waiting.confirmed_at is not None
    assert first.status == Booking.Status.CANCELLED and first.cancel_reason == "Trip clash"
    assert event.places_booked == 25


def test_cancelling_a_waiting_booking_frees_no_places(world):
    event = f.event(world, capacity=28)
    services.booking_create(event=event, school=world.school, classes=f.year5(28), by=world.lead)
    waiting = services.booking_create(
        event=event,
        school=world.other_school,
        classes=f.year5(20),
        by=world.lead,
        join_waiting_list=True,
    )
    assert services.booking_cancel(booking=waiting, by=world.lead) == []
    event.refresh_from_db()
    assert event.places_booked == 28


def test_a_cancelled_booking_cannot_be_cancelled_again(world):
    event = f.event(world)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(), by=world.lead
    )
    services.booking_cancel(booking=booking, by=world.lead)
    with pytest.raises(EncounterError, match="already cancelled"):
        services.booking_cancel(booking=booking, by=world.lead)


def test_one_live_booking_per_school(world):
    event = f.event(world)
    services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    with pytest.raises(EncounterError, match="already has a booking"):
        services.booking_create(
            event=event,
            school=world.school,
            classes=[ClassSpec("Year 4 Ash", 4, 20)],
            by=world.lead,
        )


def test_year_groups_the_event_does_not_serve_are_refused(world):
    event = f.event(world, year_groups=(4, 5))
    with pytest.raises(EncounterError, match=r"Years 4 to 5.*Year 2 Elm \(Year 2\) cannot book"):
        services.booking_create(
            event=event,
            school=world.school,
            classes=[ClassSpec("Year 2 Elm", 2, 20)],
            by=world.lead,
        )
    assert not Booking.objects.exists()


def test_an_event_cannot_serve_year_groups_its_offer_does_not(world):
    offer = f.offer(world, year_groups=[5, 6])
    with pytest.raises(EncounterError, match="is for Years 5 to 6, not Year 3"):
        f.event(world, offer_obj=offer, year_groups=(3, 5))


def test_days_the_volunteer_is_not_available_are_refused(world):
    wednesday = f.next_weekday(2)
    with pytest.raises(EncounterError, match="not available on Wednesday mornings"):
        f.event(world, day=wednesday)
    assert not Event.objects.exists()


def test_a_booking_is_refused_if_the_volunteer_is_no_longer_available(world):
    event = f.event(world)
    world.volunteer_profile.availability = ["thu_pm"]
    world.volunteer_profile.save()
    with pytest.raises(EncounterError, match="not available on Tuesday mornings"):
        services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)


def test_bookings_after_the_campaign_closes_are_refused(world):
    campaign = f.campaign(world)
    event = f.event(world, campaign=campaign)
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    with pytest.raises(EncounterError, match="Bookings for Aspirations Week have closed"):
        services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    event.refresh_from_db()
    assert event.places_booked == 0


def test_past_and_cancelled_events_cannot_be_booked(world):
    event = f.event(world)
    with pytest.raises(EncounterError, match="already happened"):
        services.booking_create(
            event=event,
            school=world.school,
            classes=f.year5(),
            by=world.lead,
            today=event.date + timedelta(days=1),
        )
    services.event_cancel(event=event, by=world.facilitator)
    with pytest.raises(EncounterError, match="cancelled"):
        services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)


def test_a_school_of_another_hub_cannot_book(world):
    event = f.event(world)
    with pytest.raises(EncounterError, match="not in the hub"):
        services.booking_create(
            event=event, school=world.foreign_school, classes=f.year5(), by=world.outsider
        )


def test_online_sessions_can_count_classes(world):
    event = f.event(world, kind=Event.Kind.ONLINE, capacity=2, capacity_unit=Event.Unit.CLASSES)
    booking = services.booking_create(
        event=event,
        school=world.school,
        classes=[ClassSpec("Year 5 Oak", 5, 30), ClassSpec("Year 4 Ash", 4, 29)],
        by=world.lead,
    )
    assert booking.places == 2 and booking.pupils == 59
    with pytest.raises(EventFull):
        services.booking_create(
            event=event, school=world.other_school, classes=f.year5(), by=world.lead
        )


def test_no_show_after_the_event_only(world):
    event = f.event(world)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(), by=world.lead
    )
    with pytest.raises(EncounterError, match="not happened yet"):
        services.booking_mark_no_show(booking=booking, by=world.facilitator)
    services.booking_mark_no_show(booking=booking, by=world.facilitator, today=event.date)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW
    with pytest.raises(EncounterError, match="only be recorded for a confirmed booking"):
        services.attendance_record(booking=booking, by=world.teacher, attended={}, today=event.date)


def test_cancelling_after_the_event_points_to_no_show(world):
    event = f.event(world)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(), by=world.lead
    )
    with pytest.raises(EncounterError, match="did not attend"):
        services.booking_cancel(
            booking=booking, by=world.lead, today=event.date + timedelta(days=1)
        )


def test_capacity_cannot_drop_below_bookings_and_a_rise_promotes(world):
    event = f.event(world, capacity=30)
    services.booking_create(event=event, school=world.school, classes=f.year5(30), by=world.lead)
    waiting = services.booking_create(
        event=event,
        school=world.other_school,
        classes=f.year5(20),
        by=world.lead,
        join_waiting_list=True,
    )
    plan = _plan_of(event)
    with pytest.raises(EncounterError, match="30 places are already booked"):
        services.event_update(
            event=event,
            by=world.facilitator,
            plan=plan.__class__(**{**plan.__dict__, "capacity": 20}),
        )
    services.event_update(
        event=event, by=world.facilitator, plan=plan.__class__(**{**plan.__dict__, "capacity": 50})
    )
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED


def test_the_database_refuses_overbooking_whatever_the_code(world):
    from django.db import IntegrityError, transaction
    from django.db.models import F

    event = f.event(world, capacity=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(places_booked=F("capacity") + 1)


def _plan_of(event):
    return services.EventPlan(
        kind=event.kind,
        title=event.title,
        date=event.date,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        capacity=event.capacity,
        year_groups=tuple(event.year_groups),
        host_school=event.host_school,
        location=event.location,
    )
