"""Every write for benchmarks: audits, answers, submission, action plans and hub records.

Each function runs in one transaction and raises a ``BenchmarkError`` whose message tells the
person what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from horizons.benchmarks import selectors
from horizons.benchmarks.action_plan import default_due_date, suggest_actions
from horizons.benchmarks.framework import load_framework
from horizons.benchmarks.models import (
    Action,
    AreaMeeting,
    Audit,
    AuditAnswer,
    AuditBenchmarkScore,
    Resource,
    SchoolAuditSummary,
    VisitNote,
)
from horizons.benchmarks.scoring import State, score
from horizons.organisations.models import Hub, School

MAX_NOTE_LENGTH = 2000


class BenchmarkError(Exception):
    """A write that cannot happen; the message says why and what to do instead."""


class AuditClosedError(BenchmarkError):
    pass


class UnknownCriterionError(BenchmarkError):
    pass


class StaleAnswerError(BenchmarkError):
    """Someone saved this criterion since the page was loaded; ``current`` is their answer."""

    def __init__(self, summary: str, current: AuditAnswer) -> None:
        super().__init__(
            f"{summary} Your change was not saved; check their answer and change it again "
            "if you need to."
        )
        self.summary = summary  # who changed it, when and to what
        self.current = current


def _person(user: Any) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.email


def _local_time(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def closed_message(audit: Audit) -> str:
    when = (
        timezone.localtime(audit.submitted_at).strftime("%-d %B %Y") if audit.submitted_at else ""
    )
    return (
        f"This audit was submitted on {when} and can no longer be changed. "
        "Start a new audit to record what has changed since."
    )


def _require_leader(by: Any, school: School) -> None:
    if not selectors.can_lead(by, school):
        raise BenchmarkError("Only the school's careers leader can change its audits.")


# --- Audits -----------------------------------------------------------------------------------


@transaction.atomic
def audit_start(
    *, school: School, by: Any, term: str, copy_last: bool = False, version: str | None = None
) -> Audit:
    """Start a draft audit on the latest framework (or ``version``), optionally copying answers.

    Copying takes every answer of the last submitted audit whose criterion still exists in the
    new version, so the careers leader only changes what has moved on.
    """
    _require_leader(by, school)
    term = " ".join(term.split())
    if not term:
        raise BenchmarkError("Enter the term this audit is for, for example Autumn 2026.")
    existing = selectors.draft_audit(school=school)
    if existing is not None:
        raise BenchmarkError(
            f"{school.name} already has an audit in progress ({existing.term}). "
            "Carry on with that one or submit it first."
        )
    framework = load_framework(version)
    source = selectors.latest_submitted_audit(school=school) if copy_last else None
    if copy_last and source is None:
        raise BenchmarkError("There is no submitted audit to copy yet. Start a new audit instead.")
    now = timezone.now()
    try:
        with transaction.atomic():
            audit = Audit.objects.create(
                school=school,
                framework_version=framework.version,
                term=term[:40],
                started_by=by,
                started_at=now,
                updated_at=now,
                copied_from=source,
            )
    except IntegrityError:
        # Another tab or colleague started one a moment ago.
        raise BenchmarkError(
            f"{school.name} already has an audit in progress. Carry on with that one."
        ) from None
    if source is not None:
        AuditAnswer.objects.bulk_create(
            AuditAnswer(
                audit=audit,
                criterion_id=answer.criterion_id,
                state=answer.state,
                evidence_note=answer.evidence_note,
                updated_by=by,
                updated_at=now,
            )
            for answer in source.answers.all()
            if framework.has_criterion(answer.criterion_id)
        )
    return audit


@dataclass(frozen=True)
class SavedAnswer:
    answer: AuditAnswer
    changed: bool


@transaction.atomic
def audit_answer_save(
    *,
    audit: Audit,
    by: Any,
    criterion_id: str,
    state: str,
    evidence_note: str = "",
    expected_version: int = 0,
) -> SavedAnswer:
    """Save one criterion's answer (autosave), refusing to overwrite a newer answer.

    ``expected_version`` is the answer version the page showed (0 when it had no answer). If
    someone saved this criterion since, ``StaleAnswerError`` carries their answer and nothing
    is written. Saving exactly what is already stored is a harmless no-op.
    """
    _require_leader(by, audit.school)
    # Lock the audit row so submission and answering cannot interleave (PostgreSQL; SQLite
    # serialises writers anyway).
    locked = Audit.objects.select_for_update().get(pk=audit.pk)
    if locked.submitted_at is not None:
        raise AuditClosedError(closed_message(locked))
    framework = load_framework(locked.framework_version)
    if not framework.has_criterion(criterion_id):
        raise UnknownCriterionError(
            f"There is no criterion {criterion_id!r} in framework version {framework.version}, "
            "so that answer was not saved. Reload the page to see the current questions."
        )
    try:
        state_value = State(state).value
    except ValueError:
        raise BenchmarkError(
            f"Choose not started, in progress or fully achieved for criterion {criterion_id}."
        ) from None
    note = (evidence_note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise BenchmarkError(
            f"The evidence note for criterion {criterion_id} must be {MAX_NOTE_LENGTH:,} "
            f"characters or fewer (it has {len(note):,})."
        )
    now = timezone.now()
    current = AuditAnswer.objects.filter(audit=locked, criterion_id=criterion_id).first()
    if current is not None and current.state == state_value and current.evidence_note == note:
        return SavedAnswer(current, changed=False)
    if current is None and expected_version == 0:
        try:
            with transaction.atomic():
                answer = AuditAnswer.objects.create(
                    audit=locked,
                    criterion_id=criterion_id,
                    state=state_value,
                    evidence_note=note,
                    updated_by=by,
                    updated_at=now,
                    version=1,
                )
        except IntegrityError:
            current = AuditAnswer.objects.get(audit=locked, criterion_id=criterion_id)
        else:
            Audit.objects.filter(pk=locked.pk).update(updated_at=now)
            return SavedAnswer(answer, changed=True)
    if current is not None:
        updated = AuditAnswer.objects.filter(pk=current.pk, version=expected_version).update(
            state=state_value,
            evidence_note=note,
            updated_by=by,
            updated_at=now,
            version=expected_version + 1,
        )
        if updated:
            Audit.objects.filter(pk=locked.pk).update(updated_at=now)
            current.refresh_from_db()
            return SavedAnswer(current, changed=True)
        current.refresh_from_db()
    if current is None:  # the page claimed a version for an answer that no longer exists
        raise BenchmarkError(
            f"The answer to criterion {criterion_id} has changed. Reload the page and try again."
        )
    raise StaleAnswerError(
        f"{_person(current.updated_by)} changed criterion {criterion_id} at "
        f"{_local_time(current.updated_at)}: {State(current.state).label}"
        + (f" – “{current.evidence_note}”" if current.evidence_note else "")
        + ".",
        current,
    )


def _score_rows(audit: Audit, states: dict[str, str]) -> tuple[Any, list[AuditBenchmarkScore]]:
    result = score(load_framework(audit.framework_version), states)
    rows = [
        AuditBenchmarkScore(
            audit=audit,
            benchmark=number,
            percentage=benchmark.percentage,
            fully_achieved=benchmark.fully_achieved,
        )
        for number, benchmark in sorted(result.benchmarks.items())
    ]
    return result, rows


@transaction.atomic
def audit_submit(*, audit: Audit, by: Any, today: date | None = None) -> Audit:
    """Score the audit with its own framework version, freeze it and draft the action plan."""
    _require_leader(by, audit.school)
    locked = Audit.objects.select_for_update().select_related("school").get(pk=audit.pk)
    if locked.submitted_at is not None:
        raise AuditClosedError(closed_message(locked))
    framework = load_framework(locked.framework_version)
    states = dict(locked.answers.values_list("criterion_id", "state"))
    unknown = sorted(cid for cid in states if not framework.has_criterion(cid))
    if unknown:
        raise UnknownCriterionError(
            f"Answers for criteria not in framework version {framework.version}: "
            f"{', '.join(unknown)}. Ask the hub to check this audit."
        )
    missing = [
        progress
        for progress in selectors.section_progress(framework, states)
        if not progress.complete
    ]
    if missing:
        parts = [f"benchmark {p.number} ({p.total - p.answered} left)" for p in missing]
        raise BenchmarkError(
            "Answer every criterion before submitting. Still to answer: " + ", ".join(parts) + "."
        )
    now = timezone.now()
    result, rows = _score_rows(locked, states)
    locked.submitted_at = now
    locked.submitted_by = by
    locked.updated_at = now
    locked.fully_achieved_count = result.fully_achieved_count
    locked.overall_percentage = result.overall_percentage
    locked.save(
        update_fields=[
            "submitted_at",
            "submitted_by",
            "updated_at",
            "fully_achieved_count",
            "overall_percentage",
        ]
    )
    AuditBenchmarkScore.objects.bulk_create(rows)
    start = today or timezone.localdate()
    Action.objects.bulk_create(
        Action(
            school=locked.school,
            audit=locked,
            criterion_id=suggestion.criterion_id,
            benchmark=suggestion.benchmark,
            text=suggestion.text,
            owner=suggestion.owner_hint or "",
            achieve_by=default_due_date(start, suggestion.priority),
        )
        for suggestion in suggest_actions(framework, states)
    )
    summary_refresh(school=locked.school)
    return locked


@transaction.atomic
def summary_refresh(*, school: School) -> SchoolAuditSummary | None:
    """Recompute the school's first / previous / latest pointers from its submitted audits."""
    audits = list(
        Audit.objects.filter(school=school, submitted_at__isnull=False)
        .order_by("submitted_at", "pk")
        .only("pk", "submitted_at", "overall_percentage", "fully_achieved_count")
    )
    if not audits:
        SchoolAuditSummary.objects.filter(school=school).delete()
        return None
    first, latest = audits[0], audits[-1]
    assert latest.submitted_at is not None  # only submitted audits were fetched
    previous = audits[-2] if len(audits) > 1 else None
    summary = SchoolAuditSummary(
        school=school,
        first_audit=first,
        previous_audit=previous,
        latest_audit=latest,
        latest_submitted_at=latest.submitted_at,
        audit_count=len(audits),
        change_since_first=(latest.overall_percentage or 0) - (first.overall_percentage or 0),
        change_since_previous=None
        if previous is None
        else (latest.overall_percentage or 0) - (previous.overall_percentage or 0),
        latest_fully_achieved=latest.fully_achieved_count or 0,
    )
    summary.set_latest_percentages(
        dict(
            AuditBenchmarkScore.objects.filter(audit=latest).values_list("benchmark", "percentage")
        )
    )
    summary.save()  # the school is the primary key, so this inserts or replaces
    return summary


