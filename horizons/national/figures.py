"""Rules for national figures. Pure: no Django.

A group (a hub, a region, a local authority, an FSM band) is shown only when it holds at least
`minimum` schools: fewer could point at one school, and through it at its children. Children's
counts inside a shown group follow the usual suppression (under `minimum` reads "fewer than").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from horizons.reports import suppression


@dataclass
class GroupRow:
    key: str
    label: str
    schools: int
    audited: int = 0
    mean_overall: float | None = None  # latest audit's overall percentage, mean over schools
    benchmarks: dict[int, float] = field(default_factory=dict)
    trend: dict[int, float] = field(default_factory=dict)  # academic year → mean overall %
    in_person: int = 0
    online: int = 0
    high_fsm_pupils: int = 0
    programme_pupils: int = 0
    shown: bool = True

    @property
    def audited_share(self) -> float | None:
        return self.audited / self.schools if self.schools else None

    @property
    def high_fsm_share(self) -> float | None:
        reached = self.in_person + self.online
        return self.high_fsm_pupils / reached if reached else None


def apply_suppression(rows: Sequence[GroupRow], minimum: int) -> list[GroupRow]:
    """Hide every figure of a group with fewer than `minimum` schools."""
    for row in rows:
        if row.schools < minimum:
            row.shown = False
            row.audited = 0
            row.mean_overall = None
            row.benchmarks = {}
            row.trend = {}
            row.in_person = row.online = row.high_fsm_pupils = row.programme_pupils = 0
    return list(rows)


def children(count: int, minimum: int) -> int | str:
    return suppression.display_count(count, minimum)


def change(trend: Mapping[int, float]) -> float | None:
    """Change in the mean overall percentage from the earliest year shown to the latest."""
    if len(trend) < 2:
        return None
    years = sorted(trend)
    return round(trend[years[-1]] - trend[years[0]], 1)
