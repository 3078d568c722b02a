"""Queue the nightly check of class lists against each school's MIS; run once a night from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from horizons.programmes.tasks import mis_nightly_check


class Command(BaseCommand):
    help = "Preview every open programme group against its school's MIS (nothing is applied)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = mis_nightly_check.enqueue()
        self.stdout.write(f"MIS check queued ({result.status}).")
