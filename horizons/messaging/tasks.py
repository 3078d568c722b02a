"""Delivery runs in the task worker, never in the request that asked for the message."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django_tasks import task

from horizons.messaging import delivery
from horizons.messaging.models import Message


@task()
def deliver_message(message_id: int) -> str:
    message = delivery.deliver(message_id)
    if message is None:
        return "gone"
    if message.status == Message.Status.RETRYING:
        queue(message.pk, message.next_attempt_at)
    return message.status


@task()
def deliver_due_messages() -> int:
    return delivery.deliver_due()


def queue(message_id: int, when: datetime | None = None) -> None:
    """Deliver once the current transaction commits (at `when`, if the task backend can defer;
    otherwise `deliver_due`, run every few minutes, sends it when it is due)."""

    def enqueue() -> None:
        if when is None:
            deliver_message.enqueue(message_id)
        elif deliver_message.get_backend().supports_defer:
            deliver_message.using(run_after=when).enqueue(message_id)

    transaction.on_commit(enqueue, robust=True)


@task()
def poll_message_statuses(older_than_minutes: int | None = None) -> dict[str, int]:
    """Ask the provider about messages still "sending" after a while, and put back in the queue
    any claimed by a worker that stopped before recording Notify's answer."""
    minutes = (
        settings.HORIZONS_MESSAGING_POLL_AFTER_MINUTES
        if older_than_minutes is None
        else older_than_minutes
    )
    recovered = delivery.recover_stuck(older_than=timedelta(minutes=minutes))
    changed = delivery.poll_sending(older_than=timedelta(minutes=minutes))
    return {"changed": changed, "requeued": recovered}
