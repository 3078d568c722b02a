"""Handing messages to the back end and recording what the provider says became of them.

Nothing here queues work: the task that calls `deliver` queues the retry (see tasks.py)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from horizons.messaging import catalogue, statuses
from horizons.messaging.backends import Outgoing, Rejected, TemporaryFailure, get_backend
from horizons.messaging.models import Message

logger = logging.getLogger("horizons.messaging")


def _finish(message: Message, status: str, now: datetime) -> None:
    message.status = status
    message.status_at = now
    if status in Message.FINAL:
        message.personalisation = {}
        message.attachments = []


def deliver(message_id: int) -> Message | None:
    """Hand one queued message to the back end. Safe to call twice: the row is locked and only a
    message still waiting is sent, so no message goes out twice."""
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status not in (
            Message.Status.QUEUED,
            Message.Status.RETRYING,
        ):
            return message
        if message.next_attempt_at and message.next_attempt_at > now:
            return message
        chosen = catalogue.get(message.template)
        subject, body = chosen.render(message.personalisation)
        outgoing = Outgoing(
            reference=str(message.reference),
            channel=message.channel,
            template=message.template,
            recipient=message.recipient,
            subject=subject,
            body=body,
            personalisation=dict(message.personalisation),
            attachments=list(message.attachments),
        )
        message.attempts += 1
        try:
            accepted = get_backend().send(outgoing)
        except TemporaryFailure as error:
            message.last_error = str(error)[:500]
            if message.attempts >= statuses.MAX_ATTEMPTS:
                _finish(message, Message.Status.TECHNICAL_FAILURE, now)
                message.next_attempt_at = None
            else:
                delay = statuses.retry_delay(message.attempts, error.retry_after)
                message.status = Message.Status.RETRYING
                message.next_attempt_at = now + timedelta(seconds=delay)
            logger.warning("message %s not sent yet: %s", message.pk, error)
        except Rejected as error:
            message.last_error = str(error)[:500]
            _finish(message, Message.Status.REJECTED, now)
        else:
            message.provider_id = accepted.provider_id
            message.sent_at = now
            message.next_attempt_at = None
            message.last_error = ""
            _finish(
                message,
                Message.Status.DELIVERED if accepted.delivered else Message.Status.SENDING,
                now,
            )
        message.save()
    return message


def deliver_due() -> int:
    """Send every message whose retry time has come (for task backends that cannot defer)."""
    due = Message.objects.filter(
        status__in=[Message.Status.QUEUED, Message.Status.RETRYING],
        next_attempt_at__lte=timezone.now(),
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if deliver(pk) is not None)


def status_record(*, provider_id: str = "", reference: str = "", word: str) -> Message | None:
    """Record a delivery status reported by the provider (a callback or a poll).

    A final status is never replaced by a later, non-final one (callbacks can arrive out of
    order)."""
    status = statuses.status_from_notify(word)
    if status is None:
        return None
    with transaction.atomic():
        query = Message.objects.select_for_update()
        if reference:
            message = query.filter(reference=reference).first()
        else:
            message = query.filter(provider_id=provider_id).first() if provider_id else None
        if message is None:
            return None
        if message.is_final and status not in Message.FINAL:
            return message
        _finish(message, status, timezone.now())
        message.save()
    return message
