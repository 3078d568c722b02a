"""Ask GOV.UK Notify what became of messages still "sending" (lost or unset callbacks), and put
back in the queue any message a stopped worker left half-sent. Run every 15 minutes from cron."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from horizons.messaging import delivery


class Command(BaseCommand):
    help = 'Update the status of messages that have said "sending" for a while.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.HORIZONS_MESSAGING_POLL_AFTER_MINUTES,
            help="Minutes a message has been sending before Notify is asked (default %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["older_than"] < 0:
            self.stderr.write("--older-than must be 0 or more minutes.")
            return
        age = timedelta(minutes=options["older_than"])
        requeued = delivery.recover_stuck(older_than=age)
        changed = delivery.poll_sending(older_than=age)
        self.stdout.write(
            f"{changed} message{'s' if changed != 1 else ''} changed status; "
            f"{requeued} half-sent message{'s' if requeued != 1 else ''} queued again."
        )
