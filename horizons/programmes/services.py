"""Every write for programmes: one transaction each, a ProgrammeError saying what to fix."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from horizons.accounts.models import Role
from horizons.careers.matching import default_matcher
from horizons.careers.moderation import redact
from horizons.organisations.models import School, Volunteer
from horizons.programmes import activities, child_session, jobs_list, mis_import, pictures
from horizons.programmes.errors import ProgrammeError
from horizons.programmes.instrument import AnswerError, instrument
from horizons.programmes.models import (
    AssessmentAnswer,
    Cohort,
    CohortSession,
    Consent,
    ConsentEvent,
    Pupil,
    Reflection,
    SessionAttendance,
)
from horizons.programmes.services_retention import pupil_erase
from horizons.programmes.templates_data import get_template, load_templates


@dataclass(frozen=True)
class JobMatch:
    text: str
    slug: str
    title: str
    category: str


def match_job(text: str) -> JobMatch:
    """The careers-library job a child's words name; offensive words are redacted on the way in."""
    result = default_matcher().match(text)
    clean = redact(text)
    if result.category == "job" and result.slug:
        return JobMatch(clean, result.slug, result.title or "", "job")
    return JobMatch(clean, "", "", result.category)


# --- cohorts ---------------------------------------------------------------------------------


def _unique_class_code(rng: random.Random | None, exclude_pk: int | None = None) -> str:
    active = Cohort.objects.exclude(status=Cohort.Status.FINISHED)
    if exclude_pk is not None:
        active = active.exclude(pk=exclude_pk)
    for _ in range(50):
        code = pictures.new_class_code(rng)
        if not active.filter(class_code=code).exists():
            return code
    raise ProgrammeError("Could not find a free class code; try again.")


def _clean_classes(classes: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(c.strip() for c in classes if c and c.strip()))
    for name in cleaned:
        if len(name) > 20:
            raise ProgrammeError(f"Class '{name[:25]}' is too long; use a short name such as 5B.")
    return cleaned


@transaction.atomic
def cohort_create(
    *,
    school: School,
    template_slug: str,
    name: str,
    year_group: int,
    classes: Iterable[str] = (),
    by: Any = None,
    dates: Mapping[int, date] | None = None,
    status: str = Cohort.Status.PLANNING,
    rng: random.Random | None = None,
) -> Cohort:
    try:
        template = get_template(template_slug)
    except KeyError:
        known = ", ".join(load_templates())
        raise ProgrammeError(
            f"There is no programme '{template_slug}'. Choose one of: {known}."
        ) from None
    name = " ".join(name.split())
    if not name:
        raise ProgrammeError("Give the group a name, for example 'Year 5 2025'.")
    if not 1 <= year_group <= 6:
        raise ProgrammeError("Choose a year group from 1 to 6.")
    if Cohort.objects.filter(school=school, name__iexact=name).exists():
        raise ProgrammeError(
            f"{school.name} already has a group called '{name}'. Choose another name."
        )
    cohort = Cohort.objects.create(
        school=school,
        template_slug=template.slug,
        name=name,
        year_group=year_group,
        classes=_clean_classes(classes),
        class_code=_unique_class_code(rng),
        status=status,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        finished_on=timezone.localdate() if status == Cohort.Status.FINISHED else None,
    )
    if (
        getattr(by, "is_authenticated", False)
        and by.memberships.filter(role=Role.TEACHER, school=school).exists()
    ):
        cohort.teachers.add(by)  # a teacher who starts a group runs it
    given = dates or {}
    CohortSession.objects.bulk_create(
        CohortSession(cohort=cohort, step=index, date=given.get(index))
        for index in range(len(template.steps))
    )
    return cohort


