"""Read a labour market CSV: local jobs by sector, for the "jobs near us" page (benchmark 2).

Pure module (no Django). The format is documented in docs/careers.md:

    area,sector,jobs,change_pct,year,source
    Tyne and Wear,health-and-care,86500,2.4,2024,ONS Business Register and Employment Survey

Reading is all-or-nothing: every problem is collected with its row number (the header is row
1, as a spreadsheet shows it) and reported together, so a file is fixed in one go and a half
file is never loaded.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from horizons.core.sectors import SECTORS

COLUMNS = ("area", "sector", "jobs", "change_pct", "year", "source")
REQUIRED = ("sector", "jobs", "year", "source")
MAX_ROWS = 10_000
MAX_AREA_CHARS = 150
MAX_SOURCE_CHARS = 200
MIN_YEAR, MAX_YEAR = 1990, 2100
# A sector's jobs cannot fall by more than all of them; growth past +999.9% is a typo.
MIN_CHANGE, MAX_CHANGE = Decimal("-100"), Decimal("999.9")
MAX_ERRORS_SHOWN = 50

_SECTOR_BY_LABEL = {label.casefold(): key for key, label in SECTORS.items()}
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")


@dataclass(frozen=True, slots=True)
class Figure:
    """One row: how many jobs one sector has in one area in one year."""

    area: str
    sector: str
    jobs: int
    change_pct: Decimal | None
    year: int
    source: str


class LabourMarketFileError(ValueError):
    """The file cannot be loaded; ``problems`` lists each one with its row number."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_ERRORS_SHOWN]
        more = len(problems) - len(shown)
        tail = f"\n… and {more} more" if more > 0 else ""
        super().__init__(
            f"Nothing was loaded: {len(problems)} problem(s) to fix.\n" + "\n".join(shown) + tail
        )


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sector_key(value: str) -> str | None:
    """A sector written as its key ("health-and-care") or its name ("Health and care")."""
    cleaned = " ".join(value.split())
    if cleaned.lower() in SECTORS:
        return cleaned.lower()
    return _SECTOR_BY_LABEL.get(cleaned.casefold())


def parse(text: str, *, area: str | None = None) -> list[Figure]:
    """Every figure in the CSV ``text``, or :class:`LabourMarketFileError` listing the problems.

    ``area``: when given, the ``area`` column may be left out (every row is that area); when the
    column is there, only rows for that area are read (a national file can feed one hub).
    """
    wanted_area = " ".join(area.split()) if area else None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        raise LabourMarketFileError(["Row 1: the file is empty; it needs a header row."])
    names = [cell.strip().lower() for cell in header]
    missing = [c for c in REQUIRED if c not in names]
    if "area" not in names and wanted_area is None:
        missing.insert(0, "area")
    if missing:
        raise LabourMarketFileError(
            [
                f"Row 1: missing column(s) {', '.join(missing)}; "
                f"the header should be {','.join(COLUMNS)}."
            ]
        )
    position = {name: names.index(name) for name in COLUMNS if name in names}

    figures: list[Figure] = []
    problems: list[str] = []
    seen: dict[tuple[str, str, int], int] = {}
    data_rows = 0
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            problems.append(f"Row {row_number}: the file has more than {MAX_ROWS:,} rows.")
            break

        def cell(name: str, row: list[str] = row) -> str:
            index = position.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        row_area = " ".join(cell("area").split())
        if wanted_area is not None:
            if "area" in position and row_area.casefold() != wanted_area.casefold():
                continue
            row_area = wanted_area
        figure, row_problems = _figure(row_number, row_area, cell)
        problems.extend(row_problems)
        if figure is None:
            continue
        key = (figure.area.casefold(), figure.sector, figure.year)
        if key in seen:
            problems.append(
                f"Row {row_number}: {figure.area}, {figure.sector}, {figure.year} "
                f"is already on row {seen[key]}."
            )
            continue
        seen[key] = row_number
        figures.append(figure)
    if problems:
        raise LabourMarketFileError(problems)
    if not figures:
        where = f" for the area {wanted_area!r}" if wanted_area else ""
        raise LabourMarketFileError([f"The file has no figures{where}."])
    return figures


def _figure(
    row_number: int, area: str, get: Callable[[str], str]
) -> tuple[Figure | None, list[str]]:
    """One row's figure (``get(column)`` gives a cell's stripped text) or its problems."""
    problems: list[str] = []
    at = f"Row {row_number}:"

    if not area:
        problems.append(f"{at} area is empty.")
    elif len(area) > MAX_AREA_CHARS:
        problems.append(f"{at} area is longer than {MAX_AREA_CHARS} characters.")

    raw_sector = get("sector")
    sector = sector_key(raw_sector)
    if sector is None:
        problems.append(
            f"{at} sector {raw_sector!r} is not one we know; use one of {', '.join(SECTORS)}."
        )

    raw_jobs = get("jobs").replace(" ", "")
    jobs: int | None = None
    if _THOUSANDS.match(raw_jobs):
        raw_jobs = raw_jobs.replace(",", "")
    if raw_jobs.isdigit():
        jobs = int(raw_jobs)
    else:
        problems.append(f"{at} jobs must be a whole number of 0 or more, got {get('jobs')!r}.")

    raw_change = get("change_pct").rstrip("%").strip()
    change: Decimal | None = None
    if raw_change:
        try:
            change = Decimal(raw_change).quantize(Decimal("0.1"))
        except InvalidOperation:
            problems.append(
                f"{at} change_pct must be a number such as 2.5 or -1, got {raw_change!r}."
            )
        else:
            if not change.is_finite() or not MIN_CHANGE <= change <= MAX_CHANGE:
                problems.append(
                    f"{at} change_pct must be between {MIN_CHANGE} and {MAX_CHANGE}, got {raw_change}."
                )
                change = None

    raw_year = get("year")
    year: int | None = None
    if raw_year.isdigit() and MIN_YEAR <= int(raw_year) <= MAX_YEAR:
        year = int(raw_year)
    else:
        problems.append(f"{at} year must be a year such as 2024, got {raw_year!r}.")

    source = " ".join(get("source").split())
    if not source:
        problems.append(f"{at} source is empty; say where the figure comes from.")
    elif len(source) > MAX_SOURCE_CHARS:
        problems.append(f"{at} source is longer than {MAX_SOURCE_CHARS} characters.")

    if problems or sector is None or jobs is None or year is None:
        return None, problems
    return Figure(area, sector, jobs, change, year, source), []
