"""No clash, ever (issue 17): the Django-free overlap rules, and the services that use them."""

from datetime import date, time, timedelta

import pytest

from horizons.encounters import clashes, services
from horizons.encounters.clashes import Commitment
from horizons.encounters.models import Booking, Event
from horizons.encounters.services import ClassSpec, EncounterError, EventPlan
from horizons.organisations.models import Volunteer
from tests.encounters.factories import campaign, event, next_weekday, offer, year5
from tests.organisations.checks import verified_check

TUE = date(2027, 3, 2)


def at(key: str, start: time, end: time, *, event_id: int = 1, day: date = TUE) -> Commitment:
    return Commitment("Callum A.", key, event_id, "Jarrow rotation", day, start, end)


@pytest.mark.parametrize(
    ("start", "end", "clash"),
    [
        (time(9, 30), time(10, 30), True),  # inside
        (time(8, 0), time(9, 30), True),  # runs into it
        (time(10, 59), time(12, 0), True),  # starts before it ends
        (time(11, 0), time(12, 0), False),  # starts as it ends
        (time(8, 0), time(9, 15), False),  # ends as it starts
        (time(13, 15), time(14, 55), False),  # the afternoon
    ],
)
def test_overlap_is_strict(start, end, clash):
    jarrow = at("volunteer-1", time(9, 15), time(11, 0))
    found = clashes.first_clash(TUE, start, end, ["volunteer-1"], [jarrow])
    assert (found == jarrow) is clash


def test_only_the_same_person_on_the_same_day_at_another_event_clashes():
    jarrow = at("volunteer-1", time(9, 15), time(11, 0), event_id=7)
    args = (time(9, 30), time(10, 30))
    assert clashes.first_clash(TUE, *args, ["volunteer-2"], [jarrow]) is None
    assert clashes.first_clash(TUE + timedelta(days=1), *args, ["volunteer-1"], [jarrow]) is None
    assert clashes.first_clash(TUE, *args, ["volunteer-1"], [jarrow], event_id=7) is None
    assert clashes.first_clash(TUE, *args, ["volunteer-1"], [jarrow], event_id=8) == jarrow


def test_the_message_names_the_other_event_and_its_times():
    jarrow = at("volunteer-1", time(9, 15), time(11, 0))
    assert clashes.describe(jarrow) == (
        "Callum A. is already at Jarrow rotation, Tue 2 March 09:15–11:00"
    )


def test_a_class_is_known_by_its_school_and_name_whatever_the_case():
    assert clashes.class_key(3, " Year 6 Elm") == clashes.class_key(3, "year 6 elm")
    assert clashes.class_key(3, "Year 6 Elm") != clashes.class_key(4, "Year 6 Elm")


def _callum(world) -> Volunteer:  # type: ignore[no-untyped-def]
    callum = Volunteer.objects.create(
        employer=world.employer, first_name="Callum", last_name="Armstrong",
        job_title="Vet", availability=["tue_am", "thu_pm"],
    )  # fmt: skip
    verified_check(callum)
    return callum


def _plan(day: date, start: time, end: time, title: str = "Another visit", **extra) -> EventPlan:
    data = {
        "kind": Event.Kind.SPECIAL, "title": title, "date": day, "starts_at": start,
        "ends_at": end, "capacity": 60, "year_groups": (4, 5), "location": "School hall",
    }  # fmt: skip
    data.update(extra)
    return EventPlan(**data)


def test_a_facilitator_cannot_put_a_volunteer_in_two_events_at_once(world):
    first = event(world)  # Tuesday 09:30–11:00, Maya there
    maya = world.volunteer_profile
    with pytest.raises(EncounterError) as info:
        services.event_create(
            hub=world.hub,
            by=world.facilitator,
            plan=_plan(first.date, time(10, 0), time(11, 30)),
            employers=[world.employer],
            volunteers=[maya],
        )
    day = first.date
    assert str(info.value).startswith(
        f"Maya O. is already at {first.title}, {day:%a} {day.day} {day:%B} 09:30–11:00."
    )
    assert Event.objects.count() == 1
    # Straight after is fine.
    services.event_create(
        hub=world.hub,
        by=world.facilitator,
        plan=_plan(first.date, time(11, 0), time(11, 45)),
        employers=[world.employer],
        volunteers=[maya],
    )


