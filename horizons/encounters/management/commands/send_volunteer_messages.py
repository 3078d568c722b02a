"""Ask volunteers to confirm a week before, remind them 48 and 24 hours before, and thank them
afterwards. Run every hour from cron; each message goes once however often it runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from horizons.encounters import volunteer_messages


class Command(BaseCommand):
    help = (
        "Send volunteers what is due now: confirmation requests a week before, reminders 48 "
        "and 24 hours before, thank-yous after. Safe to run as often as you like."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = volunteer_messages.due_messages_send()
        self.stdout.write(
            "Volunteer messages queued: "
            f"{counts['week_before']} confirmation requests, {counts['48h']} 48-hour and "
            f"{counts['24h']} 24-hour reminders, {counts['thank_you']} thank-yous."
        )
