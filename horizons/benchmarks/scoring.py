"""Scoring a benchmark audit, following the convention schools know from Compass.

Each criterion is *not started* (0), *in progress* (½) or *fully achieved* (1). A benchmark's
percentage is the mean of its criteria × 100, rounded half up to a whole number; a benchmark is
fully achieved only when every one of its criteria is. Unanswered criteria count as not started.

Always score an audit with the framework version it was started on:
``score(load_framework(audit.framework_version), answers)``.

``score`` is the readable reference (exact ``Fraction`` arithmetic); ``score_many`` is the fast
path for hub-wide and national batches, using integer arithmetic on half-points. The tests check
that the two agree.

Pure module: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from horizons.benchmarks.framework import Framework


class ScoringError(ValueError):
    """Answers that cannot be scored against the framework; the message names the criteria."""


class State(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FULLY_ACHIEVED = "fully_achieved"

    @property
    def credit(self) -> Fraction:
        """How much of the criterion this state counts for: 0, ½ or 1."""
        return _CREDIT[self]

    @property
    def label(self) -> str:
        return _LABEL[self]


_CREDIT = {
    State.NOT_STARTED: Fraction(0),
    State.IN_PROGRESS: Fraction(1, 2),
    State.FULLY_ACHIEVED: Fraction(1),
}
_LABEL = {
    State.NOT_STARTED: "Not started",
    State.IN_PROGRESS: "In progress",
    State.FULLY_ACHIEVED: "Fully achieved",
}
# A StrEnum member hashes and compares like its string, so one table serves both spellings.
_HALF_POINTS = {State.NOT_STARTED: 0, State.IN_PROGRESS: 1, State.FULLY_ACHIEVED: 2}

Answers = Mapping[str, State | str | None]


@dataclass(frozen=True, slots=True)
class BenchmarkScore:
    percentage: int
    fully_achieved: bool
    answered: int  # criteria with an answer (an explicit "not started" counts as answered)
    total: int  # criteria in the benchmark
    achieved: int = 0  # criteria fully achieved
    in_progress: int = 0  # criteria in progress


@dataclass(frozen=True, slots=True)
class AuditScore:
    framework_version: str
    benchmarks: dict[int, BenchmarkScore]  # keyed by benchmark number 1..8; treat as read-only

    @property
    def fully_achieved_count(self) -> int:
        """The headline figure: how many of the eight benchmarks are fully achieved."""
        return sum(1 for benchmark in self.benchmarks.values() if benchmark.fully_achieved)

    @property
    def overall_percentage(self) -> int:
        """Share of all criteria achieved (in progress counts half), rounded half up.

        Every criterion weighs the same, so a benchmark with more criteria weighs a little more.
        """
        total = sum(b.total for b in self.benchmarks.values())
        credit = sum(
            (Fraction(b.achieved) + Fraction(b.in_progress, 2) for b in self.benchmarks.values()),
            Fraction(0),
        )
        return round_half_up(credit * 100 / total) if total else 0

    def as_dict(self) -> dict[str, Any]:
        """The JSON-ready summary stored with a submitted audit."""
        return {
            "benchmarks": {
                str(number): {
                    "percentage": benchmark.percentage,
                    "fully_achieved": benchmark.fully_achieved,
                }
                for number, benchmark in sorted(self.benchmarks.items())
            },
            "fully_achieved_count": self.fully_achieved_count,
        }


def round_half_up(value: Fraction) -> int:
    """Round a non-negative exact fraction to a whole number, halves going up (12.5 → 13)."""
    if value < 0:
        raise ValueError("round_half_up expects a value of 0 or more")
    return int((value * 2 + 1) // 2)


def parse_state(value: State | str, criterion_id: str) -> State:
    try:
        return State(value)
    except ValueError:
        allowed = ", ".join(state.value for state in State)
        raise ScoringError(
            f"Criterion {criterion_id} has an unknown state {value!r} (expected one of {allowed})"
        ) from None


def normalise_answers(framework: Framework, answers: Answers) -> dict[str, State]:
    """Answers as states, rejecting criteria the framework lacks; None means unanswered."""
    unknown = sorted(
        (criterion_id for criterion_id in answers if not framework.has_criterion(criterion_id)),
        key=str,
    )
    if unknown:
        raise ScoringError(
            f"Answers for criteria not in framework version {framework.version}: "
            + ", ".join(map(str, unknown))
        )
    return {
        criterion_id: parse_state(value, criterion_id)
        for criterion_id, value in answers.items()
        if value is not None
    }


def benchmark_percentage(states: Iterable[State]) -> int:
    """Mean credit of the given criterion states × 100, rounded half up."""
    states = list(states)
    if not states:
        raise ValueError("A benchmark needs at least one criterion")
    mean = sum((state.credit for state in states), Fraction(0)) / len(states)
    return round_half_up(mean * 100)


def score(framework: Framework, answers: Answers) -> AuditScore:
    """Score one audit's answers (criterion id → state) against a framework version."""
    states = normalise_answers(framework, answers)
    benchmarks: dict[int, BenchmarkScore] = {}
    for benchmark in framework.benchmarks:
        given = [states.get(criterion.id) for criterion in benchmark.criteria]
        effective = [State.NOT_STARTED if state is None else state for state in given]
        benchmarks[benchmark.number] = BenchmarkScore(
            percentage=benchmark_percentage(effective),
            fully_achieved=all(state is State.FULLY_ACHIEVED for state in effective),
            answered=sum(1 for state in given if state is not None),
            total=len(effective),
            achieved=effective.count(State.FULLY_ACHIEVED),
            in_progress=effective.count(State.IN_PROGRESS),
        )
    return AuditScore(framework_version=framework.version, benchmarks=benchmarks)


