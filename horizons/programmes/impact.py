"""Impact of a programme: paired before/after statistics per assessment item.

Input is one plain record per pupil and item with the pre and post answers (either may be
missing) and optional group attributes. Only complete pairs are analysed; the rest are counted
as unpaired. Work is vectorised with numpy: records are grouped by item (and by group) with a
single argsort, and Python only loops over the resulting groups, never over pairs.

Small-group suppression (children's data, UK GDPR; see DOMAIN.md): within each breakdown
(pupil premium, SEND or gender) and each item, the categories are the values present,
including ``not_recorded`` for pupils whose attribute is unknown.

1. Primary: any category with fewer than ``min_group`` pairs is suppressed.
2. Complementary: the overall figures are published, so the suppressed categories taken
   together could be derived by subtraction. While they hold fewer than ``min_group`` pairs
   in total, the smallest published category is suppressed as well (ties broken by name).
   Consequently a single small category is never alone: its complement hides it.
3. The overall figures for an item are suppressed too when it has fewer than ``min_group``
   pairs; then every category is smaller still and suppressed.

A suppressed cell carries no figures at all, not even its size. An item whose pairs all fall
in one category of a breakdown is left out of that breakdown: the figures would repeat the
overall ones and reveal that every child shares the attribute. Suppression is decided per
item because pair counts differ between items (a child may miss one question). Not handled:
differencing across two breakdowns at once (e.g. pupil premium against SEND) — reports
publish each breakdown on its own, never cross-tabulated.

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

from horizons.programmes.instrument import STEREOTYPE_BOTH, Instrument, instrument
from horizons.programmes.wilcoxon_exact import permutation_p

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
    assessment: Instrument | None = None,
) -> ImpactReport:
    """Paired statistics per item, overall and by group, with small groups suppressed.

    Records for text items (e.g. ``job_wanted``) are ignored: they have no numeric change.
    Items with no complete pair appear only under ``unpaired``.
    """
    if min_group < 1:
        raise ValueError("min_group must be at least 1")
    inst = assessment or instrument("aspirations-v1")
    numeric = [item for item in inst.items if item.is_numeric]
    codes = [item.code for item in numeric]
    kinds = [item.kind for item in numeric]
    columns = _columns(records, inst, codes)
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

    # Overall: one segment per item.
    overall: dict[int, Cell] = {}
    for item_i, rows in _segments(item_idx):
        if rows.size < min_group:
            overall[item_i] = Suppressed()
        else:
            overall[item_i] = _item_stats(pre[rows], post[rows], kinds[item_i])
    items = {codes[i]: overall[i] for i in sorted(overall)}

    breakdowns: dict[str, dict[str, dict[str, Cell]]] = {}
    for name in BREAKDOWNS:
        labels, category = columns.groups[name]
        category = category[paired]
        n_cat = len(labels)
        by_item: dict[int, dict[int, np.ndarray]] = {}
        for key, rows in _segments(item_idx * n_cat + category):
            by_item.setdefault(key // n_cat, {})[key % n_cat] = rows
        per_category: dict[str, dict[str, Cell]] = {}
        for item_i in sorted(by_item):
            cells = by_item[item_i]
            if len(cells) < 2:
                # One category equals the overall figures and would only reveal that
                # every child shares the attribute, so the breakdown is left out.
                continue
            sizes = {labels[c]: rows.size for c, rows in cells.items()}
            hidden = suppressed_categories(sizes, min_group)
            for c, rows in cells.items():
                label = labels[c]
                cell: Cell
                if label in hidden:
                    cell = Suppressed()
                else:
                    cell = _item_stats(pre[rows], post[rows], kinds[item_i])
                per_category.setdefault(label, {})[codes[item_i]] = cell
        breakdowns[name] = {label: per_category[label] for label in sorted(per_category)}
    return ImpactReport(min_group=min_group, items=items, breakdowns=breakdowns, unpaired=unpaired)


def suppressed_categories(sizes: Mapping[str, int], min_group: int) -> set[str]:
    """Categories to hide in one breakdown of one item (see the module docstring)."""
    hidden = {name for name, size in sizes.items() if size < min_group}
    while hidden and sum(sizes[name] for name in hidden) < min_group:
        remaining = [name for name in sizes if name not in hidden]
        if not remaining:
            break
        hidden.add(min(remaining, key=lambda name: (sizes[name], name)))
    return hidden


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
    return _Columns(item=item, pre=pre, post=post, groups=groups)


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
