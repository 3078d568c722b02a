"""The three terms of an English school year: autumn, spring and summer. Pure module: no Django.

Schools set their own term dates, so Horizons uses one rule everyone recognises: the autumn
term runs from 1 September to 31 December, the spring term from 1 January to Easter Sunday
(the Easter holidays straddle Easter, so what happens before it belongs to the spring term),
and the summer term from Easter Monday to 31 August. A school year is named by the calendar
year it starts in, as in ``core.academic_year``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from horizons.core import academic_year


class Term(StrEnum):
    AUTUMN = "autumn"
    SPRING = "spring"
    SUMMER = "summer"

    @property
    def label(self) -> str:
        """ "Autumn term"."""
        return f"{self.value.capitalize()} term"


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@dataclass(frozen=True)
class TermDates:
    year: int  # the school year, named by the calendar year it starts in
    term: Term
    first: date
    last: date

    @property
    def label(self) -> str:
        """ "Autumn term 2026/27"."""
        return f"{self.term.label} {academic_year.label(self.year)}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def dates(year: int, term: Term | str) -> TermDates:
    """First and last day of ``term`` in school year ``year``; ValueError for an unknown term."""
    term = Term(term)
    easter = easter_sunday(year + 1)
    if term is Term.AUTUMN:
        return TermDates(year, term, academic_year.first_day(year), date(year, 12, 31))
    if term is Term.SPRING:
        return TermDates(year, term, date(year + 1, 1, 1), easter)
    return TermDates(year, term, easter + timedelta(days=1), academic_year.last_day(year))


def term_of(day: date) -> TermDates:
    """The term ``day`` falls in."""
    year = academic_year.start_year(day)
    for term in Term:
        found = dates(year, term)
        if day in found:
            return found
    raise AssertionError("the three terms cover the year")  # pragma: no cover
