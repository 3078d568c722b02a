"""Writes that remove children's data: erasure of one child, deleting a group, and the
retention schedule (docs/retention.md). Kept beside ``services.py``, with the same rules: one
transaction each, keyword-only arguments, a ProgrammeError saying what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from horizons.core import audit_log
from horizons.core.models import PupilDataAccess
from horizons.organisations.models import School
from horizons.programmes import retention
from horizons.programmes.errors import ProgrammeError
from horizons.programmes.models import (
    AssessmentAnswer,
    Cohort,
    Consent,
    ParentContact,
    Pupil,
    Reflection,
    RetentionSchedule,
    SessionAttendance,
)
from horizons.programmes.services_contacts import contacts_expire, forget_addresses

REMOVED_WORDS = "(removed)"


@dataclass(frozen=True)
class DataHeld:
    """What Horizons holds about some children: what a deletion would remove."""

    pupils: int
    answers: int
    reflections: int
    attendance: int
    consents: int
    log_entries: int

    @property
    def nothing(self) -> bool:
        return not (self.pupils or self.answers or self.reflections or self.attendance)


def data_held(*, pupil_ids: list[int]) -> DataHeld:
    return DataHeld(
        pupils=len(pupil_ids),
        answers=AssessmentAnswer.objects.filter(pupil_id__in=pupil_ids).count(),
        reflections=Reflection.objects.filter(pupil_id__in=pupil_ids).count(),
        attendance=SessionAttendance.objects.filter(pupil_id__in=pupil_ids).count(),
        consents=Consent.objects.filter(pupil_id__in=pupil_ids).count(),
        log_entries=PupilDataAccess.objects.filter(pupil_id__in=pupil_ids).count(),
    )


def _names(pupils: Any) -> list[tuple[int, str]]:
    return [(p.pk, p.display_name if p.first_name else "") for p in pupils]


@transaction.atomic
def pupil_erase(*, pupil: Pupil, by: Any = None) -> DataHeld:
    """Erase one child everywhere: the pupil record, consent, answers, activities and
    attendance are deleted; the access log keeps the entries but no name (the child's id and
    the label "Pupil <id>" only). A child signed in on a tablet is signed out on their next
    click (the session holds only the id, checked on every request). Returns what was removed.
    """
    held = data_held(pupil_ids=[pupil.pk])
    school = pupil.cohort.school
    audit_log.scrub_names(school=school, pupils=_names([pupil]))
    pupil.delete()
    return held


@transaction.atomic
def cohort_delete(*, cohort: Cohort, by: Any, confirm_name: str) -> DataHeld:
    """Delete a programme group and everything about its children (only its school's careers
    leader, or a platform admin, may: see ``permissions.can_delete_cohort``)."""
    if " ".join(confirm_name.split()).casefold() != cohort.name.casefold():
        raise ProgrammeError(
            f"Type the group's name, {cohort.name}, exactly as shown to confirm the deletion."
        )
    pupils = list(cohort.pupils.all())
    held = data_held(pupil_ids=[p.pk for p in pupils])
    audit_log.scrub_names(school=cohort.school, pupils=_names(pupils))
    cohort.delete()
    return held


@transaction.atomic
def cohort_pseudonymise(*, cohort: Cohort, now: datetime | None = None) -> int:
    """Remove the children's names and words, keep the anonymous answers for impact figures.

    Names, surname initials and the school's references are cleared; the words children typed
    (the job they want) are replaced by the matched job's title; activities (Who am I?, My
    Future Cloud) and parents' contacts are deleted; consent links and short links stop
    working. Returns the children changed.
    """
    now = now or timezone.now()
    pupils = list(cohort.pupils.all())
    audit_log.scrub_names(school=cohort.school, pupils=_names(pupils))
    ids = [p.pk for p in pupils]
    Pupil.objects.filter(pk__in=ids).update(first_name="", last_initial="", reference="")
    for answer in AssessmentAnswer.objects.filter(pupil_id__in=ids).exclude(text=""):
        answer.text = answer.job_title or REMOVED_WORDS
        answer.save(update_fields=["text"])
    Reflection.objects.filter(pupil_id__in=ids).delete()
    forget_addresses(consent_ids=ids)
    ParentContact.objects.filter(pupil_id__in=ids).delete()
    for consent in Consent.objects.filter(pupil_id__in=ids):
        consent.token = Consent._meta.get_field("token").get_default()
        consent.short_code = Consent._meta.get_field("short_code").get_default()
        consent.save(update_fields=["token", "short_code"])
    cohort.pseudonymised_at = now
    cohort.save(update_fields=["pseudonymised_at"])
    return len(ids)


def schedule_for(school: School) -> RetentionSchedule:
    """The school's schedule, or the defaults (unsaved) when it has not changed them."""
    try:
        return school.retention
    except RetentionSchedule.DoesNotExist:
        return RetentionSchedule(school=school)


