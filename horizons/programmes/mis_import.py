"""Read a class list exported from a school MIS (SIMS, Arbor or Bromcom) as CSV.

Horizons keeps the minimum about each child (UK GDPR, Age Appropriate Design Code): first name
(the preferred name when there is one), the initial of the surname, year group and class; and
pupil premium, SEND and gender only when the school opts in. Every other column (UPN, date of
birth, address, ...) is never read into a pupil, whatever the mapping says.

The import is all-or-nothing: if any row has a problem, no pupils are returned and every
problem is listed with the row number a spreadsheet shows (the header is row 1), so the teacher
can fix the file in one go. Pure module: no Django.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

Source = Literal["sims", "arbor", "bromcom", "unknown"]

REQUIRED_FIELDS: tuple[str, ...] = ("first_name", "last_name", "year_group", "class_name")
OPTIONAL_FIELDS: frozenset[str] = frozenset({"pupil_premium", "send", "gender"})
FIELDS: tuple[str, ...] = (
    "first_name",
    "preferred_name",
    "last_name",
    "year_group",
    "class_name",
    "pupil_premium",
    "send",
    "gender",
)
FIELD_LABELS: dict[str, str] = {
    "first_name": "first name",
    "preferred_name": "preferred first name",
    "last_name": "surname",
    "year_group": "year group",
    "class_name": "class",
    "pupil_premium": "pupil premium",
    "send": "SEN status",
    "gender": "gender",
}

MAX_ROWS = 3000  # a large primary has under 1,000 pupils; more means the wrong file
MAX_BYTES = 5 * 1024 * 1024
_MAX_NAME = 50
_MAX_CLASS = 20

# Header spellings per field, most preferred first, in normalised form (see _norm_header).
# Where a file holds both a legal and a preferred name, the name the child uses wins.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "preferred_name": (
        "preferred forename",
        "preferred first name",
        "preferred name",
        "known as",
        "chosen name",
    ),
    "first_name": ("legal forename", "forename", "first name", "legal first name", "given name"),
    "last_name": (
        "preferred surname",
        "preferred last name",
        "legal surname",
        "surname",
        "last name",
        "legal last name",
        "family name",
    ),
    "year_group": ("year", "year group", "nc year", "national curriculum year", "curriculum year"),
    "class_name": (
        "reg",
        "reg group",
        "registration form",
        "registration group",
        "reg form",
        "form",
        "class",
        "tutor group",
    ),
    # Pupil premium itself beats free school meals, which is only one route into it.
    "pupil_premium": (
        "pupil premium indicator",
        "pupil premium",
        "pp",
        "pp eligible",
        "pupil premium eligible",
        "fsm eligible",
        "ever 6 fsm",
        "fsm",
    ),
    "send": ("sen status", "sen need", "send status", "sen", "send", "sen provision"),
    "gender": ("gender", "sex", "legal sex"),
}

# Headers that only one MIS uses, to tell the teacher which system the file came from.
_SIGNATURES: dict[str, frozenset[str]] = {
    "sims": frozenset(
        {"legal forename", "legal surname", "reg", "year", "adno", "pupil premium indicator"}
    ),
    "arbor": frozenset(
        {"first name", "last name", "year group", "registration form", "preferred first name"}
    ),
    "bromcom": frozenset({"forename", "surname", "nc year", "reg group", "sex", "pp", "sen need"}),
}

# Columns that can never become pupil data, even if a mapping points at them.
_FORBIDDEN_HEADER = re.compile(
    r"\b(upn|uln|adno|admission|dob|birth|address|postcode|post code|phone|mobile|e ?mail"
    r"|ethnic|ethnicity|religion|medical|medication|allerg\w*|health|dietary|diet"
    r"|safeguarding|nationality|notes?|comments?|contact|parent|carer|nhs|language)\b"
)


def is_forbidden_header(header: str) -> bool:
    """True for a column that can never become pupil data (UPN, date of birth, address...)."""
    return bool(_FORBIDDEN_HEADER.search(_norm_header(header)))


def norm_header(header: str) -> str:
    """A header as the parser compares it: case, spaces and punctuation ignored."""
    return _norm_header(header)


def synonyms(name: str) -> tuple[str, ...]:
    """The normalised header spellings recognised for one field."""
    return _SYNONYMS.get(name, ())


_YES = {"y", "yes", "true", "t", "1", "x", "eligible", "pp", "fsm"}
_NO = {"", "n", "no", "false", "f", "0", "not eligible", "none"}
# SEN status codes: N none; K SEN support; E EHC plan; S/A/P the pre-2014 statement, School
# Action and Action Plus, still found in old records. Primary need types count as SEND too.
_SEND_YES = {
    "k",
    "e",
    "s",
    "a",
    "p",
    "sen support",
    "ehcp",
    "ehc plan",
    "ehc",
    "education health and care plan",
    "statement",
    "school action",
    "school action plus",
    "yes",
    "y",
    "true",
    "t",
    "1",
    "spld",
    "mld",
    "sld",
    "pmld",
    "semh",
    "slcn",
    "hi",
    "vi",
    "msi",
    "pd",
    "asd",
    "oth",
    "nsa",
}
_SEND_NO = {
    "",
    "n",
    "no",
    "none",
    "no sen",
    "no send",
    "not sen",
    "no special educational need",
    "no special educational needs",
    "false",
    "f",
    "0",
}
_GENDER = {
    "m": "boy",
    "male": "boy",
    "boy": "boy",
    "b": "boy",
    "f": "girl",
    "female": "girl",
    "girl": "girl",
    "g": "girl",
    "": "not_given",
    "u": "not_given",
    "unknown": "not_given",
    "not known": "not_given",
    "not stated": "not_given",
    "not given": "not_given",
    "prefer not to say": "not_given",
    "nk": "not_given",
}

_NAME = re.compile(r"^[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*\.?$")
_CLASS = re.compile(r"^[^\W_][\w '&()./\-]*$")
_YEAR = re.compile(r"^(?:nc\s*)?(?:year|yr|y)?\s*(\d{1,2}|r|rec|reception|n|n1|n2|nursery)$")


@dataclass(frozen=True)
class Pupil:
    first_name: str
    last_initial: str
    year_group: int
    class_name: str
    pupil_premium: bool | None = None
    send: bool | None = None
    gender: str | None = None  # "boy", "girl", "other" or "not_given"
    # The row a spreadsheet shows for this pupil (header row = 1), for messages about it later;
    # not part of who the pupil is.
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header row is row 1
    field: str | None
    message: str
    code: str  # "file", "header", "mapping", "missing", "invalid", "duplicate"

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


@dataclass(frozen=True)
class MappingProposal:
    source: Source
    headers: tuple[str, ...]
    header_row: int
    mapping: Mapping[str, str]  # field -> header as written in the file


@dataclass(frozen=True)
class ParseResult:
    pupils: tuple[Pupil, ...]
    errors: tuple[RowError, ...]
    source: Source = "unknown"
    mapping: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_class_list(
    data: str | bytes,
    mapping: Mapping[str, str] | None = None,
    keep_optional: Collection[str] = OPTIONAL_FIELDS,
) -> ParseResult:
    """Parse a class list; ``mapping`` (field -> header) overrides the proposed mapping.

    ``keep_optional`` names the optional fields the school has opted in to; the others are
    never read, so their values can neither be stored nor cause an error.
    """
    keep = frozenset(keep_optional)
    if not keep <= OPTIONAL_FIELDS:
        raise ValueError(f"keep_optional may only hold {sorted(OPTIONAL_FIELDS)}")
    try:
        rows = _read_rows(data)
    except _FileProblem as problem:
        return ParseResult((), (RowError(1, None, str(problem), "file"),))

    header_index = _find_header(rows, mapping)
    if header_index is None:
        return ParseResult((), (_not_a_class_list(rows, mapping),))
    headers = tuple(cell.strip() for cell in rows[header_index])
    source = detect_source(headers)
    header_row = header_index + 1
    chosen = dict(mapping) if mapping is not None else dict(propose_from_headers(headers))
    column_of, errors = _resolve_mapping(chosen, headers, header_row, keep)
    if errors:
        return ParseResult((), tuple(errors), source, chosen)

    warnings = tuple(
        f"No {FIELD_LABELS[name]} column was found, so {FIELD_LABELS[name]} is left blank."
        for name in sorted(keep)
        if name not in column_of
    )
    data_rows = [
        (index + 1, row)
        for index, row in enumerate(rows)
        if index > header_index and any(cell.strip() for cell in row)
    ]
    if not data_rows:
        return ParseResult(
            (), (RowError(header_row, None, "The file has no pupils below the header.", "file"),)
        )
    if len(data_rows) > MAX_ROWS:
        message = f"The file has {len(data_rows)} pupils; upload at most {MAX_ROWS} at a time."
        return ParseResult((), (RowError(header_row, None, message, "file"),))

    pupils: list[Pupil] = []
    first_seen: dict[tuple[str, str, str], int] = {}
    for row_number, row in data_rows:
        pupil, row_errors = _parse_row(row_number, row, column_of, keep)
        errors.extend(row_errors)
        if pupil is None:
            continue
        key = (pupil.first_name.casefold(), pupil.last_initial, pupil.class_name.casefold())
        if key in first_seen:
            errors.append(_duplicate(row_number, first_seen[key], pupil))
        else:
            first_seen[key] = row_number
            pupils.append(pupil)
    if errors:
        return ParseResult((), tuple(errors), source, chosen, warnings)
    return ParseResult(tuple(pupils), (), source, chosen, warnings)


def propose_mapping(data: str | bytes) -> MappingProposal | None:
    """The detected system, the header row and a proposed mapping, for the mapping screen."""
    try:
        rows = _read_rows(data)
    except _FileProblem:
        return None
    header_index = _find_header(rows, None)
    if header_index is None:
        return None
    headers = tuple(cell.strip() for cell in rows[header_index])
    return MappingProposal(
        source=detect_source(headers),
        headers=headers,
        header_row=header_index + 1,
        mapping=propose_from_headers(headers),
    )


def detect_source(headers: Collection[str]) -> Source:
    normalised = {_norm_header(h) for h in headers}
    scores = {name: len(normalised & signature) for name, signature in _SIGNATURES.items()}
    best = max(scores.values())
    winners = [name for name, score in scores.items() if score == best]
    if best < 2 or len(winners) != 1:
        return "unknown"
    return winners[0]  # type: ignore[return-value]


def propose_from_headers(headers: Collection[str]) -> dict[str, str]:
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(_norm_header(header), header.strip())
    proposal: dict[str, str] = {}
    for name, spellings in _SYNONYMS.items():
        for spelling in spellings:
            if spelling in by_norm:
                proposal[name] = by_norm[spelling]
                break
    return proposal


# --- reading the file -----------------------------------------------------------------------


class _FileProblem(Exception):
    pass


def readable_rows(data: str | bytes) -> list[list[str]] | None:
    """The file's rows as the parser reads them, or None if it cannot be read at all."""
    try:
        return _read_rows(data)
    except _FileProblem:
        return None


