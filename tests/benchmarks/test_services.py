"""Audit services: starting, autosaving answers safely, submitting, scores and action plans."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from horizons.benchmarks import framework as framework_module
from horizons.benchmarks import selectors, services
from horizons.benchmarks.framework import clear_cache, load_framework
from horizons.benchmarks.models import (
    Action,
    Audit,
    AuditAnswer,
    AuditBenchmarkScore,
    SchoolAuditSummary,
)
from horizons.benchmarks.scoring import State
from tests.benchmarks.factories import answer_all, submitted_audit

pytestmark = pytest.mark.django_db


def start(world, **kwargs):  # type: ignore[no-untyped-def]
    return services.audit_start(school=world.school, by=world.lead, term="Autumn 2026", **kwargs)


def test_a_careers_leader_starts_an_audit_on_the_latest_framework(world) -> None:  # type: ignore[no-untyped-def]
    audit = start(world)
    assert audit.framework_version == load_framework().version
    assert audit.started_by == world.lead
    assert not audit.is_submitted
    assert audit.answers.count() == 0


def test_only_one_audit_in_progress_per_school(world) -> None:  # type: ignore[no-untyped-def]
    start(world)
    with pytest.raises(services.BenchmarkError, match="already has an audit in progress"):
        start(world)
    assert Audit.objects.filter(school=world.school).count() == 1


@pytest.mark.parametrize("persona", ["teacher", "facilitator", "outsider"])
def test_only_the_careers_leader_starts_audits(world, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.BenchmarkError, match="careers leader"):
        services.audit_start(school=world.school, by=getattr(world, persona), term="Autumn 2026")
    assert not Audit.objects.exists()


def test_copying_the_last_audit_copies_its_answers_and_notes(world) -> None:  # type: ignore[no-untyped-def]
    first = submitted_audit(
        world.school, world.lead, State.IN_PROGRESS, **{"2_1": "fully_achieved"}
    )
    AuditAnswer.objects.filter(audit=first, criterion_id="2.1").update(
        evidence_note="Parents' leaflet"
    )
    copy = start(world, copy_last=True)
    assert copy.copied_from == first
    copied = selectors.answers_by_criterion(audit=copy)
    assert len(copied) == len(load_framework().criteria)
    assert copied["2.1"].state == "fully_achieved"
    assert copied["2.1"].evidence_note == "Parents' leaflet"
    assert copied["1.1"].state == "in_progress"


def test_copying_needs_a_submitted_audit(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.BenchmarkError, match="no submitted audit to copy"):
        start(world, copy_last=True)


def test_an_answer_is_saved_and_versioned(world) -> None:  # type: ignore[no-untyped-def]
    audit = start(world)
    saved = services.audit_answer_save(
        audit=audit, by=world.lead, criterion_id="1.1", state="in_progress", evidence_note=" Plan "
    )
    assert saved.changed and saved.answer.version == 1
    assert saved.answer.evidence_note == "Plan"
    again = services.audit_answer_save(
        audit=audit, by=world.lead, criterion_id="1.1", state="fully_achieved", expected_version=1
    )
    assert again.answer.version == 2
    assert AuditAnswer.objects.get(audit=audit, criterion_id="1.1").state == "fully_achieved"


def test_saving_the_same_answer_twice_is_harmless(world) -> None:  # type: ignore[no-untyped-def]
    audit = start(world)
    services.audit_answer_save(audit=audit, by=world.lead, criterion_id="1.1", state="in_progress")
    # A repeated autosave from a page that still shows version 0 does not count as a conflict.
    repeat = services.audit_answer_save(
        audit=audit, by=world.lead, criterion_id="1.1", state="in_progress", expected_version=0
    )
    assert not repeat.changed
    assert repeat.answer.version == 1


def test_a_stale_write_is_refused_and_names_the_newer_answer(world) -> None:  # type: ignore[no-untyped-def]
    world.lead.first_name, world.lead.last_name = "Laura", "Bell"
    world.lead.save()
    audit = start(world)
    # Two tabs load the page with no answer (version 0); the first saves.
    services.audit_answer_save(
        audit=audit,
        by=world.lead,
        criterion_id="3.2",
        state="fully_achieved",
        evidence_note="SEND plan",
    )
    with pytest.raises(services.StaleAnswerError) as caught:
        services.audit_answer_save(
            audit=audit, by=world.lead, criterion_id="3.2", state="not_started", expected_version=0
        )
    message = str(caught.value)
    assert "Laura Bell changed criterion 3.2 at" in message
    assert "Fully achieved" in message and "SEND plan" in message
    assert caught.value.current.version == 1
    assert AuditAnswer.objects.get(audit=audit, criterion_id="3.2").state == "fully_achieved"


def test_two_tabs_editing_different_criteria_never_clobber_each_other(world) -> None:  # type: ignore[no-untyped-def]
    audit = start(world)
    services.audit_answer_save(audit=audit, by=world.lead, criterion_id="1.1", state="in_progress")
    services.audit_answer_save(
        audit=audit, by=world.lead, criterion_id="1.2", state="fully_achieved"
    )
    states = dict(audit.answers.values_list("criterion_id", "state"))
    assert states == {"1.1": "in_progress", "1.2": "fully_achieved"}


def test_answers_for_criteria_that_do_not_exist_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    audit = start(world)
    with pytest.raises(services.UnknownCriterionError, match="no criterion '9.9'"):
        services.audit_answer_save(
            audit=audit, by=world.lead, criterion_id="9.9", state="in_progress"
        )
    with pytest.raises(services.BenchmarkError, match="Choose not started"):
        services.audit_answer_save(audit=audit, by=world.lead, criterion_id="1.1", state="maybe")
    assert not audit.answers.exists()


def test_a_submitted_audit_cannot_be_changed(world) -> None:  # type: ignore[no-untyped-def]
    audit = submitted_audit(world.school, world.lead)
    before = dict(audit.answers.values_list("criterion_id", "state"))
    with pytest.raises(services.AuditClosedError, match="submitted on .* can no longer be changed"):
        services.audit_answer_save(
            audit=audit,
            by=world.lead,
            criterion_id="1.1",
            state="fully_achieved",
            expected_version=1,
        )
    with pytest.raises(services.AuditClosedError):
        services.audit_submit(audit=audit, by=world.lead)
    assert dict(audit.answers.values_list("criterion_id", "state")) == before


def test_submitting_needs_every_criterion_answered(world) -> None:  # type: ignore[no-untyped-def]
    audit = start(world)
    services.audit_answer_save(audit=audit, by=world.lead, criterion_id="1.1", state="in_progress")
    with pytest.raises(services.BenchmarkError, match=r"Still to answer: benchmark 1 \(\d+ left\)"):
        services.audit_submit(audit=audit, by=world.lead)
    audit.refresh_from_db()
    assert not audit.is_submitted


def test_submitting_stores_the_scores_and_drafts_the_action_plan(world) -> None:  # type: ignore[no-untyped-def]
    framework = load_framework()
    audit = start(world)
    # Benchmark 2 all fully achieved; one criterion of benchmark 1 in progress; the rest not started.
    overrides = {c.id.replace(".", "_"): "fully_achieved" for c in framework.benchmark(2).criteria}
    overrides["1_1"] = "in_progress"
    answer_all(audit, world.lead, State.NOT_STARTED, **overrides)
    services.audit_submit(audit=audit, by=world.lead, today=date(2026, 11, 2))
    audit.refresh_from_db()
    assert audit.is_submitted and audit.submitted_by == world.lead
    assert audit.fully_achieved_count == 1
    scores = dict(
        AuditBenchmarkScore.objects.filter(audit=audit).values_list("benchmark", "percentage")
    )
    b1 = len(framework.benchmark(1).criteria)
    assert scores[2] == 100
    assert scores[1] == (100 * 1 + b1) // (2 * b1)  # one half point, rounded half up
    assert scores[8] == 0
    # One action per suggestion for every criterion not fully achieved.
    expected = sum(len(c.actions) for c in framework.criteria if c.benchmark != 2)
    actions = Action.objects.filter(audit=audit)
    assert actions.count() == expected
    assert not actions.filter(benchmark=2).exists()
    first = actions.get(criterion_id="1.1", text=framework.criterion("1.1").actions[0].text)
    assert first.achieve_by == date(2027, 2, 22)  # 16 weeks on for "in progress"
    summary = SchoolAuditSummary.objects.get(school=world.school)
    assert summary.latest_audit == audit and summary.audit_count == 1


def test_the_summary_tracks_first_previous_and_latest(world) -> None:  # type: ignore[no-untyped-def]
    first = submitted_audit(world.school, world.lead, State.NOT_STARTED, term="Autumn 2025")
    second = submitted_audit(world.school, world.lead, State.IN_PROGRESS, term="Spring 2026")
    third = submitted_audit(world.school, world.lead, State.IN_PROGRESS, term="Summer 2026")
    summary = SchoolAuditSummary.objects.get(school=world.school)
    assert (summary.first_audit, summary.previous_audit, summary.latest_audit) == (
        first,
        second,
        third,
    )
    assert summary.audit_count == 3
    assert summary.change_since_first == 50
    assert summary.change_since_previous == 0 and summary.is_stuck


def test_old_audits_keep_their_framework_version_and_score(world, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    old = submitted_audit(world.school, world.lead, State.FULLY_ACHIEVED)
    old_scores = selectors.audit_score(audit=old).as_dict()
    # Publish 2027.1, in which criterion 1.1 is retired and 1.9 is new.
    data = Path(tmp_path)
    shutil.copy(framework_module.DATA_DIR / "primary-2026.1.yaml", data / "primary-2026.1.yaml")
    raw = yaml.safe_load((data / "primary-2026.1.yaml").read_text())
    raw["version"] = "2027.1"
    criteria = raw["benchmarks"][0]["criteria"]
    criteria[0] = dict(criteria[0], id="1.9", text="A brand-new criterion for 2027.")
    (data / "primary-2027.1.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setattr(framework_module, "DATA_DIR", data)
    clear_cache()
    try:
        assert load_framework().version == "2027.1"
        assert selectors.audit_score(audit=old).as_dict() == old_scores
        assert old_scores["fully_achieved_count"] == 8
        new = services.audit_start(
            school=world.school, by=world.lead, term="Autumn 2027", copy_last=True
        )
        assert new.framework_version == "2027.1"
        copied = set(new.answers.values_list("criterion_id", flat=True))
        assert "1.1" not in copied and "1.9" not in copied
        assert selectors.audit_score(audit=new).benchmarks[1].fully_achieved is False
    finally:
        clear_cache()


def test_action_plan_edits(world) -> None:  # type: ignore[no-untyped-def]
    audit = submitted_audit(world.school, world.lead)
    action = services.action_create(
        audit=audit,
        by=world.lead,
        data={
            "benchmark": 1,
            "criterion_id": "5.1",
            "text": "Invite a nurse",
            "owner": "Year 2",
            "achieve_by": date(2026, 12, 1),
            "status": "not_started",
            "evidence": "",
        },
    )
    # The criterion decides the benchmark, so a mismatch cannot be stored.
    assert action.benchmark == 5
    services.action_update(action=action, by=world.lead, data={"status": "in_progress"})
    assert action.completed_at is None
    services.action_complete(action=action, by=world.lead)
    action.refresh_from_db()
    assert action.status == "done" and action.completed_at is not None
    assert not action.is_overdue(date(2027, 1, 1))
    with pytest.raises(services.BenchmarkError, match="careers leader"):
        services.action_update(action=action, by=world.teacher, data={"text": "Hijack"})
    with pytest.raises(services.UnknownCriterionError):
        services.action_update(action=action, by=world.lead, data={"criterion_id": "12.4"})


def test_overdue_actions_are_counted(world) -> None:  # type: ignore[no-untyped-def]
    audit = submitted_audit(
        world.school, world.lead, State.FULLY_ACHIEVED, **{"1_1": "not_started"}
    )
    actions = list(Action.objects.filter(audit=audit))
    assert actions
    Action.objects.filter(audit=audit).update(achieve_by=date(2026, 1, 5))
    assert selectors.overdue_action_count(school=world.school, today=date(2026, 1, 6)) == len(
        actions
    )
    assert selectors.overdue_action_count(school=world.school, today=date(2026, 1, 5)) == 0
    services.action_complete(action=actions[0], by=world.lead)
    assert (
        selectors.overdue_action_count(school=world.school, today=date(2026, 1, 6))
        == len(actions) - 1
    )
