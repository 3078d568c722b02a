"""`python manage.py import_gias PATH [--phase Primary] [--la NAME] [--include-closed]`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from horizons.organisations.gias import GiasFormatError
from horizons.organisations.gias_import import CLOSED_SKIP_REASON, ImportResult, import_gias

ROWS_LISTED = 20  # beyond this a reason lists the first rows and counts the rest


class Command(BaseCommand):
    help = (
        "Import schools from the DfE 'Get Information about Schools' establishment CSV, "
        "creating or updating them by URN."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The GIAS establishment CSV, as downloaded.")
        parser.add_argument(
            "--phase",
            action="append",
            help='Only phases whose name contains this, e.g. "Primary" (which includes "Middle '
            'deemed primary"). Repeat to allow several, e.g. --phase primary --phase all-through.',
        )
        parser.add_argument(
            "--la",
            action="append",
            help='Only this local authority, by its full name, e.g. "Newcastle upon Tyne". '
            "Repeat to allow several.",
        )
        parser.add_argument(
            "--include-closed",
            action="store_true",
            help="Also create closed establishments (known ones are always updated).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_gias(
                path=options["path"],
                phase=options["phase"],
                la=options["la"],
                include_closed=options["include_closed"],
            )
        except GiasFormatError as error:
            raise CommandError(f"{options['path']}: {error} Nothing was imported.") from error
        except OSError as error:
            raise CommandError(f"Cannot read {options['path']}: {error.strerror}.") from error
        for line in summary_lines(result):
            self.stdout.write(line)


def summary_lines(result: ImportResult) -> list[str]:
    """The report: totals first, then one line per reason a row was skipped or a value corrected."""
    lines = [
        f"created {result.created}, updated {result.updated}, skipped {len(result.skipped)}",
        f"unchanged {result.unchanged}, filtered out {result.filtered} (by --phase or --la), "
        f"rows read {result.rows_read}",
    ]
    matched = result.created + result.updated + result.unchanged
    closed = any(skip.reason == CLOSED_SKIP_REASON for skip in result.skipped)
    if result.filtered and not matched and not closed:
        lines.append(
            "nothing matched --phase or --la: phases match by part of the name ('primary'), "
            "local authorities by the full name ('Newcastle upon Tyne')"
        )
    skip_rows: dict[str, list[int]] = defaultdict(list)
    for skip in result.skipped:
        skip_rows[skip.reason].append(skip.row_number)
    for reason, rows in skip_rows.items():
        lines.append(f"skipped {len(rows)}: {reason} ({_rows(rows)})")
    correction_rows: dict[tuple[str, str], list[int]] = defaultdict(list)
    for correction in result.corrections:
        correction_rows[(correction.column, correction.reason)].append(correction.row_number)
    for (column, reason), rows in correction_rows.items():
        lines.append(f"corrected {len(rows)}: {column} {reason} ({_rows(rows)})")
    return lines


def _rows(rows: Iterable[int]) -> str:
    numbers = list(rows)
    listed = ", ".join(str(n) for n in numbers[:ROWS_LISTED])
    more = len(numbers) - ROWS_LISTED
    label = "row" if len(numbers) == 1 else "rows"
    return f"{label} {listed}" + (f" and {more} more" if more > 0 else "")
