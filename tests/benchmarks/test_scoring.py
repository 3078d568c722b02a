"""Scoring: Compass-style percentages, half-up rounding, fully achieved counts, the fast path."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from horizons.benchmarks.framework import (
    Benchmark,
    Criterion,
    Framework,
    SuggestedAction,
    load_framework,
)
from horizons.benchmarks.scoring import (
    AuditScore,
    BenchmarkScore,
    ScoringError,
    State,
    benchmark_percentage,
    change_since,
    round_half_up,
    score,
    score_many,
)

NOT, PART, FULL = State.NOT_STARTED, State.IN_PROGRESS, State.FULLY_ACHIEVED
ORDER = [NOT, PART, FULL]


def make_framework(sizes: list[int], version: str = "test.1") -> Framework:
    """A framework with len(sizes) benchmarks of the given numbers of criteria."""
    return Framework(
        version=version,
        title="Test framework",
        benchmarks=tuple(
            Benchmark(
                number=number,
                title=f"Benchmark {number}",
                summary="Summary.",
                what_good_looks_like="Good.",
                criteria=tuple(
                    Criterion(
                        id=f"{number}.{index}",
                        benchmark=number,
                        text=f"Criterion {number}.{index}",
                        evidence=("Evidence",),
                        actions=(SuggestedAction(f"Do {number}.{index}", "Careers leader"),),
                    )
                    for index in range(1, size + 1)
                ),
            )
            for number, size in enumerate(sizes, start=1)
        ),
    )


SHIPPED = load_framework("2026.1")
frameworks = st.lists(st.integers(4, 8), min_size=8, max_size=8).map(make_framework)
# A state may arrive as the enum or as its stored string.
any_state = st.sampled_from([*State, *(state.value for state in State)])


@st.composite
def framework_and_answers(draw: st.DrawFn) -> tuple[Framework, dict[str, State | str]]:
    framework = draw(st.one_of(st.just(SHIPPED), frameworks))
    answered = draw(st.sets(st.sampled_from(framework.criterion_ids)))
    return framework, {criterion_id: draw(any_state) for criterion_id in sorted(answered)}


def expected_percentage(states: list[State]) -> int:
    """Independent oracle: decimal arithmetic with the ROUND_HALF_UP rule."""
    credit = {NOT: Decimal(0), PART: Decimal("0.5"), FULL: Decimal(1)}
    mean = sum(credit[s] for s in states) / Decimal(len(states))
    return int((mean * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def effective_states(framework: Framework, answers: dict, number: int) -> list[State]:
    return [State(answers.get(c.id, NOT)) for c in framework.benchmark(number).criteria]


# --- examples --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (5, 10),  # 0.5 / 5 = 10%
        (8, 6),  # 6.25% rounds down
        (4, 13),  # 12.5% rounds half up, not to the even 12
        (6, 8),  # 8.33%
    ],
)
def test_one_criterion_in_progress_rounds_half_up(size: int, expected: int) -> None:
    framework = make_framework([size] * 8)
    result = score(framework, {"3.1": "in_progress"})
    assert result.benchmarks[3].percentage == expected
    assert result.benchmarks[3].fully_achieved is False


def test_round_half_up_examples() -> None:
    from fractions import Fraction

    assert round_half_up(Fraction(25, 2)) == 13
    assert round_half_up(Fraction(5, 2)) == 3  # float round() would give 2
    assert round_half_up(Fraction(25, 4)) == 6
    assert round_half_up(Fraction(75, 4)) == 19
    assert round_half_up(Fraction(0)) == 0
    assert round_half_up(Fraction(100)) == 100
    with pytest.raises(ValueError):
        round_half_up(Fraction(-1, 2))


def test_benchmark_percentage_for_mixed_states() -> None:
    # (1 + 1 + 0.5 + 0 + 0.5 + 1) / 6 = 4 / 6 = 66.67%
    assert benchmark_percentage([FULL, FULL, PART, NOT, PART, FULL]) == 67
    # 2.5 / 4 = 62.5% → 63
    assert benchmark_percentage([FULL, PART, FULL, NOT]) == 63
    with pytest.raises(ValueError):
        benchmark_percentage([])


def test_empty_audit_scores_zero_everywhere() -> None:
    result = score(SHIPPED, {})
    assert result.framework_version == "2026.1"
    assert sorted(result.benchmarks) == list(range(1, 9))
    assert all(b.percentage == 0 and not b.fully_achieved for b in result.benchmarks.values())
    assert all(b.answered == 0 for b in result.benchmarks.values())
    assert result.fully_achieved_count == 0
    assert result.overall_percentage == 0


def test_a_worked_audit_on_the_shipped_framework() -> None:
    answers: dict[str, str] = dict.fromkeys(SHIPPED.benchmark(1).criterion_ids, "fully_achieved")
    answers |= dict.fromkeys(SHIPPED.benchmark(5).criterion_ids, "fully_achieved")
    answers |= {"2.1": "fully_achieved", "2.2": "in_progress", "2.3": "not_started"}
    result = score(SHIPPED, answers)
    assert result.benchmarks[1] == BenchmarkScore(100, True, 6, 6, achieved=6, in_progress=0)
    assert result.benchmarks[5].fully_achieved
    # benchmark 2 has 5 criteria: (1 + 0.5) / 5 = 30%
    assert result.benchmarks[2] == BenchmarkScore(30, False, 3, 5, achieved=1, in_progress=1)
    assert result.fully_achieved_count == 2
    # 13.5 of 45 criteria = 30%
    assert result.overall_percentage == 30


def test_as_dict_has_the_stored_shape() -> None:
    framework = make_framework([4] * 8)
    answers = {f"{n}.{i}": "fully_achieved" for n in (2, 7) for i in range(1, 5)}
    answers |= {"1.1": "fully_achieved", "1.2": "fully_achieved", "1.3": "in_progress"}
    as_dict = score(framework, answers).as_dict()
    assert as_dict == {
        "benchmarks": {
            "1": {"percentage": 63, "fully_achieved": False},
            "2": {"percentage": 100, "fully_achieved": True},
            "3": {"percentage": 0, "fully_achieved": False},
            "4": {"percentage": 0, "fully_achieved": False},
            "5": {"percentage": 0, "fully_achieved": False},
            "6": {"percentage": 0, "fully_achieved": False},
            "7": {"percentage": 100, "fully_achieved": True},
            "8": {"percentage": 0, "fully_achieved": False},
        },
        "fully_achieved_count": 2,
    }
    assert json.loads(json.dumps(as_dict)) == as_dict


def test_unknown_criteria_raise_naming_them() -> None:
    with pytest.raises(ScoringError, match=r"9\.1, 9\.9") as caught:
        score(SHIPPED, {"1.1": "fully_achieved", "9.9": "in_progress", "9.1": "not_started"})
    assert "2026.1" in str(caught.value)


def test_unknown_state_raises_naming_the_criterion() -> None:
    with pytest.raises(ScoringError, match=r"1\.2.*'done'"):
        score(SHIPPED, {"1.2": "done"})


def test_none_counts_as_unanswered() -> None:
    result = score(SHIPPED, {"1.1": None, "1.2": "in_progress"})
    assert result.benchmarks[1].answered == 1
    assert result == score(SHIPPED, {"1.2": "in_progress"})


def test_state_credits_and_labels() -> None:
    assert [float(s.credit) for s in State] == [0.0, 0.5, 1.0]
    assert State("in_progress") is PART
    assert PART == "in_progress"
    assert FULL.label == "Fully achieved"


def test_change_since_previous_audit() -> None:
    framework = make_framework([4] * 8)
    before = score(framework, {"1.1": "fully_achieved", "2.1": "in_progress"})
    after = score(
        framework, {"1.1": "fully_achieved", "1.2": "fully_achieved", "3.1": "in_progress"}
    )
    change = change_since(before, after)
    assert change == {1: 25, 2: -13, 3: 13, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0}
    assert change_since(None, after) == dict.fromkeys(range(1, 9))


def test_change_since_marks_benchmarks_missing_before_as_none() -> None:
    current = score(make_framework([4] * 8), {"8.1": "fully_achieved"})
    partial_previous = AuditScore("old", {n: current.benchmarks[n] for n in range(1, 8)})
    change = change_since(partial_previous, current)
    assert change[8] is None
    assert change[1] == 0


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(framework_and_answers())
def test_percentages_match_the_half_up_oracle(case: tuple[Framework, dict]) -> None:
    framework, answers = case
    result = score(framework, answers)
    for number, benchmark_score in result.benchmarks.items():
        states = effective_states(framework, answers, number)
        assert 0 <= benchmark_score.percentage <= 100
        assert benchmark_score.percentage == expected_percentage(states)
        assert benchmark_score.total == len(states)
        assert benchmark_score.fully_achieved == all(s is FULL for s in states)
        # With at most 8 criteria anything short of full stays below 100%.
        assert (benchmark_score.percentage == 100) == benchmark_score.fully_achieved


@settings(max_examples=100, deadline=None)
@given(frameworks)
def test_all_fully_achieved_scores_100_everywhere(framework: Framework) -> None:
    result = score(framework, dict.fromkeys(framework.criterion_ids, "fully_achieved"))
    assert all(b.percentage == 100 and b.fully_achieved for b in result.benchmarks.values())
    assert result.fully_achieved_count == 8
    assert result.overall_percentage == 100


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.just(SHIPPED), frameworks), st.data())
def test_one_criterion_short_of_full_means_not_fully_achieved(
    framework: Framework, data: st.DataObject
) -> None:
    answers: dict[str, State | None] = dict.fromkeys(framework.criterion_ids, FULL)
    weak = data.draw(st.sampled_from(framework.criterion_ids))
    answers[weak] = data.draw(st.sampled_from([NOT, PART, None]))
    result = score(framework, {k: v for k, v in answers.items() if v is not None})
    number = framework.criterion(weak).benchmark
    assert not result.benchmarks[number].fully_achieved
    assert result.benchmarks[number].percentage < 100
    assert result.fully_achieved_count == 7


@settings(max_examples=200, deadline=None)
@given(framework_and_answers(), st.data())
def test_raising_one_answer_never_lowers_its_benchmark(
    case: tuple[Framework, dict], data: st.DataObject
) -> None:
    framework, answers = case
    criterion_id = data.draw(st.sampled_from(framework.criterion_ids))
    current = State(answers.get(criterion_id, NOT))
    higher = data.draw(st.sampled_from(ORDER[ORDER.index(current) :]))
    before = score(framework, answers)
    after = score(framework, {**answers, criterion_id: higher})
    number = framework.criterion(criterion_id).benchmark
    assert after.benchmarks[number].percentage >= before.benchmarks[number].percentage
    if higher is not current:
        assert after.benchmarks[number].percentage > before.benchmarks[number].percentage
    for other in set(after.benchmarks) - {number}:
        assert after.benchmarks[other] == before.benchmarks[other]
    assert after.fully_achieved_count >= before.fully_achieved_count


@settings(max_examples=200, deadline=None)
@given(framework_and_answers())
def test_count_is_the_number_of_fully_achieved_benchmarks(case: tuple[Framework, dict]) -> None:
    framework, answers = case
    result = score(framework, answers)
    fully = [
        n for n in range(1, 9) if all(s is FULL for s in effective_states(framework, answers, n))
    ]
    assert result.fully_achieved_count == len(fully)
    assert result.as_dict()["fully_achieved_count"] == len(fully)
    assert 0 <= result.fully_achieved_count <= 8


@settings(max_examples=100, deadline=None)
@given(framework_and_answers())
def test_unanswered_is_the_same_as_not_started(case: tuple[Framework, dict]) -> None:
    framework, answers = case
    filled = {cid: answers.get(cid, NOT) for cid in framework.criterion_ids}
    sparse, full = score(framework, answers), score(framework, filled)
    assert sparse.as_dict() == full.as_dict()
    assert sparse.overall_percentage == full.overall_percentage


@settings(max_examples=100, deadline=None)
@given(framework_and_answers(), st.text(min_size=1, max_size=6))
def test_unknown_criterion_always_raises(case: tuple[Framework, dict], stray: str) -> None:
    framework, answers = case
    stray_id = f"x{stray}"  # no framework id starts with a letter
    with pytest.raises(ScoringError, match="not in framework") as caught:
        score(framework, {**answers, stray_id: "in_progress"})
    assert stray_id in str(caught.value)
    with pytest.raises(ScoringError, match="Audit 1:"):
        score_many(framework, [answers, {**answers, stray_id: "in_progress"}])


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(st.just(SHIPPED), frameworks).flatmap(
        lambda f: st.tuples(
            st.just(f),
            st.lists(
                st.dictionaries(
                    st.sampled_from(f.criterion_ids), st.one_of(any_state, st.none()), max_size=60
                ),
                max_size=30,
            ),
        )
    )
)
def test_score_many_agrees_with_score(case: tuple[Framework, list[dict]]) -> None:
    framework, audits = case
    fast = score_many(framework, audits)
    assert fast == [score(framework, answers) for answers in audits]
    assert [r.overall_percentage for r in fast] == [
        score(framework, a).overall_percentage for a in audits
    ]


def test_score_many_accepts_a_generator_and_rejects_bad_states() -> None:
    results = score_many(SHIPPED, ({"1.1": s} for s in ("not_started", FULL)))
    assert [r.benchmarks[1].answered for r in results] == [1, 1]
    assert results[1].benchmarks[1].achieved == 1
    with pytest.raises(ScoringError, match=r"Audit 0: Criterion 4\.4 .*'achieved'"):
        score_many(SHIPPED, [{"4.4": "achieved"}])
