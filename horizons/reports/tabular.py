"""Tables to CSV and XLSX: the one place Horizons writes spreadsheets, and they are inert.

Text that a user, a school or GIAS typed can start with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return; a spreadsheet opening the file would run it as a formula (``=HYPERLINK(...)``
sends a click to anyone's server; DDE formulas can run programs). Following OWASP's CSV
injection guidance, every text cell that starts with one of those characters is written with a
leading apostrophe, so Excel, LibreOffice and Numbers show it as text. Numbers, dates and
booleans are written as they are; only text is ever escaped. XLSX cells are also stored with
the string type, so openpyxl never turns ``=...`` into a formula.

``unescape`` undoes the apostrophe for our own importers reading a file we wrote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape(value: Any) -> Any:
    """A cell's value made inert: text with a formula-leading character gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return ESCAPE + value
    return value


def unescape(value: Any) -> Any:
    """Undo :func:`escape` for text read back from a file Horizons wrote."""
    if (
        isinstance(value, str)
        and value.startswith(ESCAPE)
        and value[1:2]
        and value[1:].startswith(FORMULA_LEADS)
    ):
        return value[1:]
    return value


def inert_row(row: Iterable[Any]) -> list[Any]:
    return [escape(value) for value in row]


@dataclass
class Table:
    """One sheet: a title, a header row and data rows (plus optional rows above the header)."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    preamble: Sequence[Sequence[Any]] = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)  # 1-based column -> width
    wrap: bool = False
    date_columns: tuple[int, ...] = ()  # 1-based columns shown as DD/MM/YYYY


# --- CSV --------------------------------------------------------------------------------------


def csv_writer(stream: IO[str] | Any) -> Any:
    """A ``csv.writer`` whose ``writerow``/``writerows`` escape every cell."""
    return _InertWriter(csv.writer(stream, lineterminator="\n"))


class _InertWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(inert_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def write_dict_csv(
    rows: Iterable[dict[str, Any]], stream: IO[str] | Any, columns: Sequence[str]
) -> int:
    """A header and one line per dict (in ``columns`` order); returns the number of rows."""
    writer = csv_writer(stream)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
        count += 1
    return count


def tables_csv(tables: Sequence[Table]) -> str:
    """All tables in one CSV, each under its own heading row, separated by a blank line."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerows(table.preamble)
        writer.writerow(table.header)
        writer.writerows(table.rows)
    return buffer.getvalue()


# --- XLSX -------------------------------------------------------------------------------------


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, int | float | Decimal | date | datetime | time | bool):
        return value
    return escape(str(value))


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """One sheet per table, header in bold; every text cell stored as inert text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title))
        for line in table.preamble:
            _append(sheet, line)
        _append(sheet, table.header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in table.rows:
            _append(sheet, row)
            if table.wrap:
                for cell in sheet[sheet.max_row]:
                    cell.alignment = wrap
            for column in table.date_columns:
                sheet.cell(row=sheet.max_row, column=column).number_format = "DD/MM/YYYY"
        widths = table.widths or _auto_widths(table)
        for column, width in widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _append(sheet: Any, row: Sequence[Any]) -> None:
    sheet.append([_cell_value(value) for value in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever openpyxl guessed


def _auto_widths(table: Table) -> dict[int, int]:
    widths = {}
    for index, column in enumerate(table.header, start=1):
        cells = [len(str(r[index - 1])) for r in table.rows[:200] if len(r) >= index]
        widths[index] = min(max([len(str(column)), *cells]) + 2, 60)
    return widths


def _sheet_title(title: str) -> str:
    for bad in "/\\?*[]:":
        title = title.replace(bad, "-")
    return title[:31] or "Sheet"
