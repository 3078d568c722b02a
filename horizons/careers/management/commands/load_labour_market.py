from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from horizons.careers.services import CareersError, labour_market_load_file


class Command(BaseCommand):
    help = (
        "Load local jobs by sector from a CSV (columns: area, sector, jobs, change_pct, year, "
        "source; see docs/careers.md). All or nothing: any bad row stops the load."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path, help="The CSV file to load.")
        parser.add_argument(
            "--area",
            help=(
                "Load only this area's rows; if the file has no area column, every row is "
                "this area."
            ),
        )

    def handle(self, *args: Any, path: Path, area: str | None = None, **options: Any) -> None:
        try:
            result = labour_market_load_file(path=path, area=area)
        except CareersError as exc:
            raise CommandError(str(exc)) from exc
        years = ", ".join(str(year) for year in result.years)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.loaded} figure(s) for {', '.join(result.areas)} ({years}); "
                f"replaced {result.replaced}."
            )
        )
