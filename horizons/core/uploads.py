"""One check for every uploaded or imported file: its size, and for a workbook, that it is a
real .xlsx whose contents do not expand past a limit. Pure module: no Django.

An .xlsx file is a zip archive; a small one can hold XML that expands a hundredfold (a 4.8 MB
file of 46 MB), which a spreadsheet reader would read whole into memory. The sizes the archive
declares for its entries are checked before anything reads it (Python's zip reader never
returns more than an entry's declared size, so the declaration cannot lie past the check).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 10 * MB  # a class list, an assessment file or an audit workbook
MAX_XLSX_EXPANDED_BYTES = 25 * MB  # all the workbook's parts together, uncompressed
MAX_XLSX_ENTRIES = 2000
MAX_XLSX_RATIO = 250  # uncompressed : compressed, for any one part (a zip bomb, not a sheet)


class UploadRejected(ValueError):
    """The file cannot be read safely; the message says what to do."""


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def check_upload(
    source: bytes | str | os.PathLike[str],
    *,
    name: str = "",
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> None:
    """Raise UploadRejected unless ``source`` (the bytes, or a path) may be read.

    Every file: at most ``max_bytes``. A file named .xlsx, or one that starts like a zip
    archive: a real workbook whose parts expand to at most MAX_XLSX_EXPANDED_BYTES.
    """
    if isinstance(source, bytes):
        size = len(source)
        head = source[:4]
        label = name or "The file"
    else:
        path = Path(source)
        label = name or path.name
        try:
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(4)
        except OSError as exc:
            raise UploadRejected(f"Cannot read {label}: {exc.strerror or exc}.") from exc
    if size > max_bytes:
        raise UploadRejected(
            f"{label} is {_mb(size)}; the limit is {_mb(max_bytes)}. Upload a smaller file, "
            "for example one class or one term at a time."
        )
    is_workbook_name = (name or str(source if not isinstance(source, bytes) else "")).lower()
    if is_workbook_name.endswith((".xlsx", ".xlsm")) or head == b"PK\x03\x04":
        check_xlsx(source, label=label)


def check_xlsx(source: bytes | str | os.PathLike[str], *, label: str = "The file") -> None:
    """Raise UploadRejected unless ``source`` is a zip archive that is safe to open."""
    target: io.BytesIO | str | os.PathLike[str] = (
        io.BytesIO(source) if isinstance(source, bytes) else source
    )
    not_a_workbook = (
        f"{label} is not a real Excel workbook (.xlsx). Open it in Excel and save it again as "
        "'Excel Workbook (.xlsx)', or save it as CSV and upload that."
    )
    if not zipfile.is_zipfile(target):
        raise UploadRejected(not_a_workbook)
    if isinstance(target, io.BytesIO):
        target.seek(0)
    try:
        with zipfile.ZipFile(target) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRejected(not_a_workbook) from exc
    if len(entries) > MAX_XLSX_ENTRIES:
        raise UploadRejected(f"{label} has {len(entries)} parts; a workbook has far fewer.")
    expanded = sum(entry.file_size for entry in entries)
    if expanded > MAX_XLSX_EXPANDED_BYTES:
        raise UploadRejected(
            f"{label} expands to {_mb(expanded)} when opened; the limit is "
            f"{_mb(MAX_XLSX_EXPANDED_BYTES)}. Delete unused sheets, formatting and pictures, "
            "or save it as CSV."
        )
    for entry in entries:
        if entry.file_size > MAX_XLSX_RATIO * max(entry.compress_size, 1024):
            raise UploadRejected(
                f"{label} holds a part that expands {entry.file_size // max(entry.compress_size, 1)}"
                " times when opened, which a workbook never needs. Save it again from Excel, "
                "or save it as CSV."
            )
    if "[Content_Types].xml" not in {entry.filename for entry in entries}:
        raise UploadRejected(not_a_workbook)