def test_moving_an_event_onto_another_of_the_volunteers_events_is_refused(world):
    first = event(world)
    later = services.event_create(
        hub=world.hub,
        by=world.facilitator,
        plan=_plan(first.date, time(11, 0), time(11, 45), title="Later"),
        employers=[world.employer],
        volunteers=[world.volunteer_profile],
    )
    with pytest.raises(EncounterError, match=f"already at {first.title}"):
        services.event_update(
            event=later, by=world.facilitator, plan=_plan(first.date, time(10, 30), time(11, 45))
        )
    later.refresh_from_db()
    assert later.starts_at == time(11, 0)
    # Moving an event within its own times is no clash with itself.
    services.event_update(
        event=first, by=world.facilitator, plan=_plan(first.date, time(9, 15), time(10, 45))
    )


def test_moving_an_event_onto_a_booked_class_s_other_event_is_refused(world):
    other_volunteer = _callum(world)
    morning = event(world, volunteers=[other_volunteer])
    later = event(
        world, day=morning.date, starts_at=time(11, 0), ends_at=time(11, 45), title="Later"
    )
    services.booking_create(event=morning, school=world.school, classes=year5(), by=world.lead)
    services.booking_create(event=later, school=world.school, classes=year5(), by=world.lead)
    with pytest.raises(EncounterError, match="Year 5 Oak \\(Felling Primary School\\) is already"):
        services.event_update(
            event=later, by=world.facilitator, plan=_plan(morning.date, time(10, 0), time(11, 45))
        )


def test_a_school_cannot_book_one_class_into_two_events_at_once(world):
    callum = _callum(world)
    jarrow = event(world, title="Jarrow rotation", volunteers=[callum])
    vet = event(world, day=jarrow.date, starts_at=time(10, 30), ends_at=time(11, 30))
    services.booking_create(event=jarrow, school=world.school, classes=year5(), by=world.lead)
    with pytest.raises(EncounterError) as info:
        services.booking_create(
            event=vet, school=world.school, classes=year5(name="year 5 oak"), by=world.lead
        )
    assert "Year 5 Oak (Felling Primary School) is already at Jarrow rotation" in str(info.value)
    assert not Booking.objects.filter(event=vet).exists()
    # Another class of the school may go; so may the class once its first booking is cancelled.
    services.booking_create(
        event=vet, school=world.school, classes=[ClassSpec("Year 4 Ash", 4, 25)], by=world.lead
    )
    services.booking_cancel(booking=Booking.objects.get(event=jarrow), by=world.lead)
    services.booking_create(event=vet, school=world.other_school, classes=year5(), by=world.lead)
    services.booking_create(
        event=event(world, day=jarrow.date, starts_at=time(9, 30), ends_at=time(10, 0), title="X",
                    volunteers=[]),
        school=world.school, classes=year5(), by=world.lead,
    )  # fmt: skip


def test_an_online_session_clashes_with_an_afternoon_rotation_too(world):
    """The demo's four classes: a rotation 13:15–14:55 and an online session 14:00–14:45."""
    day = next_weekday(3)  # Thursday: Maya is free in the afternoon
    rotation = event(world, day=day, starts_at=time(13, 15), ends_at=time(14, 55))
    online = event(
        world,
        day=day,
        kind=Event.Kind.ONLINE,
        starts_at=time(14, 0),
        ends_at=time(14, 45),
        volunteers=[],
        title="Online: meet a nurse",
    )
    services.booking_create(event=rotation, school=world.school, classes=year5(), by=world.lead)
    with pytest.raises(EncounterError, match="already at Bridge building"):
        services.booking_create(event=online, school=world.school, classes=year5(), by=world.lead)


def test_allocation_publish_cannot_clash_either(world):
    """Publishing goes through event_create, so a plan is refused whole if it would clash."""
    c = campaign(world, status="matching")
    jarrow = event(world, campaign=c, title="Jarrow rotation")
    with pytest.raises(EncounterError, match="Maya O. is already at Jarrow rotation"):
        services.event_create(
            hub=world.hub,
            by=world.facilitator,
            campaign=c,
            plan=_plan(jarrow.date, time(9, 30), time(10, 30), title="Meet a vet"),
            offers=[offer(world)],
            volunteers=[world.volunteer_profile],
        )
