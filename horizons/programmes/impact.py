"""Impact of a programme: paired before/after statistics per assessment item.

Input is one plain record per pupil and item with the pre and post answers (either may be
missing) and optional group attributes. Only complete pairs are analysed; the rest are counted
as unpaired. Work is vectorised with numpy: records are grouped by item (and by group) with a
single argsort, and Python only loops over the resulting groups, never over pairs.

Small-group suppression (children's data, UK GDPR; see docs/privacy.md) is decided by
``horizons.reports.suppression``, the one module every report uses. Records may carry a
``unit`` (the cohort): suppression is decided per unit and per item, and figures that pool
several units are built only from the blocks each unit shows, so no combination of a hub
overview, its filters and each cohort's report recovers a group under ``min_group``:

1. A unit's figures for an item are shown only when at least ``min_group`` children answered
   it before and after; the overall figures pool only such units.
2. Within each breakdown (pupil premium, SEND or gender, including ``not_recorded`` for pupils
   whose attribute is unknown) a unit's category under ``min_group`` is hidden, and the smallest
   shown one too while the hidden ones together hold fewer (complementary suppression).
3. A category's pooled figures cover only the units whose block for it is shown.

A suppressed cell carries no figures at all, not even its size. A breakdown with only one
category present is left out: it would only reveal that every child shares the attribute.
Each breakdown is published on its own, never cross-tabulated.

Pure module: no Django.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import stats as scipy_stats

from horizons.programmes.instrument import STEREOTYPE_BOTH, Instrument
from horizons.programmes.wilcoxon_exact import permutation_p
from horizons.reports import suppression

BREAKDOWNS: tuple[str, ...] = ("pupil_premium", "send", "gender")
NOT_RECORDED = "not_recorded"
_SD_TOLERANCE = 1e-12  # SDs this small are rounding noise from identical differences


class ImpactInputError(ValueError):
    """The records cannot be analysed as given (unknown item, duplicate pupil answers)."""


@dataclass(frozen=True)
class PairRecord:
    pupil_ref: str | int
    item: str
    pre: float | None
    post: float | None
    pupil_premium: bool | None = None
    send: bool | None = None
    gender: str | None = None
    unit: str | int | None = None  # the cohort: suppression is decided per unit


@dataclass(frozen=True)
class ItemStats:
    kind: str
    n_pairs: int
    mean_pre: float
    mean_post: float
    mean_change: float
    sd_change: float | None
    cohens_dz: float | None
    ci95_low: float | None
    ci95_high: float | None
    wilcoxon_p: float | None
    # Stereotype items only: share answering "both", and an exact McNemar test of the
    # change in that share (children moving to "both" against children moving away).
    share_both_pre: float | None = None
    share_both_post: float | None = None
    mcnemar_p: float | None = None

    suppressed = False

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n_pairs": self.n_pairs,
            "mean_pre": _round(self.mean_pre),
            "mean_post": _round(self.mean_post),
            "mean_change": _round(self.mean_change),
            "sd_change": _round(self.sd_change),
            "cohens_dz": _round(self.cohens_dz),
            "ci95_low": _round(self.ci95_low),
            "ci95_high": _round(self.ci95_high),
            "wilcoxon_p": _round_p(self.wilcoxon_p),
        }
        if self.kind == "stereotype":
            out["share_both_pre"] = _round(self.share_both_pre)
            out["share_both_post"] = _round(self.share_both_post)
            out["mcnemar_p"] = _round_p(self.mcnemar_p)
        return out


@dataclass(frozen=True)
class Suppressed:
    """A cell hidden to protect a small group: deliberately holds no figures."""

    suppressed = True

    def as_dict(self) -> dict[str, Any]:
        return {"suppressed": True}


Cell = ItemStats | Suppressed


@dataclass(frozen=True)
class Unpaired:
    pre_only: int
    post_only: int


@dataclass(frozen=True)
class ImpactReport:
    min_group: int
    items: Mapping[str, Cell]
    # breakdown name -> category -> item code -> cell
    breakdowns: Mapping[str, Mapping[str, Mapping[str, Cell]]]
    unpaired: Mapping[str, Unpaired]

    def as_dict(self) -> dict[str, Any]:
        return {
            "min_group": self.min_group,
            "items": {code: cell.as_dict() for code, cell in self.items.items()},
            "breakdowns": {
                name: {
                    category: {code: cell.as_dict() for code, cell in cells.items()}
                    for category, cells in categories.items()
                }
                for name, categories in self.breakdowns.items()
            },
            "unpaired": {
                code: {"pre_only": u.pre_only, "post_only": u.post_only}
                for code, u in self.unpaired.items()
            },
        }


def analyse(
    records: Iterable[PairRecord | Mapping[str, Any]],
    min_group: int = 5,
    *,
    assessment: Instrument,
) -> ImpactReport:
    """Paired statistics per item, overall and by group, with small groups suppressed.

    Records for text items (e.g. ``job_wanted``) are ignored: they have no numeric change.
    Items with no complete pair appear only under ``unpaired``.
    """
    min_group = suppression.check_minimum(min_group)
    numeric = [item for item in assessment.items if item.is_numeric]
    codes = [item.code for item in numeric]
    kinds = [item.kind for item in numeric]
    columns = _columns(records, assessment, codes)
    n_items = len(codes)

    pre_ok = np.isfinite(columns.pre)
    post_ok = np.isfinite(columns.post)
    paired = pre_ok & post_ok
    pre_only = np.bincount(columns.item[pre_ok & ~post_ok], minlength=n_items)
    post_only = np.bincount(columns.item[post_ok & ~pre_ok], minlength=n_items)
    unpaired = {
        codes[i]: Unpaired(int(pre_only[i]), int(post_only[i]))
        for i in range(n_items)
        if pre_only[i] or post_only[i]
    }

    item_idx = columns.item[paired]
    pre = columns.pre[paired]
    post = columns.post[paired]

    unit = columns.unit[paired]
    n_units = int(unit.max()) + 1 if unit.size else 1

    # Overall: one segment per item; only units with enough pairs are pooled (rule 1).
    overall: dict[int, Cell] = {}
    for item_i, rows in _segments(item_idx):
        sizes = np.bincount(unit[rows], minlength=n_units)
        keep = rows[sizes[unit[rows]] >= min_group]
        if keep.size == 0:
            overall[item_i] = Suppressed()
        else:
            overall[item_i] = _item_stats(pre[keep], post[keep], kinds[item_i])
    items = {codes[i]: overall[i] for i in sorted(overall)}

    breakdowns: dict[str, dict[str, dict[str, Cell]]] = {}
    for name in BREAKDOWNS:
        labels, category = columns.groups[name]
        category = category[paired]
        per_category: dict[str, dict[str, Cell]] = {}
        for item_i, rows in _segments(item_idx):
            cells = _breakdown_cells(rows, unit[rows], category[rows], labels, min_group)
            if cells is None:
                continue
            for c, chosen in cells.items():
                cell: Cell
                if chosen.size == 0:
                    cell = Suppressed()
                else:
                    cell = _item_stats(pre[chosen], post[chosen], kinds[item_i])
                per_category.setdefault(labels[c], {})[codes[item_i]] = cell
        breakdowns[name] = {label: per_category[label] for label in sorted(per_category)}
    return ImpactReport(min_group=min_group, items=items, breakdowns=breakdowns, unpaired=unpaired)


def _breakdown_cells(
    rows: np.ndarray, unit: np.ndarray, category: np.ndarray, labels: list[str], min_group: int
) -> dict[int, np.ndarray] | None:
    """Per category of one breakdown of one item: the rows its pooled figures may use.

    None when the breakdown is left out (only one category present). An empty array stands
    for a suppressed cell. Decisions are made on the category labels, never on their index
    in this call, so a cohort hides the same cells in its own report and in any pooled one.
    """
    n_cat = len(labels)
    keys, counts = np.unique(unit * n_cat + category, return_counts=True)
    sizes: dict[int, dict[str, int]] = {}
    for key, count in zip(keys.tolist(), counts.tolist(), strict=True):
        sizes.setdefault(key // n_cat, {})[labels[key % n_cat]] = count
    decisions = suppression.decide_units(sizes, min_group)
    pooled = suppression.aggregate(decisions, decisions)
    present = sorted({c for c in range(n_cat) if any(labels[c] in s for s in sizes.values())})
    if len(present) < 2:
        return None
    out: dict[int, np.ndarray] = {}
    for c in present:
        shown_units = pooled.category_units.get(labels[c], frozenset())
        mask = (category == c) & np.isin(unit, np.fromiter(shown_units, dtype=np.int64))
        out[c] = rows[mask]
    return out


def suppressed_categories(sizes: Mapping[str, int], min_group: int) -> set[str]:
    """Categories to hide in one breakdown of one unit (see ``reports.suppression``)."""
    return suppression.hidden_categories(sizes, min_group)


# --- statistics on one group of pairs -------------------------------------------------------


def _item_stats(pre: np.ndarray, post: np.ndarray, kind: str) -> ItemStats:
    n = int(pre.size)
    change = post - pre
    mean_change = float(change.mean())
    sd: float | None = None
    dz: float | None = None
    low: float | None = None
    high: float | None = None
    if n >= 2:
        sd = float(change.std(ddof=1))
        if sd <= _SD_TOLERANCE * max(1.0, abs(mean_change)):
            sd = 0.0
        half_width = _t_975(n - 1) * sd / math.sqrt(n)
        low, high = mean_change - half_width, mean_change + half_width
        if sd > 0:
            dz = mean_change / sd
    share_pre = share_post = mcnemar = None
    if kind == "stereotype":
        both_pre = pre == STEREOTYPE_BOTH
        both_post = post == STEREOTYPE_BOTH
        share_pre = float(both_pre.mean())
        share_post = float(both_post.mean())
        mcnemar = _mcnemar_p(
            int(np.count_nonzero(~both_pre & both_post)),
            int(np.count_nonzero(both_pre & ~both_post)),
        )
    return ItemStats(
        kind=kind,
        n_pairs=n,
        mean_pre=float(pre.mean()),
        mean_post=float(post.mean()),
        mean_change=mean_change,
        sd_change=sd,
        cohens_dz=dz,
        ci95_low=low,
        ci95_high=high,
        wilcoxon_p=_wilcoxon_p(change),
        share_both_pre=share_pre,
        share_both_post=share_post,
        mcnemar_p=mcnemar,
    )


@lru_cache(maxsize=4096)
def _t_975(dof: int) -> float:
    return float(scipy_stats.t.ppf(0.975, dof))


def _wilcoxon_p(change: np.ndarray) -> float | None:
    """Two-sided Wilcoxon signed-rank p (scipy defaults), or None when it says nothing.

    None when there are fewer than two pairs or every difference is zero: recent scipy
    returns p = 1 for all-zero differences (older versions raised ValueError), which would
    read as "tested and found nothing" rather than "nothing to test".
    """
    if change.size < 2 or not np.any(change != 0):
        return None
    if change.size <= _SMALL_SAMPLE:
        # scipy's default runs an exhaustive permutation test (2**n sign flips, ~20 ms) for
        # up to 13 pairs with ties or zeros, as answers on a 1-4 scale always have. The
        # p-value depends only on the multiset of changes, which repeats across items and
        # groups, so small samples are memoised on it; the result is identical.
        return _wilcoxon_small(tuple(sorted(change.tolist())))
    return _wilcoxon_scipy(change)


_SMALL_SAMPLE = 50


@lru_cache(maxsize=65536)
def _wilcoxon_small(sorted_changes: tuple[float, ...]) -> float | None:
    # scipy's own permutation test for <= 13 pairs takes up to seconds per call in scipy
    # 1.17; wilcoxon_exact computes the identical p-value in microseconds.
    exact = permutation_p(sorted_changes)
    if exact is not None:
        return exact
    return _wilcoxon_scipy(np.asarray(sorted_changes, dtype=float))


def _wilcoxon_scipy(change: np.ndarray) -> float | None:
    try:
        with warnings.catch_warnings():
            # Small samples and ties make scipy warn about its normal approximation; the
            # p-value is still the documented default and is reported as such.
            warnings.simplefilter("ignore")
            p = float(scipy_stats.wilcoxon(change).pvalue)
    except ValueError:
        return None
    return None if math.isnan(p) else p


def _mcnemar_p(gained: int, lost: int) -> float | None:
    if gained + lost == 0:
        return None
    return float(scipy_stats.binomtest(gained, gained + lost, 0.5).pvalue)


# --- turning records into arrays ------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    item: np.ndarray  # index into the numeric item codes
    pre: np.ndarray  # float, NaN when missing
    post: np.ndarray
    groups: dict[str, tuple[list[str], np.ndarray]]  # name -> (labels, category index)
    unit: np.ndarray  # index of the record's unit (cohort)


def _columns(
    records: Iterable[PairRecord | Mapping[str, Any]], inst: Instrument, codes: list[str]
) -> _Columns:
    rows = [r if isinstance(r, PairRecord) else PairRecord(**r) for r in records]
    index = {code: i for i, code in enumerate(codes)}
    unknown = sorted({r.item for r in rows if r.item not in index and not inst.has_item(r.item)})
    if unknown:
        raise ImpactInputError(
            f"not questions in the {inst.version} assessment: {', '.join(unknown)}"
        )
    rows = [r for r in rows if r.item in index]  # drops text items
    item = np.fromiter((index[r.item] for r in rows), dtype=np.int64, count=len(rows))
    pupil_codes: dict[str | int, int] = {}
    pupil = np.fromiter(
        (pupil_codes.setdefault(r.pupil_ref, len(pupil_codes)) for r in rows),
        dtype=np.int64,
        count=len(rows),
    )
    pair_key = pupil * max(len(codes), 1) + item
    if np.unique(pair_key).size != pair_key.size:
        keys, counts = np.unique(pair_key, return_counts=True)
        first = int(keys[counts > 1][0])
        ref = next(r for r, c in pupil_codes.items() if c == first // max(len(codes), 1))
        raise ImpactInputError(
            f"pupil {ref!r} has more than one record for {codes[first % len(codes)]}; "
            "give one record per pupil and item"
        )
    pre = _float_column([r.pre for r in rows])
    post = _float_column([r.post for r in rows])
    groups = {
        "pupil_premium": _flag_categories([r.pupil_premium for r in rows]),
        "send": _flag_categories([r.send for r in rows]),
        "gender": _text_categories([r.gender for r in rows]),
    }
    unit_codes: dict[str | int | None, int] = {}
    unit = np.fromiter(
        (unit_codes.setdefault(r.unit, len(unit_codes)) for r in rows),
        dtype=np.int64,
        count=len(rows),
    )
    return _Columns(item=item, pre=pre, post=post, groups=groups, unit=unit)


def _float_column(values: list[Any]) -> np.ndarray:
    try:
        column = np.array(values, dtype=float)  # None becomes NaN
    except (TypeError, ValueError) as exc:
        raise ImpactInputError(f"answers must be numbers or None: {exc}") from exc
    if np.isinf(column).any():
        raise ImpactInputError("answers must be finite numbers or None")
    return column.reshape(-1)


def _flag_categories(values: list[bool | None]) -> tuple[list[str], np.ndarray]:
    code = {True: 0, False: 1, None: 2}
    try:
        column = np.fromiter((code[v] for v in values), dtype=np.int64, count=len(values))
    except KeyError as exc:
        raise ImpactInputError(f"group flags must be True, False or None, not {exc}") from exc
    return ["yes", "no", NOT_RECORDED], column


def _text_categories(values: list[str | None]) -> tuple[list[str], np.ndarray]:
    labels: dict[str, int] = {}
    column = np.fromiter(
        (labels.setdefault(v if v else NOT_RECORDED, len(labels)) for v in values),
        dtype=np.int64,
        count=len(values),
    )
    return list(labels), column


def _segments(keys: np.ndarray) -> Iterable[tuple[int, np.ndarray]]:
    """Yield (key, row indices) for each distinct key, via one stable argsort."""
    if keys.size == 0:
        return
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], sorted_keys.size]
    for start, end in zip(starts, ends, strict=True):
        yield int(sorted_keys[start]), order[start:end]


# --- rounding for display -------------------------------------------------------------------


def _round(value: float | None, places: int = 3) -> float | None:
    if value is None:
        return None
    rounded = round(value, places)
    return 0.0 if rounded == 0 else rounded  # no "-0.0" in reports


def _round_p(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.4g}")
