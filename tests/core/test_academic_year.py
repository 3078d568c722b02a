"""The school year: 1 September starts it, 31 August ends it, and "now" is London's date."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from horizons.benchmarks import terms
from horizons.core import academic_year
from horizons.encounters import scheduling
from horizons.programmes import retention


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 9, 1), 2026),  # 1 September starts the year
        (date(2026, 8, 31), 2025),  # 31 August is the last day of the one before
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 1), 2026),
        (date(2027, 3, 1), 2026),
        (date(2024, 2, 29), 2023),
    ],
)
def test_1_september_starts_the_year(day: date, year: int) -> None:
    assert academic_year.start_year(day) == year
    assert academic_year.start_of(day) == date(year, 9, 1)
    assert academic_year.end_of(day) == date(year + 1, 8, 31)


def test_bounds_and_labels() -> None:
    assert academic_year.bounds(2026) == (date(2026, 9, 1), date(2027, 8, 31))
    assert academic_year.label(2026) == "2026/27"
    assert academic_year.label(2099) == "2099/00"
    assert academic_year.long_label(2026) == "2026 to 2027"


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 31)))
def test_every_day_lies_in_exactly_its_own_year(day: date) -> None:
    year = academic_year.start_year(day)
    first, last = academic_year.bounds(year)
    assert first <= day <= last
    assert academic_year.first_day(year + 1) == last + timedelta(days=1)


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        # 23:30 UTC on 31 August is 00:30 on 1 September in London (BST): the new year.
        (datetime(2026, 8, 31, 23, 30, tzinfo=UTC), 2026),
        (datetime(2026, 8, 31, 22, 59, tzinfo=UTC), 2025),
        # 00:30 on 1 September in New York (UTC-4) is 05:30 the same day in London.
        (datetime(2026, 9, 1, 0, 30, tzinfo=timezone(timedelta(hours=-4))), 2026),
        # 00:30 on 1 September in Tokyo is 16:30 on 31 August in London.
        (datetime(2026, 9, 1, 0, 30, tzinfo=timezone(timedelta(hours=9))), 2025),
    ],
)
def test_now_is_the_date_in_london(moment: datetime, year: int) -> None:
    assert academic_year.current(moment) == year


def test_london_date_follows_winter_time_too() -> None:
    assert academic_year.london_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(
        2026, 12, 31
    )
    assert academic_year.london_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        academic_year.current(datetime(2026, 9, 1, 0, 30))


def test_current_without_an_argument_uses_the_clock() -> None:
    assert academic_year.current() in {
        academic_year.start_year(datetime.now(UTC).date() + timedelta(days=d)) for d in (-1, 0, 1)
    }


def test_the_apps_use_the_one_module() -> None:
    day = date(2027, 5, 4)
    assert scheduling.academic_year_of(day) == academic_year.start_year(day) == 2026
    assert scheduling.academic_year_bounds(2026) == academic_year.bounds(2026)
    assert scheduling.academic_year_label(2026) == "2026/27"
    assert terms.school_year_start(day) == date(2026, 9, 1)
    assert terms.school_year_label(day) == "2026 to 2027"
    assert retention.academic_year_end(day) == date(2027, 8, 31)
    assert retention.names_kept_until(day, 2) == date(2029, 8, 31)


def test_the_module_is_django_free() -> None:
    path = Path(academic_year.__file__)
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "datetime", "zoneinfo"}
