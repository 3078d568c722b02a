"""Plain-English findings from impact figures."""

from __future__ import annotations

import pytest

from horizons.programmes import findings as findings_module
from horizons.programmes import impact
from horizons.programmes.findings import Finding, effect_size_word
from horizons.programmes.impact import ImpactReport, ItemStats, PairRecord, Suppressed
from horizons.programmes.instrument import instrument
from horizons.programmes.templates_data import get_template

# The instrument comes from the programme template, as the impact page takes it.
ASSESSMENT = instrument(get_template("aspirations-health-care").instrument)


def analyse(records, min_group: int = 5) -> ImpactReport:  # type: ignore[no-untyped-def]
    return impact.analyse(records, min_group, assessment=ASSESSMENT)


def findings(report: ImpactReport) -> list[Finding]:
    return findings_module.findings(report, ASSESSMENT)


def pairs(item: str, pre: list, post: list, prefix: str = "p", **groups) -> list[PairRecord]:
    return [
        PairRecord(f"{prefix}{i}", item, a, b, **groups)
        for i, (a, b) in enumerate(zip(pre, post, strict=True))
    ]


@pytest.mark.parametrize(
    ("dz", "word"),
    [
        (0.0, "negligible"),
        (0.19, "negligible"),
        (-0.19, "negligible"),
        (0.2, "small"),
        (0.49, "small"),
        (0.5, "medium"),
        (-0.79, "medium"),
        (0.8, "large"),
        (-2.5, "large"),
    ],
)
def test_effect_size_words_follow_convention(dz: float, word: str) -> None:
    assert effect_size_word(dz) == word


def test_a_large_real_rise_reads_as_the_issue_describes() -> None:
    pre = [1, 1, 2, 1, 2, 2, 1, 2, 1, 2, 1, 2]
    post = [3, 2, 3, 3, 4, 3, 2, 4, 3, 3, 3, 2]
    (finding,) = findings(analyse(pairs("skill_teamwork", pre, post)))
    assert finding.text == (
        "Children rated their teamwork higher after the programme; "
        "the change is large and unlikely to be chance."
    )
    assert (finding.effect, finding.likely_chance, finding.group) == ("large", False, None)


def test_a_small_fall_that_could_be_chance() -> None:
    pre = [3, 3, 2, 4, 3, 2, 3, 4, 2, 3]
    post = [3, 2, 2, 4, 3, 3, 2, 4, 2, 3]
    report = analyse(pairs("skill_listening", pre, post))
    stats = report.items["skill_listening"]
    assert isinstance(stats, ItemStats) and stats.mean_change < 0
    (finding,) = findings(report)
    assert finding.text.startswith("Children rated their listening lower after the programme;")
    assert finding.text.endswith("could be chance.")
    assert finding.likely_chance is True


def test_stereotype_finding_gives_the_shares() -> None:
    # 41 of 100 said "both" before; 27 more moved to "both" afterwards and nobody moved away.
    pre = [3] * 41 + [1] * 59
    post = [3] * 68 + [1] * 32
    (finding,) = findings(analyse(pairs("who_can_engineer", pre, post)))
    assert finding.text == (
        "More children said anyone can be an engineer (41% before, 68% after); "
        "the change is unlikely to be chance."
    )


def test_fewer_and_unchanged_stereotype_shares() -> None:
    fewer = findings(analyse(pairs("who_can_nurse", [3, 3, 3, 1, 2, 3], [3, 3, 1, 1, 2, 3])))
    assert fewer[0].text == (
        "Fewer children said anyone can be a nurse (67% before, 50% after); "
        "the change could be chance."
    )
    same = findings(analyse(pairs("who_can_pilot", [3, 1, 2, 3, 1], [1, 3, 2, 3, 1])))
    assert (
        same[0].text
        == "The same share of children said anyone can be a pilot (40% before and after)."
    )


def test_counts_and_confidence_have_their_own_wording() -> None:
    jobs = findings(analyse(pairs("jobs_known", [3, 4, 5, 2, 6, 4], [9, 8, 10, 7, 12, 9])))
    assert jobs[0].text.startswith(
        "Children could name more jobs after the programme (on average 4.0 before, 9.2 after);"
    )
    sure = findings(analyse(pairs("confidence_future", [2, 2, 3, 1, 2], [3, 4, 3, 3, 4])))
    assert sure[0].text.startswith(
        "Children were more sure that they can do any job they want after the programme;"
    )


def test_no_change_at_all_says_so() -> None:
    (finding,) = findings(analyse(pairs("skill_creativity", [2, 3, 1, 4, 2], [2, 3, 1, 4, 2])))
    assert finding.text == (
        "Children rated their creativity the same on average before and after the programme; "
        "no child's answer changed."
    )
    assert finding.likely_chance is None


def test_groups_get_their_own_findings() -> None:
    girls = pairs("skill_teamwork", [1, 2, 1, 2, 1, 2], [3, 4, 3, 3, 2, 4], "g", gender="girl")
    boys = pairs("skill_teamwork", [2, 2, 1, 3, 2, 2], [2, 3, 1, 3, 2, 3], "b", gender="boy")
    texts = {f.group: f.text for f in findings(analyse(girls + boys))}
    assert texts[("gender", "girl")].startswith("Girls rated their teamwork higher")
    assert texts[("gender", "boy")].startswith("Boys rated their teamwork higher")


def test_suppressed_groups_never_produce_a_finding() -> None:
    girls = pairs("skill_teamwork", [1, 1, 1], [4, 4, 4], "g", gender="girl")
    boys = pairs("skill_teamwork", [2] * 9, [3] * 9, "b", gender="boy")
    unknown = pairs("skill_teamwork", [1] * 6, [2] * 6, "u")  # gender not recorded
    report = analyse(girls + boys + unknown)
    assert isinstance(report.breakdowns["gender"]["girl"]["skill_teamwork"], Suppressed)
    groups = [f.group for f in findings(report)]
    assert ("gender", "girl") not in groups
    assert None in groups  # the whole cohort still has its finding
    assert not any("girls" in f.text.lower() for f in findings(report))
    assert all(category != "not_recorded" for _, category in filter(None, groups))