def score_many(framework: Framework, many_answers: Iterable[Answers]) -> list[AuditScore]:
    """Score many audits against one framework version, in order; same results as ``score``.

    Each answer is turned into one counter slot by a single look-up, and because a benchmark's
    score depends only on its counts, identical ``BenchmarkScore`` objects are shared between
    audits rather than rebuilt — that is what makes 100,000 audits take about a second.
    """
    benchmark_numbers = [benchmark.number for benchmark in framework.benchmarks]
    totals = [len(benchmark.criteria) for benchmark in framework.benchmarks]
    # Counter layout: 3 slots per benchmark counting [not started, in progress, fully achieved]
    # answers, plus one spare slot at the end where unanswered (None) criteria land unseen.
    unanswered_slot = 3 * len(benchmark_numbers)
    slot_of: dict[str, dict[Any, int]] = {}
    for position, benchmark in enumerate(framework.benchmarks):
        for criterion in benchmark.criteria:
            slot_of[criterion.id] = {
                State.NOT_STARTED: 3 * position,
                State.IN_PROGRESS: 3 * position + 1,
                State.FULLY_ACHIEVED: 3 * position + 2,
                None: unanswered_slot,
            }
    shared: dict[tuple[int, int, int, int], BenchmarkScore] = {}

    def benchmark_score(
        position: int, not_started: int, in_progress: int, achieved: int
    ) -> BenchmarkScore:
        key = (position, not_started, in_progress, achieved)
        found = shared.get(key)
        if found is None:
            total = totals[position]
            # mean × 100 = half_points / (2 × total) × 100; rounded half up in integers.
            half_points = in_progress + 2 * achieved
            found = shared[key] = BenchmarkScore(
                percentage=(100 * half_points + total) // (2 * total),
                fully_achieved=achieved == total,
                answered=not_started + in_progress + achieved,
                total=total,
                achieved=achieved,
                in_progress=in_progress,
            )
        return found

    version = framework.version
    positions = range(len(benchmark_numbers))
    results: list[AuditScore] = []
    append = results.append
    for audit_index, answers in enumerate(many_answers):
        counts = [0] * (unanswered_slot + 1)
        try:
            for criterion_id, state in answers.items():
                counts[slot_of[criterion_id][state]] += 1
        except (KeyError, TypeError):
            # Let the reference path name every bad criterion or state in one message.
            try:
                normalise_answers(framework, answers)
            except ScoringError as error:
                raise ScoringError(f"Audit {audit_index}: {error}") from None
            raise
        append(
            AuditScore(
                version,
                {
                    benchmark_numbers[p]: benchmark_score(
                        p, counts[3 * p], counts[3 * p + 1], counts[3 * p + 2]
                    )
                    for p in positions
                },
            )
        )
    return results


def change_since(previous: AuditScore | None, current: AuditScore) -> dict[int, int | None]:
    """Percentage-point change per benchmark since the previous audit (None when there was none)."""
    return {
        number: (
            None
            if previous is None or number not in previous.benchmarks
            else benchmark.percentage - previous.benchmarks[number].percentage
        )
        for number, benchmark in sorted(current.benchmarks.items())
    }
