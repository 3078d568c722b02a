"""The pages: each journey through the test client, and bad input answered clearly."""

from datetime import timedelta

import pytest
from django.urls import reverse

from horizons.encounters import services
from horizons.encounters.models import Booking, Campaign, Event, Offer, SchoolRequest
from tests.encounters import factories as f

pytestmark = pytest.mark.django_db


def _offer_post(**extra):
    data = {
        "title": "Robots",
        "what_children_do": "Programme a robot",
        "format": "workshop",
        "year_groups": ["5", "6"],
        "group_size": "30",
        "duration_minutes": "60",
        "available_slots": ["tue_am"],
        "can_travel": "on",
        "travel_radius_km": "10",
        "is_published": "on",
    }
    data.update(extra)
    return data


def test_a_coordinator_publishes_and_changes_an_offer(world, client_for):
    client = client_for("coordinator")
    response = client.post(
        reverse("encounters:offer_create"),
        _offer_post(volunteers=[world.volunteer_profile.pk], job_profile_slugs=["engineer"]),
    )
    offer = Offer.objects.get()
    assert response.status_code == 302 and offer.employer == world.employer
    assert offer.year_groups == [5, 6] and list(offer.volunteers.all()) == [world.volunteer_profile]
    page = client.get(reverse("encounters:offer_detail", args=[offer.pk])).content.decode()
    assert "Jobs children will meet" in page and "Engineer" in page
    client.post(reverse("encounters:offer_edit", args=[offer.pk]), _offer_post(title="Robot rally"))
    offer.refresh_from_db()
    assert offer.title == "Robot rally"


