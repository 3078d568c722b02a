"""Action plan suggestions from unmet criteria, and default due dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from horizons.benchmarks.action_plan import (
    ActionSuggestion,
    Priority,
    default_due_date,
    suggest_actions,
)
from horizons.benchmarks.framework import load_framework
from horizons.benchmarks.scoring import ScoringError, State

FRAMEWORK = load_framework("2026.1")
ALL_FULL = dict.fromkeys(FRAMEWORK.criterion_ids, State.FULLY_ACHIEVED)


def test_a_fully_achieved_audit_needs_no_actions() -> None:
    assert suggest_actions(FRAMEWORK, ALL_FULL) == []


def test_an_empty_audit_suggests_every_action_at_high_priority() -> None:
    suggestions = suggest_actions(FRAMEWORK, {})
    expected = sum(len(c.actions) for c in FRAMEWORK.criteria)
    assert len(suggestions) == expected
    assert {s.priority for s in suggestions} == {Priority.HIGH}
    # Framework order: benchmark, then criterion, then the criterion's own action order.
    assert [s.text for s in suggestions] == [a.text for c in FRAMEWORK.criteria for a in c.actions]


def test_suggestions_carry_the_criterion_details_and_priority() -> None:
    answers = {**ALL_FULL, "1.1": "not_started", "5.3": State.IN_PROGRESS}
    suggestions = suggest_actions(FRAMEWORK, answers)
    first, second = FRAMEWORK.criterion("1.1"), FRAMEWORK.criterion("5.3")
    assert suggestions == [
        *(
            ActionSuggestion("1.1", 1, action.text, action.owner_hint, Priority.HIGH)
            for action in first.actions
        ),
        *(
            ActionSuggestion("5.3", 5, action.text, action.owner_hint, Priority.MEDIUM)
            for action in second.actions
        ),
    ]
    assert suggestions[0].owner_hint == "Headteacher"
    assert suggestions[-1].priority == "medium"


def test_framework_order_is_kept_regardless_of_state() -> None:
    # An in-progress criterion earlier in the framework stays ahead of a later not-started one.
    answers = {**ALL_FULL, "2.4": "in_progress", "7.1": "not_started", "2.1": "not_started"}
    suggestions = suggest_actions(FRAMEWORK, answers)
    ids = [s.criterion_id for s in suggestions]
    assert list(dict.fromkeys(ids)) == ["2.1", "2.4", "7.1"]


def test_unknown_criteria_are_rejected() -> None:
    with pytest.raises(ScoringError, match=r"12\.1"):
        suggest_actions(FRAMEWORK, {"12.1": "in_progress"})


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(FRAMEWORK.criterion_ids),
        st.sampled_from([*State, *(s.value for s in State)]),
    )
)
def test_suggestions_cover_exactly_the_unmet_criteria(answers: dict[str, State | str]) -> None:
    suggestions = suggest_actions(FRAMEWORK, answers)
    unmet = [
        c.id
        for c in FRAMEWORK.criteria
        if State(answers.get(c.id, "not_started")) != "fully_achieved"
    ]
    assert list(dict.fromkeys(s.criterion_id for s in suggestions)) == unmet
    for suggestion in suggestions:
        state = State(answers.get(suggestion.criterion_id, "not_started"))
        expected = Priority.HIGH if state is State.NOT_STARTED else Priority.MEDIUM
        assert suggestion.priority is expected
        assert suggestion.benchmark == FRAMEWORK.criterion(suggestion.criterion_id).benchmark


@pytest.mark.parametrize(
    ("start", "priority", "due"),
    [
        (date(2026, 1, 5), Priority.HIGH, date(2026, 3, 2)),  # Monday + 8 weeks
        (date(2026, 1, 5), Priority.MEDIUM, date(2026, 4, 27)),  # Monday + 16 weeks
        (date(2026, 1, 10), "high", date(2026, 3, 9)),  # Saturday start → following Monday
        (date(2026, 1, 11), "medium", date(2026, 5, 4)),  # Sunday start → following Monday
        (date(2026, 9, 4), "high", date(2026, 10, 30)),  # Friday stays Friday
    ],
)
def test_default_due_dates(start: date, priority: Priority | str, due: date) -> None:
    assert default_due_date(start, priority) == due


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)))
def test_due_dates_are_weekdays_soon_after_the_target(start: date) -> None:
    for priority, weeks in ((Priority.HIGH, 8), (Priority.MEDIUM, 16)):
        due = default_due_date(start, priority)
        assert due.weekday() < 5
        assert timedelta(weeks=weeks) <= due - start <= timedelta(weeks=weeks, days=2)
    assert default_due_date(start, "high") < default_due_date(start, "medium")


def test_unknown_priority_is_rejected() -> None:
    with pytest.raises(ValueError):
        default_due_date(date(2026, 1, 5), "urgent")
