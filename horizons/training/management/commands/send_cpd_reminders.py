"""Queue reminders for tomorrow's training sessions; run once a day from cron."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from horizons.training.tasks import send_training_reminders


class Command(BaseCommand):
    help = "Email everyone booked on a training session on a day (default: tomorrow)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="Date of the sessions, YYYY-MM-DD (default: tomorrow)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = (
            date.fromisoformat(options["day"])
            if options["day"]
            else timezone.localdate() + timedelta(days=1)
        )
        result = send_training_reminders.enqueue(day.isoformat())
        self.stdout.write(f"Training reminders for {day:%-d %B %Y} queued ({result.status}).")
