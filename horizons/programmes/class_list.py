"""Small additions around ``mis_import`` for the import screens. Pure module: no Django."""

from __future__ import annotations

from horizons.programmes import mis_import


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
