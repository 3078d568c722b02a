"""Import assessment answers from a CSV file: every answer or none.

    python manage.py import_assessments answers.csv [--school URN] [--programme SLUG]

Columns: pupil_ref, cohort, phase (pre or post), item, value; optionally consent (yes/no).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from horizons.core.uploads import UploadRejected, check_upload
from horizons.programmes.assessment_import import AssessmentImportError, assessments_import


class Command(BaseCommand):
    help = "Import before/after assessment answers from a CSV file (all-or-nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="CSV file to import")
        parser.add_argument(
            "--school", type=int, metavar="URN", help="School for cohorts not yet on Horizons"
        )
        parser.add_argument(
            "--programme",
            metavar="SLUG",
            help="Programme template for new cohorts (default: the first template)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            check_upload(path)  # size, and a workbook that does not expand too far
        except UploadRejected as exc:
            raise CommandError(str(exc)) from exc
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        try:
            summary = assessments_import(
                data=data, school_urn=options["school"], programme_slug=options["programme"]
            )
        except AssessmentImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(str(exc)) from exc
        for name in summary.cohorts_created:
            self.stdout.write(f"Created cohort '{name}'.")
        if summary.pupils_created:
            self.stdout.write(
                f"Created {summary.pupils_created} pupils by reference, recorded as having "
                "applied with a parent's paper consent held by the school."
            )
        for name, count in summary.per_cohort.items():
            self.stdout.write(f"{name}: {count} answers.")
        self.stdout.write(self.style.SUCCESS(f"Imported {summary.answers} answers."))
