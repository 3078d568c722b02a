"""Queue the daily housekeeping for the task worker; run once a day from cron or a timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from horizons.core.tasks import housekeeping, housekeeping_run


class Command(BaseCommand):
    help = (
        "Clear expired sessions and apply every school's retention schedule "
        "(docs/retention.md). Queues the work for the task worker; --now runs it here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Run in this process instead of the worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            done = housekeeping_run()
            self.stdout.write(
                "Housekeeping done: {sessions_cleared} expired sessions cleared, "
                "{cohorts_pseudonymised} groups ({pupils_pseudonymised} children) past their "
                "retention date had names removed, {log_entries_deleted} old access-log "
                "entries deleted.".format(**done)
            )
            return
        result = housekeeping.enqueue()
        self.stdout.write(f"Housekeeping queued for the task worker ({result.status}).")
