"""The English school (academic) year: 1 September to 31 August. Pure module: no Django.

The one place that knows when a school year starts. A year is named by the calendar year it
starts in (``start_year``): 2026 is the year from 1 September 2026 to 31 August 2027, labelled
"2026/27" (``label``) or "2026 to 2027" (``long_label``). "Today" is the date in Europe/London,
whatever the server's clock zone: just after midnight on 1 September in London is already the
new year, though it is still 31 August in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
START_MONTH = 9  # September: the autumn term and the school year begin
START_DAY = 1


def start_year(day: date) -> int:
    """The calendar year the school year containing ``day`` starts in."""
    return day.year if (day.month, day.day) >= (START_MONTH, START_DAY) else day.year - 1


def first_day(year: int) -> date:
    """1 September of school year ``year``."""
    return date(year, START_MONTH, START_DAY)


def last_day(year: int) -> date:
    """31 August at the end of school year ``year``: the day before the next one starts."""
    return date.fromordinal(first_day(year + 1).toordinal() - 1)


def bounds(year: int) -> tuple[date, date]:
    """First and last day of school year ``year``."""
    return first_day(year), last_day(year)


def start_of(day: date) -> date:
    """1 September of the school year ``day`` falls in."""
    return first_day(start_year(day))


def end_of(day: date) -> date:
    """31 August of the school year ``day`` falls in."""
    return last_day(start_year(day))


def label(year: int) -> str:
    """``2026`` → "2026/27"."""
    return f"{year}/{str(year + 1)[-2:]}"


def long_label(year: int) -> str:
    """``2026`` → "2026 to 2027"."""
    return f"{year} to {year + 1}"


def london_date(moment: datetime) -> date:
    """The date in Europe/London at an aware ``moment``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware (a naive time has no place to be in)")
    return moment.astimezone(LONDON).date()


def current(now: datetime | None = None) -> int:
    """The school year it is now in London (``now`` defaults to the clock)."""
    return start_year(london_date(now or datetime.now(UTC)))