# --- Action plans -----------------------------------------------------------------------------

ACTION_FIELDS = ("benchmark", "criterion_id", "text", "owner", "achieve_by", "status", "evidence")


def _apply_action_data(action: Action, data: dict[str, Any]) -> None:
    for field in ACTION_FIELDS:
        if field in data:
            setattr(action, field, data[field] if data[field] is not None else "")
    if action.achieve_by == "":
        action.achieve_by = None
    if action.criterion_id:
        framework = load_framework(action.audit.framework_version)
        if not framework.has_criterion(action.criterion_id):
            raise UnknownCriterionError(
                f"There is no criterion {action.criterion_id} in framework version "
                f"{framework.version}."
            )
        action.benchmark = framework.criterion(action.criterion_id).benchmark
    if action.status == Action.Status.DONE:
        action.completed_at = action.completed_at or timezone.now()
    else:
        action.completed_at = None


@transaction.atomic
def action_create(*, audit: Audit, by: Any, data: dict[str, Any]) -> Action:
    _require_leader(by, audit.school)
    if not (data.get("text") or "").strip():
        raise BenchmarkError("Describe the action.")
    action = Action(school=audit.school, audit=audit)
    _apply_action_data(action, data)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_update(*, action: Action, by: Any, data: dict[str, Any]) -> Action:
    _require_leader(by, action.school)
    _apply_action_data(action, data)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_complete(*, action: Action, by: Any) -> Action:
    _require_leader(by, action.school)
    if action.status != Action.Status.DONE:
        action.status = Action.Status.DONE
        action.completed_at = timezone.now()
        action.save(update_fields=["status", "completed_at", "updated_at"])
    return action


