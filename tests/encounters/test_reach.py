"""Reach figures on a small dataset whose answers are known, the command, and the exports."""

import io
import json
from datetime import time

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from horizons.encounters import exports, selectors, services
from horizons.encounters.models import Event
from horizons.encounters.services import ClassSpec
from horizons.organisations.models import Employer, Volunteer
from tests.conftest import _school
from tests.encounters import factories as f
from tests.organisations.checks import verified_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(world):
    """A campaign: a special event at Felling (24% FSM) and an online session.

    Felling: Year 5 Oak 28 booked, 26 came (special) + Year 4 Ash 30, all came (online).
    Dunston (41.5% FSM, high): Year 6 Elm 25 booked, 20 came (special, visiting Felling)
    and Year 3 Fir 27 came (online). A third school booked but did not show.
    """
    campaign = f.campaign(world)
    tuesday = campaign.starts_on.replace(day=campaign.starts_on.day + 1)
    thursday = campaign.starts_on.replace(day=campaign.starts_on.day + 3)
    special = f.event(world, campaign=campaign, day=tuesday, year_groups=(4, 5, 6), capacity=90)
    second = Employer.objects.create(name="Tyne Vets", sector="animals-and-land", hub=world.hub)
    vet = Volunteer.objects.create(
        employer=second, first_name="Ana", last_name="Li", job_title="Vet", availability=["thu_pm"]
    )
    verified_check(vet)
    vet_offer = services.offer_create(
        employer=second,
        by=world.admin,
        data={
            "title": "Meet a vet",
            "what_children_do": "Live from the surgery",
            "format": "online",
            "year_groups": [3, 4],
            "can_travel": False,
        },
        volunteers=[vet],
    )
    online = services.event_create(
        hub=world.hub,
        by=world.facilitator,
        campaign=campaign,
        offers=[vet_offer],
        volunteers=[vet],
        plan=services.EventPlan(
            kind=Event.Kind.ONLINE,
            title="Meet a vet online",
            date=thursday,
            starts_at=time(13, 30),
            ends_at=time(14, 15),
            capacity=50,
            capacity_unit=Event.Unit.CLASSES,
            year_groups=(3, 4),
            join_url="https://meet.example.org/vet",
        ),
    )
    third = _school(100003, "Windy Nook Primary School", world.hub, fsm="35.0")
    b1 = services.booking_create(
        event=special, school=world.school, classes=[ClassSpec("Year 5 Oak", 5, 28)], by=world.lead
    )
    b2 = services.booking_create(
        event=special,
        school=world.other_school,
        classes=[ClassSpec("Year 6 Elm", 6, 25)],
        by=world.lead,
    )
    b3 = services.booking_create(
        event=special, school=third, classes=[ClassSpec("Year 4 Box", 4, 20)], by=world.lead
    )
    b4 = services.booking_create(
        event=online, school=world.school, classes=[ClassSpec("Year 4 Ash", 4, 30)], by=world.lead
    )
    b5 = services.booking_create(
        event=online,
        school=world.other_school,
        classes=[ClassSpec("Year 3 Fir", 3, 27)],
        by=world.lead,
    )
    for booking, n in [(b1, 26), (b2, 20), (b4, 30), (b5, 27)]:
        klass = booking.classes.get()
        services.attendance_record(
            booking=booking, by=world.lead, attended={klass.pk: n}, today=thursday
        )
    services.booking_mark_no_show(booking=b3, by=world.facilitator, today=thursday)
    return campaign


def test_campaign_reach_on_a_known_dataset(known, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        reach = selectors.campaign_reach(known)
    assert reach.children_in_person == 46
    assert reach.children_online == 57
    assert reach.schools == 2
    assert reach.host_schools == 1
    assert reach.employers == 2
    assert reach.volunteers == 2
    assert reach.events == 2 and reach.classes == 4
    # Dunston is the high-FSM school: 20 + 27 of 103
    assert reach.high_fsm_pupils == 47 and reach.high_fsm_share == round(47 / 103, 3)
    assert [(d.in_person, d.online) for d in reach.by_day] == [(46, 0), (0, 57)]
    assert reach.by_year_group == [(3, 27), (4, 30), (5, 26), (6, 20)]
    assert {label for _, label, _ in reach.sectors} == {
        "Engineering and manufacturing",
        "Animals, farming and the environment",
    }


def test_hub_reach_counts_the_year_and_only_the_hub(known, world):
    year = selectors.current_academic_year(known.starts_on)
    reach = selectors.hub_reach(hub_ids=[world.hub.pk], start_year=year)
    assert reach.children == 103
    assert selectors.hub_reach(hub_ids=[world.other_hub.pk], start_year=year).children == 0
    assert selectors.hub_reach(hub_ids=[world.hub.pk], start_year=year + 5).children == 0


def test_reach_costs_the_same_queries_whatever_the_size(known, world, django_assert_num_queries):
    year = selectors.current_academic_year(known.starts_on)
    with django_assert_num_queries(5):
        small = selectors.hub_reach(hub_ids=None, start_year=year)
    # Ten more schools at another event: more rows, the same five queries.
    # (After the first event that day: Maya cannot be at two events at once.)
    event = f.event(
        world,
        capacity=600,
        day=known.starts_on.replace(day=known.starts_on.day + 1),
        starts_at=time(11, 0),
        ends_at=time(11, 45),
    )
    for i in range(10):
        school = _school(300000 + i, f"Extra Primary {i}", world.hub)
        booking = services.booking_create(
            event=event, school=school, classes=[ClassSpec("5X", 5, 30)], by=world.lead
        )
        services.attendance_record(
            booking=booking,
            by=world.lead,
            attended={booking.classes.get().pk: 30},
            today=event.date,
        )
    with django_assert_num_queries(5):
        bigger = selectors.hub_reach(hub_ids=None, start_year=year)
    assert bigger.children_in_person == small.children_in_person + 300 and bigger.schools == 12


def test_campaign_reach_command_prints_json(known, capsys):
    call_command("campaign_reach", known.name, "--format", "json")
    figures = json.loads(capsys.readouterr().out)
    assert {
        k: figures[k]
        for k in (
            "children_in_person",
            "children_online",
            "schools",
            "host_schools",
            "employers",
            "volunteers",
        )
    } == {
        "children_in_person": 46,
        "children_online": 57,
        "schools": 2,
        "host_schools": 1,
        "employers": 2,
        "volunteers": 2,
    }


def test_campaign_reach_command_says_when_the_name_is_unknown(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No campaign called"):
        call_command("campaign_reach", "Nothing Week", "--format", "json")


def test_exports_open_and_carry_the_figures(known, client_for):
    client = client_for("facilitator")
    response = client.get(f"/encounters/campaigns/{known.pk}/reach.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook[workbook.sheetnames[0]]
    values = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert values["Children reached in person"] == 46 and values["Host schools"] == 1
    schools = workbook["Schools"]
    assert [r[1] for r in schools.iter_rows(min_row=2, values_only=True)] == [
        "Dunston Primary School",
        "Felling Primary School",
    ]
    csv_text = client.get(f"/encounters/campaigns/{known.pk}/reach.csv").content.decode()
    assert "Children reached online,57" in csv_text
    hub = client.get(
        f"/encounters/reach.xlsx?year={selectors.current_academic_year(known.starts_on)}"
    )
    assert load_workbook(io.BytesIO(hub.content)).sheetnames[1] == "By day"


def test_small_groups_are_suppressed_in_breakdowns(settings):
    assert exports.suppress(3) == "fewer than 5"
    assert exports.suppress(0) == 0 and exports.suppress(5) == 5
