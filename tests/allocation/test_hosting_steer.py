"""The facilitator steers rotation events: send a school to a host (or keep it at home), choose a
host's days, cap a hall; the next plan is built around it, and bad input says what to fix."""

from datetime import time, timedelta

import pytest

from horizons.allocation import campaign_problem as cp
from horizons.allocation import services
from horizons.allocation.engine.hosting import Site, group_with_hosts
from horizons.allocation.models import HostingChoice
from horizons.encounters.models import Booking, BookingClass, Event, RequestClass, SchoolRequest
from horizons.organisations.models import School
from tests.allocation.factories import campaign_world

HOST_A = Site("A", 52.400, -1.500, pupils=60, can_host=True, hall_pupils=150, classes=2)
HOST_B = Site("B", 52.450, -1.500, pupils=30, can_host=True, hall_pupils=100, classes=1)


def test_a_school_sent_to_a_host_goes_there_whatever_the_distance():
    near_a = Site("a1", 52.405, -1.500, pupils=30, classes=1)
    far = Site("far", 52.600, -1.500, pupils=30, classes=1)  # 17 km from B, beyond reach
    assert group_with_hosts([HOST_A, HOST_B, near_a, far]) == {"a1": "A"}
    steered = group_with_hosts([HOST_A, HOST_B, near_a, far], fixed={"far": "B", "a1": None})
    assert steered == {"far": "B"}  # and a1 stays at home


def test_a_hall_cap_on_classes_sends_the_next_school_elsewhere():
    first = Site("s1", 52.401, -1.500, pupils=30, classes=2)
    second = Site("s2", 52.402, -1.500, pupils=30, classes=2)
    capped = Site("A", 52.400, -1.500, pupils=60, can_host=True, hall_pupils=150, classes=2,
                  max_classes=4)  # fmt: skip
    assert group_with_hosts([capped, HOST_B, first, second]) == {"s1": "A", "s2": "B"}
    assert group_with_hosts([HOST_A, HOST_B, first, second]) == {"s1": "A", "s2": "A"}


def _hosts(world, cw):  # type: ignore[no-untyped-def]
    """Dunston can host 120 pupils; Gateshead Central, 2 km off, can host 200."""
    dunston = SchoolRequest.objects.create(
        campaign=cw.campaign, school=world.other_school, slots=list(cw.request.slots),
        can_host=True, host_pupils=120,
    )  # fmt: skip
    RequestClass.objects.create(request=dunston, name="Birch", year_group=5, pupils=30)
    central = School.objects.create(
        urn=100003, name="Gateshead Central Primary", la_name="Gateshead",
        establishment_type="Community school", phase="Primary", status="Open",
        postcode="NE8 1AA", latitude=54.968, longitude=-1.60, number_of_pupils=300,
        percentage_fsm="30.0", hub=world.hub,
    )  # fmt: skip
    request = SchoolRequest.objects.create(
        campaign=cw.campaign, school=central, slots=list(cw.request.slots), can_host=True,
        host_pupils=200,
    )  # fmt: skip
    RequestClass.objects.create(request=request, name="Elm", year_group=6, pupils=30)
    return central


def _schools(problem):  # type: ignore[no-untyped-def]
    return {s["id"]: s for s in problem["schools"]}


def test_moving_a_school_to_another_host_is_in_the_next_problem(world):
    cw = campaign_world(world)
    central = _hosts(world, cw)
    felling = cp.school_id(world.school.pk)
    # By itself Felling goes to Dunston, on the same street.
    assert _schools(cp.build_problem(cw.campaign, rotation_rounds=3))[felling]["host"] == (
        cp.school_id(world.other_school.pk)
    )
    services.hosting_choice_set(
        campaign=cw.campaign, by=world.facilitator, kind="move", school=world.school, host=central
    )
    problem = cp.build_problem(cw.campaign, rotation_rounds=3)
    assert _schools(problem)[felling]["host"] == cp.school_id(central.pk)
    # Saying it again replaces the first choice: now Felling stays at home.
    services.hosting_choice_set(
        campaign=cw.campaign, by=world.facilitator, kind="move", school=world.school
    )
    assert HostingChoice.objects.filter(campaign=cw.campaign).count() == 1
    assert "host" not in _schools(cp.build_problem(cw.campaign, rotation_rounds=3))[felling]


def test_a_host_s_days_are_the_only_days_of_its_rotation_event(world):
    cw = campaign_world(world)
    _hosts(world, cw)
    monday = f"{cw.monday.isoformat()}_am"
    services.hosting_choice_set(
        campaign=cw.campaign, by=world.facilitator, kind="days", school=world.other_school,
        slots=[monday],
    )  # fmt: skip
    problem = cp.build_problem(cw.campaign, rotation_rounds=3)
    dunston = cp.school_id(world.other_school.pk)
    assert [r["slot"] for r in problem["rotations"] if r["host"] == dunston] == [f"{cw.monday} AM"]
    # Its visitors come on that day only.
    felling = _schools(problem)[cp.school_id(world.school.pk)]
    assert felling["host"] == dunston
    assert {s for c in felling["classes"] for s in c["slots"]} == {f"{cw.monday} AM"}


