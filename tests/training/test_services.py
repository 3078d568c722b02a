"""Training services: publishing sessions, booking within capacity, the waiting list,
cancelling and attendance."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from horizons.accounts.models import Membership, Role, User
from horizons.training import selectors, services
from horizons.training.models import TrainingBooking
from horizons.training.services import SessionFull, TrainingError
from tests.training.factories import move_to_past, plan, session

pytestmark = pytest.mark.django_db
BOOKED = TrainingBooking.Status.BOOKED
WAITING = TrainingBooking.Status.WAITING


def _colleague(world, email: str, school=None) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(email, "pw-12345678", first_name="Sam", last_name="Reed")
    Membership.objects.create(user=user, role=Role.TEACHER, school=school or world.school)
    return user


def test_a_facilitator_publishes_a_session_for_their_hub(world) -> None:  # type: ignore[no-untyped-def]
    made = session(world, title="  Careers in maths  ")
    assert made.hub == world.hub
    assert made.title == "Careers in maths"
    assert made.benchmarks == [1, 4]
    assert made.created_by == world.facilitator


@pytest.mark.parametrize("persona", ["lead", "teacher", "outsider", "coordinator"])
def test_only_the_hubs_facilitators_publish_its_sessions(world, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TrainingError, match="Only the hub's facilitators"):
        services.session_create(hub=world.hub, by=world.persona(persona), plan=plan())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": time(15, 0)}, "end after it starts"),
        ({"venue": "", "online_link": ""}, "venue, an online link"),
        ({"title": "   "}, "title"),
        ({"benchmarks": (1, 9)}, "numbered 1 to 8"),
    ],
)
def test_a_session_that_makes_no_sense_is_refused_with_what_to_fix(
    world, overrides, message
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TrainingError, match=message):
        session(world, **overrides)


def test_a_session_in_the_past_cannot_be_published(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TrainingError, match="in the past"):
        session(world, date=timezone.localdate() - timedelta(days=1))


def test_staff_book_themselves_and_a_careers_leader_books_a_colleague(world) -> None:  # type: ignore[no-untyped-def]
    s = session(world)
    mine = services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher
    )
    colleague = _colleague(world, "sam@example.org")
    theirs = services.booking_create(
        session=s, school=world.school, attendee=colleague, by=world.lead
    )
    assert (mine.status, theirs.status) == (BOOKED, BOOKED)
    assert theirs.booked_by == world.lead


def test_a_teacher_cannot_book_a_colleague(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TrainingError, match="careers leader can book colleagues"):
        services.booking_create(
            session=session(world), school=world.school, attendee=world.lead, by=world.teacher
        )


def test_a_school_books_only_its_own_hubs_sessions(world) -> None:  # type: ignore[no-untyped-def]
    foreign = session(world, hub=world.other_hub)
    with pytest.raises(TrainingError, match="another hub"):
        services.booking_create(
            session=foreign, school=world.school, attendee=world.lead, by=world.lead
        )


def test_booking_twice_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    s = session(world)
    services.booking_create(session=s, school=world.school, attendee=world.lead, by=world.lead)
    with pytest.raises(TrainingError, match="You are already booked on this session"):
        services.booking_create(session=s, school=world.school, attendee=world.lead, by=world.lead)


def test_a_full_session_refuses_a_booking_and_offers_the_waiting_list(world) -> None:  # type: ignore[no-untyped-def]
    s = session(world, capacity=1)
    services.booking_create(session=s, school=world.school, attendee=world.lead, by=world.lead)
    with pytest.raises(SessionFull, match="This session is full: all 1 places are taken"):
        services.booking_create(
            session=s, school=world.school, attendee=world.teacher, by=world.teacher
        )
    assert TrainingBooking.objects.filter(session=s).count() == 1
    waiting = services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher, waiting_list=True
    )
    assert waiting.status == WAITING
    assert services.booked_count(s) == 1


def test_cancelling_gives_the_place_to_the_first_person_waiting(world) -> None:  # type: ignore[no-untyped-def]
    s = session(world, capacity=1)
    first = services.booking_create(
        session=s, school=world.school, attendee=world.lead, by=world.lead
    )
    second = services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher, waiting_list=True
    )
    third = services.booking_create(
        session=s,
        school=world.school,
        attendee=_colleague(world, "third@example.org"),
        by=world.lead,
        waiting_list=True,
    )
    services.booking_cancel(booking=first, by=world.lead)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (BOOKED, WAITING)
    # The cancelled person can book again (onto the waiting list: the place has gone).
    again = services.booking_create(
        session=s, school=world.school, attendee=world.lead, by=world.lead, waiting_list=True
    )
    assert again.status == WAITING


def test_only_the_attendee_their_leader_or_the_hub_cancels(world) -> None:  # type: ignore[no-untyped-def]
    s = session(world)
    booking = services.booking_create(
        session=s, school=world.school, attendee=world.lead, by=world.lead
    )
    with pytest.raises(TrainingError, match="Only the person booked"):
        services.booking_cancel(booking=booking, by=world.teacher)
    services.booking_cancel(booking=booking, by=world.facilitator)
    booking.refresh_from_db()
    assert booking.status == TrainingBooking.Status.CANCELLED
    with pytest.raises(TrainingError, match="already cancelled"):
        services.booking_cancel(booking=booking, by=world.lead)


def test_places_cannot_shrink_below_the_people_booked_and_growing_them_admits_the_waiting(
    world,
) -> None:  # type: ignore[no-untyped-def]
    s = session(world, capacity=1)
    services.booking_create(session=s, school=world.school, attendee=world.lead, by=world.lead)
    waiting = services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher, waiting_list=True
    )
    services.session_update(session=s, by=world.facilitator, plan=plan(capacity=2))
    waiting.refresh_from_db()
    assert waiting.status == BOOKED
    with pytest.raises(TrainingError, match="2 people are already booked: keep at least 2"):
        services.session_update(session=s, by=world.facilitator, plan=plan(capacity=1))


def test_the_hub_records_attendance_after_the_session(world) -> None:  # type: ignore[no-untyped-def]
    s = session(world)
    came = services.booking_create(
        session=s, school=world.school, attendee=world.lead, by=world.lead
    )
    absent = services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher
    )
    with pytest.raises(TrainingError, match="record attendance on the day or after"):
        services.attendance_record(session=s, by=world.facilitator, attended_ids=[came.pk])
    move_to_past(s)
    with pytest.raises(TrainingError, match="Only the hub's facilitators"):
        services.attendance_record(session=s, by=world.lead, attended_ids=[came.pk])
    assert services.attendance_record(session=s, by=world.facilitator, attended_ids=[came.pk]) == 1
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attended, absent.attended) == (True, False)


def test_a_past_session_cannot_be_booked_or_cancelled(world) -> None:  # type: ignore[no-untyped-def]
    s = session(world)
    booking = services.booking_create(
        session=s, school=world.school, attendee=world.lead, by=world.lead
    )
    move_to_past(s)
    with pytest.raises(TrainingError, match="already happened"):
        services.booking_create(
            session=s, school=world.school, attendee=world.teacher, by=world.teacher
        )
    with pytest.raises(TrainingError, match="already happened"):
        services.booking_cancel(booking=booking, by=world.lead)


def test_cpd_hours_count_only_attended_sessions_this_school_year(world) -> None:  # type: ignore[no-untyped-def]
    s = session(world, hours=Decimal("2.5"))
    other = session(world, title="Stereotypes", hours=Decimal("1"), benchmarks=(3,))
    for sess in (s, other):
        services.booking_create(
            session=sess, school=world.school, attendee=world.lead, by=world.lead
        )
    services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher
    )
    move_to_past(s, days=1)
    move_to_past(other, days=1)
    services.attendance_record(
        session=s,
        by=world.facilitator,
        attended_ids=s.bookings.values_list("pk", flat=True),
    )
    from horizons.core import academic_year

    year = academic_year.start_year(timezone.localdate() - timedelta(days=1))
    record = selectors.school_cpd(school=world.school, year=year)
    assert record.hours == Decimal("5.0")  # two people at 2.5 hours; "other" not recorded
    assert (record.sessions, record.people) == (1, 2)
    assert [line.title for line in record.for_benchmark(4)] == ["Careers in the curriculum"] * 2
    assert record.for_benchmark(3) == []
    assert selectors.cpd_hours_by_school([world.school.pk, world.other_school.pk], year=year) == {
        world.school.pk: Decimal("5.0")
    }
    assert selectors.cpd_totals(selectors.School.objects.filter(hub=world.hub), year=year) == {
        "hours": Decimal("5.0"),
        "schools": 1,
    }
    assert selectors.school_cpd(school=world.school, year=year - 1).lines == []
