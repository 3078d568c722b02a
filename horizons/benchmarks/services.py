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

from horizons.accounts import permissions
from horizons.accounts.models import User
from horizons.benchmarks import selectors
from horizons.benchmarks.action_plan import default_due_date, suggest_actions
from horizons.benchmarks.framework import load_framework
from horizons.benchmarks.models import (
    Action,
    ActionUpdate,
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


def _person(user: User | None) -> str:
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
    if not permissions.can_lead_school(by, school):
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
    _plan_make(audit=locked, framework=framework, states=states, by=by, today=today)
    summary_refresh(school=locked.school)
    return locked


def _action_key(criterion_id: str, text: str) -> tuple[str, str]:
    return criterion_id, " ".join(text.split()).casefold()


def _plan_make(
    *, audit: Audit, framework: Any, states: dict[str, str], by: Any, today: date | None
) -> None:
    """Make the new audit's plan: carry forward what is unfinished, then suggest for the gaps.

    Every unfinished action of the school's earlier plans that no later plan has taken on yet
    comes across with its owner, date, status and evidence, linked to the one it continues so
    its history stays with it. A suggestion is left out when the same action for the same
    criterion is already done or has just been carried forward.
    """
    school = audit.school
    now = timezone.now()
    unfinished = list(
        Action.objects.filter(
            school=school, audit__submitted_at__isnull=False, carried_to__isnull=True
        )
        .exclude(audit=audit)
        .exclude(status=Action.Status.DONE)
        .select_related("audit")
        .order_by("audit__submitted_at", "pk")
    )
    carried = []
    for old in unfinished:
        criterion_id = old.criterion_id if framework.has_criterion(old.criterion_id) else ""
        carried.append(
            Action(
                school=school,
                audit=audit,
                criterion_id=criterion_id,
                benchmark=old.benchmark,
                text=old.text,
                owner_user_id=old.owner_user_id,
                owner=old.owner,
                owner_hint=old.owner_hint,
                achieve_by=old.achieve_by,
                status=old.status,
                evidence=old.evidence,
                carried_from=old,
            )
        )
    Action.objects.bulk_create(carried)
    # Read back (bulk_create sets primary keys only on some databases) to record the history.
    new_ids = dict(
        Action.objects.filter(audit=audit, carried_from__isnull=False).values_list(
            "carried_from_id", "pk"
        )
    )
    ActionUpdate.objects.bulk_create(
        ActionUpdate(
            action_id=new_ids[old.pk],
            by=by,
            at=now,
            kind=ActionUpdate.Kind.CARRIED,
            summary=f"Carried forward from the {old.audit.term} plan "
            f"({Action.Status(old.status).label.lower()}).",
        )
        for old in unfinished
    )
    done_before = {
        _action_key(cid, text)
        for cid, text in Action.objects.filter(school=school, status=Action.Status.DONE)
        .exclude(criterion_id="")
        .values_list("criterion_id", "text")
    }
    taken = done_before | {_action_key(a.criterion_id, a.text) for a in carried}
    start = today or timezone.localdate()
    leader = by is not None and school.pk in permissions.led_school_ids(by)
    suggested = []
    for suggestion in suggest_actions(framework, states):
        if _action_key(suggestion.criterion_id, suggestion.text) in taken:
            continue
        hint = suggestion.owner_hint or ""
        mine = leader and hint.casefold() == "careers leader"
        suggested.append(
            Action(
                school=school,
                audit=audit,
                criterion_id=suggestion.criterion_id,
                benchmark=suggestion.benchmark,
                text=suggestion.text,
                owner_user=by if mine else None,
                owner_hint="" if mine else hint[:60],
                achieve_by=default_due_date(start, suggestion.priority),
            )
        )
    Action.objects.bulk_create(suggested)


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

ACTION_FIELDS = (
    "benchmark",
    "criterion_id",
    "text",
    "owner_user",
    "achieve_by",
    "status",
    "evidence",
)
MAX_PROGRESS_NOTE = 2000


def _date_label(day: date | None) -> str:
    return day.strftime("%-d %B %Y") if day else "no date"


def _person_label(user: User | None) -> str:
    return str(user.get_full_name() or user.email) if user is not None else "no one"


def _refuse_if_carried(action: Action) -> None:
    if action.is_carried_forward:
        later = action.carried_to  # type: ignore[attr-defined]
        raise BenchmarkError(
            f"This action was carried forward to the {later.audit.term} plan. "
            "Change it there, where it carries on."
        )


def _check_owner(school: School, owner: Any) -> None:
    if (
        owner is not None
        and not selectors.staff_members(school=school).filter(pk=owner.pk).exists()
    ):
        raise BenchmarkError(
            f"{_person_label(owner)} is not on the staff of {school.name}. "
            "Choose the owner from the school's staff list."
        )


def _apply_action_data(action: Action, data: dict[str, Any]) -> list[str]:
    """Set the fields from ``data``; returns what changed, in words, for the history."""
    before = {field: getattr(action, field) for field in ACTION_FIELDS}
    for field in ACTION_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field not in ("owner_user", "achieve_by"):
                value = ""
            setattr(action, field, value)
    if action.achieve_by == "":
        action.achieve_by = None
    if "owner_user" in data:
        _check_owner(action.school, action.owner_user)
        if action.owner_user is not None:
            action.owner = ""  # a staff member replaces the legacy text
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
    changes = []
    if before["status"] != action.status:
        changes.append(
            f"Status: {Action.Status(before['status']).label} → "
            f"{Action.Status(action.status).label}."
        )
    if before["owner_user"] != action.owner_user:
        changes.append(f"Owner: {_person_label(action.owner_user)}.")
    if before["achieve_by"] != action.achieve_by:
        changes.append(
            f"Achieve by: {_date_label(before['achieve_by'])} → {_date_label(action.achieve_by)}."
        )
    if before["text"] != action.text:
        changes.append("Wording changed.")
    if before["evidence"] != action.evidence:
        changes.append("Evidence updated.")
    return changes


@transaction.atomic
def action_create(*, audit: Audit, by: Any, data: dict[str, Any]) -> Action:
    _require_leader(by, audit.school)
    if not (data.get("text") or "").strip():
        raise BenchmarkError("Describe the action.")
    action = Action(school=audit.school, audit=audit)
    _apply_action_data(action, data)
    action.full_clean()
    action.save()
    ActionUpdate.objects.create(
        action=action,
        by=by,
        kind=ActionUpdate.Kind.CREATED,
        summary=f"Added to the {audit.term} plan.",
    )
    return action


@transaction.atomic
def action_update(*, action: Action, by: Any, data: dict[str, Any]) -> Action:
    _require_leader(by, action.school)
    _refuse_if_carried(action)
    changes = _apply_action_data(action, data)
    action.full_clean()
    action.save()
    if changes:
        ActionUpdate.objects.create(
            action=action, by=by, kind=ActionUpdate.Kind.CHANGED, summary=" ".join(changes)[:300]
        )
    return action


@transaction.atomic
def action_progress(*, action: Action, by: Any, status: str, note: str = "") -> Action:
    """The owner (or the careers leader) moves an action on and says how it is going."""
    if not selectors.can_update_action(by, action):
        raise BenchmarkError(
            "Only the action's owner or the school's careers leader can update it."
        )
    _refuse_if_carried(action)
    try:
        new_status = Action.Status(status)
    except ValueError:
        raise BenchmarkError("Choose not started, in progress or done.") from None
    note = (note or "").strip()
    if len(note) > MAX_PROGRESS_NOTE:
        raise BenchmarkError(
            f"The progress note must be {MAX_PROGRESS_NOTE:,} characters or fewer "
            f"(it has {len(note):,})."
        )
    if new_status == action.status and not note:
        raise BenchmarkError("Choose a new status or write a progress note.")
    summary = ""
    if new_status != action.status:
        summary = f"Status: {Action.Status(action.status).label} → {new_status.label}."
        action.status = new_status
        action.completed_at = timezone.now() if new_status == Action.Status.DONE else None
        action.save(update_fields=["status", "completed_at", "updated_at"])
    ActionUpdate.objects.create(
        action=action, by=by, kind=ActionUpdate.Kind.PROGRESS, summary=summary, note=note
    )
    return action


@transaction.atomic
def action_complete(*, action: Action, by: Any) -> Action:
    _require_leader(by, action.school)
    _refuse_if_carried(action)
    if action.status != Action.Status.DONE:
        previous = Action.Status(action.status).label
        action.status = Action.Status.DONE
        action.completed_at = timezone.now()
        action.save(update_fields=["status", "completed_at", "updated_at"])
        ActionUpdate.objects.create(
            action=action,
            by=by,
            kind=ActionUpdate.Kind.CHANGED,
            summary=f"Status: {previous} → Done.",
        )
    return action


# --- Hub oversight ----------------------------------------------------------------------------


def _require_overseer(by: Any, hub: Hub | None) -> None:
    if hub is None or not permissions.hubs_facilitated_by(by).filter(pk=hub.pk).exists():
        raise BenchmarkError("Only the hub's facilitators can do this.")


@transaction.atomic
def visit_note_create(
    *,
    school: School,
    by: Any,
    visited_on: date,
    notes: str,
    follow_up: str = "",
    follow_up_by: date | None = None,
) -> VisitNote:
    _require_overseer(by, school.hub)
    if not notes.strip():
        raise BenchmarkError("Write a note of the visit.")
    if visited_on > timezone.localdate():
        raise BenchmarkError("The visit date must be today or in the past.")
    follow_up = " ".join((follow_up or "").split())
    if follow_up_by is not None and not follow_up:
        raise BenchmarkError("Say what the follow-up is, or clear its date.")
    if follow_up_by is not None and follow_up_by < visited_on:
        raise BenchmarkError(
            f"The follow-up date ({_date_label(follow_up_by)}) is before the visit "
            f"({_date_label(visited_on)}). Choose a date on or after the visit."
        )
    return VisitNote.objects.create(
        school=school,
        author=by,
        visited_on=visited_on,
        notes=notes,
        follow_up=follow_up[:300],
        follow_up_by=follow_up_by,
    )


@transaction.atomic
def visit_note_follow_up_done(*, note: VisitNote, by: Any) -> VisitNote:
    """Mark a visit note's follow-up as done (doing it twice changes nothing)."""
    _require_overseer(by, note.school.hub)
    if not note.follow_up:
        raise BenchmarkError("This visit note has no follow-up to mark as done.")
    if note.follow_up_done_at is None:
        note.follow_up_done_at = timezone.now()
        note.save(update_fields=["follow_up_done_at"])
    return note


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
