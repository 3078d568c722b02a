"""Plans made around what already exists (issue 17): the Benwell / Callum case, re-planning
after publishing, and publishing twice without duplicates."""

from datetime import time, timedelta

import pytest

from horizons.allocation import campaign_problem as cp
from horizons.allocation import selectors, services
from horizons.allocation.engine.check import check_plan
from horizons.allocation.engine.problem import parse_problem, plan_from_json
from horizons.allocation.models import AllocationRun
from horizons.encounters import services as encounters
from horizons.encounters.models import Booking, BookingClass, Event
from horizons.organisations.models import Volunteer
from tests.allocation.factories import campaign_world
from tests.organisations.checks import verified_check


def _callum(world):  # type: ignore[no-untyped-def]
    callum = Volunteer.objects.create(
        employer=world.employer,
        first_name="Callum",
        last_name="Armstrong",
        job_title="Vet",
        availability=["mon_am", "tue_am"],
        travel_radius_km=20,
    )
    verified_check(callum)
    return callum


def _jarrow_rotation_with_oak(world, cw, callum):  # type: ignore[no-untyped-def]
    """Oak already booked into an event on the campaign's Monday 09:15–11:00, Callum there."""
    event = encounters.event_create(
        hub=world.hub,
        by=world.facilitator,
        campaign=cw.campaign,
        employers=[world.employer],
        volunteers=[callum],
        plan=encounters.EventPlan(
            kind=Event.Kind.SPECIAL,
            title="Jarrow rotation",
            date=cw.monday,
            starts_at=time(9, 15),
            ends_at=time(11, 0),
            capacity=60,
            year_groups=(3, 5),
            host_school=world.school,
            location="Hall",
        ),
    )
    encounters.booking_create(
        event=event, school=world.school, classes=[cw.year5], by=world.lead, request=cw.request
    )
    return event


