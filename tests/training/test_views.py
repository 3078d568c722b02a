"""Training pages: booking (full sessions, the waiting list), publishing with bad input,
attendance, and the CPD shown in the audit and the hub overview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from horizons.benchmarks import services as benchmark_services
from horizons.training import services
from horizons.training.models import TrainingBooking, TrainingSession
from tests.training.factories import move_to_past, session

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_only_sessions_from_the_schools_hub(world, client_for) -> None:  # type: ignore[no-untyped-def]
    session(world, title="Tyne CPD")
    session(world, title="Wear CPD", hub=world.other_hub)
    page = client_for("teacher").get(reverse("training:catalogue")).content.decode()
    assert "Tyne CPD" in page and "Wear CPD" not in page
    assert "20 places left" in page


def test_booking_a_full_session_says_so_and_the_waiting_list_takes_them(world, client_for) -> None:  # type: ignore[no-untyped-def]
    s = session(world, capacity=1)
    url = reverse("training:session_book", args=[s.pk])
    lead = client_for("lead")
    assert lead.post(url, {"school": world.school.pk, "attendee": world.lead.pk}).status_code == 302
    teacher = client_for("teacher")
    page = teacher.get(url).content.decode()
    assert "This session is full" in page and "Join the waiting list" in page
    # A plain booking (a page loaded before it filled up) is refused with the reason.
    response = teacher.post(url, {"school": world.school.pk, "attendee": world.teacher.pk})
    assert response.status_code == 400
    assert "all 1 places are taken" in response.content.decode()
    assert not TrainingBooking.objects.filter(attendee=world.teacher).exists()
    response = teacher.post(
        url, {"school": world.school.pk, "attendee": world.teacher.pk, "waiting_list": "yes"}
    )
    assert response.status_code == 302
    assert TrainingBooking.objects.get(attendee=world.teacher).status == "waiting"


def test_a_teacher_sees_only_themselves_to_book_and_cannot_post_a_colleague(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    s = session(world)
    url = reverse("training:session_book", args=[s.pk])
    teacher = client_for("teacher")
    assert world.lead.email not in teacher.get(url).content.decode()
    response = teacher.post(url, {"school": world.school.pk, "attendee": world.lead.pk})
    assert response.status_code == 400
    assert not TrainingBooking.objects.exists()
    # The careers leader chooses among the school's staff.
    assert world.teacher.email in client_for("lead").get(url).content.decode()


def test_publishing_with_bad_input_keeps_what_was_typed(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("facilitator")
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    data = {
        "hub": world.hub.pk,
        "title": "Careers and maths",
        "date": day,
        "starts_at": "16:00",
        "ends_at": "15:00",
        "venue": "",
        "online_link": "",
        "capacity": "12",
        "hours": "1.5",
        "benchmarks": ["1", "4"],
    }
    response = client.post(reverse("training:session_create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "The session must end after it starts." in page
    assert "Give a venue, an online link, or both." in page
    assert 'value="Careers and maths"' in page
    assert not TrainingSession.objects.exists()
    data.update(ends_at="17:30", online_link="https://meet.example.org/cpd")
    response = client.post(reverse("training:session_create"), data)
    made = TrainingSession.objects.get()
    assert response["Location"] == reverse("training:session_detail", args=[made.pk])
    assert (made.benchmarks, str(made.hours), made.where) == ([1, 4], "1.5", "Online")


def test_another_hubs_facilitator_cannot_publish_into_our_hub(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("outsider").post(
        reverse("training:session_create"),
        {"hub": world.hub.pk, "title": "X", "date": "2030-01-01", "starts_at": "16:00",
         "ends_at": "17:00", "venue": "Hall", "capacity": "5", "hours": "1"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()


def test_the_facilitator_records_attendance_on_the_session_page(world, client_for) -> None:  # type: ignore[no-untyped-def]
    s = session(world)
    came = services.booking_create(
        session=s, school=world.school, attendee=world.lead, by=world.lead
    )
    services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher
    )
    url = reverse("training:session_detail", args=[s.pk])
    client = client_for("facilitator")
    response = client.post(url, {"attended": [came.pk]})
    assert response.status_code == 400
    assert "record attendance on the day or after" in response.content.decode()
    move_to_past(s)
    assert client.post(url, {"attended": [came.pk]}).status_code == 302
    assert list(
        TrainingBooking.objects.order_by("attendee__email").values_list("attended", flat=True)
    ) == [True, False]


def _attended(world, **kw):  # type: ignore[no-untyped-def]
    s = session(world, **kw)
    b = services.booking_create(session=s, school=world.school, attendee=world.lead, by=world.lead)
    move_to_past(s, days=0)
    services.attendance_record(session=s, by=world.facilitator, attended_ids=[b.pk])
    return s


def test_the_audit_shows_staff_cpd_beside_benchmarks_1_and_4_without_answering_for_them(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    _attended(world, title="Careers in the curriculum")
    audit = benchmark_services.audit_start(school=world.school, by=world.lead, term="Spring 2027")
    client = client_for("lead")
    for number in (1, 4):
        page = client.get(reverse("benchmarks:audit_section", args=[audit.pk, number]))
        text = page.content.decode()
        assert "Staff CPD in" in text and "1.5 hours" in text, number
        assert "Careers in the curriculum" in text
    page = client.get(reverse("benchmarks:audit_section", args=[audit.pk, 5])).content.decode()
    assert "Staff CPD in" not in page
    assert not audit.answers.exists()  # shown, never written into the answers


def test_the_hub_overview_shows_cpd_hours_per_school(world, client_for) -> None:  # type: ignore[no-untyped-def]
    _attended(world)
    page = client_for("facilitator").get(reverse("benchmarks:hub_overview")).content.decode()
    assert "staff CPD hours this school year</a>, at 1 school" in page
    assert f'{reverse("training:school_record", args=[world.school.urn])}">1.5<' in page


def test_the_school_record_lists_who_attended(world, client_for) -> None:  # type: ignore[no-untyped-def]
    _attended(world, title="Careers in the curriculum")
    page = (
        client_for("teacher")
        .get(reverse("training:school_record", args=[world.school.urn]))
        .content.decode()
    )
    assert "Careers in the curriculum" in page and "lead@example.org" in page
    page = client_for("teacher").get(
        reverse("training:school_record", args=[world.school.urn]), {"year": "junk"}
    )
    assert page.status_code == 200


def test_home_pages_point_to_training(world, client_for) -> None:  # type: ignore[no-untyped-def]
    s = session(world)
    services.booking_create(session=s, school=world.school, attendee=world.lead, by=world.lead)
    lead_home = client_for("lead").get(reverse("home")).content.decode()
    assert "training sessions booked" in lead_home
    assert reverse("training:catalogue") in lead_home
    move_to_past(s)
    home = client_for("facilitator").get(reverse("home")).content.decode()
    assert "Record attendance at 1 training session" in home
    assert reverse("training:session_list") in home