@transaction.atomic
def cohort_update(
    *,
    cohort: Cohort,
    by: Any,
    name: str,
    year_group: int,
    classes: Iterable[str],
    status: str,
    open_phase: str,
    teachers: Iterable[Any] | None = None,
) -> Cohort:
    """Change a group; ``teachers`` (None: unchanged) must be teachers at its school."""
    name = " ".join(name.split())
    if not name:
        raise ProgrammeError("Give the group a name.")
    clash = Cohort.objects.filter(school=cohort.school, name__iexact=name).exclude(pk=cohort.pk)
    if clash.exists():
        raise ProgrammeError(f"{cohort.school.name} already has a group called '{name}'.")
    if status not in Cohort.Status.values or open_phase not in Cohort.Phase.values:
        raise ProgrammeError("Choose a status and which questions are open from the lists.")
    if status == Cohort.Status.FINISHED and open_phase != Cohort.Phase.CLOSED:
        open_phase = Cohort.Phase.CLOSED  # children cannot sign in to a finished programme
    reopening = cohort.status == Cohort.Status.FINISHED and status != Cohort.Status.FINISHED
    cohort.name = name
    cohort.year_group = year_group
    cohort.classes = _clean_classes(classes)
    if status == Cohort.Status.FINISHED and cohort.status != Cohort.Status.FINISHED:
        cohort.finished_on = timezone.localdate()  # the retention schedule counts from here
    elif status != Cohort.Status.FINISHED:
        cohort.finished_on = None
    cohort.status = status
    cohort.open_phase = open_phase
    if reopening:
        taken = Cohort.objects.exclude(status=Cohort.Status.FINISHED).exclude(pk=cohort.pk)
        if taken.filter(class_code=cohort.class_code).exists():
            cohort.class_code = _unique_class_code(None, exclude_pk=cohort.pk)
    cohort.save()
    if teachers is not None:
        chosen = list(teachers)
        allowed = set(
            cohort.school.membership_set.filter(role=Role.TEACHER).values_list("user_id", flat=True)
        )
        if any(t.pk not in allowed for t in chosen):
            raise ProgrammeError(f"Choose teachers who work at {cohort.school.name}.")
        cohort.teachers.set(chosen)
    return cohort


@transaction.atomic
def sign_in_window_open(
    *, cohort: Cohort, by: Any, minutes: int = child_session.SIGN_IN_MINUTES
) -> Cohort:
    """Let children use the class code for the next few minutes; every tablet starts afresh."""
    if cohort.status != Cohort.Status.RUNNING:
        raise ProgrammeError(
            "Children can sign in only while the programme is running. Change its status to "
            "Running first."
        )
    if not 1 <= minutes <= 60:
        raise ProgrammeError("Open sign-in for between 1 and 60 minutes.")
    cohort.sign_in_open_until = timezone.now() + timedelta(minutes=minutes)
    cohort.save(update_fields=["sign_in_open_until", "updated_at"])
    child_session.unlock_class_code(cohort.class_code)
    return cohort


@transaction.atomic
def sign_in_window_close(*, cohort: Cohort, by: Any) -> Cohort:
    """Stop the class code working now (children already signed in carry on)."""
    cohort.sign_in_open_until = None
    cohort.save(update_fields=["sign_in_open_until", "updated_at"])
    return cohort


@transaction.atomic
def session_update(
    *,
    session: CohortSession,
    by: Any,
    date: date | None,
    starts_at: time | None,
    held: bool,
    volunteers: Iterable[Volunteer],
    present_pupil_ids: Iterable[int] = (),
    today: date | None = None,
) -> CohortSession:
    chosen = list(volunteers)
    today = today or timezone.localdate()
    if held and date is not None and date > today:
        raise ProgrammeError(
            f"'{session.title}' is dated {_uk_date(date)}, which has not come yet. Change the "
            "date to the day it happened, or untick 'This session has happened'."
        )
    hub_id = session.cohort.school.hub_id
    outside = [v for v in chosen if v.employer.hub_id != hub_id]
    if outside:
        names = ", ".join(str(v) for v in outside)
        raise ProgrammeError(
            f"{names} volunteer outside this school's hub; choose local professionals."
        )
    if chosen and not session.info.professionals_attend:
        raise ProgrammeError(f"No professionals attend '{session.title}'; leave the list empty.")
    present = set(present_pupil_ids)
    known = set(session.cohort.pupils.filter(pk__in=present).values_list("pk", flat=True))
    if present - known:
        raise ProgrammeError("Attendance can only be recorded for children in this group.")
    if present and not held:
        raise ProgrammeError("Tick 'This session has happened' before recording who was there.")
    session.date = date
    session.starts_at = starts_at
    session.held = held
    session.save(update_fields=["date", "starts_at", "held"])
    session.volunteers.set(chosen)
    SessionAttendance.objects.filter(session=session).exclude(pupil_id__in=present).delete()
    already = set(session.attendance.values_list("pupil_id", flat=True))
    SessionAttendance.objects.bulk_create(
        SessionAttendance(session=session, pupil_id=pk) for pk in sorted(present - already)
    )
    return session


