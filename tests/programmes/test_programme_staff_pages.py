"""Staff pages for running a programme: start a group, change it, plan its sessions, print
cards, and look after each child's record."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from horizons.core.models import PupilDataAccess
from horizons.programmes.models import AssessmentAnswer, Cohort, Pupil
from tests.programmes.factories import add_pupils, answer_all, make_cohort

pytestmark = pytest.mark.django_db


def test_a_teacher_starts_a_programme_with_a_group(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("teacher")
    form = client.get(reverse("programmes:cohort_create") + "?programme=aspirations-stem")
    assert 'value="aspirations-stem" selected' in form.content.decode()
    response = client.post(
        reverse("programmes:cohort_create"),
        {
            "school": world.school.pk,
            "template_slug": "aspirations-stem",
            "name": "Year 6 STEM",
            "year_group": "6",
            "classes": "6B, 6R",
        },
    )
    cohort = Cohort.objects.get(name="Year 6 STEM")
    assert response["Location"] == reverse("programmes:cohort_detail", args=[cohort.pk])
    assert (cohort.school, cohort.classes, cohort.status) == (
        world.school,
        ["6B", "6R"],
        "planning",
    )
    again = client.post(
        reverse("programmes:cohort_create"),
        {
            "school": world.school.pk,
            "template_slug": "aspirations-stem",
            "name": "year 6 stem",
            "year_group": "6",
        },
    )
    assert "already has a group called" in again.content.decode()
    # A school that is not theirs cannot be chosen.
    other = client.post(
        reverse("programmes:cohort_create"),
        {
            "school": world.other_school.pk,
            "template_slug": "aspirations-stem",
            "name": "X",
            "year_group": "6",
        },
    )
    assert other.status_code == 200 and not Cohort.objects.filter(name="X").exists()


def test_opening_the_questions_and_showing_the_code_on_the_board(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, status="planning")
    client = client_for("lead")
    board = client.get(reverse("programmes:cohort_board", args=[cohort.pk])).content.decode()
    assert cohort.class_code in board and "only while the programme is running" in board
    client.post(
        reverse("programmes:cohort_edit", args=[cohort.pk]),
        {
            "name": cohort.name,
            "year_group": "5",
            "classes": "5B",
            "status": "running",
            "open_phase": "pre",
        },
    )
    cohort.refresh_from_db()
    assert (cohort.status, cohort.open_phase) == ("running", "pre")
    board = client.get(reverse("programmes:cohort_board", args=[cohort.pk])).content.decode()
    assert "only while the programme is running" not in board
    assert "/programmes/me/start/" in board


def test_planning_a_session_with_professionals_and_attendance(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    amira, ben = add_pupils(cohort, 2, first_names=["Amira", "Ben"])
    client = client_for("teacher")
    url = reverse("programmes:cohort_session_edit", args=[cohort.pk, 2])
    page = client.get(url).content.decode()
    assert "Maya O., Engineer (Quayside Engineering)" in page
    assert "Sam H." not in page  # a volunteer from another hub is not offered
    response = client.post(
        url,
        {
            "date": "2026-03-10",
            "starts_at": "09:15",
            "volunteers": [world.volunteer_profile.pk],
            "held": "on",
            "present": [str(amira.pk)],
        },
    )
    assert response.status_code == 302
    session = cohort.sessions.get(step=2)
    assert str(session.date) == "2026-03-10" and session.held
    assert list(session.attendance.values_list("pupil_id", flat=True)) == [amira.pk]
    detail = client.get(reverse("programmes:cohort_detail", args=[cohort.pk])).content.decode()
    assert "10 March 2026" in detail and "Maya O., Engineer" in detail


def test_the_cohort_page_costs_the_same_queries_for_a_bigger_class(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    answer_all(add_pupils(cohort, 3))
    client = client_for("lead")
    url = reverse("programmes:cohort_detail", args=[cohort.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    answer_all(add_pupils(cohort, 25, seed=50))
    cohort.sessions.get(step=2).volunteers.add(world.volunteer_profile)
    assert queries() == small


def test_pupil_pages_are_logged_and_editable(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    (pupil,) = add_pupils(cohort, 1, first_names=["Amira"])
    answer_all([pupil], pre=2, post=3)
    client = client_for("teacher")
    page = client.get(reverse("programmes:pupil_detail", args=[pupil.pk])).content.decode()
    assert "Amira T." in page and "A little bit" in page and "Quite good" in page
    # The log names the child by id and label only, so erasure leaves no name behind.
    assert PupilDataAccess.objects.filter(
        user=world.teacher, pupil_id=pupil.pk, pupil_label=f"Pupil {pupil.pk}", school=world.school
    ).exists()
    assert not PupilDataAccess.objects.filter(what__contains="Amira").exists()
    client.post(
        reverse("programmes:pupil_edit", args=[pupil.pk]),
        {
            "first_name": "Amirah",
            "last_initial": "k",
            "class_name": "5R",
            "pupil_premium": "true",
            "send": "unknown",
            "gender": "girl",
        },
    )
    pupil.refresh_from_db()
    assert (
        pupil.first_name,
        pupil.last_initial,
        pupil.pupil_premium,
        pupil.send,
        pupil.gender,
    ) == ("Amirah", "K", True, None, "girl")
    client.post(reverse("programmes:pupil_remove", args=[pupil.pk]))
    assert not Pupil.objects.exists() and not AssessmentAnswer.objects.exists()


def test_cards_and_calendar_for_the_final_assembly(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1, first_names=["Amira"])
    add_pupils(cohort, 1, applied=False, first_names=["Bartholomew"])
    client = client_for("teacher")
    cards = client.get(reverse("programmes:cohort_cards", args=[cohort.pk])).content.decode()
    assert (
        f"{pupil.get_picture_display()} {pupil.picture_number}" in cards
        and "Bartholomew" not in cards
    )
    assert (
        client.get(reverse("programmes:cohort_assembly_ics", args=[cohort.pk])).status_code == 404
    )
    cohort.sessions.filter(step=7).update(date="2026-07-10", starts_at="13:30")
    calendar = client.get(reverse("programmes:cohort_assembly_ics", args=[cohort.pk]))
    # 1:30 pm in London in July is 12:30 UTC.
    assert b"DTSTART:20260710T123000Z" in calendar.content
