"""Dates, half-day slots, year groups and rotation timetables for encounters.

Pure module (no Django): the calendar rules every encounter page and service share.

Slots. Volunteers and offers say when they are usually free as weekday half-days
(``tue_am``, the keys of ``organisations.models.WEEKDAY_SLOTS``). A campaign's requests name real
half-days (``2027-03-02_am``) because a campaign may run longer than a week. A session that
starts before noon is a morning session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from horizons.core import academic_year

YEAR_GROUPS: dict[int, str] = {year: f"Year {year}" for year in range(1, 7)}
_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HALF_NAMES = {"am": "morning", "pm": "afternoon"}
NOON = time(12, 0)


def half_of(starts_at: time) -> str:
    return "am" if starts_at < NOON else "pm"


def weekday_slot(day: date, starts_at: time) -> str:
    """The weekday half-day a session falls in, as volunteers state availability: ``tue_am``."""
    return f"{_DAY_KEYS[day.weekday()]}_{half_of(starts_at)}"


def describe_weekday_slot(slot: str) -> str:
    """``tue_am`` → ``Tuesday morning``."""
    day, _, half = slot.partition("_")
    return f"{_DAY_NAMES[_DAY_KEYS.index(day)]} {HALF_NAMES[half]}"


def date_slot(day: date, half: str) -> str:
    """A campaign half-day key: ``2027-03-02_am``."""
    return f"{day.isoformat()}_{half}"


def parse_date_slot(key: str) -> tuple[date, str]:
    day, _, half = key.partition("_")
    if half not in HALF_NAMES:
        raise ValueError(f"{key!r} is not a half-day such as 2027-03-02_am")
    return date.fromisoformat(day), half


def date_slot_to_weekday(key: str) -> str:
    day, half = parse_date_slot(key)
    return f"{_DAY_KEYS[day.weekday()]}_{half}"


def school_days(starts_on: date, ends_on: date) -> list[date]:
    """Monday to Friday dates from start to end inclusive."""
    days = []
    current = starts_on
    while current <= ends_on:
        if current.weekday() < 5:
            days.append(current)
        current += timedelta(days=1)
    return days


def campaign_slots(starts_on: date, ends_on: date) -> list[tuple[str, str]]:
    """Every half-day of a campaign as (key, label): ``("2027-03-01_am", "Monday 1 March, morning")``."""
    return [
        (date_slot(day, half), f"{describe_day(day)}, {HALF_NAMES[half]}")
        for day in school_days(starts_on, ends_on)
        for half in ("am", "pm")
    ]


def describe_day(day: date) -> str:
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {day:%B}"


def academic_year_of(day: date) -> int:
    """The calendar year an English school year starts in (see `core.academic_year`)."""
    return academic_year.start_year(day)


def academic_year_bounds(start_year: int) -> tuple[date, date]:
    return academic_year.bounds(start_year)


def academic_year_label(start_year: int) -> str:
    return academic_year.label(start_year)


def describe_year_groups(years: Iterable[int]) -> str:
    """[3, 4, 5] → "Years 3 to 5"; [2, 4] → "Years 2 and 4"; [6] → "Year 6"."""
    ordered = sorted(set(years))
    if not ordered:
        return "No year groups"
    if len(ordered) == 1:
        return f"Year {ordered[0]}"
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"Years {ordered[0]} to {ordered[-1]}"
    return "Years " + ", ".join(str(y) for y in ordered[:-1]) + f" and {ordered[-1]}"


@dataclass(frozen=True)
class RotationRound:
    number: int
    starts_at: time
    ends_at: time
    # (class label, employer name or None for a break with their teacher), one per class
    pairs: tuple[tuple[str, str | None], ...]


def rotation_timetable(
    *,
    employers: Sequence[str],
    classes: Sequence[str],
    starts_at: time,
    round_minutes: int,
    changeover_minutes: int = 5,
) -> list[RotationRound]:
    """Classes rotate round the employers' stations, one station per round.

    With as many rounds as max(employers, classes), class i meets employer (i + r) mod rounds in
    round r, so every class meets every employer exactly once and no station has two classes at
    once. When there are more classes than employers some classes spend a round with their teacher.
    """
    if round_minutes <= 0:
        raise ValueError("A round must last at least a minute")
    if not employers or not classes:
        return []
    rounds = max(len(employers), len(classes))
    timetable: list[RotationRound] = []
    start = datetime.combine(date(2000, 1, 3), starts_at)
    for r in range(rounds):
        end = start + timedelta(minutes=round_minutes)
        pairs = []
        for i, label in enumerate(classes):
            station = (i + r) % rounds
            pairs.append((label, employers[station] if station < len(employers) else None))
        timetable.append(RotationRound(r + 1, start.time(), end.time(), tuple(pairs)))
        start = end + timedelta(minutes=changeover_minutes)
    return timetable
