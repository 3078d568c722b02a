"""Writes: cohorts, class lists, consent, answers and activities."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from horizons.organisations.models import Employer, Volunteer
from horizons.programmes import mis_import, services
from horizons.programmes.models import AssessmentAnswer, Cohort, Consent, Pupil, Reflection
from tests.programmes.factories import add_pupils, answer_all, make_cohort

pytestmark = pytest.mark.django_db


def test_a_new_cohort_has_one_session_per_template_step_and_a_class_code(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    assert cohort.sessions.count() == len(cohort.template.steps) == 8
    assert len(cohort.class_code) == 6
    with pytest.raises(services.ProgrammeError, match="already has a group called"):
        make_cohort(world.school, cohort.name.upper())
    with pytest.raises(services.ProgrammeError, match="There is no programme"):
        services.cohort_create(school=world.school, template_slug="nope", name="X", year_group=5)


def test_class_codes_are_unique_among_active_cohorts_only(world) -> None:  # type: ignore[no-untyped-def]
    first = make_cohort(world.school, "A", seed=9)
    second = make_cohort(world.school, "B", seed=9)  # same random stream: must still differ
    assert first.class_code != second.class_code
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=second.pk).update(class_code=first.class_code)
    Cohort.objects.filter(pk=first.pk).update(status="finished")
    Cohort.objects.filter(pk=second.pk).update(class_code=first.class_code)  # allowed now
    # Reopening the finished cohort gives it a fresh code rather than a clash.
    first.refresh_from_db()
    services.cohort_update(
        cohort=first,
        by=world.lead,
        name="A",
        year_group=5,
        classes=["5B"],
        status="running",
        open_phase="closed",
    )
    first.refresh_from_db()
    assert first.class_code != second.class_code


def test_finishing_a_cohort_closes_its_questions(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase="post")
    services.cohort_update(
        cohort=cohort,
        by=world.lead,
        name=cohort.name,
        year_group=5,
        classes=[],
        status="finished",
        open_phase="post",
    )
    cohort.refresh_from_db()
    assert cohort.open_phase == "closed"


def _parsed(rows: str) -> mis_import.ParseResult:
    return mis_import.parse_class_list("Legal Forename,Legal Surname,Year,Reg\n" + rows)


def test_class_list_import_is_all_or_nothing_against_children_already_there(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    first = _parsed("Amira,Khan,5,5B\nBen,Lee,5,5B\n")
    created = services.pupils_import(cohort=cohort, pupils=first.pupils, by=world.lead)
    assert [p.display_name for p in created] == ["Amira K.", "Ben L."]
    assert all(p.consent.parent_consent == "pending" for p in created)
    again = _parsed("Cara,Moss,5,5B\nBen,Lee,5,5B\n")
    with pytest.raises(services.PupilImportError) as caught:
        services.pupils_import(cohort=cohort, pupils=again.pupils, by=world.lead)
    assert [str(p) for p in caught.value.problems] == [
        "Row 3: Ben L. in 5B is already in this group. Remove the row, or change the first name "
        "if they are two children."
    ]
    assert cohort.pupils.count() == 2  # Cara was not added either


def test_a_parents_no_after_yes_hides_the_answers_without_deleting_them(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    answer_all([pupil])
    services.reflection_save(pupil=pupil, kind="who_am_i", key="likes", raw=["animals"])
    consent = services.consent_record(
        pupil=pupil, applied=True, parent_consent="refused", by=world.teacher
    )
    assert consent.method == "paper" and consent.recorded_by == world.teacher
    assert consent.withdrawn_at is not None
    # Kept (for the retention schedule to erase), but no longer usable.
    assert AssessmentAnswer.objects.filter(pupil=pupil).exists()
    assert Reflection.objects.filter(pupil=pupil).exists()
    assert not consent.counts_in_reports
    with pytest.raises(services.ProgrammeError, match="once your grown-up says yes"):
        services.answer_save(pupil=pupil, phase="pre", item="skill_listening", value=2)


def test_a_parent_answers_through_their_link(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1, consent="pending")
    consent = services.consent_by_parent(consent=pupil.consent, granted=True)
    assert (consent.parent_consent, consent.method, consent.recorded_by) == (
        "granted",
        "link",
        None,
    )
    assert consent.counts_in_reports


def test_answers_are_checked_and_jobs_matched_with_offensive_words_redacted(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    with pytest.raises(services.ProgrammeError, match="out of range"):
        services.answer_save(pupil=pupil, phase="pre", item="skill_listening", value=7)
    with pytest.raises(services.ProgrammeError, match="not a question"):
        services.answer_save(pupil=pupil, phase="pre", item="favourite_colour", value=1)
    with pytest.raises(services.ProgrammeError, match="before"):
        services.answer_save(pupil=pupil, phase="during", item="skill_listening", value=1)
    answer = services.answer_save(pupil=pupil, phase="pre", item="job_wanted", value="a docter")
    assert (answer.text, answer.job_slug, answer.job_title) == ("a docter", "doctor", "Doctor")
    rude = services.answer_save(pupil=pupil, phase="post", item="job_wanted", value="shit job")
    assert "shit" not in rude.text and rude.job_slug == ""
    again = services.answer_save(pupil=pupil, phase="pre", item="skill_listening", value="3")
    assert again.value == 3
    services.answer_save(pupil=pupil, phase="pre", item="skill_listening", value=4)
    assert AssessmentAnswer.objects.get(pupil=pupil, phase="pre", item="skill_listening").value == 4


def test_a_session_takes_only_local_professionals_and_its_own_children(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    session = cohort.sessions.get(step=2)
    (pupil,) = add_pupils(cohort, 1)
    services.session_update(
        session=session,
        by=world.lead,
        date=None,
        starts_at=None,
        held=True,
        volunteers=[world.volunteer_profile],
        present_pupil_ids=[pupil.pk],
    )
    assert list(session.volunteers.all()) == [world.volunteer_profile]
    assert session.attendance.count() == 1
    with pytest.raises(services.ProgrammeError, match="outside this school's hub"):
        services.session_update(
            session=session,
            by=world.lead,
            date=None,
            starts_at=None,
            held=True,
            volunteers=[world.foreign_volunteer],
        )
    other = make_cohort(world.other_school, "Other")
    (stranger,) = add_pupils(other, 1)
    with pytest.raises(services.ProgrammeError, match="children in this group"):
        services.session_update(
            session=session,
            by=world.lead,
            date=None,
            starts_at=None,
            held=True,
            volunteers=[],
            present_pupil_ids=[stranger.pk],
        )
    assembly = cohort.sessions.get(step=0)
    with pytest.raises(services.ProgrammeError, match="No professionals attend"):
        services.session_update(
            session=assembly,
            by=world.lead,
            date=None,
            starts_at=None,
            held=False,
            volunteers=[world.volunteer_profile],
        )


def test_pupil_rows_refuse_what_we_must_not_keep() -> None:
    fields = {f.name for f in Pupil._meta.get_fields()}
    assert not fields & {"upn", "date_of_birth", "dob", "address", "postcode", "last_name"}


def test_removing_a_child_removes_everything_about_them(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    answer_all([pupil])
    services.pupil_remove(pupil=pupil, by=world.lead)
    assert not AssessmentAnswer.objects.exists() and not Consent.objects.exists()


def test_local_volunteers_are_those_in_the_schools_hub(world) -> None:  # type: ignore[no-untyped-def]
    from horizons.programmes.selectors import local_volunteers

    local = list(local_volunteers(world.school))
    assert world.volunteer_profile in local and world.foreign_volunteer not in local
    Volunteer.objects.create(
        employer=Employer.objects.create(name="Nowhere Ltd", sector="retail"),
        first_name="N",
        last_name="O",
        job_title="Shopkeeper",
    )
    assert len(list(local_volunteers(world.school))) == len(local)
