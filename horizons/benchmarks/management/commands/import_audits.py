"""Import submitted audits from a CSV or XLSX file (all-or-nothing)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from horizons.benchmarks import audit_io


class Command(BaseCommand):
    help = (
        "Import audits from a spreadsheet with the columns urn, submitted, benchmark, criterion, "
        "state (and optionally school, term, framework_version, evidence_note). Nothing is "
        "imported if any row has a problem; every problem is listed with its row number."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="A .csv or .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            header, rows = audit_io.read_table(options["path"])
            result = audit_io.import_audits(header=header, rows=rows)
        except audit_io.AuditImportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.audits:,} audits ({result.answers:,} answers) "
                f"for {result.schools:,} schools."
            )
        )