def _uk_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- pupils ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


class PupilImportError(ProgrammeError):
    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported.")
        self.problems = list(problems)


def _new_pupils(
    cohort: Cohort, count: int, rng: random.Random | None
) -> list[pictures.PictureCode]:
    taken = set(cohort.pupils.values_list("picture", "picture_number"))
    return pictures.assign_picture_codes(count, taken, rng)


@transaction.atomic
def pupils_import(
    *,
    cohort: Cohort,
    pupils: Sequence[mis_import.Pupil],
    by: Any,
    rng: random.Random | None = None,
) -> list[Pupil]:
    """Add a parsed class list to a cohort: every pupil or none."""
    existing = {
        (p.first_name.casefold(), p.last_initial, p.class_name.casefold()): p
        for p in cohort.pupils.all()
    }
    problems = []
    for pupil in pupils:
        key = (pupil.first_name.casefold(), pupil.last_initial, pupil.class_name.casefold())
        if key in existing:
            problems.append(
                ImportProblem(
                    pupil.row,
                    f"{pupil.first_name} {pupil.last_initial}. in {pupil.class_name} is already "
                    "in this group. Remove the row, or change the first name if they are two "
                    "children.",
                )
            )
    if problems:
        raise PupilImportError(problems)
    codes = _new_pupils(cohort, len(pupils), rng)
    Pupil.objects.bulk_create(
        Pupil(
            cohort=cohort,
            first_name=p.first_name,
            last_initial=p.last_initial,
            year_group=p.year_group,
            class_name=p.class_name,
            pupil_premium=p.pupil_premium,
            send=p.send,
            gender=p.gender or "",
            picture=code.picture,
            picture_number=code.number,
        )
        for p, code in zip(pupils, codes, strict=True)
    )
    # Every earlier pupil already has a consent row, so the new ones are those without.
    created = list(cohort.pupils.filter(consent__isnull=True).order_by("pk"))
    Consent.objects.bulk_create(Consent(pupil=p) for p in created)
    new_classes = sorted({p.class_name for p in pupils} - set(cohort.classes))
    if new_classes:
        cohort.classes = [*cohort.classes, *new_classes]
        cohort.save(update_fields=["classes", "updated_at"])
    return created


@transaction.atomic
def pupil_update(
    *,
    pupil: Pupil,
    by: Any,
    first_name: str,
    last_initial: str,
    class_name: str,
    pupil_premium: bool | None,
    send: bool | None,
    gender: str | None,
) -> Pupil:
    first_name = " ".join(first_name.split())
    if not first_name or len(first_name) > 50:
        raise ProgrammeError("Enter the child's first name (up to 50 letters).")
    initial = last_initial.strip()[:1].upper()
    if not initial.isalpha():
        raise ProgrammeError("Enter the first letter of the child's surname.")
    pupil.first_name = first_name
    pupil.last_initial = initial
    pupil.class_name = " ".join(class_name.split())[:20]
    pupil.pupil_premium = pupil_premium
    pupil.send = send
    pupil.gender = gender or ""
    pupil.save()
    return pupil


@transaction.atomic
def pupil_remove(*, pupil: Pupil, by: Any) -> None:
    """Remove a child and everything recorded about them (the school's erasure duty)."""
    pupil_erase(pupil=pupil, by=by)


# --- consent ---------------------------------------------------------------------------------

# What a parent is told when they say no after saying yes (the same words on the page and in
# the school's view), so that nobody is surprised by what happens to the child's answers.
WITHDRAWAL_EFFECT = (
    "From now on {name}'s answers are not used in any report and nobody at school can see "
    "them, and {name} cannot sign in to the programme. Nothing is deleted straight away: the "
    "answers already given stay locked away until the school's retention schedule erases "
    "them. If you would like them erased now, ask the school."
)


