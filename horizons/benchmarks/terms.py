"""School terms and years, for labelling audits ("Autumn 2026"). Pure: no Django.

English schools run autumn (September to December), spring (January to Easter) and summer
(Easter to July). Easter moves, so April counts as summer here; the label is only a name the
careers leader can change.
"""

from __future__ import annotations

from datetime import date

from horizons.core import academic_year

TERM_NAMES = ("Autumn", "Spring", "Summer")


def term_name(day: date) -> str:
    if day.month >= academic_year.START_MONTH:
        return "Autumn"
    if day.month <= 3:
        return "Spring"
    return "Summer"


def term_label(day: date) -> str:
    """The term a date falls in, e.g. ``Autumn 2026``."""
    return f"{term_name(day)} {day.year}"


def school_year_start(day: date) -> date:
    """1 September of the school year the date falls in (see `core.academic_year`)."""
    return academic_year.start_of(day)


def school_year_label(day: date) -> str:
    return academic_year.long_label(academic_year.start_year(day))


def term_choices(day: date) -> list[str]:
    """The current term first, then the next two and the one before: what a form offers."""
    current = TERM_NAMES.index(term_name(day))
    # A term's calendar year: autumn belongs to the first calendar year of the school year.
    year_start = school_year_start(day).year

    def label(offset: int) -> str:
        index = current + offset
        school_year = year_start + index // 3
        name = TERM_NAMES[index % 3]
        return f"{name} {school_year if name == 'Autumn' else school_year + 1}"

    return [label(0), label(1), label(2), label(-1)]
