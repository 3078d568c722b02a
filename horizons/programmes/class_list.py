"""Small additions around ``mis_import`` for the import screens. Pure module: no Django."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection

from horizons.programmes import mis_import

# Cell values that are never a name, year, class or yes/no flag: an email address, a date, a
# UPN, a postcode or a phone number. A column holding any of them is dropped whole.
_PERSONAL_VALUE = re.compile(
    r"@"
    r"|^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}$"
    r"|^\d{4}-\d{2}-\d{2}"
    r"|^[A-Za-z]\d{11}[0-9A-Za-z]$"
    r"|^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$"
    r"|^\+?[\d\s()\-]{9,}$"
)


def field_choices() -> list[tuple[str, str]]:
    """Fields a column can be mapped to, with the names teachers see."""
    return [(name, mis_import.FIELD_LABELS[name].capitalize()) for name in mis_import.FIELDS]


def columns_to_map(data: str | bytes) -> mis_import.MappingProposal | None:
    """The proposal of ``mis_import``; for a file whose column names it does not recognise,
    the first non-blank row as the header with nothing chosen, so the teacher can choose.
    None when the file cannot be read at all."""
    proposal = mis_import.propose_mapping(data)
    if proposal is not None:
        return proposal
    rows = mis_import.readable_rows(data)
    if rows is None:
        return None
    for index, row in enumerate(rows):
        headers = tuple(cell.strip() for cell in row)
        if sum(1 for h in headers if h) >= 2:
            return mis_import.MappingProposal("unknown", headers, index + 1, {})
        if any(headers):
            return None
    return None


def reduce_upload(data: str | bytes, keep: Collection[str]) -> str | None:
    """The upload cut down, in memory, to what the mapping step can ever use; None when the
    file cannot be read as a class list.

    Rows above the header become blank (so row numbers in messages stay those of the file).
    Every header stays, so the teacher sees the same columns to choose from and a forbidden
    choice is still refused by name, but only the values of columns that may become pupil
    data are kept: a column whose header is forbidden (UPN, date of birth, address, email,
    medical...), an optional column the school did not choose to keep, or a column whose
    values look like an email address, date, UPN, postcode or phone number keeps no values.
    The raw upload itself is never stored anywhere.
    """
    proposal = columns_to_map(data)
    rows = mis_import.readable_rows(data)
    if proposal is None or rows is None:
        return None
    header_index = proposal.header_row - 1
    header = rows[header_index]
    body = rows[header_index + 1 :]
    not_kept = {
        spelling
        for name in mis_import.OPTIONAL_FIELDS - set(keep)
        for spelling in mis_import.synonyms(name)
    }
    usable: list[bool] = []
    for index, name in enumerate(header):
        normalised = mis_import.norm_header(name)
        usable.append(
            not mis_import.is_forbidden_header(name)
            and normalised not in not_kept
            and not any(
                _PERSONAL_VALUE.search(row[index].strip()) for row in body if index < len(row)
            )
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for _ in range(header_index):
        writer.writerow([])
    writer.writerow(header)
    for row in body:
        writer.writerow(
            [(row[i] if i < len(row) else "") if usable[i] else "" for i in range(len(header))]
        )
    return out.getvalue()
