"""What a report about children may show: the one place that decides, for every report, export
and chart that gives counts or statistics about children.

The threshold is ``settings.HORIZONS_MIN_GROUP_SIZE`` (5); callers pass it in, so this module
stays free of Django and can be tested with thousands of generated cases.

The method: **building blocks**
-------------------------------

A report may show a figure only for a set of children that is safe to show, and a person who
can open several reports (a class's report, the hub overview, the same overview filtered by
programme, a PDF, an export) can add and subtract what they see. Hiding small cells one report
at a time is not enough: the hub shows "With SEND, n=8", class A shows n=5, class B says
"fewer than 5", so class B's group is n=3 and its means follow by subtraction.

So suppression is decided once, on the smallest unit a report can show on its own (a class, or
"cohort"), and every larger report is *built only from blocks that unit shows*:

1. **Unit total.** A unit's figure (e.g. the children who answered a question before and after)
   is shown only when it covers at least ``minimum`` children.
2. **Unit breakdown** (pupil premium, SEND, gender, each on its own). Within a unit whose total
   is shown, a category with fewer than ``minimum`` children is hidden (primary suppression);
   while the hidden categories together hold fewer than ``minimum`` children, the smallest shown
   category is hidden too (complementary suppression), so the hidden remainder, which anyone can
   work out as "total minus the shown categories", is itself at least ``minimum`` children.
   A breakdown with only one category present is left out (it would only say that every child
   shares the attribute).
3. **Aggregates** (a school, a hub, a programme, everything a person may see, any filter): a
   figure for a category is computed over the union of the units' *shown* blocks for that
   category, and an overall figure over the units whose total is shown. A cell hidden in a
   class stays hidden in every total that contains it.

Why this cannot be undone: every figure any report shows is computed from a union of blocks
that some unit's report shows, and each unit's shown sets (its total, its shown categories,
and the remainder) partition that unit's children into parts of at least ``minimum``. Children
belong to exactly one unit, so any sum or difference of figures from any number of reports is a
union of such parts, hence either nobody or at least ``minimum`` children. The property test in
``tests/reports/test_suppression_property.py`` tries differencing across generated hubs.

The price: a group that is small in every class (often SEND) is counted in a hub only from
classes where it reaches ``minimum``; the report says so. Each breakdown is published on its
own, never cross-tabulated (pupil premium against SEND).

Counts that are not about children's answers or characteristics (e.g. children reached by an
event, per school) use :func:`shown_count` / :func:`display_count` cell by cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

DEFAULT_MIN_GROUP = 5

U = TypeVar("U", bound=Hashable)
C = TypeVar("C", bound=Hashable)


def check_minimum(minimum: int) -> int:
    """The threshold as an int; refuses nonsense so a misconfiguration cannot show everything."""
    value = int(minimum)
    if value < 1:
        raise ValueError("The minimum group size must be at least 1")
    return value


def is_small(count: int, minimum: int) -> bool:
    """A group of children that must not be shown: more than nobody but fewer than minimum."""
    return 0 < count < minimum


def shown_count(count: int, minimum: int) -> int | None:
    """The count, or None (read "fewer than N") for a small group."""
    return None if is_small(count, minimum) else count


def fewer_than(minimum: int) -> str:
    return f"fewer than {minimum}"


def display_count(count: int, minimum: int) -> int | str:
    """The count, or the words "fewer than 5" for a small group (tables and exports)."""
    return fewer_than(minimum) if is_small(count, minimum) else count


def hidden_categories(sizes: Mapping[C, int], minimum: int) -> set[C]:
    """Categories to hide in one breakdown of one unit: primary, then complementary.

    Empty categories are never "hidden" (there is nobody to protect). Ties between equally
    small categories are broken by their text, so the same data always hides the same cells.
    """
    hidden = {name for name, size in sizes.items() if is_small(size, minimum)}
    while hidden and sum(sizes[name] for name in hidden) < minimum:
        remaining = [name for name in sizes if name not in hidden and sizes[name] > 0]
        if not remaining:
            break
        hidden.add(min(remaining, key=lambda name: (sizes[name], str(name))))
    return hidden


@dataclass(frozen=True)
class UnitDecision(Generic[C]):
    """What one unit (class) shows for one breakdown of one figure."""

    total: int
    total_shown: bool
    shown: frozenset[C] = field(default_factory=frozenset)  # categories whose block is shown
    hidden: frozenset[C] = field(default_factory=frozenset)
    left_out: bool = False  # one category only: the breakdown is not shown for this unit


def decide_unit(sizes: Mapping[C, int], minimum: int) -> UnitDecision[C]:
    """Rules 1 and 2 of the module docstring for one unit's category sizes."""
    minimum = check_minimum(minimum)
    present = {name: size for name, size in sizes.items() if size > 0}
    total = sum(present.values())
    if total < minimum:
        return UnitDecision(total, False, hidden=frozenset(present))
    if len(present) < 2:
        return UnitDecision(total, True, left_out=True)
    hidden = hidden_categories(present, minimum)
    return UnitDecision(
        total, True, shown=frozenset(set(present) - hidden), hidden=frozenset(hidden)
    )


def decide_units(units: Mapping[U, Mapping[C, int]], minimum: int) -> dict[U, UnitDecision[C]]:
    return {unit: decide_unit(sizes, minimum) for unit, sizes in units.items()}


@dataclass(frozen=True)
class Aggregate(Generic[U, C]):
    """Which units' blocks an aggregate report may pool (rule 3)."""

    total_units: frozenset[U]  # units whose total is shown: the overall figure pools these
    category_units: Mapping[C, frozenset[U]]  # per category, units whose block is shown

    def total_size(self, decisions: Mapping[U, UnitDecision[C]]) -> int:
        return sum(decisions[u].total for u in self.total_units)


def aggregate(decisions: Mapping[U, UnitDecision[C]], units: Iterable[U]) -> Aggregate[U, C]:
    chosen = [u for u in units if u in decisions]
    totals = frozenset(u for u in chosen if decisions[u].total_shown)
    by_category: dict[C, set[U]] = {}
    for unit in chosen:
        for category in decisions[unit].shown:
            by_category.setdefault(category, set()).add(unit)
    return Aggregate(totals, {c: frozenset(us) for c, us in by_category.items()})