def test_an_employer_editing_another_employers_offer_gets_404_and_nothing_changes(
    world, client_for
):
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
    response = client_for("coordinator").post(
        reverse("encounters:offer_edit", args=[theirs.pk]), _offer_post(title="Hijacked")
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Power up"


def test_an_offer_form_with_errors_keeps_what_was_typed(world, client_for):
    response = client_for("coordinator").post(
        reverse("encounters:offer_create"), _offer_post(can_travel="", format="talk")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Say how children can meet you" in page
    assert 'value="Robots"' in page and not Offer.objects.exists()


def test_a_facilitator_creates_a_campaign_and_an_event(world, client_for):
    client = client_for("facilitator")
    monday = f.next_weekday(0, weeks=6)
    response = client.post(
        reverse("encounters:campaign_create"),
        {
            "name": "Aspirations Week 2027",
            "area": "Gateshead",
            "description": "A week",
            "starts_on": monday.isoformat(),
            "ends_on": (monday + timedelta(days=4)).isoformat(),
            "status": "open",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.hub == world.hub
    offer = f.offer(world)
    tuesday = monday + timedelta(days=1)
    data = {
        "kind": "special",
        "title": "Bridges",
        "offers": [offer.pk],
        "date": tuesday.isoformat(),
        "starts_at": "09:30",
        "ends_at": "10:30",
        "year_groups": ["5"],
        "host_school": world.school.pk,
        "capacity": "60",
        "capacity_unit": "pupils",
        "waiting_list_open": "on",
    }
    wednesday = client.post(
        reverse("encounters:event_create") + f"?campaign={campaign.pk}",
        {**data, "date": (tuesday + timedelta(days=1)).isoformat()},
    )
    assert (
        "not available on Wednesday mornings" in wednesday.content.decode()
        and not Event.objects.exists()
    )
    client.post(reverse("encounters:event_create") + f"?campaign={campaign.pk}", data)
    event = Event.objects.get()
    assert event.campaign == campaign and list(event.volunteers.all()) == [world.volunteer_profile]


def test_a_school_requests_places_then_books(world, client_for):
    campaign = f.campaign(world)
    event = f.event(world, campaign=campaign)
    client = client_for("lead")
    formset = {
        "classes-TOTAL_FORMS": "2",
        "classes-INITIAL_FORMS": "0",
        "classes-MIN_NUM_FORMS": "1",
        "classes-MAX_NUM_FORMS": "12",
        "classes-0-name": "Year 5 Oak",
        "classes-0-year_group": "5",
        "classes-0-pupils": "28",
        "classes-1-name": "",
        "classes-1-year_group": "",
        "classes-1-pupils": "",
    }
    slot = f"{campaign.starts_on.isoformat()}_am"
    response = client.post(
        reverse("encounters:request_edit", args=[campaign.pk]),
        {**formset, "slots": [slot], "online_ok": "on", "hopes": "Engineers"},
    )
    assert response.status_code == 302
    assert SchoolRequest.objects.get().classes.get().pupils == 28
    # the booking form starts from the request's classes for this event's year groups
    page = client.get(reverse("encounters:event_book", args=[event.pk])).content.decode()
    assert 'value="Year 5 Oak"' in page
    response = client.post(reverse("encounters:event_book", args=[event.pk]), formset)
    booking = Booking.objects.get()
    assert response.status_code == 302 and booking.request is not None and booking.pupils == 28


def test_booking_over_capacity_says_so_keeps_the_classes_and_offers_the_waiting_list(
    world, client_for
):
    event = f.event(world, capacity=30)
    services.booking_create(
        event=event, school=world.other_school, classes=f.year5(20), by=world.lead
    )
    formset = {
        "classes-TOTAL_FORMS": "1",
        "classes-INITIAL_FORMS": "0",
        "classes-MIN_NUM_FORMS": "1",
        "classes-MAX_NUM_FORMS": "12",
        "classes-0-name": "Year 5 Oak",
        "classes-0-year_group": "5",
        "classes-0-pupils": "28",
    }
    client = client_for("teacher")
    page = client.post(reverse("encounters:event_book", args=[event.pk]), formset).content.decode()
    assert "Only 10 pupils left" in page and 'value="Year 5 Oak"' in page and "waiting list" in page
    assert Booking.objects.filter(school=world.school).count() == 0
    client.post(
        reverse("encounters:event_book", args=[event.pk]), {**formset, "join_waiting_list": "on"}
    )
    assert Booking.objects.get(school=world.school).status == Booking.Status.WAITING


def test_booking_a_year_group_the_event_does_not_serve_is_refused(world, client_for):
    event = f.event(world, year_groups=(5, 6))
    formset = {
        "classes-TOTAL_FORMS": "1",
        "classes-INITIAL_FORMS": "0",
        "classes-MIN_NUM_FORMS": "1",
        "classes-MAX_NUM_FORMS": "12",
        "classes-0-name": "Year 2 Elm",
        "classes-0-year_group": "2",
        "classes-0-pupils": "25",
    }
    page = (
        client_for("lead")
        .post(reverse("encounters:event_book", args=[event.pk]), formset)
        .content.decode()
    )
    assert "Year 2 Elm (Year 2) cannot book it" in page and not Booking.objects.exists()


def test_attendance_larger_than_the_booking_is_refused_on_the_page(world, client_for):
    event = f.event(world)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(28), by=world.lead
    )
    Event.objects.filter(pk=event.pk).update(date=event.date - timedelta(weeks=3))
    klass = booking.classes.get()
    client = client_for("teacher")
    page = client.post(
        reverse("encounters:attendance_record", args=[booking.pk]),
        {f"attended_{klass.pk}": "35", "rating": "5"},
    ).content.decode()
    assert "35 pupils is more than the 28 booked" in page
    response = client.post(
        reverse("encounters:attendance_record", args=[booking.pk]),
        {
            f"attended_{klass.pk}": "27",
            "rating": "4",
            "comments": "Great",
            "quote_1": "I want to be an engineer",
            "quote_1_year": "5",
            "quote_1_consent": "on",
            "quote_2": "Secret",
            "quote_2_year": "5",
        },
    )
    assert response.status_code == 302
    detail = (
        client_for("facilitator")
        .get(reverse("encounters:event_detail", args=[event.pk]))
        .content.decode()
    )
    assert "I want to be an engineer" in detail and "Secret" not in detail


def test_schools_see_only_their_own_booking_on_an_event(world, client_for):
    event = f.event(world)
    services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    services.booking_create(
        event=event,
        school=world.other_school,
        classes=[services.ClassSpec("Year 4 Zed", 4, 20)],
        by=world.lead,
    )
    lead_page = (
        client_for("lead").get(reverse("encounters:event_detail", args=[event.pk])).content.decode()
    )
    assert "Year 5 Oak" in lead_page and "Year 4 Zed" not in lead_page
    facilitator_page = (
        client_for("facilitator")
        .get(reverse("encounters:event_detail", args=[event.pk]))
        .content.decode()
    )
    assert "Year 4 Zed" in facilitator_page


def test_calendar_download_is_an_ics_file(world, client_for):
    event = f.event(world)
    response = client_for("volunteer").get(reverse("encounters:event_calendar", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content and b"TZID=Europe/London" in response.content


def test_hub_reach_page_costs_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("facilitator")
    client.get(reverse("encounters:hub_reach"))  # warm caches (sessions, memberships)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("encounters:hub_reach"))
    assert response.status_code == 200 and "Encounters reach" in response.content.decode()


def test_benchmark_five_evidence_lists_classes_and_encounters(world):
    from horizons.benchmarks.evidence import evidence_for

    event = f.event(world)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(28), by=world.lead
    )
    services.attendance_record(
        booking=booking, by=world.lead, attended={booking.classes.get().pk: 27}, today=event.date
    )
    # "This year" is the school year of today, whenever the suite runs.
    from django.utils import timezone

    from horizons.encounters.models import Attendance

    Attendance.objects.update(date=timezone.localdate())
    items = [i for i in evidence_for(world.school, 5) if "encounter" in i.title]
    assert items and items[0].title.startswith("1 employer encounter in")
    assert any(
        i.title == "Year 5 Oak: 1 encounter" and "Quayside Engineering" in i.detail for i in items
    )
    assert all(i.url.startswith("/encounters/schools/") for i in items)


def test_home_pages_show_next_steps(world, client_for):
    campaign = f.campaign(world)
    page = client_for("lead").get("/").content.decode()
    assert f"Ask for places in {campaign.name}" in page
    assert "Publish an activity for schools" in client_for("coordinator").get("/").content.decode()