# --- Hub oversight ----------------------------------------------------------------------------


def _require_overseer(by: Any, hub: Hub | None) -> None:
    if hub is None or not selectors.hubs_overseen_by(by).filter(pk=hub.pk).exists():
        raise BenchmarkError("Only the hub's facilitators can do this.")


@transaction.atomic
def visit_note_create(*, school: School, by: Any, visited_on: date, notes: str) -> VisitNote:
    _require_overseer(by, school.hub)
    if not notes.strip():
        raise BenchmarkError("Write a note of the visit.")
    if visited_on > timezone.localdate():
        raise BenchmarkError("The visit date must be today or in the past.")
    return VisitNote.objects.create(school=school, author=by, visited_on=visited_on, notes=notes)


@transaction.atomic
def area_meeting_save(
    *, by: Any, data: dict[str, Any], meeting: AreaMeeting | None = None
) -> AreaMeeting:
    hub = data["hub"]
    _require_overseer(by, hub)
    schools = list(data.get("schools") or [])
    strays = [school.name for school in schools if school.hub_id != hub.pk]
    if strays:
        raise BenchmarkError(
            f"Only schools in {hub.name} can attend its meetings: remove {', '.join(strays)}."
        )
    meeting = meeting or AreaMeeting(created_by=by)
    for field in ("hub", "title", "date", "location", "notes"):
        setattr(meeting, field, data.get(field) or "")
    meeting.full_clean()
    meeting.save()
    meeting.schools.set(schools)
    return meeting


@transaction.atomic
def resource_save(*, by: Any, data: dict[str, Any], resource: Resource | None = None) -> Resource:
    hub = data["hub"]
    _require_overseer(by, hub)
    resource = resource or Resource(added_by=by)
    for field in ("hub", "title", "description", "url", "benchmarks", "subjects", "year_groups"):
        if field in data:
            setattr(resource, field, data[field] if data[field] is not None else "")
    if data.get("file"):
        resource.file = data["file"]
    if not resource.url and not resource.file:
        raise BenchmarkError("Add a web address or upload a file.")
    resource.benchmarks = sorted({int(n) for n in resource.benchmarks})
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_delete(*, by: Any, resource: Resource) -> None:
    _require_overseer(by, resource.hub)
    if resource.file:
        resource.file.delete(save=False)
    resource.delete()