def _read_rows(data: str | bytes) -> list[list[str]]:
    text = _decode(data)
    if "\x00" in text:
        raise _FileProblem("This is not a CSV file. Export the class list as CSV and try again.")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise _FileProblem("The file is empty.")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _FileProblem(f"The file could not be read as CSV ({exc}).") from exc


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if len(data) > MAX_BYTES:
        raise _FileProblem("The file is larger than 5 MB; a class list is much smaller.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _FileProblem(
            "This is a spreadsheet workbook, not a CSV file. In Excel choose "
            "File > Save As > CSV (comma delimited) and upload that."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16").removeprefix("\ufeff")
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        # MIS exports opened and saved in Excel on Windows are usually Windows-1252. The few
        # bytes it leaves undefined become U+FFFD and then fail name checks with a row number.
        return body.decode("cp1252", errors="replace")


def _norm_header(header: str) -> str:
    text = unicodedata.normalize("NFKC", header).casefold()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _find_header(rows: list[list[str]], mapping: Mapping[str, str] | None) -> int | None:
    """Index of the header row among the first few non-blank rows (reports add a title).

    With an explicit mapping it is the first row holding every mapped name column, or else
    the first non-blank row, so that a missing column is reported by name.
    """
    non_blank = [i for i, row in enumerate(rows) if any(cell.strip() for cell in row)][:10]
    if mapping is not None:
        wanted = {
            _norm_header(header)
            for name, header in mapping.items()
            if name not in OPTIONAL_FIELDS and isinstance(header, str)
        }
        for index in non_blank:
            if wanted <= {_norm_header(cell) for cell in rows[index]}:
                return index
        return non_blank[0] if non_blank else None
    known = {spelling for spellings in _SYNONYMS.values() for spelling in spellings}
    for index in non_blank:
        if len({_norm_header(cell) for cell in rows[index]} & known) >= 2:
            return index
    return None


def _not_a_class_list(rows: list[list[str]], mapping: Mapping[str, str] | None) -> RowError:
    first = next((row for row in rows if any(cell.strip() for cell in row)), [])
    seen = ", ".join(f"'{cell.strip()}'" for cell in first[:8] if cell.strip())
    if mapping:
        missing = ", ".join(f"'{h}'" for h in mapping.values())
        message = f"Could not find a header row with the columns {missing}. Columns found: {seen}."
        return RowError(1, None, message, "header")
    message = (
        "This does not look like a class list: no columns for first name, surname, year "
        f"group or class were found. Columns found: {seen or 'none'}. Export the class list "
        "from SIMS, Arbor or Bromcom as CSV, or choose the columns yourself."
    )
    return RowError(1, None, message, "header")


def _resolve_mapping(
    chosen: Mapping[str, str], headers: tuple[str, ...], header_row: int, keep: frozenset[str]
) -> tuple[dict[str, int], list[RowError]]:
    errors: list[RowError] = []
    positions: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        positions.setdefault(_norm_header(header), []).append(index)
    column_of: dict[str, int] = {}
    for name, header in chosen.items():
        if name not in FIELDS:
            errors.append(
                RowError(header_row, name, f"'{name}' is not something Horizons stores.", "mapping")
            )
            continue
        if name in OPTIONAL_FIELDS and name not in keep:
            continue  # the school has not opted in: never read this column
        norm = _norm_header(header)
        label = FIELD_LABELS[name]
        if _FORBIDDEN_HEADER.search(norm):
            errors.append(
                RowError(
                    header_row,
                    name,
                    f"The column '{header}' holds data Horizons must not keep; choose another "
                    f"column for {label}.",
                    "mapping",
                )
            )
        elif norm not in positions:
            errors.append(
                RowError(header_row, name, f"There is no column called '{header}'.", "mapping")
            )
        elif len(positions[norm]) > 1:
            errors.append(
                RowError(
                    header_row,
                    name,
                    f"Two columns are called '{header}'; rename one so the {label} is clear.",
                    "mapping",
                )
            )
        else:
            column_of[name] = positions[norm][0]
    for name in REQUIRED_FIELDS:
        has_name = name == "first_name" and "preferred_name" in column_of
        if name not in column_of and not has_name and name not in chosen:
            errors.append(
                RowError(
                    header_row,
                    name,
                    f"No column for {FIELD_LABELS[name]} was found; choose which column holds it.",
                    "mapping",
                )
            )
    return column_of, errors


# --- one pupil ------------------------------------------------------------------------------


def _parse_row(
    row_number: int, row: list[str], column_of: Mapping[str, int], keep: frozenset[str]
) -> tuple[Pupil | None, list[RowError]]:
    def cell(name: str) -> str:
        index = column_of.get(name)
        if index is None or index >= len(row):
            return ""
        return " ".join(unicodedata.normalize("NFC", row[index]).split())

    errors: list[RowError] = []

    def problem(name: str, message: str, code: str = "invalid") -> None:
        errors.append(RowError(row_number, name, message, code))

    preferred, legal = cell("preferred_name"), cell("first_name")
    first_field = "preferred_name" if preferred else "first_name"
    first_name = preferred or legal
    if not first_name:
        problem("first_name", "First name is blank.", "missing")
    elif message := _name_problem(first_name, "first name"):
        problem(first_field, message)

    surname = cell("last_name")
    if not surname:
        problem("last_name", "Surname is blank.", "missing")
    elif message := _name_problem(surname, "surname"):
        problem("last_name", message)

    year_group = None
    year_text = cell("year_group")
    if not year_text:
        problem("year_group", "Year group is blank; enter a year from 1 to 6.", "missing")
    else:
        year_group, message = _year_group(year_text)
        if message:
            problem("year_group", message)

    class_name = cell("class_name")
    if not class_name:
        problem("class_name", "Class is blank.", "missing")
    elif len(class_name) > _MAX_CLASS or not _CLASS.match(class_name):
        problem(
            "class_name",
            f"Class '{class_name[:30]}' should be a short name such as 5B or Oak "
            f"(letters, numbers and spaces, up to {_MAX_CLASS} characters).",
        )

    pupil_premium = send = gender = None
    if "pupil_premium" in keep and "pupil_premium" in column_of:
        pupil_premium = _yes_no(cell("pupil_premium"))
        if pupil_premium is None:
            problem(
                "pupil_premium",
                f"Pupil premium '{cell('pupil_premium')}' is not recognised; use Y, N or blank.",
            )
    if "send" in keep and "send" in column_of:
        send = _send(cell("send"))
        if send is None:
            problem(
                "send",
                f"SEN status '{cell('send')}' is not recognised; use N or blank for no SEN, "
                "K for SEN support or E for an EHC plan.",
            )
    if "gender" in keep and "gender" in column_of:
        gender = _GENDER.get(cell("gender").casefold(), "other")

    if errors or year_group is None:
        return None, errors
    return (
        Pupil(
            first_name=first_name,
            last_initial=next(ch for ch in surname if ch.isalpha()).upper(),
            year_group=year_group,
            class_name=class_name,
            pupil_premium=pupil_premium,
            send=send,
            gender=gender,
            row=row_number,
        ),
        [],
    )


def _name_problem(name: str, what: str) -> str | None:
    if len(name) > _MAX_NAME:
        return f"The {what} is longer than {_MAX_NAME} characters; check the columns."
    if not _NAME.match(name):
        return (
            f"The {what} '{name[:30]}' has characters that do not belong in a name "
            "(numbers or symbols); check that the right column is chosen."
        )
    return None


def _year_group(text: str) -> tuple[int | None, str | None]:
    match = _YEAR.match(text.casefold())
    if not match:
        return None, f"Year group '{text}' is not recognised; write it as 5, Y5 or Year 5."
    value = match.group(1)
    if not value.isdigit() or int(value) == 0:
        if value.startswith("n"):
            return None, "Nursery children cannot join a programme; remove this row."
        return None, (
            "Reception children (R) cannot join a programme, which is for Years 1 to 6; "
            "remove this row."
        )
    year = int(value)
    if not 1 <= year <= 6:
        return None, f"Year {year} is not a primary year; programmes are for Years 1 to 6."
    return year, None


def _yes_no(text: str) -> bool | None:
    value = text.casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None


def _send(text: str) -> bool | None:
    value = " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())
    code = re.search(r"\(([a-z])\)", text.casefold())  # e.g. "SEN Support (K)"
    if value in _SEND_NO:
        return False
    if value in _SEND_YES or (code and code.group(1) in {"k", "e", "s"}):
        return True
    if value.startswith(("ehc", "sen support", "statement")):
        return True
    return None


def _duplicate(row_number: int, first_row: int, pupil: Pupil) -> RowError:
    who = f"{pupil.first_name} {pupil.last_initial}. in {pupil.class_name}"
    return RowError(
        row_number,
        "first_name",
        f"Same pupil as row {first_row} ({who}). If it is the same child, delete this row; if "
        "they are two children, change one first name (for example add their surname's second "
        "letter) so that the class can tell them apart.",
        "duplicate",
    )
