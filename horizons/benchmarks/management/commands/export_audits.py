"""Export each hub school's latest submitted audit: one row per school × criterion."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from horizons.benchmarks import audit_io
from horizons.organisations.models import Hub


class Command(BaseCommand):
    help = (
        "Export a hub's latest submitted audits as CSV or XLSX (columns: see docs/benchmarks.md)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hub", required=True, help="Hub name or slug")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument(
            "--output", help="File to write (default: standard output; required for xlsx)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["hub"]
        hub = Hub.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name)).first()
        if hub is None:
            known = ", ".join(Hub.objects.order_by("name").values_list("name", flat=True)[:20])
            raise CommandError(f"No hub called {name!r}. Hubs: {known or 'none yet'}")
        rows = audit_io.export_rows(hub=hub)
        output = options.get("output")
        if options["format"] == "xlsx":
            if not output:
                raise CommandError("Give --output FILE.xlsx to write a spreadsheet")
            Path(output).write_bytes(audit_io.xlsx_bytes(rows))
            self.stderr.write(f"Wrote {output}")
            return
        if output:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                count = audit_io.write_csv(rows, stream)
            self.stderr.write(f"Wrote {count:,} rows to {output}")
        else:
            audit_io.write_csv(rows, self.stdout)
