"""Extract the SOC 2020 unit group codes and titles from the ONS volume 1 workbook.

Codes and titles are facts, so Horizons keeps them as a small CSV; the ONS descriptions are
deliberately left behind because the careers library writes its own words for children.

Usage:
    .venv/bin/python scripts/extract_soc_codes.py [WORKBOOK] [OUTPUT_CSV]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import openpyxl

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORKBOOK = (
    REPO_ROOT.parent / "shared/reference/soc2020/soc2020-volume1-structure-and-descriptions.xlsx"
)
DEFAULT_OUTPUT = REPO_ROOT / "horizons/careers/data/soc2020_unit_groups.csv"
SHEET = "SOC2020 descriptions"
UNIT_GROUP_COLUMN = 3  # zero-based: "SOC 2020 Unit Group"
TITLE_COLUMN = 4  # zero-based: "SOC 2020 Group Title"
EXPECTED_UNIT_GROUPS = 412


def _clean(value: object) -> str:
    # Cells carry stray line breaks and double spaces from the ONS layout.
    return re.sub(r"\s+", " ", str(value or "")).strip()


def read_unit_groups(workbook_path: Path) -> list[tuple[str, str]]:
    """Return (code, title) for every four-digit unit group, in workbook order."""
    workbook = openpyxl.load_workbook(workbook_path, read_only=True, data_only=True)
    try:
        sheet = workbook[SHEET]
        rows: list[tuple[str, str]] = []
        for row in sheet.iter_rows(min_row=2, values_only=True):
            code = _clean(row[UNIT_GROUP_COLUMN])
            if re.fullmatch(r"\d{4}", code):
                rows.append((code, _clean(row[TITLE_COLUMN])))
        return rows
    finally:
        workbook.close()


def write_csv(rows: list[tuple[str, str]], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "title", "major_group"])
        for code, title in rows:
            writer.writerow([code, title, code[0]])


def main(argv: list[str]) -> int:
    workbook = Path(argv[1]) if len(argv) > 1 else DEFAULT_WORKBOOK
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    rows = read_unit_groups(workbook)
    codes = [code for code, _ in rows]
    if len(set(codes)) != len(codes):
        print("Duplicate unit group codes in the workbook", file=sys.stderr)
        return 1
    if len(rows) != EXPECTED_UNIT_GROUPS:
        print(f"Expected {EXPECTED_UNIT_GROUPS} unit groups, found {len(rows)}", file=sys.stderr)
        return 1
    write_csv(rows, output)
    print(f"Wrote {len(rows)} unit groups to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
