"""Read a file of parents' contacts for one programme group (docs/data-formats.md).

Columns (the header is row 1, in any order, any case): ``reference`` or ``first name`` with
``surname initial`` (and optionally ``class``) to find the child, then ``email`` and/or
``mobile``. Every row's problems are reported with the row number; the caller saves the file
only when there are none. Addresses are checked as GOV.UK Notify checks them
(``messaging.addresses``). Pure module: no Django.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from horizons.messaging.addresses import AddressError, normalise_email, normalise_mobile

MAX_ROWS = 2_000
_ALIASES = {
    "reference": "reference",
    "ref": "reference",
    "pupil ref": "reference",
    "first name": "first_name",
    "forename": "first_name",
    "surname initial": "last_initial",
    "last initial": "last_initial",
    "initial": "last_initial",
    "class": "class_name",
    "email": "email",
    "email address": "email",
    "parent email": "email",
    "mobile": "mobile",
    "mobile number": "mobile",
    "phone": "mobile",
    "parent mobile": "mobile",
}


@dataclass(frozen=True)
class ChildRef:
    """How the file names a child: the school's reference, or name and class."""

    reference: str = ""
    first_name: str = ""
    last_initial: str = ""
    class_name: str = ""

    def label(self) -> str:
        if self.reference:
            return f"reference {self.reference}"
        initial = f" {self.last_initial}." if self.last_initial else ""
        return f"{self.first_name}{initial}".strip()


@dataclass(frozen=True)
class ContactRow:
    row: int
    child: ChildRef
    email: str  # normalised, or ""
    mobile: str  # +447…, or ""


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str
    field: str = ""  # on the contacts page: the id of the box to fix

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


def check_contact(email: str, mobile: str) -> tuple[str, str, list[tuple[str, str]]]:
    """Both addresses normalised (blank stays blank), and (field, what to fix) for each wrong
    one."""
    problems: list[tuple[str, str]] = []
    clean_email = clean_mobile = ""
    if email.strip():
        try:
            clean_email = normalise_email(email)
        except AddressError as error:
            problems.append(("email", str(error)))
    if mobile.strip():
        try:
            clean_mobile = normalise_mobile(mobile)
        except AddressError as error:
            problems.append(("mobile", str(error)))
    return clean_email, clean_mobile, problems


def _decode(data: bytes | str) -> str | None:
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_contacts_csv(data: bytes | str) -> tuple[list[ContactRow], list[RowProblem]]:
    """Rows that look right, and every problem found; use the rows only if there are none."""
    text = _decode(data)
    if text is None or "\x00" in text:
        return [], [RowProblem(1, "The file is not text. Save it as CSV (UTF-8) and try again.")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        return [], [RowProblem(reader.line_num or 1, f"The file could not be read as CSV ({exc}).")]
    if not rows or not any(cell.strip() for cell in rows[0]):
        return [], [RowProblem(1, "The file is empty; the first row must name the columns.")]
    columns = _columns(rows[0])
    problems = _header_problems(columns)
    if problems:
        return [], problems
    if len(rows) - 1 > MAX_ROWS:
        return [], [RowProblem(1, f"The file has more than {MAX_ROWS} rows: upload one group.")]
    found: list[ContactRow] = []
    for number, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        cell = _reader(raw, columns)
        child = ChildRef(
            reference=cell("reference"),
            first_name=cell("first_name"),
            last_initial=cell("last_initial")[:1].upper(),
            class_name=cell("class_name"),
        )
        row_problems: list[str] = []
        if not child.reference and not child.first_name:
            row_problems.append("Give the child's reference, or their first name.")
        email, mobile, address_problems = check_contact(cell("email"), cell("mobile"))
        row_problems.extend(message for _, message in address_problems)
        if not cell("email") and not cell("mobile"):
            row_problems.append("Give an email address or a mobile number, or remove the row.")
        if row_problems:
            problems.extend(RowProblem(number, message) for message in row_problems)
        else:
            found.append(ContactRow(number, child, email, mobile))
    if not found and not problems:
        problems.append(RowProblem(2, "The file has no contacts below the header row."))
    return found, problems


def _columns(header: Sequence[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _ALIASES.get(" ".join(name.replace("_", " ").split()).casefold())
        if key is not None and key not in columns:
            columns[key] = index
    return columns


def _header_problems(columns: dict[str, int]) -> list[RowProblem]:
    problems = []
    if "reference" not in columns and "first_name" not in columns:
        problems.append(
            RowProblem(1, "Add a column called Reference, or First name (with Surname initial).")
        )
    if "email" not in columns and "mobile" not in columns:
        problems.append(RowProblem(1, "Add a column called Email or Mobile (or both)."))
    return problems


def _reader(raw: Sequence[str], columns: dict[str, int]) -> Callable[[str], str]:
    def cell(key: str) -> str:
        index = columns.get(key)
        if index is None or index >= len(raw):
            return ""
        return raw[index].strip()

    return cell
