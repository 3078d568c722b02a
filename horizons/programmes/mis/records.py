"""The one record every connector yields, and the checks that make a sync whole or nothing.

A connector reads only the five things Horizons keeps from each MIS record into a ``RawPupil``;
``validate`` turns those into ``MisPupil`` values or a list of problems, each naming the record
(by its MIS id and the name a teacher knows) so the school can fix it in the MIS.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_PUPILS = 3000  # a large primary has under 1,000 pupils; more means the wrong school
_MAX_NAME = 50
_MAX_CLASS = 20
_MAX_ID = 40
# An id that looks like a UPN (a letter, 11 digits, a check character) is never stored.
_UPN = re.compile(r"^[A-Za-z]\d{11}[0-9A-Za-z]$")
# Early years are in a primary's MIS but not in the programmes (Years 1 to 6): skipped quietly.
_EARLY_YEARS = {"n", "n1", "n2", "nursery", "r", "rec", "reception", "yr", "year r", "fs1", "fs2"}
_YEAR = re.compile(r"^(?:year|yr|y|grade)?\s*0*(\d{1,2})$")


class MisError(Exception):
    """The MIS could not be read; the message says what to do. Nothing was changed."""


class MisAuthError(MisError):
    """The MIS refused the credentials (HTTP 401 or a refused token request)."""


@dataclass(frozen=True)
class RawPupil:
    """What a connector reads from one MIS record, before any check. Never more than this."""

    external_id: str
    first_name: str
    surname: str
    year: str
    class_name: str


@dataclass(frozen=True)
class MisPupil:
    external_id: str
    first_name: str
    last_initial: str
    year_group: int
    class_name: str

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_initial}."


@dataclass(frozen=True)
class MisProblem:
    external_id: str
    message: str

    def __str__(self) -> str:
        return self.message


class MisRecordsError(MisError):
    def __init__(self, problems: Sequence[MisProblem]) -> None:
        super().__init__(
            f"The MIS sent {len(problems)} record(s) Horizons cannot use; nothing was changed. "
            "Correct them in the MIS and sync again."
        )
        self.problems = list(problems)


def _label(raw: RawPupil) -> str:
    name = " ".join(f"{raw.first_name} {raw.surname[:1]}".split())
    return f"MIS record {raw.external_id or '(no id)'}" + (f" ({name}.)" if name else "")


def parse_year(text: str) -> int | None:
    """1-13 from "5", "05", "Year 5", "Y5"; 0 for Reception and nursery; None if unreadable."""
    cleaned = " ".join(str(text).split()).casefold()
    if cleaned in _EARLY_YEARS:
        return 0
    match = _YEAR.match(cleaned)
    return int(match.group(1)) if match else None


def validate(raws: Iterable[RawPupil]) -> list[MisPupil]:
    """Every record checked; the pupils, or MisRecordsError listing every problem."""
    pupils: list[MisPupil] = []
    problems: list[MisProblem] = []
    seen: set[str] = set()
    for raw in raws:
        label = _label(raw)
        ext = raw.external_id.strip()
        if not ext:
            problems.append(MisProblem("", f"{label} has no id."))
            continue
        if ext in seen:
            problems.append(MisProblem(ext, f"{label}: the id {ext} is used by two records."))
            continue
        seen.add(ext)
        if len(ext) > _MAX_ID or _UPN.match(ext):
            problems.append(
                MisProblem(
                    ext,
                    f"{label}: the id is too long or looks like a UPN, which "
                    "Horizons never stores. Ask your integration service to send its own ids.",
                )
            )
            continue
        year = parse_year(raw.year)
        if year == 0:
            continue  # Reception or nursery: not part of any programme
        first = " ".join(raw.first_name.split())
        initial = raw.surname.strip()[:1].upper()
        row_problems = []
        if not first or len(first) > _MAX_NAME:
            row_problems.append("has no first name (or one over 50 letters)")
        if not initial.isalpha():
            row_problems.append("has no surname")
        if year is None:
            row_problems.append(f"has a year group Horizons cannot read ({raw.year!r})")
        elif not 1 <= year <= 6:
            row_problems.append(
                f"is in Year {year}, outside primary (Years 1 to 6); check the year group in "
                "the MIS"
            )
        class_name = " ".join(raw.class_name.split())
        if not class_name or len(class_name) > _MAX_CLASS:
            row_problems.append("has no class (or a class name over 20 characters)")
        if row_problems:
            problems.append(MisProblem(ext, f"{label} " + "; ".join(row_problems) + "."))
            continue
        assert year is not None
        pupils.append(MisPupil(ext, first, initial, year, class_name))
    if len(pupils) > MAX_PUPILS:
        problems.append(
            MisProblem(
                "",
                f"The MIS sent {len(pupils)} pupils; a primary has far fewer. "
                "Check the school id in the connection settings.",
            )
        )
    if problems:
        raise MisRecordsError(problems)
    return pupils
