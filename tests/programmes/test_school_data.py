"""The careers leader's access log, retention schedule and subject-access export."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from horizons.core.models import PupilDataAccess
from horizons.programmes.models import Reflection, RetentionSchedule
from tests.programmes.factories import add_pupils, answer_all, make_cohort

pytestmark = pytest.mark.django_db


def test_the_leader_sees_who_saw_the_schools_childrens_data_with_ip(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    amira, ben = add_pupils(cohort, 2, first_names=["Amira", "Ben"])
    client_for("teacher").get(
        reverse("programmes:pupil_detail", args=[amira.pk]), REMOTE_ADDR="203.0.113.7"
    )
    other = make_cohort(world.other_school, "Elsewhere")
    (stranger,) = add_pupils(other, 1, first_names=["Zed"])
    client_for("admin").get(reverse("programmes:pupil_detail", args=[stranger.pk]))
    page = client_for("lead").get(reverse("programmes:school_data", args=[world.school.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "teacher@example.org" in html and "203.0.113.7" in html
    assert "Amira T." in html  # the child's current name, looked up while they exist
    assert "Zed" not in html  # another school's log is not shown
    entry = PupilDataAccess.objects.get(pupil_id=amira.pk)
    assert entry.ip == "203.0.113.7" and "Amira" not in entry.what


def test_after_erasure_the_log_shows_no_name(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (amira,) = add_pupils(cohort, 1, first_names=["Amira"])
    client = client_for("lead")
    client.get(reverse("programmes:pupil_detail", args=[amira.pk]))
    client.post(reverse("programmes:pupil_remove", args=[amira.pk]))
    client.get(reverse("programmes:programme_home"))  # shows (and so uses up) the "removed" message
    html = client.get(reverse("programmes:school_data", args=[world.school.pk])).content.decode()
    assert "Amira" not in html
    assert f"Pupil {amira.pk}" in html
    assert not PupilDataAccess.objects.filter(what__contains="Amira").exists()


def test_only_the_schools_careers_leader_sees_its_log(world, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("programmes:school_data", args=[world.school.pk])
    for persona in ("teacher", "facilitator", "outsider", "coordinator"):
        assert client_for(persona).get(url).status_code == 404, persona
    assert (
        client_for("lead")
        .get(reverse("programmes:school_data", args=[world.other_school.pk]))
        .status_code
        == 404
    )


def test_the_leader_changes_the_retention_schedule(world, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("programmes:school_data", args=[world.school.pk])
    client = client_for("lead")
    response = client.post(url, {"years_after_finish": "3", "access_log_years": "4"})
    assert response.status_code == 302
    schedule = RetentionSchedule.objects.get(school=world.school)
    assert (schedule.years_after_finish, schedule.access_log_years) == (3, 4)
    assert schedule.updated_by == world.lead
    page = client.get(url).content.decode()
    assert "keeps names until 31 August 2030" in page


def test_a_bad_retention_choice_is_refused_and_changes_nothing(world, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("programmes:school_data", args=[world.school.pk])
    response = client_for("lead").post(url, {"years_after_finish": "40", "access_log_years": "0"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not RetentionSchedule.objects.exists()


def test_the_subject_access_export_holds_everything_about_the_child(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    amira, ben = add_pupils(cohort, 2, first_names=["Amira", "Ben"])
    answer_all([amira, ben], pre=2, post=3)
    Reflection.objects.create(pupil=amira, kind="who_am_i", data={"likes": ["art"]})
    response = client_for("lead").get(reverse("programmes:pupil_export", args=[amira.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["child"]["first_name"] == "Amira"
    assert data["child"]["pupil_id"] == amira.pk
    assert len(data["answers"]) == amira.answers.count()
    assert data["activities"][0]["choices"] == {"likes": ["art"]}
    assert data["consent"]["parent_consent"] == "Consent given"
    assert not re.search(r"\bBen\b", response.content.decode())  # a word, not inside a token
    assert PupilDataAccess.objects.filter(pupil_id=amira.pk, action="export").exists()


def test_a_teacher_cannot_export_a_childs_data(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    (amira,) = add_pupils(cohort, 1)
    assert (
        client_for("teacher").get(reverse("programmes:pupil_export", args=[amira.pk])).status_code
        == 404
    )
    assert not PupilDataAccess.objects.filter(action="export").exists()