def cohort_finished_on(cohort: Cohort) -> date | None:
    if cohort.status != Cohort.Status.FINISHED:
        return None
    return cohort.finished_on or timezone.localdate(cohort.updated_at)


@dataclass(frozen=True)
class RetentionRun:
    cohorts_pseudonymised: int
    pupils_pseudonymised: int
    log_entries_deleted: int
    parent_contacts_deleted: int = 0


def retention_apply(*, today: date | None = None) -> RetentionRun:
    """Apply every school's retention schedule (the housekeeping task runs this daily), and
    delete parents' contacts no longer needed (``services_contacts.contacts_expire``).

    Each group is done in its own transaction, so one failure does not undo the others.
    """
    today = today or timezone.localdate()
    schedules: dict[int, RetentionSchedule] = {
        s.school_id: s for s in RetentionSchedule.objects.all()
    }
    cohorts = pupils = 0
    due = Cohort.objects.select_related("school").filter(
        status=Cohort.Status.FINISHED, pseudonymised_at__isnull=True
    )
    for cohort in due.iterator(chunk_size=200):
        finished = cohort_finished_on(cohort)
        schedule = schedules.get(cohort.school_id) or RetentionSchedule(school=cohort.school)
        if finished is not None and retention.is_due(finished, schedule.years_after_finish, today):
            pupils += cohort_pseudonymise(cohort=cohort)
            cohorts += 1
    deleted = 0
    default_cutoff = retention.log_kept_from(today, RetentionSchedule.DEFAULT_ACCESS_LOG_YEARS)
    custom = {pk: s.access_log_years for pk, s in schedules.items()}
    with transaction.atomic():
        old = PupilDataAccess.objects.filter(at__date__lt=default_cutoff).exclude(
            school_id__in=list(custom)
        )
        deleted += old.delete()[0]
        for school_id, years in custom.items():
            cutoff = retention.log_kept_from(today, years)
            deleted += PupilDataAccess.objects.filter(
                school_id=school_id, at__date__lt=cutoff
            ).delete()[0]
    # Contacts go a few days after the parent answers: counted to the end of `today`.
    contacts = contacts_expire(now=timezone.make_aware(datetime.combine(today, time.max)))
    return RetentionRun(cohorts, pupils, deleted, contacts)


@transaction.atomic
def retention_schedule_update(
    *, school: School, by: Any, years_after_finish: int, access_log_years: int
) -> RetentionSchedule:
    if not 0 <= years_after_finish <= RetentionSchedule.MAX_YEARS:
        raise ProgrammeError(
            f"Choose between 0 and {RetentionSchedule.MAX_YEARS} academic years for names."
        )
    if not 1 <= access_log_years <= RetentionSchedule.MAX_YEARS:
        raise ProgrammeError(
            f"Choose between 1 and {RetentionSchedule.MAX_YEARS} years for the access log."
        )
    schedule, _ = RetentionSchedule.objects.update_or_create(
        school=school,
        defaults={
            "years_after_finish": years_after_finish,
            "access_log_years": access_log_years,
            "updated_by": by,
        },
    )
    return schedule
