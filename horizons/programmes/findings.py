"""Plain-English findings from an impact report, for teachers, parents and funders.

Effect sizes use the conventional words for Cohen's d_z (|d_z| < 0.2 negligible, < 0.5 small,
< 0.8 medium, otherwise large); a p-value below 0.05 is "unlikely to be chance", otherwise
the change "could be chance". Suppressed cells never produce a finding, and neither do the
``not_recorded`` / ``not_given`` categories, which describe missing data rather than children.
Pure module: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from horizons.programmes.impact import NOT_RECORDED, ImpactReport, ItemStats
from horizons.programmes.instrument import Instrument, Item

SIGNIFICANCE = 0.05

_GROUP_NOUNS: dict[str, dict[str, str]] = {
    "pupil_premium": {
        "yes": "children eligible for pupil premium",
        "no": "children not eligible for pupil premium",
    },
    "send": {"yes": "children with SEND", "no": "children without SEND"},
    "gender": {"girl": "girls", "boy": "boys", "other": "children who gave another gender"},
}
_SKIPPED_CATEGORIES = {NOT_RECORDED, "not_given"}


@dataclass(frozen=True)
class Finding:
    item: str
    # (breakdown, category), e.g. ("gender", "girl"); None for the whole cohort.
    group: tuple[str, str] | None
    text: str
    effect: str | None  # negligible / small / medium / large, None when it cannot be sized
    likely_chance: bool | None  # None when there was nothing to test


def effect_size_word(dz: float) -> str:
    size = abs(dz)
    if size < 0.2:
        return "negligible"
    if size < 0.5:
        return "small"
    if size < 0.8:
        return "medium"
    return "large"


def findings(report: ImpactReport, assessment: Instrument) -> list[Finding]:
    """Findings for the whole cohort first, then for each published group."""
    out: list[Finding] = []
    for code, cell in report.items.items():
        if isinstance(cell, ItemStats):
            out.append(item_finding(assessment.item(code), cell, "children", None))
    for breakdown, categories in report.breakdowns.items():
        for category, cells in categories.items():
            noun = _group_noun(breakdown, category)
            if noun is None:
                continue
            for code, cell in cells.items():
                if isinstance(cell, ItemStats):
                    out.append(
                        item_finding(assessment.item(code), cell, noun, (breakdown, category))
                    )
    return out


def item_finding(
    item: Item, stats: ItemStats, subject: str, group: tuple[str, str] | None
) -> Finding:
    if item.kind == "stereotype":
        return _stereotype_finding(item, stats, subject, group)
    return _change_finding(item, stats, subject, group)


def _change_finding(
    item: Item, stats: ItemStats, subject: str, group: tuple[str, str] | None
) -> Finding:
    topic = item.topic or item.code.replace("_", " ")
    if item.finding is not None:
        up, down, same = item.finding.up, item.finding.down, item.finding.same
    else:
        up, down = f"rated their {topic} higher", f"rated their {topic} lower"
        same = f"rated their {topic} the same on average before and after the programme"
    if stats.mean_change > 0:
        what = f"{up} after the programme"
    elif stats.mean_change < 0:
        what = f"{down} after the programme"
    else:
        what = same
    if item.kind == "count":
        what += f" (on average {stats.mean_pre:.1f} before, {stats.mean_post:.1f} after)"

    effect: str | None = None
    likely_chance: bool | None = None
    if stats.cohens_dz is not None and stats.wilcoxon_p is not None:
        effect = effect_size_word(stats.cohens_dz)
        likely_chance = stats.wilcoxon_p >= SIGNIFICANCE
        judgement = f"the change is {effect} and {_chance_words(stats.wilcoxon_p)}"
    elif stats.sd_change == 0 and stats.mean_change == 0:
        judgement = "no child's answer changed"
    elif stats.sd_change == 0 and stats.wilcoxon_p is not None:
        likely_chance = stats.wilcoxon_p >= SIGNIFICANCE
        judgement = (
            "every child's answer moved by the same amount, and this "
            f"{_chance_verb(stats.wilcoxon_p)}"
        )
    else:
        judgement = "there are too few children to judge the change"
    text = f"{_capitalise(subject)} {what}; {judgement}."
    return Finding(item.code, group, text, effect, likely_chance)


def _stereotype_finding(
    item: Item, stats: ItemStats, subject: str, group: tuple[str, str] | None
) -> Finding:
    topic = item.topic or item.code.removeprefix("who_can_").replace("_", " ")
    before = _percent(stats.share_both_pre or 0.0)
    after = _percent(stats.share_both_post or 0.0)
    # The direction follows the percentages shown, so words and figures always agree.
    if after > before:
        text = f"More {subject} said anyone can be {topic} ({before}% before, {after}% after)"
    elif after < before:
        text = f"Fewer {subject} said anyone can be {topic} ({before}% before, {after}% after)"
    else:
        text = (
            f"The same share of {subject} said anyone can be {topic} ({before}% before and after)"
        )
    likely_chance: bool | None = None
    if stats.mcnemar_p is not None:
        likely_chance = stats.mcnemar_p >= SIGNIFICANCE
        if after != before:
            text += f"; the change {_chance_verb(stats.mcnemar_p)}"
    # No effect-size word: d_z of the 1/2/3 answer codes says little about the share "both".
    return Finding(item.code, group, text + ".", None, likely_chance)


def _group_noun(breakdown: str, category: str) -> str | None:
    if category in _SKIPPED_CATEGORIES:
        return None
    known = _GROUP_NOUNS.get(breakdown, {})
    if category in known:
        return known[category]
    return f"children recorded as {category}"


def _chance_words(p: float) -> str:
    """Follows "the change is large and …"."""
    return "unlikely to be chance" if p < SIGNIFICANCE else "could be chance"


def _chance_verb(p: float) -> str:
    """Follows "the change …"."""
    return "is unlikely to be chance" if p < SIGNIFICANCE else "could be chance"


def _percent(share: float) -> int:
    # Round half up: Python's round() would turn 0.125 into 12 and 0.135 into 14.
    return int(share * 100 + 0.5 + 1e-9)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
