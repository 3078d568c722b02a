"""Teachers change only the children of the groups they run; the careers leader chooses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from horizons.accounts.models import Membership, Role, User
from horizons.programmes import services
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db

EDIT = {
    "first_name": "Amirah",
    "last_initial": "K",
    "class_name": "5R",
    "pupil_premium": "unknown",
    "send": "unknown",
    "gender": "",
}


def test_a_teacher_who_does_not_run_the_group_can_see_but_not_change_its_children(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1, first_names=["Amira"])
    client = client_for("teacher")
    assert client.get(reverse("programmes:pupil_detail", args=[pupil.pk])).status_code == 200
    assert client.post(reverse("programmes:pupil_edit", args=[pupil.pk]), EDIT).status_code == 404
    assert client.post(reverse("programmes:pupil_remove", args=[pupil.pk])).status_code == 404
    assert client.get(reverse("programmes:cohort_import", args=[cohort.pk])).status_code == 404
    assert (
        client.post(reverse("programmes:cohort_consent", args=[cohort.pk]), {}).status_code == 404
    )
    attendance = {"held": "on", "present": [str(pupil.pk)]}
    session_url = reverse("programmes:cohort_session_edit", args=[cohort.pk, 2])
    assert client.get(session_url).status_code == 200
    assert client.post(session_url, attendance).status_code == 404
    assert not pupil.attendance.exists()
    pupil.refresh_from_db()
    assert pupil.first_name == "Amira"


def test_the_teacher_who_runs_the_group_can_change_its_children(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    (pupil,) = add_pupils(cohort, 1, first_names=["Amira"])
    response = client_for("teacher").post(reverse("programmes:pupil_edit", args=[pupil.pk]), EDIT)
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.first_name == "Amirah"


def test_a_teacher_who_starts_a_group_runs_it(world) -> None:  # type: ignore[no-untyped-def]
    cohort = services.cohort_create(
        school=world.school,
        template_slug="aspirations-health-care",
        name="Year 5 oak",
        year_group=5,
        by=world.teacher,
    )
    assert list(cohort.teachers.all()) == [world.teacher]
    led = services.cohort_create(
        school=world.school,
        template_slug="aspirations-health-care",
        name="Year 5 ash",
        year_group=5,
        by=world.lead,
    )
    assert not led.teachers.exists()


def test_the_careers_leader_chooses_who_runs_the_group(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    form = {
        "name": cohort.name,
        "year_group": "5",
        "classes": "5B",
        "status": "running",
        "open_phase": "closed",
        "teachers": [str(world.teacher.pk)],
    }
    assert (
        client_for("lead")
        .post(reverse("programmes:cohort_edit", args=[cohort.pk]), form)
        .status_code
        == 302
    )
    assert list(cohort.teachers.all()) == [world.teacher]


def test_a_teacher_cannot_add_themselves_to_a_group(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    form = {
        "name": cohort.name,
        "year_group": "5",
        "classes": "5B",
        "status": "running",
        "open_phase": "closed",
        "teachers": [str(world.teacher.pk)],
    }
    page = (
        client_for("teacher")
        .get(reverse("programmes:cohort_edit", args=[cohort.pk]))
        .content.decode()
    )
    assert "Teachers who run this group" not in page
    client_for("teacher").post(reverse("programmes:cohort_edit", args=[cohort.pk]), form)
    assert not cohort.teachers.exists()


def test_only_the_schools_teachers_can_run_a_group(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    elsewhere = User.objects.create_user("elsewhere@example.org", "x" * 16)
    Membership.objects.create(user=elsewhere, role=Role.TEACHER, school=world.other_school)
    with pytest.raises(services.ProgrammeError, match="work at Felling Primary School"):
        services.cohort_update(
            cohort=cohort,
            by=world.lead,
            name=cohort.name,
            year_group=5,
            classes=["5B"],
            status="running",
            open_phase="closed",
            teachers=[elsewhere],
        )
    assert not cohort.teachers.exists()