def _recorder(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _log_consent(
    consent: Consent, *, method: str, by: Any, at: Any, note: str = ""
) -> ConsentEvent:
    return ConsentEvent.objects.create(
        pupil_id=consent.pupil_id,
        decision=consent.parent_consent,
        applied=consent.applied_at is not None,
        method=method,
        recorded_by=_recorder(by),
        note=note[:200],
        at=at,
    )


def _set_parent_answer(consent: Consent, answer: str, now: Any) -> None:
    """Change the parent's answer; a "no" after a "yes" is a withdrawal, never an erasure."""
    if answer == Consent.Parent.REFUSED and consent.parent_consent == Consent.Parent.GRANTED:
        consent.withdrawn_at = now
    elif answer == Consent.Parent.GRANTED:
        consent.withdrawn_at = None
    consent.parent_consent = answer


STAFF_METHODS = (Consent.Method.PAPER, Consent.Method.STAFF)


@transaction.atomic
def consent_record(
    *,
    pupil: Pupil,
    applied: bool,
    parent_consent: str,
    by: Any,
    method: str = Consent.Method.PAPER,
) -> Consent:
    """A member of staff records the child's application and a parent's answer.

    Every change is kept in the child's consent history, labelled as entered by staff. A "no"
    after a "yes" stops the child's answers being used from now on; it does not delete them.
    """
    if parent_consent not in Consent.Parent.values:
        raise ProgrammeError("Choose whether a parent said yes, no, or has not replied.")
    if method not in STAFF_METHODS:
        raise ProgrammeError(
            "Choose how the parent told the school: a paper slip, or in person or by phone."
        )
    consent, _ = Consent.objects.select_for_update().get_or_create(pupil=pupil)
    now = timezone.now()
    before = (consent.applied_at is not None, consent.parent_consent)
    if applied and consent.applied_at is None:
        consent.applied_at = now
    elif not applied:
        consent.applied_at = None
    if parent_consent != consent.parent_consent:
        _set_parent_answer(consent, parent_consent, now)
        consent.method = "" if parent_consent == Consent.Parent.PENDING else method
        consent.recorded_by = _recorder(by)
        consent.recorded_at = now
    consent.save()
    if before != (consent.applied_at is not None, consent.parent_consent):
        _log_consent(consent, method=method, by=by, at=now)
    return consent


@transaction.atomic
def consent_record_many(
    *,
    cohort: Cohort,
    decisions: Mapping[int, tuple[bool, str]],
    by: Any,
    method: str = Consent.Method.PAPER,
) -> int:
    """Record a whole class's slips at once; returns how many children changed."""
    pupils = {p.pk: p for p in cohort.pupils.select_related("consent")}
    unknown = set(decisions) - set(pupils)
    if unknown:
        raise ProgrammeError("Some children are not in this group; reload the page.")
    changed = 0
    for pk, (applied, parent) in decisions.items():
        pupil = pupils[pk]
        before = (pupil.consent.applied_at is not None, pupil.consent.parent_consent)
        if before != (applied, parent):
            consent_record(
                pupil=pupil, applied=applied, parent_consent=parent, by=by, method=method
            )
            changed += 1
    return changed


@transaction.atomic
def consent_by_parent(*, consent: Consent, granted: bool) -> Consent:
    """A parent's answer through their link: no account, the latest answer counts.

    Once the programme has finished the link has expired: a parent can still withdraw a
    "yes" (which stops any further use of the answers), but can no longer give consent.
    """
    consent = (
        Consent.objects.select_for_update()
        .select_related("pupil", "pupil__cohort")
        .get(pk=consent.pk)
    )
    if consent.pupil.cohort.consent_links_expired and granted:
        raise ProgrammeError(
            "This programme has finished, so this link can no longer be used to say yes."
        )
    answer = Consent.Parent.GRANTED if granted else Consent.Parent.REFUSED
    now = timezone.now()
    if answer != consent.parent_consent or consent.method != Consent.Method.LINK:
        _set_parent_answer(consent, answer, now)
        consent.method = Consent.Method.LINK
        consent.recorded_by = None
        consent.recorded_at = now
        consent.save()
        _log_consent(consent, method=Consent.Method.LINK, by=None, at=now)
    return consent


# --- answers and reflections -----------------------------------------------------------------


class ConsentNeeded(ProgrammeError):
    """The child may not store anything yet: no parent has said yes (or a parent said no)."""


def _check_can_answer(pupil: Pupil) -> None:
    # Read afresh: a parent may have answered since this pupil was loaded. Nothing a child
    # enters is kept until a parent has said yes.
    consent = Consent.objects.filter(pupil=pupil).first()
    if consent is None or not consent.allows_answers:
        raise ConsentNeeded("You can do this once your grown-up says yes.")


@transaction.atomic
def answer_save(
    *, pupil: Pupil, phase: str, item: str, value: object, source: str = "child"
) -> AssessmentAnswer:
    if phase not in AssessmentAnswer.Phase.values:
        raise ProgrammeError("Answers are before (pre) or after (post) the programme.")
    _check_can_answer(pupil)
    assessment = instrument(pupil.cohort.instrument_version)
    try:
        clean = assessment.validate_answer(item, value)
    except AnswerError as exc:
        raise ProgrammeError(exc.message) from exc
    fields: dict[str, Any] = {"source": source}
    if isinstance(clean, str):
        job = match_job(clean)
        fields |= {
            "value": None,
            "text": job.text,
            "job_slug": job.slug,
            "job_title": job.title,
            "job_category": job.category,
        }
    else:
        fields |= {"value": clean, "text": "", "job_slug": "", "job_title": "", "job_category": ""}
        fields["jobs"] = []  # a number typed or imported replaces any list written before
    answer, _ = AssessmentAnswer.objects.update_or_create(
        pupil=pupil, phase=phase, item=item, defaults=fields
    )
    return answer


@transaction.atomic
def reflection_save(*, pupil: Pupil, kind: str, key: str, raw: Sequence[str] | str) -> Reflection:
    """Keep one screen of an activity; the activity's other answers are left as they were."""
    activity = activities.CHILD_ACTIVITIES.get(kind)
    if activity is None:
        raise ProgrammeError("That activity does not exist.")
    question = next((q for q in activity.questions if q.key == key), None)
    if question is None:
        raise ProgrammeError("That question does not exist.")
    _check_can_answer(pupil)
    try:
        clean = activities.clean_answer(question, raw)
    except activities.ActivityError as exc:
        raise ProgrammeError(str(exc)) from exc
    reflection, _ = Reflection.objects.select_for_update().get_or_create(pupil=pupil, kind=kind)
    data = dict(reflection.data)
    if isinstance(clean, str):
        job = match_job(clean)
        data[key] = {"text": job.text, "slug": job.slug, "title": job.title}
    else:
        data[key] = clean
    reflection.data = data
    reflection.save()
    return reflection


@transaction.atomic
def answer_jobs_save(*, pupil: Pupil, phase: str, item: str, written: str) -> AssessmentAnswer:
    """Question 9 answered with the jobs themselves: keep the list, store the count as the answer.

    The impact report, exports and imports keep using the number in ``value``; the list is
    only for the child ("You wrote 7 jobs!") and their teacher.
    """
    if phase not in AssessmentAnswer.Phase.values:
        raise ProgrammeError("Answers are before (pre) or after (post) the programme.")
    _check_can_answer(pupil)
    assessment = instrument(pupil.cohort.instrument_version)
    try:
        question = assessment.item(item)
    except AnswerError as exc:
        raise ProgrammeError(exc.message) from exc
    if not question.takes_jobs:
        raise ProgrammeError("This question takes a number, not a list of jobs.")
    try:
        jobs = jobs_list.read_jobs(written, default_matcher().match)
    except jobs_list.JobsListError as exc:
        raise ProgrammeError(str(exc)) from exc
    assert question.max is not None  # a count item always has a range
    count = min(jobs_list.count_jobs(jobs), question.max)
    answer, _ = AssessmentAnswer.objects.update_or_create(
        pupil=pupil,
        phase=phase,
        item=item,
        defaults={
            "value": count,
            "text": "",
            "job_slug": "",
            "job_title": "",
            "job_category": "",
            "jobs": [job.as_dict() for job in jobs],
            "source": AssessmentAnswer.Source.CHILD,
        },
    )
    return answer
