"""Read a file of assessment answers (for ``manage.py import_assessments``).

Columns: ``pupil_ref``, ``cohort``, ``phase`` (pre or post), ``item``, ``value``; optionally
``consent`` (yes/no), one value per pupil. This module checks the shape of every row and
reports every problem with its row number (the header is row 1); the answers themselves are
checked against the cohort's assessment later, when the cohort is known. Pure module: no
Django.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

REQUIRED_COLUMNS: tuple[str, ...] = ("pupil_ref", "cohort", "phase", "item", "value")
OPTIONAL_COLUMNS: tuple[str, ...] = ("consent",)
MAX_ROWS = 200_000
MAX_REF = 40
MAX_COHORT = 120
# A Unique Pupil Number: a letter, 11 digits, then a digit or letter. Horizons never keeps one.
_UPN = re.compile(r"^[A-Za-z]\d{11}[0-9A-Za-z]$")
_CONSENT_YES = {"yes", "y", "granted", "given", "true", "1"}
_CONSENT_NO = {"no", "n", "refused", "pending", "false", "0", "not given"}


@dataclass(frozen=True)
class AnswerRow:
    row: int
    pupil_ref: str
    cohort: str
    phase: str
    item: str
    value: str
    consent: bool | None = None


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


def parse_assessment_csv(data: str | bytes) -> tuple[list[AnswerRow], list[RowProblem]]:
    """Rows that look right, and every problem found; use the rows only if there are none."""
    text = _decode(data)
    if text is None:
        return [], [RowProblem(1, "The file is not text. Save it as CSV (UTF-8) and try again.")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        return [], [RowProblem(reader.line_num or 1, f"The file could not be read as CSV ({exc}).")]
    if not rows or not any(cell.strip() for cell in rows[0]):
        return [], [RowProblem(1, "The file is empty; the first row must name the columns.")]
    header = [cell.strip().casefold() for cell in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "none"
        return [], [
            RowProblem(
                1,
                f"Missing column(s): {', '.join(missing)}. The file needs "
                f"{', '.join(REQUIRED_COLUMNS)} (found: {found}).",
            )
        ]
    doubled = sorted({h for h in header if h and header.count(h) > 1})
    if doubled:
        return [], [RowProblem(1, f"Two columns are called {', '.join(doubled)}.")]
    position = {
        name: header.index(name)
        for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
        if name in header
    }
    if len(rows) - 1 > MAX_ROWS:
        return [], [RowProblem(1, f"The file has more than {MAX_ROWS:,} answers; split it.")]

    answers: list[AnswerRow] = []
    problems: list[RowProblem] = []
    first_seen: dict[tuple[str, str, str, str], int] = {}
    consent_seen: dict[tuple[str, str], tuple[bool | None, int]] = {}
    for index, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue

        def cell(name: str, raw: list[str] = raw) -> str:
            at = position.get(name)
            return raw[at].strip() if at is not None and at < len(raw) else ""

        row_problems: list[str] = []
        ref, cohort, phase, item, value = (cell(name) for name in REQUIRED_COLUMNS)
        if not ref:
            row_problems.append("pupil_ref is blank.")
        elif _UPN.match(ref):
            row_problems.append(
                f"pupil_ref '{ref}' looks like a UPN. Horizons never stores UPNs: use the "
                "school's own anonymous reference (for example P01)."
            )
        elif len(ref) > MAX_REF:
            row_problems.append(f"pupil_ref is longer than {MAX_REF} characters.")
        if not cohort:
            row_problems.append("cohort is blank.")
        elif len(cohort) > MAX_COHORT:
            row_problems.append(f"cohort is longer than {MAX_COHORT} characters.")
        phase = phase.casefold()
        if phase not in ("pre", "post"):
            row_problems.append(
                f"phase '{cell('phase')}' must be pre (before the programme) or post (after)."
            )
        if not item:
            row_problems.append("item is blank.")
        if not value:
            row_problems.append("value is blank.")
        consent: bool | None = None
        consent_text = cell("consent").casefold()
        if consent_text:
            if consent_text in _CONSENT_YES:
                consent = True
            elif consent_text in _CONSENT_NO:
                consent = False
            else:
                row_problems.append(f"consent '{cell('consent')}' must be yes or no.")
        if row_problems:
            problems.extend(RowProblem(index, message) for message in row_problems)
            continue
        key = (cohort.casefold(), ref, phase, item)
        if key in first_seen:
            problems.append(
                RowProblem(
                    index,
                    f"repeats row {first_seen[key]}: pupil '{ref}' already has a {phase} "
                    f"answer to {item} in this file.",
                )
            )
            continue
        first_seen[key] = index
        pupil_key = (cohort.casefold(), ref)
        if consent is not None:
            earlier = consent_seen.get(pupil_key)
            if earlier is not None and earlier[0] is not None and earlier[0] != consent:
                problems.append(
                    RowProblem(
                        index,
                        f"consent for pupil '{ref}' differs from row {earlier[1]}; give one "
                        "answer per pupil.",
                    )
                )
                continue
            consent_seen[pupil_key] = (consent, index)
        answers.append(AnswerRow(index, ref, cohort, phase, item, value, consent))
    if not answers and not problems:
        problems.append(RowProblem(2, "The file has no answers below the header."))
    return answers, problems


def pupil_consent(rows: list[AnswerRow]) -> dict[tuple[str, str], bool | None]:
    """The consent column's answer per (cohort name folded, pupil_ref); None when not given."""
    found: dict[tuple[str, str], bool | None] = {}
    for row in rows:
        key = (row.cohort.casefold(), row.pupil_ref)
        if row.consent is not None or key not in found:
            found[key] = row.consent if row.consent is not None else found.get(key)
    return found


def _decode(data: str | bytes) -> str | None:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if b"\x00" in data[:4096]:
        return None
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")
