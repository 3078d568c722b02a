from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from horizons.demo.seed import demo_exists, seed_demo_region


class Command(BaseCommand):
    help = "Build the demo region (one hub, 70 schools, 30 employers, 120 volunteers, a login per role)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the demo region already exists."
        )

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        # The demo's accounts share one published password; they must never exist in production.
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "seed_demo refuses to run in production (HORIZONS_ENV=production): the demo "
                "accounts share a published password. Load the demo into a development or "
                "staging database instead."
            )
        if demo_exists():
            if if_empty:
                self.stdout.write("Demo region already loaded.")
                return
            raise CommandError(
                "The demo region is already loaded. Use a fresh database to rebuild it."
            )
        region = seed_demo_region()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region loaded: {len(region.schools)} schools, {len(region.employers)} employers, "
                f"{len(region.volunteers)} volunteers. Sign in as facilitator@horizons.test "
                "(or lead@, teacher@, secondary@, employer@, volunteer@, national@, admin@) with "
                "password horizons-demo."
            )
        )
