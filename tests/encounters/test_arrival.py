"""The volunteer's event page and calendar invitation carry everything needed to arrive safely:
the school, its address and postcode, when to arrive, the contact on the day, what to bring and
the safeguarding briefing, with the location printed once."""

from dataclasses import replace
from datetime import time

import pytest
from django.urls import reverse

from horizons.encounters import arrival, services
from horizons.encounters.models import Event
from horizons.encounters.services import EncounterError, EventPlan
from tests.encounters import factories as f

ARRIVAL = {
    "address": "12 Split Crow Road, Gateshead",
    "arrive_by": time(9, 0),
    "arrival_instructions": "Use the Split Crow Road gate; reception is on the left.",
    "contact_name": "Ms Priya Patel",
    "contact_role": "school business manager",
    "contact_phone": "0191 498 0123",
    "safeguarding_lead": "Mr Tom Reed",
}


# --- Pure -----------------------------------------------------------------------------------


def test_arrival_defaults_to_a_quarter_of_an_hour_before():
    assert arrival.arrive_by(time(9, 30)) == time(9, 15)
    assert arrival.arrive_by(time(9, 30), time(9, 0)) == time(9, 0)


def test_contact_line_and_briefing():
    assert arrival.contact_line("Ms Patel", "office", "0191 498 0123") == (
        "Ms Patel (office), 0191 498 0123"
    )
    assert arrival.contact_line("", "office", "0191") == ""
    rules = arrival.safeguarding_briefing("Mr Reed")
    assert any("visitor badge" in r for r in rules)
    assert any("never be alone with a child" in r for r in rules)
    assert any("designated safeguarding lead, Mr Reed" in r for r in rules)
    assert "ask at reception" in arrival.safeguarding_briefing("")[-1]
    assert "teacher stays with the class" in arrival.safeguarding_briefing(online=True)[0]


# --- Pages and invitations ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_volunteer_sees_everything_needed_to_arrive_safely(world, client_for):  # type: ignore[no-untyped-def]
    event = f.event(world, **ARRIVAL)
    page = (
        client_for("volunteer")
        .get(reverse("encounters:event_detail", args=[event.pk]))
        .content.decode()
    )
    assert "Felling Primary School, School hall" in page
    assert page.count("School hall") == 1  # the location once
    assert "12 Split Crow Road, Gateshead, NE8 1AA" in page  # the school's postcode added
    assert "09:00" in page and "Split Crow Road gate" in page
    assert "Ms Priya Patel (school business manager)" in page
    assert 'href="tel:01914980123"' in page
    assert "Photo ID" in page
    assert "Safeguarding briefing for you" in page
    assert "wear your visitor badge" in page and "Mr Tom Reed" in page


@pytest.mark.django_db
def test_without_details_the_page_still_briefs_the_volunteer(world, client_for):  # type: ignore[no-untyped-def]
    event = f.event(world, location="Felling Primary School")
    page = (
        client_for("volunteer")
        .get(reverse("encounters:event_detail", args=[event.pk]))
        .content.decode()
    )
    assert "Felling Primary School, Felling Primary School" not in page
    assert "NE8 1AA" in page  # postcode from the school
    assert "09:15" in page  # a quarter of an hour before 09:30
    assert "ask at reception who that is" in page


@pytest.mark.django_db
def test_the_calendar_invitation_carries_the_arrival_details(world, client_for):  # type: ignore[no-untyped-def]
    event = f.event(world, **ARRIVAL)
    ics = client_for("volunteer").get(reverse("encounters:event_calendar", args=[event.pk])).content
    text = ics.decode().replace("\r\n ", "")  # unfold long lines
    assert "LOCATION:Felling Primary School\\, School hall\\, 12 Split Crow Road\\" in text
    assert "NE8 1AA" in text
    assert "Arrive by: 09:00" in text
    assert "Contact on the day: Ms Priya Patel (school business manager)\\, 0191 498 0123" in text
    assert "Bring: Photo ID" in text
    assert "visitor badge" in text and "Mr Tom Reed" in text


@pytest.mark.django_db
def test_online_sessions_have_no_address_but_an_online_briefing(world, client_for):  # type: ignore[no-untyped-def]
    event = f.event(world, kind=Event.Kind.ONLINE, capacity=5, capacity_unit="classes")
    page = (
        client_for("volunteer")
        .get(reverse("encounters:event_detail", args=[event.pk]))
        .content.decode()
    )
    assert "Arrive by" not in page and "Photo ID" not in page
    assert "A teacher stays with the class" in page


# --- Bad input --------------------------------------------------------------------------------


def _plan(world, **extra):  # type: ignore[no-untyped-def]
    return EventPlan(
        kind=Event.Kind.SPECIAL,
        title="Bridges",
        date=f.next_weekday(1),
        starts_at=time(9, 30),
        ends_at=time(11, 0),
        capacity=60,
        year_groups=(5,),
        host_school=world.school,
        **extra,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"arrive_by": time(10, 0)}, "choose an earlier arrival time"),
        ({"contact_phone": "ring the office"}, "phone number with digits only"),
    ],
)
def test_bad_arrival_details_are_refused(world, extra, says):  # type: ignore[no-untyped-def]
    with pytest.raises(EncounterError, match=says):
        services.event_create(
            hub=world.hub, by=world.facilitator, plan=_plan(world, **extra), offers=[f.offer(world)]
        )
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_changing_arrival_details_updates_booked_calendars(world):  # type: ignore[no-untyped-def]
    event = f.event(world)
    before = event.sequence
    services.event_update(
        event=event,
        by=world.facilitator,
        plan=replace(_plan(world, **ARRIVAL), date=event.date, year_groups=(4, 5)),
    )
    event.refresh_from_db()
    assert event.contact_name == "Ms Priya Patel" and event.sequence == before + 1


@pytest.mark.django_db
def test_the_event_form_keeps_what_was_typed_when_arrival_is_late(world, client_for):  # type: ignore[no-untyped-def]
    event = f.event(world)
    response = client_for("facilitator").post(
        reverse("encounters:event_edit", args=[event.pk]),
        {
            "kind": "special",
            "title": event.title,
            "date": event.date.isoformat(),
            "starts_at": "09:30",
            "ends_at": "11:00",
            "arrive_by": "10:00",
            "contact_name": "Ms Priya Patel",
            "year_groups": ["4", "5"],
            "host_school": world.school.pk,
            "location": "School hall",
            "capacity": "60",
            "capacity_unit": "pupils",
        },
    )
    page = response.content.decode()
    assert "choose an earlier arrival time" in page and 'value="Ms Priya Patel"' in page
    event.refresh_from_db()
    assert event.arrive_by is None and event.contact_name == ""
