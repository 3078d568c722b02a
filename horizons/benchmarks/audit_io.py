"""Audits to and from spreadsheets: one row per school × criterion.

Columns (header row, any order, case-insensitive):
  urn, school, submitted, term, framework_version, benchmark, criterion, state, evidence_note
Required for import: urn, submitted, benchmark, criterion, state. ``state`` is not_started,
in_progress or fully_achieved (the labels "Not started" etc. are accepted too). ``submitted`` is
a date, 2026-05-14 or 14/05/2026. Rows with the same urn and submitted date form one audit.

Imports are all-or-nothing: every row is checked first and every problem is reported with its
row number (the header is row 1); nothing is written unless there are none.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from horizons.benchmarks.framework import FrameworkError, load_framework
from horizons.benchmarks.models import Audit, AuditAnswer, AuditBenchmarkScore, SchoolAuditSummary
from horizons.benchmarks.scoring import State
from horizons.benchmarks.services import _score_rows, summary_refresh
from horizons.benchmarks.terms import term_label
from horizons.organisations.models import Hub, School

COLUMNS = [
    "urn",
    "school",
    "submitted",
    "term",
    "framework_version",
    "benchmark",
    "criterion",
    "state",
    "evidence_note",
]
REQUIRED = ["urn", "submitted", "benchmark", "criterion", "state"]
MAX_REPORTED_ERRORS = 50
_STATE_BY_TEXT = {state.value: state for state in State} | {
    state.label.lower(): state for state in State
}


class AuditImportError(Exception):
    """The file cannot be imported; ``errors`` lists every problem with its row number."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[:MAX_REPORTED_ERRORS]
        more = len(errors) - len(shown)
        message = "Nothing was imported. Fix these problems and try again:\n" + "\n".join(
            f"  {error}" for error in shown
        )
        if more:
            message += f"\n  …and {more} more"
        super().__init__(message)


# --- Export -----------------------------------------------------------------------------------


def export_rows(*, hub: Hub) -> Iterator[dict[str, Any]]:
    """Each hub school's latest submitted audit, one row per criterion of its framework."""
    summaries = (
        SchoolAuditSummary.objects.filter(school__hub=hub)
        .select_related("school", "latest_audit")
        .order_by("school__urn")
    )
    latest = {summary.latest_audit_id: summary for summary in summaries}
    answers: dict[int, dict[str, AuditAnswer]] = defaultdict(dict)
    for stored in AuditAnswer.objects.filter(audit_id__in=list(latest)).order_by("criterion_id"):
        answers[stored.audit_id][stored.criterion_id] = stored
    for audit_id, summary in latest.items():
        audit = summary.latest_audit
        framework = load_framework(audit.framework_version)
        submitted = timezone.localtime(audit.submitted_at).date() if audit.submitted_at else None
        for criterion in framework.criteria:
            answer = answers[audit_id].get(criterion.id)
            yield {
                "urn": summary.school.urn,
                "school": summary.school.name,
                "submitted": submitted.isoformat() if submitted else "",
                "term": audit.term,
                "framework_version": audit.framework_version,
                "benchmark": criterion.benchmark,
                "criterion": criterion.id,
                "state": answer.state if answer else State.NOT_STARTED.value,
                "evidence_note": answer.evidence_note if answer else "",
            }


