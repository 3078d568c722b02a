"""When a programme group's identifiable data is due to go. Pure module: no Django.

Schools count in academic years, 1 September to 31 August. A group's children's names and
words are kept until the end of the academic year ``years_after_finish`` years after the one
in which the group finished (docs/retention.md); after that the retention task removes them,
keeping the anonymous answers that impact figures are made from.
"""

from __future__ import annotations

from datetime import date

from horizons.core import academic_year


def academic_year_end(day: date) -> date:
    """31 August of the academic year that ``day`` falls in (see `core.academic_year`)."""
    return academic_year.end_of(day)


def names_kept_until(finished_on: date, years_after_finish: int) -> date:
    """The last day a finished group's names and words are kept."""
    if years_after_finish < 0:
        raise ValueError("years_after_finish cannot be negative")
    return academic_year.last_day(academic_year.start_year(finished_on) + years_after_finish)


def is_due(finished_on: date, years_after_finish: int, today: date) -> bool:
    return today > names_kept_until(finished_on, years_after_finish)


def log_kept_from(today: date, access_log_years: int) -> date:
    """Access-log entries from before this day are deleted."""
    try:
        return today.replace(year=today.year - access_log_years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - access_log_years, day=28)
