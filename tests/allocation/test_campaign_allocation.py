"""Allocation inside the product: a campaign's requests become a problem, a run becomes a plan,
hand edits survive re-runs, and publishing books the sessions through the encounters services."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from horizons.allocation import campaign_problem as cp
from horizons.allocation import services
from horizons.allocation.models import AllocationRun
from horizons.encounters.models import Booking, Event
from horizons.organisations.models import SafeguardingCheck
from tests.allocation.factories import campaign_world
from tests.organisations.checks import verified_check


def test_a_campaign_becomes_the_documented_problem(world):
    cw = campaign_world(world)
    problem = cp.build_problem(cw.campaign, max_sessions=2, max_encounters_per_class=1)
    assert [s["id"] for s in problem["schools"]] == [f"school-{world.school.pk}"]
    school = problem["schools"][0]
    assert school["fsm"] == 0.24
    assert {c["name"]: c["year"] for c in school["classes"]} == {"Oak": 5, "Ash": 3}
    assert school["classes"][0]["slots"] == [
        f"{cw.monday} AM",
        f"{cw.monday + timedelta(days=1)} AM",
    ]
    (volunteer,) = problem["volunteers"]
    assert volunteer["id"] == f"volunteer-{world.volunteer_profile.pk}"
    # Available Monday and Tuesday mornings: those half-days of the campaign, no others.
    assert volunteer["slots"] == [f"{cw.monday} AM", f"{cw.monday + timedelta(days=1)} AM"]
    assert volunteer["max_sessions"] == 2 and volunteer["radius_km"] == 20
    assert volunteer["counter_stereotype"] is True  # a woman engineer
    assert problem["max_encounters_per_class"] == 1
    assert problem["forbidden"] == [
        {
            "volunteer": volunteer["id"],
            "class": f"class-{cw.year3.pk}",
            "slot": f"{cw.monday + timedelta(days=1)} AM",
        }
    ]


def test_volunteers_without_a_safeguarding_check_are_left_out(world):
    cw = campaign_world(world)
    assert [v["id"] for v in cp.build_problem(cw.campaign)["volunteers"]] == [
        cp.volunteer_id(world.volunteer_profile.pk)
    ]
    world.volunteer_profile.safeguarding_checks.all().delete()
    assert cp.build_problem(cw.campaign)["volunteers"] == []


def test_a_self_declared_date_does_not_let_a_volunteer_into_the_plan(world):
    cw = campaign_world(world)
    world.volunteer_profile.safeguarding_checks.update(
        kind=SafeguardingCheck.Kind.SELF_DECLARED, verified_at=None
    )
    assert cp.build_problem(cw.campaign)["volunteers"] == []


def test_a_check_that_runs_out_before_the_campaign_ends_leaves_the_volunteer_out(world):
    cw = campaign_world(world)
    world.volunteer_profile.safeguarding_checks.update(expires_on=cw.monday + timedelta(days=2))
    assert cp.build_problem(cw.campaign)["volunteers"] == []
    world.volunteer_profile.safeguarding_checks.update(expires_on=cw.monday + timedelta(days=4))
    assert len(cp.build_problem(cw.campaign)["volunteers"]) == 1


def test_a_run_makes_a_plan_with_reasons_and_a_fair_comparison(
    world, django_capture_on_commit_callbacks
):
    cw = campaign_world(world)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(
            campaign=cw.campaign, by=world.facilitator, max_sessions=2, time_limit_seconds=5
        )
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DONE, run.result
    assignments = run.result["assignments"]
    # Two classes, one volunteer free on two mornings, Ash vetoed on Tuesday: both classes are
    # reached, Oak on one morning and Ash on Monday.
    assert {(a["class"], a["slot"]) for a in assignments} >= {
        (f"class-{cw.year3.pk}", f"{cw.monday} AM")
    }
    assert run.result["figures"]["classes_reached"] == 2
    assert len(run.result["reasons"]) == len(assignments)
    assert all("Maya" in reason for reason in run.result["reasons"])


def test_a_kept_pairing_is_in_the_next_plan(world, django_capture_on_commit_callbacks):
    cw = campaign_world(world)
    tuesday = f"{cw.monday + timedelta(days=1)} AM"
    services.decision_set(
        campaign=cw.campaign,
        by=world.facilitator,
        kind="lock",
        volunteer=world.volunteer_profile,
        request_class=cw.year5,
        slot=tuesday,
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(campaign=cw.campaign, by=world.facilitator, time_limit_seconds=5)
    run.refresh_from_db()
    assert {
        "volunteer": f"volunteer-{world.volunteer_profile.pk}",
        "class": f"class-{cw.year5.pk}",
        "slot": tuesday,
    }.items() <= next(
        a for a in run.result["assignments"] if a["class"] == f"class-{cw.year5.pk}"
    ).items()


def test_a_slot_outside_the_campaign_is_refused(world):
    cw = campaign_world(world)
    with pytest.raises(services.AllocationError, match="is not a half-day"):
        services.decision_set(
            campaign=cw.campaign,
            by=world.facilitator,
            kind="lock",
            volunteer=world.volunteer_profile,
            request_class=cw.year5,
            slot="2031-01-01 AM",
        )


def _finished_run(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    cw = campaign_world(world)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(campaign=cw.campaign, by=world.facilitator, time_limit_seconds=5)
    run.refresh_from_db()
    return cw, run


def test_publishing_books_every_session_and_sends_invitations(
    world, django_capture_on_commit_callbacks
):
    cw, run = _finished_run(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        events = services.run_publish(run=run, by=world.facilitator)
    assert len(events) == len(run.result["assignments"]) == 2
    assert Booking.objects.filter(school=world.school, status=Booking.Status.CONFIRMED).count() == 2
    for event in events:
        assert event.kind == Event.Kind.SPECIAL and event.host_school == world.school
        assert list(event.volunteers.all()) == [world.volunteer_profile]
    attachments = [a for m in mail.outbox for a in m.attachments if str(a[0]).endswith(".ics")]
    assert attachments, "invitations carry a calendar file"
    calendar = icalendar.Calendar.from_ical(attachments[0][1])
    assert any(c.name == "VEVENT" for c in calendar.walk())
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.PUBLISHED
    with pytest.raises(services.AllocationError):
        services.run_publish(run=run, by=world.facilitator)


def test_a_second_plan_cannot_book_over_the_first(world, django_capture_on_commit_callbacks):
    cw, run = _finished_run(world, django_capture_on_commit_callbacks)
    services.run_publish(run=run, by=world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.run_start(
            campaign=cw.campaign, by=world.facilitator, time_limit_seconds=5
        )
    second.refresh_from_db()
    # Issue 17: the second plan plans around the first (Maya is booked both mornings), so it
    # has nothing new to publish, and nothing is booked twice.
    with pytest.raises(services.AllocationError, match="no sessions"):
        services.run_publish(run=second, by=world.facilitator)
    assert Booking.objects.count() == 2


def test_online_sessions_need_a_joining_link(world, django_capture_on_commit_callbacks):
    campaign_world(world)
    type(world.volunteer_profile).objects.filter(pk=world.volunteer_profile.pk).update(
        travel_radius_km=0, can_present_online=True
    )
    _, run = _finished_run(world, django_capture_on_commit_callbacks)
    assert run.result["assignments"] and all(
        a["mode"] == "online" for a in run.result["assignments"]
    )
    with pytest.raises(services.AllocationError, match="joining link"):
        services.run_publish(run=run, by=world.facilitator)
    assert not Event.objects.exists()
    events = services.run_publish(
        run=run, by=world.facilitator, online_link="https://meet.example.org/abc"
    )
    assert [e.kind for e in events] == [Event.Kind.ONLINE] * len(events)


def test_the_review_pages_show_the_plan(world, client_for, django_capture_on_commit_callbacks):
    cw, run = _finished_run(world, django_capture_on_commit_callbacks)
    client = client_for("facilitator")
    page = client.get(f"/allocation/runs/{run.pk}/").content.decode()
    assert "2 of 2" in page and "Maya" in page and "Felling Primary School" in page
    school_page = client.get(f"/allocation/runs/{run.pk}/schools/{world.school.pk}/")
    assert school_page.status_code == 200
    assert "Oak" in school_page.content.decode()
    # Other hubs' facilitators, and school staff, get nothing.
    assert client_for("outsider").get(f"/allocation/runs/{run.pk}/").status_code == 404
    assert client_for("lead").post(f"/allocation/runs/{run.pk}/publish/").status_code == 404
    assert not Event.objects.exists()


def test_a_facilitator_keeps_a_pairing_from_the_review_page(
    world, client_for, django_capture_on_commit_callbacks
):
    cw, run = _finished_run(world, django_capture_on_commit_callbacks)
    response = client_for("facilitator").post(
        f"/allocation/runs/{run.pk}/decide/",
        {
            "kind": "lock",
            "request_class": f"class-{cw.year5.pk}",
            "volunteer": f"volunteer-{world.volunteer_profile.pk}",
            "slot": f"{cw.monday} AM",
        },
    )
    assert response.status_code == 302
    assert cw.campaign.allocation_decisions.filter(kind="lock", request_class=cw.year5).exists()


def _with_a_host_school(world, cw):  # type: ignore[no-untyped-def]
    """Dunston (same street as Felling, in the test world) can host 120 pupils; one class."""
    from horizons.encounters.models import RequestClass, SchoolRequest

    host = SchoolRequest.objects.create(
        campaign=cw.campaign,
        school=world.other_school,
        slots=list(cw.request.slots),
        can_host=True,
        host_pupils=120,
    )
    return RequestClass.objects.create(request=host, name="Birch", year_group=5, pupils=30)


def test_rotation_events_send_nearby_schools_to_a_host(world):
    cw = campaign_world(world)
    _with_a_host_school(world, cw)
    problem = cp.build_problem(cw.campaign, rotation_rounds=3)
    host_id, visitor_id = f"school-{world.other_school.pk}", f"school-{world.school.pk}"
    schools = {s["id"]: s for s in problem["schools"]}
    assert schools[visitor_id]["host"] == host_id and "host" not in schools[host_id]
    assert problem["rotations"] == [
        {"host": host_id, "slot": f"{cw.monday} AM", "rounds": 3},
        {"host": host_id, "slot": f"{cw.monday + timedelta(days=1)} AM", "rounds": 3},
    ]
    # Without rounds nobody travels.
    plain = cp.build_problem(cw.campaign)
    assert plain["rotations"] == [] and all("host" not in s for s in plain["schools"])


def test_a_rotation_event_is_published_with_its_timetable(
    world, django_capture_on_commit_callbacks
):
    cw = campaign_world(world)
    birch = _with_a_host_school(world, cw)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(
            campaign=cw.campaign, by=world.facilitator, max_sessions=1,
            max_encounters_per_class=1, rotation_rounds=3, time_limit_seconds=5,
        )  # fmt: skip
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DONE, run.result
    # One session, but at the rotation event Maya meets all three classes in turn.
    assignments = run.result["assignments"]
    assert len(assignments) == 3 and len({a["slot"] for a in assignments}) == 1
    assert sorted(a["round"] for a in assignments) == [1, 2, 3]
    with django_capture_on_commit_callbacks(execute=True):
        (event,) = services.run_publish(run=run, by=world.facilitator)
    # One employer's volunteer: a special event at the host, timetabled in rounds (a rotation
    # event needs two employers; the next test has them).
    assert event.kind == Event.Kind.SPECIAL and event.host_school == world.other_school
    assert list(event.volunteers.all()) == [world.volunteer_profile]
    assert event.capacity == 28 + 25 + 30 and "Round 3:" in event.description
    assert event.starts_at.hour == 9 and event.ends_at.hour == 11
    bookings = {b.school: b for b in Booking.objects.filter(event=event)}
    assert set(bookings) == {world.school, world.other_school}
    assert {c.name for c in bookings[world.school].classes.all()} == {"Oak", "Ash"}
    assert {c.name for c in bookings[world.other_school].classes.all()} == {birch.name}


def test_two_employers_at_a_host_make_a_rotation_event(world, django_capture_on_commit_callbacks):
    from horizons.organisations.models import Employer, Volunteer

    cw = campaign_world(world)
    _with_a_host_school(world, cw)
    other = Employer.objects.create(
        hub=world.hub, name="Nexus Rail", sector="transport", latitude=54.95, longitude=-1.61
    )
    sam = Volunteer.objects.create(
        employer=other, first_name="Sam", last_name="Reed", job_title="Train driver",
        travel_radius_km=15, availability=["mon_am"],
    )  # fmt: skip
    verified_check(sam, checked_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(
            campaign=cw.campaign, by=world.facilitator, max_sessions=1,
            max_encounters_per_class=2, rotation_rounds=3, time_limit_seconds=5,
        )  # fmt: skip
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DONE, run.result
    with django_capture_on_commit_callbacks(execute=True):
        events = services.run_publish(run=run, by=world.facilitator)
    rotation = [e for e in events if e.kind == Event.Kind.ROTATION]
    assert len(rotation) == 1 and rotation[0].host_school == world.other_school
    assert {e.name for e in rotation[0].employers.all()} == {world.employer.name, "Nexus Rail"}


def test_the_bound_process_forked_beside_the_search_leaves_the_database_usable(world):
    # A large campaign forks a child to tighten the bound (beside.py) from inside the task
    # worker, which holds an open database connection: the child must neither use nor close
    # it, so the worker's next queries still work (on PostgreSQL in CI, a real socket).
    from horizons.allocation.engine.generate import generate
    from horizons.allocation.engine.solver import solve
    from horizons.organisations.models import School

    before = School.objects.count()
    plan = solve(generate(40, 80, 2, seed=4), time_limit=1.5, direct_limit=0, beside=True)
    assert "flow_beside" in plan.stats
    assert School.objects.count() == before
    AllocationRun.objects.filter(pk=campaign_world(world).run.pk).update(progress="still here")
    assert AllocationRun.objects.get(pk=campaign_world(world).run.pk).progress == "still here"
