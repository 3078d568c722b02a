"""Background work for encounters: emails with calendar invitations, and day-before reminders.

Services call the `after_commit_*` functions: the task is only queued once the booking is really
saved, so a rolled-back booking never emails anyone. The tasks call `notifications`, which does
the sending; nothing here imports the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django_tasks import task

from horizons.encounters import notifications


@task()
def send_booking_email(booking_id: int, kind: str) -> int:
    return notifications.send_booking_emails(booking_id, kind)


@task()
def send_event_email(event_id: int, kind: str, booking_ids: list[int] | None = None) -> int:
    return notifications.send_event_emails(event_id, kind, booking_ids)


@task()
def send_campaign_invitations(campaign_id: int, items: list[list[object]]) -> int:
    return notifications.send_invitation_emails(campaign_id, items)


@task()
def send_event_reminders(day: str) -> int:
    """Remind schools and volunteers of the events on `day` (ISO date). Safe to run twice."""
    return notifications.reminders_send(day=date.fromisoformat(day))


def after_commit_booking(booking_id: int, kind: str) -> None:
    transaction.on_commit(lambda: send_booking_email.enqueue(booking_id, kind), robust=True)


def after_commit_event(event_id: int, kind: str, booking_ids: Sequence[int] | None = None) -> None:
    ids = list(booking_ids) if booking_ids is not None else None
    transaction.on_commit(lambda: send_event_email.enqueue(event_id, kind, ids), robust=True)


def after_commit_invitations(campaign_id: int, items: list[tuple[str, int]]) -> None:
    pairs = [list(item) for item in items]
    transaction.on_commit(
        lambda: send_campaign_invitations.enqueue(campaign_id, pairs), robust=True
    )
