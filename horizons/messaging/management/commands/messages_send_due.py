"""Send every message whose retry time has come; run every few minutes from cron when the task
backend cannot run work later by itself (see docs/deployment.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from horizons.messaging import delivery


class Command(BaseCommand):
    help = "Send the messages that are waiting and due (retries after a rate limit or an outage)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = delivery.deliver_due()
        self.stdout.write(f"{sent} message{'s' if sent != 1 else ''} due, handed to the sender.")