def write_csv(rows: Iterable[dict[str, Any]], stream: io.TextIOBase | Any) -> int:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def xlsx_bytes(rows: Iterable[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Audits"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[column] for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Import -----------------------------------------------------------------------------------


# Upload limits, checked here before a byte is parsed. A local check for this import (and
# organisations' GIAS import): the "school" work adds a shared upload-limits helper for class
# lists and assessments; the two should become one at merge.
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a national audit export as CSV is about 12 MB
MAX_XLSX_EXPANDED_BYTES = 100 * 1024 * 1024  # what the .xlsx may unzip to (a "zip bomb" guard)


def _check_xlsx(path: Path) -> None:
    """Refuse an .xlsx that is not a zip (a renamed CSV, a damaged download) or that would
    expand far beyond what an audit export needs, before openpyxl reads any of it."""
    import zipfile

    if not zipfile.is_zipfile(path):
        raise AuditImportError(
            [
                f"{path.name} is not a real .xlsx spreadsheet (it may be a renamed CSV or a "
                "damaged download). Open it in Excel and save it again as .xlsx, or as CSV UTF-8."
            ]
        )
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise AuditImportError([f"{path.name} is a damaged .xlsx file ({exc})."]) from exc
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        raise AuditImportError(
            [
                f"{path.name} unpacks to {expanded // (1024 * 1024):,} MB, more than the "
                f"{MAX_XLSX_EXPANDED_BYTES // (1024 * 1024)} MB an audit import may be. "
                "Split it, or save it as CSV UTF-8."
            ]
        )


def read_table(path: Path | str) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of a .csv (UTF-8, Excel's BOM allowed) or .xlsx file."""
    path = Path(path)
    if not path.is_file():
        raise AuditImportError([f"No file at {path}"])
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise AuditImportError(
            [
                f"{path.name} is {size // (1024 * 1024):,} MB; an audit import may be at most "
                f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB. Split it into smaller files."
            ]
        )
    if path.suffix.lower() == ".xlsx":
        import zipfile

        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        _check_xlsx(path)
        try:
            book = load_workbook(path, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            values = [list(row) for row in sheet.iter_rows(values_only=True)]
            book.close()
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, IndexError) as exc:
            raise AuditImportError(
                [
                    f"{path.name} could not be read as a spreadsheet ({exc}). Open it in Excel "
                    "and save it again as .xlsx, or as CSV UTF-8."
                ]
            ) from exc
    elif path.suffix.lower() == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise AuditImportError(
                [f"{path.name} is not UTF-8 text. In Excel use Save As → CSV UTF-8."]
            ) from None
        values = [list(row) for row in csv.reader(io.StringIO(text))]
    else:
        raise AuditImportError([f"{path.name}: use a .csv or .xlsx file"])
    if not values:
        raise AuditImportError([f"{path.name} is empty: it needs a header row and data rows"])
    header = ["" if cell is None else str(cell).strip().lower() for cell in values[0]]
    return header, values[1:]


@dataclass(frozen=True)
class ImportResult:
    audits: int
    answers: int
    schools: int


@dataclass
class _Group:
    urn: int
    submitted: date
    term: str
    version: str
    first_row: int
    answers: dict[str, tuple[State, str]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def check_header(header: list[str]) -> list[str]:
    errors = []
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column and column not in COLUMNS]
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    if missing:
        errors.append(f"Row 1 (header): missing column(s) {', '.join(missing)}")
    if unknown:
        errors.append(f"Row 1 (header): unknown column(s) {', '.join(unknown)}")
    if duplicated:
        errors.append(f"Row 1 (header): column(s) {', '.join(duplicated)} appear more than once")
    if errors:
        errors.append("Row 1 (header): expected the columns " + ", ".join(COLUMNS))
    return errors


def _check_rows(header: list[str], rows: list[list[Any]]) -> tuple[list[_Group], list[str]]:
    errors: list[str] = []
    urns = set()
    for values in rows:
        record = dict(zip(header, values, strict=False))
        if _text(record.get("urn")).isdigit():
            urns.add(int(_text(record.get("urn"))))
    known = dict(School.objects.filter(urn__in=urns).values_list("urn", "pk"))
    groups: dict[tuple[int, date], _Group] = {}
    for index, values in enumerate(rows, start=2):
        if all(_text(value) == "" for value in values):
            continue  # blank lines at the end of a spreadsheet
        record = {column: values[i] if i < len(values) else None for i, column in enumerate(header)}
        where = f"Row {index}"
        problems = []
        urn_text = _text(record.get("urn"))
        urn = int(urn_text) if urn_text.isdigit() else None
        if urn is None:
            problems.append(f"urn {urn_text!r} is not a number")
        elif urn not in known:
            problems.append(f"no school with URN {urn} (import the school from GIAS first)")
        submitted = _parse_date(record.get("submitted"))
        if submitted is None:
            problems.append(
                f"submitted {_text(record.get('submitted'))!r} is not a date like 2026-05-14"
            )
        elif submitted > timezone.localdate():
            problems.append(f"submitted date {submitted:%d/%m/%Y} is in the future")
        version = _text(record.get("framework_version"))
        framework = None
        try:
            framework = load_framework(version or None)
        except FrameworkError as exc:
            problems.append(str(exc))
        criterion_id = _text(record.get("criterion"))
        benchmark_text = _text(record.get("benchmark"))
        if framework is not None:
            if not framework.has_criterion(criterion_id):
                problems.append(
                    f"no criterion {criterion_id!r} in framework version {framework.version}"
                )
            elif benchmark_text != str(framework.criterion(criterion_id).benchmark):
                problems.append(
                    f"criterion {criterion_id} is in benchmark "
                    f"{framework.criterion(criterion_id).benchmark}, not {benchmark_text!r}"
                )
        state_text = _text(record.get("state")).lower()
        state = _STATE_BY_TEXT.get(state_text) or _STATE_BY_TEXT.get(state_text.replace(" ", "_"))
        if state is None:
            problems.append(
                f"state {_text(record.get('state'))!r} is not one of not_started, in_progress, "
                "fully_achieved"
            )
        note = _text(record.get("evidence_note"))
        if len(note) > 2000:
            problems.append("evidence_note is longer than 2,000 characters")
        if problems:
            errors.extend(f"{where}: {problem}" for problem in problems)
            continue
        assert urn is not None and submitted is not None and framework is not None
        assert state is not None
        key = (urn, submitted)
        term = _text(record.get("term")) or term_label(submitted)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(urn, submitted, term, framework.version, index, {})
        elif group.version != framework.version:
            errors.append(
                f"{where}: framework_version {framework.version} differs from row "
                f"{group.first_row} ({group.version}) for the same school and date"
            )
            continue
        if criterion_id in group.answers:
            errors.append(
                f"{where}: criterion {criterion_id} appears twice for URN {urn} on {submitted:%d/%m/%Y}"
            )
            continue
        group.answers[criterion_id] = (state, note)
    existing = set()
    if groups:
        for school__urn, submitted_at in Audit.objects.filter(
            school__urn__in={g.urn for g in groups.values()}, submitted_at__isnull=False
        ).values_list("school__urn", "submitted_at"):
            existing.add((school__urn, timezone.localtime(submitted_at).date()))
    for group in groups.values():
        if (group.urn, group.submitted) in existing:
            errors.append(
                f"Row {group.first_row}: URN {group.urn} already has an audit submitted on "
                f"{group.submitted:%d/%m/%Y}; remove these rows to avoid importing it twice"
            )
    return list(groups.values()), errors


def import_audits(*, header: list[str], rows: list[list[Any]]) -> ImportResult:
    """Check everything, then create one submitted audit per school and date, or nothing."""
    errors = check_header(header)
    if errors:
        raise AuditImportError(errors)
    groups, errors = _check_rows(header, rows)
    if errors:
        raise AuditImportError(errors)
    if not groups:
        raise AuditImportError(["The file has a header but no rows to import"])
    return _write(groups)


@transaction.atomic
def _write(groups: list[_Group]) -> ImportResult:
    schools = {s.urn: s for s in School.objects.filter(urn__in={g.urn for g in groups})}
    answers: list[AuditAnswer] = []
    scores: list[AuditBenchmarkScore] = []
    for group in sorted(groups, key=lambda g: (g.urn, g.submitted)):
        moment = timezone.make_aware(datetime.combine(group.submitted, time(12, 0)))
        states = {cid: state.value for cid, (state, _) in group.answers.items()}
        audit = Audit(
            school=schools[group.urn],
            framework_version=group.version,
            term=group.term[:40],
            started_at=moment,
            updated_at=moment,
            submitted_at=moment,
        )
        result, rows = _score_rows(audit, states)
        audit.fully_achieved_count = result.fully_achieved_count
        audit.overall_percentage = result.overall_percentage
        audit.save()
        scores.extend(rows)
        answers.extend(
            AuditAnswer(
                audit=audit,
                criterion_id=cid,
                state=state.value,
                evidence_note=note,
                updated_at=moment,
            )
            for cid, (state, note) in group.answers.items()
        )
    AuditAnswer.objects.bulk_create(answers)
    AuditBenchmarkScore.objects.bulk_create(scores)
    for school in schools.values():
        summary_refresh(school=school)
    return ImportResult(audits=len(groups), answers=len(answers), schools=len(schools))