def _plan(cw, world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(campaign=cw.campaign, by=world.facilitator, time_limit_seconds=5)
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DONE, run.result
    return run


def _triples(run):  # type: ignore[no-untyped-def]
    return {(a["volunteer"], a["class"], a["slot"]) for a in run.result["assignments"]}


def test_the_problem_knows_what_is_already_booked(world):
    cw = campaign_world(world)
    callum = _callum(world)
    _jarrow_rotation_with_oak(world, cw, callum)
    problem = cp.build_problem(cw.campaign)
    monday_am = f"{cw.monday} AM"
    oak, ash, cal = cp.class_id(cw.year5.pk), cp.class_id(cw.year3.pk), cp.volunteer_id(callum.pk)
    when = f"Jarrow rotation, {cw.monday:%a} {cw.monday.day} {cw.monday:%B} 09:15–11:00"
    assert {"class": oak, "slot": monday_am, "what": when} in problem["busy"]
    assert {"volunteer": cal, "slot": monday_am, "what": when} in problem["busy"]
    assert not any(b.get("class") == ash for b in problem["busy"])
    prior = {c["id"]: c["prior_encounters"] for c in problem["schools"][0]["classes"]}
    assert prior == {oak: 1, ash: 0}
    # Callum and Oak have met: never paired again, in any half-day.
    assert {(t["volunteer"], t["class"]) for t in problem["forbidden"]} >= {(cal, oak)}
    assert sum(1 for t in problem["forbidden"] if (t["volunteer"], t["class"]) == (cal, oak)) == (
        len(problem["slots"])
    )
    parsed = parse_problem(problem)
    assert monday_am not in parsed.class_by_id[oak].slots


def test_a_plan_made_after_a_booking_never_books_into_it(world, django_capture_on_commit_callbacks):
    cw = campaign_world(world)
    callum = _callum(world)
    _jarrow_rotation_with_oak(world, cw, callum)
    run = _plan(cw, world, django_capture_on_commit_callbacks)
    monday_am = f"{cw.monday} AM"
    oak, cal = cp.class_id(cw.year5.pk), cp.volunteer_id(callum.pk)
    triples = _triples(run)
    assert triples, "the plan still finds sessions around the booking"
    assert not any(c == oak and s == monday_am for _v, c, s in triples)
    assert not any(v == cal and s == monday_am for v, _c, s in triples)
    assert not any(v == cal and c == oak for v, c, _s in triples)
    assert check_plan(parse_problem(run.problem), plan_from_json(run.result)) == []
    # The reasons use the real count: Oak has met one visitor already.
    oak_reasons = [
        r
        for a, r in zip(run.result["assignments"], run.result["reasons"], strict=True)
        if a["class"] == oak
    ]
    assert oak_reasons and all("met 1 visitor before" in r for r in oak_reasons)
    assert not any("met no one yet" in r for r in oak_reasons)


def test_publishing_twice_never_duplicates_and_a_second_plan_adds_only_what_is_new(
    world, django_capture_on_commit_callbacks
):
    cw = campaign_world(world)
    first = _plan(cw, world, django_capture_on_commit_callbacks)
    stale = _plan(cw, world, django_capture_on_commit_callbacks)  # made before publishing
    assert _triples(stale) == _triples(first)
    changes = selectors.plan_changes(first)
    assert (len(changes["added"]), changes["kept"], changes["clashes"]) == (2, 0, [])

    with django_capture_on_commit_callbacks(execute=True):
        events = services.run_publish(run=first, by=world.facilitator)
    booked = Booking.objects.filter(status=Booking.Status.CONFIRMED).count()
    assert len(events) == 2 and booked == 2

    # The same plan again: refused, nothing booked twice.
    with pytest.raises(services.AllocationError):
        services.run_publish(run=first, by=world.facilitator)
    # A plan made before the first was published: everything in it is already published.
    changes = selectors.plan_changes(stale)
    assert changes["added"] == [] and changes["already_in_plan"] == 2 and changes["kept"] == 2
    with pytest.raises(services.AllocationError, match="already published"):
        services.run_publish(run=stale, by=world.facilitator)
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == booked

    # A plan made now plans around the published sessions: Maya is busy both mornings, and
    # each class counts its published session.
    second = _plan(cw, world, django_capture_on_commit_callbacks)
    assert second.result["assignments"] == []
    classes = second.problem["schools"][0]["classes"]
    assert {c["prior_encounters"] for c in classes} == {1}
    assert {b["slot"] for b in second.problem["busy"] if "volunteer" in b} == {
        f"{cw.monday} AM",
        f"{cw.monday + timedelta(days=1)} AM",
    }
    with pytest.raises(services.AllocationError, match="no sessions"):
        services.run_publish(run=second, by=world.facilitator)
    assert BookingClass.objects.count() == booked


def test_a_stale_plan_that_clashes_with_what_was_published_is_refused_whole(
    world, django_capture_on_commit_callbacks
):
    cw = campaign_world(world)
    stale = _plan(cw, world, django_capture_on_commit_callbacks)
    # Since the plan was made, Oak was booked into another event on the plan's half-day.
    slot = next(
        a["slot"] for a in stale.result["assignments"] if a["class"].endswith(str(cw.year5.pk))
    )
    day = cw.monday if slot.startswith(str(cw.monday)) else cw.monday + timedelta(days=1)
    callum = _callum(world)
    event = encounters.event_create(
        hub=world.hub,
        by=world.facilitator,
        campaign=cw.campaign,
        employers=[world.employer],
        volunteers=[callum],
        plan=encounters.EventPlan(
            kind=Event.Kind.SPECIAL, title="Jarrow rotation", date=day, starts_at=time(9, 15),
            ends_at=time(11, 0), capacity=60, year_groups=(5,), host_school=world.school,
        ),
    )  # fmt: skip
    encounters.booking_create(
        event=event, school=world.school, classes=[cw.year5], by=world.lead, request=cw.request
    )
    changes = selectors.plan_changes(stale)
    assert [c["other"] for c in changes["clashes"]] == ["Jarrow rotation"]
    with pytest.raises(services.AllocationError, match="Make the plan again"):
        services.run_publish(run=stale, by=world.facilitator)
    assert Event.objects.count() == 1
