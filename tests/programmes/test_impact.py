"""Impact statistics, checked against hand calculations and independent scipy calls."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from horizons.programmes import impact
from horizons.programmes.impact import (
    ImpactInputError,
    ImpactReport,
    ItemStats,
    PairRecord,
    Suppressed,
    suppressed_categories,
)
from horizons.programmes.instrument import instrument
from horizons.programmes.templates_data import get_template

# The instrument comes from the programme template, as the impact page takes it.
ASSESSMENT = instrument(get_template("aspirations-health-care").instrument)


def analyse(records, min_group: int = 5) -> ImpactReport:  # type: ignore[no-untyped-def]
    return impact.analyse(records, min_group, assessment=ASSESSMENT)


def pairs(item: str, pre: list, post: list, **groups) -> list[PairRecord]:
    return [
        PairRecord(pupil_ref=f"p{i}", item=item, pre=a, post=b, **groups)
        for i, (a, b) in enumerate(zip(pre, post, strict=True))
    ]


def stats_of(report, code: str) -> ItemStats:
    cell = report.items[code]
    assert isinstance(cell, ItemStats)
    return cell


def test_figures_match_a_hand_calculation() -> None:
    # Changes 1, 1, 1, 2, 2: mean 1.4; sample variance (3 * 0.16 + 2 * 0.36) / 4 = 0.3;
    # t(0.975, 4) = 2.776445 from tables, so the 95% CI is 1.4 ± 2.776445 * sqrt(0.3 / 5).
    report = analyse(pairs("skill_teamwork", [1, 1, 1, 1, 1], [2, 2, 2, 3, 3]))
    s = stats_of(report, "skill_teamwork")
    assert s.n_pairs == 5
    assert s.mean_pre == pytest.approx(1.0)
    assert s.mean_post == pytest.approx(2.4)
    assert s.mean_change == pytest.approx(1.4)
    assert s.sd_change == pytest.approx(math.sqrt(0.3))
    assert s.cohens_dz == pytest.approx(1.4 / math.sqrt(0.3))
    half = 2.776445 * math.sqrt(0.3 / 5)
    assert s.ci95_low == pytest.approx(1.4 - half, abs=1e-6)
    assert s.ci95_high == pytest.approx(1.4 + half, abs=1e-6)
    # Every change is positive, so W = 0; with ties scipy uses the normal approximation.
    assert s.wilcoxon_p == pytest.approx(stats.wilcoxon([2, 2, 2, 3, 3], [1] * 5).pvalue)
    assert s.wilcoxon_p is not None and s.wilcoxon_p < 0.1


def test_figures_match_independent_library_calls() -> None:
    rng = np.random.default_rng(7)
    pre = rng.integers(1, 5, 40)
    post = np.clip(pre + rng.integers(-1, 3, 40), 1, 4)
    report = analyse(pairs("skill_listening", pre.tolist(), post.tolist()))
    s = stats_of(report, "skill_listening")
    change = (post - pre).tolist()
    assert s.mean_change == pytest.approx(statistics.fmean(change))
    assert s.sd_change == pytest.approx(statistics.stdev(change))
    low, high = stats.t.interval(
        0.95, len(change) - 1, loc=statistics.fmean(change), scale=stats.sem(change)
    )
    assert (s.ci95_low, s.ci95_high) == (pytest.approx(low), pytest.approx(high))
    assert s.wilcoxon_p == pytest.approx(stats.wilcoxon(post, pre).pvalue)
    assert s.cohens_dz == pytest.approx(statistics.fmean(change) / statistics.stdev(change))


def test_as_dict_has_the_agreed_shape_and_rounding() -> None:
    report = analyse(pairs("skill_teamwork", [1, 2, 2, 3, 1, 2], [3, 3, 2, 4, 2, 4]))
    item = report.as_dict()["items"]["skill_teamwork"]
    assert set(item) == {
        "n_pairs",
        "mean_pre",
        "mean_post",
        "mean_change",
        "sd_change",
        "cohens_dz",
        "ci95_low",
        "ci95_high",
        "wilcoxon_p",
    }
    assert item["mean_change"] == 1.167  # 7 / 6 to 3 decimal places
    assert item["mean_pre"] == 1.833
    assert item["wilcoxon_p"] == stats.wilcoxon([3, 3, 2, 4, 2, 4], [1, 2, 2, 3, 1, 2]).pvalue


def test_p_values_keep_four_significant_figures() -> None:
    # Tied changes force the normal approximation, whose p has many digits.
    report = analyse(pairs("skill_teamwork", [1] * 9, [2, 2, 2, 3, 3, 1, 2, 4, 3]))
    p = stats.wilcoxon([2, 2, 2, 3, 3, 1, 2, 4, 3], [1] * 9).pvalue
    shown = report.as_dict()["items"]["skill_teamwork"]["wilcoxon_p"]
    assert shown == float(f"{p:.4g}") != p
    assert len(f"{shown:e}".split("e")[0].replace(".", "").rstrip("0")) <= 4


def test_stereotype_items_add_the_share_answering_both() -> None:
    # Before: 2 of 5 say both; after: 4 of 5. Two children moved to "both", none away.
    report = analyse(pairs("who_can_engineer", [1, 3, 2, 3, 1], [3, 3, 3, 3, 2]))
    item = report.as_dict()["items"]["who_can_engineer"]
    assert item["share_both_pre"] == 0.4
    assert item["share_both_post"] == 0.8
    assert item["mcnemar_p"] == pytest.approx(stats.binomtest(2, 2).pvalue)
    assert (
        "share_both_pre"
        not in analyse(pairs("skill_teamwork", [1] * 5, [2] * 5)).as_dict()["items"][
            "skill_teamwork"
        ]
    )


def test_only_complete_pairs_are_analysed_and_the_rest_counted() -> None:
    records = pairs("skill_speaking", [1, 2, 3, 2, 2, 1], [2, 2, 4, 3, 3, 2])
    records += [
        PairRecord("late", "skill_speaking", None, 4),
        PairRecord("left", "skill_speaking", 2, None),
        PairRecord("away", "skill_speaking", 1, float("nan")),
        PairRecord("never", "skill_speaking", None, None),
    ]
    report = analyse(records)
    assert stats_of(report, "skill_speaking").n_pairs == 6
    assert report.unpaired["skill_speaking"].pre_only == 2
    assert report.unpaired["skill_speaking"].post_only == 1
    assert report.as_dict()["unpaired"] == {"skill_speaking": {"pre_only": 2, "post_only": 1}}


def test_all_zero_changes_give_no_wilcoxon_and_no_effect_size() -> None:
    s = stats_of(analyse(pairs("skill_leadership", [2] * 6, [2] * 6)), "skill_leadership")
    assert s.wilcoxon_p is None
    assert s.cohens_dz is None
    assert s.sd_change == 0.0
    assert (s.ci95_low, s.ci95_high) == (0.0, 0.0)


def test_identical_nonzero_changes_have_no_effect_size_but_a_test() -> None:
    s = stats_of(analyse(pairs("skill_leadership", [1] * 8, [2] * 8)), "skill_leadership")
    assert s.cohens_dz is None
    assert s.wilcoxon_p == pytest.approx(stats.wilcoxon([1.0] * 8).pvalue)


def test_a_single_pair_has_no_spread_interval_or_test() -> None:
    s = stats_of(analyse(pairs("skill_creativity", [1], [3]), min_group=1), "skill_creativity")
    assert s.mean_change == 2
    assert (s.sd_change, s.cohens_dz, s.ci95_low, s.ci95_high, s.wilcoxon_p) == (None,) * 5


def test_changes_with_zeros_use_scipy_defaults() -> None:
    pre, post = [1, 2, 2, 3, 1, 2, 4], [1, 3, 2, 4, 2, 2, 3]
    s = stats_of(analyse(pairs("skill_creativity", pre, post)), "skill_creativity")
    assert s.wilcoxon_p == pytest.approx(stats.wilcoxon(post, pre).pvalue)


def test_text_items_are_ignored_and_unknown_items_refused() -> None:
    records = pairs("skill_teamwork", [1] * 5, [2] * 5)
    records.append(PairRecord("p0", "job_wanted", None, None))
    assert set(analyse(records).items) == {"skill_teamwork"}
    with pytest.raises(ImpactInputError, match="skill_juggling"):
        analyse([PairRecord("p0", "skill_juggling", 1, 2)])


def test_duplicate_records_for_a_pupil_are_refused() -> None:
    records = pairs("skill_teamwork", [1, 2], [2, 3]) + [PairRecord("p1", "skill_teamwork", 1, 1)]
    with pytest.raises(ImpactInputError, match="'p1' has more than one record for skill_teamwork"):
        analyse(records)


def test_plain_mappings_are_accepted() -> None:
    records = [
        {"pupil_ref": i, "item": "jobs_known", "pre": 3 + i, "post": 6 + i, "gender": "girl"}
        for i in range(5)
    ]
    assert stats_of(analyse(records), "jobs_known").mean_change == 3


# --- suppression -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ({"yes": 3, "no": 20}, {"yes", "no"}),
        ({"yes": 5, "no": 20}, set()),
        ({"yes": 3, "no": 20, "not_recorded": 6}, {"yes", "not_recorded"}),
        ({"a": 3, "b": 3, "c": 10}, {"a", "b"}),
        ({"a": 2, "b": 2, "c": 10, "d": 10}, {"a", "b", "c"}),
        ({"a": 1, "b": 2, "c": 1}, {"a", "b", "c"}),
    ],
)
def test_suppression_rule(sizes: dict[str, int], hidden: set[str]) -> None:
    assert suppressed_categories(sizes, 5) == hidden


def test_a_small_group_and_its_complement_are_hidden_without_figures() -> None:
    records = pairs("skill_teamwork", [1] * 4, [3] * 4, pupil_premium=True)
    records += [PairRecord(f"q{i}", "skill_teamwork", 2, 3, pupil_premium=False) for i in range(12)]
    report = analyse(records)
    premium = report.breakdowns["pupil_premium"]
    assert isinstance(premium["yes"]["skill_teamwork"], Suppressed)
    assert isinstance(premium["no"]["skill_teamwork"], Suppressed)
    as_dict = report.as_dict()["breakdowns"]["pupil_premium"]
    assert as_dict["yes"]["skill_teamwork"] == {"suppressed": True}
    assert as_dict["no"]["skill_teamwork"] == {"suppressed": True}
    assert stats_of(report, "skill_teamwork").n_pairs == 16  # the whole cohort still shows


def test_a_cohort_under_five_is_suppressed_overall() -> None:
    report = analyse(pairs("skill_teamwork", [1] * 4, [3] * 4))
    assert report.as_dict()["items"]["skill_teamwork"] == {"suppressed": True}


def test_a_breakdown_with_one_category_is_left_out() -> None:
    report = analyse(pairs("skill_teamwork", [1] * 8, [3] * 8, send=False, gender="girl"))
    assert report.breakdowns["send"] == {}
    assert report.breakdowns["gender"] == {}


def test_published_groups_match_the_whole_cohort_method() -> None:
    girls = pairs("skill_teamwork", [1, 2, 2, 1, 3, 2], [2, 4, 3, 1, 4, 3], gender="girl")
    boys = [
        PairRecord(f"b{i}", "skill_teamwork", a, b, gender="boy")
        for i, (a, b) in enumerate([(2, 2), (1, 3), (3, 3), (2, 1), (1, 2), (2, 4), (3, 4)])
    ]
    report = analyse(girls + boys)
    girl_stats = report.breakdowns["gender"]["girl"]["skill_teamwork"]
    assert girl_stats == stats_of(analyse(girls), "skill_teamwork")


# --- properties --------------------------------------------------------------------------------

answers = st.integers(min_value=1, max_value=4)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(answers, answers), min_size=2, max_size=60))
def test_interval_holds_the_mean_and_dz_follows_its_sign(data: list[tuple[int, int]]) -> None:
    pre, post = zip(*data, strict=True)
    s = stats_of(analyse(pairs("skill_aiming_high", list(pre), list(post)), 1), "skill_aiming_high")
    assert s.ci95_low is not None and s.ci95_high is not None
    assert s.ci95_low <= s.mean_change <= s.ci95_high
    assert s.mean_change == pytest.approx(s.mean_post - s.mean_pre)
    if s.cohens_dz is not None:
        assert np.sign(s.cohens_dz) == np.sign(s.mean_change)
    else:
        assert s.sd_change == 0


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=30, allow_nan=False),
            st.floats(min_value=0, max_value=30, allow_nan=False),
        ),
        min_size=2,
        max_size=40,
    )
)
def test_properties_hold_for_any_counts(data: list[tuple[float, float]]) -> None:
    pre, post = zip(*data, strict=True)
    s = stats_of(analyse(pairs("jobs_known", list(pre), list(post)), 1), "jobs_known")
    assert s.ci95_low is not None and s.ci95_high is not None
    assert s.ci95_low <= s.mean_change <= s.ci95_high
    if s.cohens_dz is not None:
        assert np.sign(s.cohens_dz) == np.sign(s.mean_change)


pupil = st.fixed_dictionaries(
    {
        # Mostly complete pairs, so that groups of every size turn up.
        "pre": st.sampled_from([None, 1, 2, 3, 4]),
        "post": st.sampled_from([None, 1, 2, 3, 4]),
        "pupil_premium": st.one_of(st.none(), st.booleans()),
        "send": st.sampled_from([None, False, False, True]),
        "gender": st.sampled_from([None, "girl", "boy", "boy", "girl", "other"]),
        "item": st.sampled_from(["skill_teamwork", "who_can_nurse"]),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(pupil, max_size=70), st.integers(min_value=2, max_value=8))
def test_suppression_never_leaks_a_small_group(cohort: list[dict], min_group: int) -> None:
    records = [PairRecord(pupil_ref=i, **row) for i, row in enumerate(cohort)]
    report = analyse(records, min_group=min_group)
    for code, cell in report.items.items():
        if isinstance(cell, Suppressed):
            assert set(cell.as_dict()) == {"suppressed"}
            continue
        assert cell.n_pairs >= min_group
        for categories in report.breakdowns.values():
            published = [
                group.n_pairs
                for cells in categories.values()
                if isinstance(group := cells.get(code), ItemStats)
            ]
            assert all(n >= min_group for n in published)
            # Whatever the published groups leave over can be derived by subtraction,
            # so it must be nobody or at least min_group children.
            hidden_total = cell.n_pairs - sum(published)
            assert hidden_total == 0 or hidden_total >= min_group
