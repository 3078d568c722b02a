"""Deleting a group, erasing one child, and the retention schedule."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from horizons.core.models import PupilDataAccess
from horizons.programmes import retention, services_retention
from horizons.programmes.models import (
    AssessmentAnswer,
    Cohort,
    Consent,
    Pupil,
    Reflection,
    RetentionSchedule,
    SessionAttendance,
)
from tests.programmes.factories import add_pupils, answer_all, make_cohort

pytestmark = pytest.mark.django_db


def _with_history(world, client_for, name: str = "Year 5 2026"):  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, name)
    pupils = add_pupils(cohort, 6, first_names=["Amira", "Ben", "Cara", "Dev", "Eli", "Fay"])
    answer_all(pupils, pre=2, post=3)
    Reflection.objects.create(pupil=pupils[0], kind="who_am_i", data={"likes": ["art"]})
    SessionAttendance.objects.create(session=cohort.sessions.first(), pupil=pupils[0])
    # Someone looked at Amira's page, and an old entry wrote her name into the description.
    client_for("lead").get(reverse("programmes:pupil_detail", args=[pupils[0].pk]))
    PupilDataAccess.objects.create(school=world.school, what="Pupil page: Amira T.")
    return cohort, pupils


def test_the_confirmation_page_says_exactly_what_will_be_deleted(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort, _ = _with_history(world, client_for)
    page = (
        client_for("lead")
        .get(reverse("programmes:cohort_delete", args=[cohort.pk]))
        .content.decode()
    )
    assert "6 children" in page
    assert "6 consent records" in page
    answers = AssessmentAnswer.objects.filter(pupil__cohort=cohort).count()
    assert f"{answers} answers" in page
    assert "1 activity" in page and "1 attendance record" in page
    assert Pupil.objects.count() == 6  # a GET changes nothing


def test_the_careers_leader_deletes_a_group_and_everything_about_its_children(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    cohort, pupils = _with_history(world, client_for)
    other = make_cohort(world.school, "Year 6 2026", seed=7)
    add_pupils(other, 2)
    response = client_for("lead").post(
        reverse("programmes:cohort_delete", args=[cohort.pk]), {"confirm_name": " year 5  2026 "}
    )
    assert response.status_code == 302
    assert not Cohort.objects.filter(pk=cohort.pk).exists()
    ids = [p.pk for p in pupils]
    for model in (Pupil, Consent, AssessmentAnswer, Reflection, SessionAttendance):
        field = "pk__in" if model is Pupil else "pupil_id__in"
        assert not model.objects.filter(**{field: ids}).exists(), model
    assert other.pupils.count() == 2  # another group is untouched
    assert not PupilDataAccess.objects.filter(what__contains="Amira").exists()
    assert PupilDataAccess.objects.filter(pupil_id=pupils[0].pk, pupil_label__startswith="Pupil ")
    assert PupilDataAccess.objects.filter(action="delete", school=world.school).exists()


def test_a_wrong_name_deletes_nothing_and_keeps_what_was_typed(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort, _ = _with_history(world, client_for)
    response = client_for("lead").post(
        reverse("programmes:cohort_delete", args=[cohort.pk]), {"confirm_name": "Year 5"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Type the group&#x27;s name, Year 5 2026, exactly" in html
    assert 'value="Year 5"' in html
    assert Pupil.objects.filter(cohort=cohort).count() == 6


def test_only_the_careers_leader_may_delete_a_group(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    add_pupils(cohort, 1)
    for persona in ("teacher", "facilitator", "outsider"):
        response = client_for(persona).post(
            reverse("programmes:cohort_delete", args=[cohort.pk]), {"confirm_name": cohort.name}
        )
        assert response.status_code == 404, persona
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_erase_pupil_dry_run_changes_nothing(world, client_for) -> None:  # type: ignore[no-untyped-def]
    _, pupils = _with_history(world, client_for)
    out = StringIO()
    call_command("erase_pupil", str(pupils[0].pk), "--dry-run", stdout=out)
    assert "Dry run: would erase" in out.getvalue()
    assert "Nothing was changed" in out.getvalue()
    assert Pupil.objects.filter(pk=pupils[0].pk).exists()
    assert PupilDataAccess.objects.filter(what__contains="Amira").exists()


def test_erase_pupil_erases_the_child_everywhere(world, client_for) -> None:  # type: ignore[no-untyped-def]
    _, pupils = _with_history(world, client_for)
    amira, ben = pupils[0], pupils[1]
    out = StringIO()
    call_command("erase_pupil", str(amira.pk), stdout=out)
    assert f"Erased pupil {amira.pk}" in out.getvalue()
    assert not Pupil.objects.filter(pk=amira.pk).exists()
    for model in (Consent, AssessmentAnswer, Reflection, SessionAttendance):
        assert not model.objects.filter(pupil_id=amira.pk).exists(), model
    assert not PupilDataAccess.objects.filter(what__contains="Amira").exists()
    assert PupilDataAccess.objects.filter(pupil_id=amira.pk, action="erase").exists()
    assert Pupil.objects.filter(pk=ben.pk).exists()
    assert AssessmentAnswer.objects.filter(pupil=ben).exists()
    with pytest.raises(CommandError, match=f"There is no pupil {amira.pk}"):
        call_command("erase_pupil", str(amira.pk))


def test_academic_years_count_from_1_september() -> None:
    assert retention.academic_year_end(date(2027, 3, 10)) == date(2027, 8, 31)
    assert retention.academic_year_end(date(2026, 9, 1)) == date(2027, 8, 31)
    assert retention.academic_year_end(date(2026, 8, 31)) == date(2026, 8, 31)
    # Finished in March 2027: kept to the end of the following academic year by default.
    assert retention.names_kept_until(date(2027, 3, 10), 1) == date(2028, 8, 31)
    assert retention.names_kept_until(date(2027, 3, 10), 0) == date(2027, 8, 31)
    assert not retention.is_due(date(2027, 3, 10), 1, date(2028, 8, 31))
    assert retention.is_due(date(2027, 3, 10), 1, date(2028, 9, 1))
    assert retention.log_kept_from(date(2028, 2, 29), 2) == date(2026, 2, 28)


def test_the_retention_task_removes_names_and_words_but_keeps_anonymous_answers(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    cohort, pupils = _with_history(world, client_for)
    AssessmentAnswer.objects.create(
        pupil=pupils[1], phase="pre", item="job_text", text="Vet like my aunt Sara", job_title="Vet"
    )
    cohort.status = Cohort.Status.FINISHED
    cohort.finished_on = date(2027, 3, 10)
    cohort.save()
    running = make_cohort(world.school, "Year 6 running", seed=5)
    add_pupils(running, 1, first_names=["Gus"])
    answers = AssessmentAnswer.objects.filter(pupil__cohort=cohort).count()

    # Not yet due on the last day of the following academic year.
    assert services_retention.retention_apply(today=date(2028, 8, 31)).cohorts_pseudonymised == 0
    assert Pupil.objects.filter(first_name="Amira").exists()

    run = services_retention.retention_apply(today=date(2028, 9, 1))
    assert (run.cohorts_pseudonymised, run.pupils_pseudonymised) == (1, 6)
    cohort.refresh_from_db()
    assert cohort.pseudonymised_at is not None
    assert not Pupil.objects.filter(cohort=cohort).exclude(first_name="").exists()
    assert not Pupil.objects.filter(cohort=cohort).exclude(last_initial="").exists()
    assert AssessmentAnswer.objects.filter(pupil__cohort=cohort).count() == answers
    assert AssessmentAnswer.objects.get(item="job_text").text == "Vet"
    assert not Reflection.objects.filter(pupil__cohort=cohort).exists()
    assert not PupilDataAccess.objects.filter(what__contains="Amira").exists()
    assert Pupil.objects.filter(first_name="Gus").exists()  # a running group is untouched
    # Running it again changes nothing more.
    assert services_retention.retention_apply(today=date(2028, 9, 2)).cohorts_pseudonymised == 0


def test_a_school_can_keep_names_longer_and_old_log_entries_go(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, status=Cohort.Status.FINISHED)
    cohort.finished_on = date(2027, 3, 10)
    cohort.save()
    add_pupils(cohort, 1, first_names=["Amira"])
    RetentionSchedule.objects.create(school=world.school, years_after_finish=2, access_log_years=1)
    old = PupilDataAccess.objects.create(school=world.school, what="Programme group")
    PupilDataAccess.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=400))
    recent = PupilDataAccess.objects.create(school=world.school, what="Programme group")
    run = services_retention.retention_apply(today=timezone.localdate())
    assert run.log_entries_deleted == 1
    assert list(PupilDataAccess.objects.values_list("pk", flat=True)) == [recent.pk]
    run = services_retention.retention_apply(today=date(2028, 9, 1))
    assert run.cohorts_pseudonymised == 0
    assert Pupil.objects.filter(first_name="Amira").exists()
    assert services_retention.retention_apply(today=date(2029, 9, 1)).cohorts_pseudonymised == 1


def test_marking_a_group_finished_starts_the_retention_clock(world) -> None:  # type: ignore[no-untyped-def]
    from horizons.programmes import services

    cohort = make_cohort(world.school)
    assert cohort.finished_on is None
    services.cohort_update(
        cohort=cohort,
        by=world.lead,
        name=cohort.name,
        year_group=5,
        classes=["5B"],
        status="finished",
        open_phase="closed",
    )
    assert cohort.finished_on == timezone.localdate()