def test_a_hall_cap_sends_a_school_to_the_next_host(world):
    cw = campaign_world(world)
    central = _hosts(world, cw)
    services.hosting_choice_set(
        campaign=cw.campaign, by=world.facilitator, kind="cap", school=world.other_school,
        max_classes=2,
    )  # fmt: skip
    problem = cp.build_problem(cw.campaign, rotation_rounds=3)
    # Dunston's own class and Felling's two would be three.
    assert _schools(problem)[cp.school_id(world.school.pk)]["host"] == cp.school_id(central.pk)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "move", "host": "felling"}, "Felling Primary School did not offer to host"),
        ({"kind": "move", "school": "dunston"}, "Dunston Primary School is a host school"),
        ({"kind": "days", "school": "dunston", "slots": ["2031-01-06_am"]},
         "Choose half-days within the campaign"),
        ({"kind": "days", "school": "dunston", "slots": []}, "Choose at least one half-day"),
        ({"kind": "days", "school": "felling", "slots": []},
         "Felling Primary School did not offer to host in this campaign. Host schools: "
         "Dunston Primary School"),
        ({"kind": "cap", "school": "dunston"}, "Give the most classes or the most pupils"),
        ({"kind": "cap", "school": "hendon", "max_classes": 2}, "did not ask to take part"),
    ],
)  # fmt: skip
def test_bad_hosting_choices_say_what_to_fix(world, kwargs, message):
    cw = campaign_world(world)
    _hosts(world, cw)
    schools = {"felling": world.school, "dunston": world.other_school,
               "hendon": world.foreign_school}  # fmt: skip
    args = {"school": "felling", **kwargs}
    args["school"] = schools[args["school"]]
    if "host" in args:
        args["host"] = schools[args["host"]]
    with pytest.raises(services.AllocationError, match=message):
        services.hosting_choice_set(campaign=cw.campaign, by=world.facilitator, **args)
    assert not HostingChoice.objects.exists()


def test_a_cap_below_what_is_already_booked_is_refused(world):
    cw = campaign_world(world)
    _hosts(world, cw)
    event = Event.objects.create(
        hub=world.hub, campaign=cw.campaign, kind=Event.Kind.ROTATION, title="Rotation",
        host_school=world.other_school, date=cw.monday + timedelta(days=1),
        starts_at=time(9, 15), ends_at=time(11, 45), capacity=10, capacity_unit="classes",
    )  # fmt: skip
    booking = Booking.objects.create(
        event=event, school=world.school, status=Booking.Status.CONFIRMED, places=2, pupils=53
    )
    BookingClass.objects.create(booking=booking, name="Oak", year_group=5, pupils=28)
    BookingClass.objects.create(booking=booking, name="Ash", year_group=3, pupils=25)
    with pytest.raises(services.AllocationError) as exc:
        services.hosting_choice_set(
            campaign=cw.campaign, by=world.facilitator, kind="cap", school=world.other_school,
            max_classes=1,
        )  # fmt: skip
    day = f"{(cw.monday + timedelta(days=1)):%A} {(cw.monday + timedelta(days=1)).day}"
    assert str(exc.value).startswith(
        f"Dunston Primary School already has 2 classes (53 pupils) booked on {day}"
    )
    services.hosting_choice_set(
        campaign=cw.campaign, by=world.facilitator, kind="cap", school=world.other_school,
        max_classes=2,
    )  # fmt: skip


def test_the_campaign_page_saves_a_choice_and_shows_bad_input_with_what_was_typed(
    world, client_for
):
    cw = campaign_world(world)
    central = _hosts(world, cw)
    client = client_for("facilitator")
    url = f"/allocation/campaigns/{cw.campaign.pk}/hosting/"
    response = client.post(url, {"kind": "cap", "cap_host": str(world.other_school.pk)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Give the most classes or the most pupils" in page
    assert f'<option value="{world.other_school.pk}" selected>' in page  # kept what was chosen
    assert not HostingChoice.objects.exists()
    response = client.post(url, {"kind": "cap", "cap_host": str(central.pk), "cap_pupils": "90"})
    assert response.status_code == 302
    page = client.get(f"/allocation/campaigns/{cw.campaign.pk}/").content.decode()
    assert "Gateshead Central Primary" in page and "at most 90 pupils" in page
    choice = HostingChoice.objects.get()
    assert client.post(f"/allocation/hosting/{choice.pk}/remove/").status_code == 302
    assert not HostingChoice.objects.exists()
    # Another hub's facilitator cannot see or change this campaign's hosting.
    outsider = client_for("outsider")
    assert outsider.post(url, {"kind": "cap", "cap_host": str(central.pk)}).status_code == 404


def test_the_plan_page_shows_who_goes_to_which_host(
    world, client_for, django_capture_on_commit_callbacks
):
    cw = campaign_world(world)
    central = _hosts(world, cw)
    services.hosting_choice_set(
        campaign=cw.campaign, by=world.facilitator, kind="move", school=world.school, host=central
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(
            campaign=cw.campaign, by=world.facilitator, rotation_rounds=3, time_limit_seconds=5
        )
    page = client_for("facilitator").get(f"/allocation/runs/{run.pk}/").content.decode()
    assert "Rotation events in this plan" in page
    row = page.split("Gateshead Central Primary</td>", 1)[1].split("</tr>", 1)[0]
    assert "Felling Primary School" in row
    assert f"/allocation/campaigns/{cw.campaign.pk}/#hosting" in page
