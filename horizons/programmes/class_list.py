"""Small additions around ``mis_import`` for the import screens. Pure module: no Django.

``mis_import.parse_class_list`` returns the pupils of a valid file in file order without their
row numbers; a pupil who is already in the cohort still needs the row number a spreadsheet
shows, so this module recovers them the same way the parser counts rows.
"""

from __future__ import annotations

from collections.abc import Mapping

from horizons.programmes import mis_import


def data_row_numbers(data: str | bytes, mapping: Mapping[str, str] | None) -> list[int]:
    """Spreadsheet row numbers of the non-blank rows below the header, in file order."""
    rows = mis_import._read_rows(data)  # noqa: SLF001 - the parser's own reading, kept in step
    header_index = mis_import._find_header(rows, mapping)  # noqa: SLF001
    if header_index is None:
        return []
    return [
        index + 1
        for index, row in enumerate(rows)
        if index > header_index and any(cell.strip() for cell in row)
    ]


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
    try:
        rows = mis_import._read_rows(data)  # noqa: SLF001
    except mis_import._FileProblem:  # noqa: SLF001
        return None
    for index, row in enumerate(rows):
        headers = tuple(cell.strip() for cell in row)
        if sum(1 for h in headers if h) >= 2:
            return mis_import.MappingProposal("unknown", headers, index + 1, {})
        if any(headers):
            return None
    return None
