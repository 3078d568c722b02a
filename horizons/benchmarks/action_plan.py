"""Suggested actions for an audit's action plan, drawn from the criteria not yet achieved.

A school edits and adds to these suggestions; this module only proposes them. Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from horizons.benchmarks.framework import Framework
from horizons.benchmarks.scoring import Answers, State, normalise_answers


class Priority(StrEnum):
    HIGH = "high"  # the criterion has not been started
    MEDIUM = "medium"  # the criterion is in progress


# How long a suggested action gets by default. Roughly half a term for something not yet
# started, so it shows up at the next termly review; a whole term to finish something under way.
DUE_AFTER = {Priority.HIGH: timedelta(weeks=8), Priority.MEDIUM: timedelta(weeks=16)}


@dataclass(frozen=True, slots=True)
class ActionSuggestion:
    criterion_id: str
    benchmark: int
    text: str
    owner_hint: str | None
    priority: Priority


def suggest_actions(framework: Framework, answers: Answers) -> list[ActionSuggestion]:
    """Every suggested action for each criterion not fully achieved, in framework order.

    Unanswered criteria count as not started (high priority), as they do in scoring.
    """
    states = normalise_answers(framework, answers)
    suggestions: list[ActionSuggestion] = []
    for criterion in framework.criteria:
        state = states.get(criterion.id, State.NOT_STARTED)
        if state is State.FULLY_ACHIEVED:
            continue
        priority = Priority.HIGH if state is State.NOT_STARTED else Priority.MEDIUM
        suggestions.extend(
            ActionSuggestion(
                criterion_id=criterion.id,
                benchmark=criterion.benchmark,
                text=action.text,
                owner_hint=action.owner_hint,
                priority=priority,
            )
            for action in criterion.actions
        )
    return suggestions


def default_due_date(start: date, priority: Priority | str) -> date:
    """A default due date: 8 weeks from start for high priority, 16 for medium.

    If that falls on a Saturday or Sunday it moves on to the Monday, so it is always a weekday.
    School holidays are not known here; the school can move the date.
    """
    due = start + DUE_AFTER[Priority(priority)]
    while due.weekday() >= 5:  # 5 = Saturday, 6 = Sunday
        due += timedelta(days=1)
    return due
