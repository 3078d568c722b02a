"""Print a cohort's impact figures.

python manage.py impact_report --cohort NAME [--school URN] [--format json|text]
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from horizons.programmes.models import Cohort
from horizons.programmes.reports import impact_json


class Command(BaseCommand):
    help = "Print the paired before/after impact figures of one cohort."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cohort", required=True, metavar="NAME")
        parser.add_argument("--school", type=int, metavar="URN", help="If names repeat")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        cohorts = Cohort.objects.select_related("school").filter(name__iexact=options["cohort"])
        if options["school"] is not None:
            cohorts = cohorts.filter(school__urn=options["school"])
        found = list(cohorts[:2])
        if not found:
            raise CommandError(f"No cohort is called '{options['cohort']}'.")
        if len(found) > 1:
            raise CommandError(
                f"More than one school has a cohort called '{options['cohort']}'; add --school URN."
            )
        data = impact_json(found[0])
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(
            f"{data['cohort']} ({data['school']}): {data['children_included']} children"
        )
        header = f"{'item':28} {'n':>4} {'pre':>6} {'post':>6} {'change':>7} {'d_z':>6} {'p':>8}"
        self.stdout.write(header)
        for code, cell in data["items"].items():
            if cell.get("suppressed"):
                self.stdout.write(f"{code:28} fewer than {data['min_group']} children")
                continue
            self.stdout.write(
                f"{code:28} {cell['n_pairs']:>4} {_f(cell['mean_pre']):>6} "
                f"{_f(cell['mean_post']):>6} {_f(cell['mean_change']):>7} "
                f"{_f(cell['cohens_dz']):>6} {_f(cell['wilcoxon_p'], 4):>8}"
            )


def _f(value: float | None, places: int = 2) -> str:
    return "-" if value is None else f"{value:.{places}f}"
