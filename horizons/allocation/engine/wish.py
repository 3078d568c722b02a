"""A school's wish: what it asked for, as a value the problem carries.

``{"sector": "engineering" | null, "year": 6 | null, "counter_stereotype": true | false}``: a
volunteer from that sector (any, if null), meeting a class of that year group (any, if null),
who challenges stereotypes (if true). Kept apart from wishes.py (their value in the objective
and whether a plan met them) so that problem.py can hold wishes without importing the solver's
side: the engine has no import cycles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class _Visitor(Protocol):
    @property
    def sector(self) -> str: ...
    @property
    def counter_stereotype(self) -> bool: ...


class _Class(Protocol):
    @property
    def year(self) -> int: ...


# An encounter is credited for at most this many wishes, so that all the bonuses one
# encounter can bring (3 × 180 + 60 + 80 = 680) stay below a class's first encounter (1000).
MAX_WISHES_PER_PAIR = 3


@dataclass(frozen=True)
class Wish:
    sector: str | None = None
    year: int | None = None
    counter_stereotype: bool = False

    def met_by(self, volunteer: _Visitor, klass: _Class) -> bool:
        return (
            (self.sector is None or volunteer.sector == self.sector)
            and (self.year is None or klass.year == self.year)
            and (not self.counter_stereotype or volunteer.counter_stereotype)
        )

    def within(self, other: Wish) -> bool:
        """True if every pairing that meets `other` meets this wish too."""
        return (
            self.sector in (None, other.sector)
            and self.year in (None, other.year)
            and (not self.counter_stereotype or other.counter_stereotype)
        )

    def describe(self, sector_labels: Mapping[str, str] | None = None) -> str:
        """'engineering for Year 6, from someone who challenges stereotypes'."""
        labels = sector_labels or {}
        what = (
            labels.get(self.sector, self.sector).lower()
            if self.sector
            else ("a visitor" if not self.counter_stereotype else "a role model")
        )
        if self.year is not None:
            what += f" for Year {self.year}"
        if self.counter_stereotype:
            what += ", from someone who challenges stereotypes"
        return what

    def to_json(self) -> dict[str, Any]:
        return {
            "sector": self.sector,
            "year": self.year,
            "counter_stereotype": self.counter_stereotype,
        }
