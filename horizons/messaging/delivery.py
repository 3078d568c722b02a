"""Handing messages to the back end and recording what the provider says became of them.

Nothing here queues work: the task that calls `deliver` queues the retry (see tasks.py)."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from horizons.messaging import catalogue, statuses
from horizons.messaging.backends import (
    Accepted,
    Found,
    Outgoing,
    Rejected,
    TemporaryFailure,
    find,
    get_backend,
)
from horizons.messaging.models import Message

logger = logging.getLogger("horizons.messaging")


def _finish(message: Message, status: str, now: datetime) -> None:
    message.status = status
    message.status_at = now
    if status in Message.FINAL:
        message.personalisation = {}
        message.attachments = []


def _outgoing(message: Message) -> Outgoing:
    chosen = catalogue.get(message.template)
    fields = dict(message.personalisation)
    if message.attachments:
        fields.setdefault(
            catalogue.ATTACHMENT_PLACEHOLDER,
            catalogue.LOCAL_FILE_TEXT.format(filename=message.attachments[0].get("filename", "")),
        )
    subject, body = chosen.render(fields)
    return Outgoing(
        reference=str(message.reference),
        channel=message.channel,
        template=message.template,
        recipient=message.recipient,
        subject=subject,
        body=body,
        personalisation=dict(message.personalisation),
        attachments=list(message.attachments),
    )


def deliver(message_id: int) -> Message | None:
    """Hand one queued message to the back end. Safe to call twice, and after a crash.

    1. The message is claimed in its own transaction (status "sending", no provider id yet), so
       a second worker finds nothing to do while the first is talking to the provider.
    2. On a retry (a time-out may have reached Notify after all; a worker may have stopped after
       Notify accepted), the provider is first asked whether it already holds a message with our
       reference: if so that one is adopted and nothing is sent again.
    3. The outcome is recorded; a delivery receipt that arrived meanwhile is never undone.
    """
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
        message.attempts += 1
        message.status = Message.Status.SENDING
        message.status_at = now
        message.provider_id = ""
        message.save(update_fields=["attempts", "status", "status_at", "provider_id"])

    accepted: Accepted | None = None
    found: Found | None = None
    failure: TemporaryFailure | Rejected | None = None
    try:
        backend = get_backend()
        if message.attempts > 1:
            found = find(backend, str(message.reference))
        if found is None:
            try:
                outgoing = _outgoing(message)
            except catalogue.TemplateError as error:
                raise Rejected(str(error)) from error
            accepted = backend.send(outgoing)
    except (TemporaryFailure, Rejected) as error:
        failure = error

    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if failure is not None:
            if message.status != Message.Status.SENDING or message.provider_id:
                return message
            message.last_error = str(failure)[:500]
            if isinstance(failure, Rejected):
                _finish(message, Message.Status.REJECTED, now)
            elif message.attempts >= statuses.MAX_ATTEMPTS:
                _finish(message, Message.Status.TECHNICAL_FAILURE, now)
                message.next_attempt_at = None
            else:
                delay = statuses.retry_delay(message.attempts, failure.retry_after)
                message.status = Message.Status.RETRYING
                message.status_at = now
                message.next_attempt_at = now + timedelta(seconds=delay)
            logger.warning("message %s not sent: %s", message.pk, failure)
        else:
            message.provider_id = found.provider_id if found else accepted.provider_id  # type: ignore[union-attr]
            message.sent_at = message.sent_at or now
            message.next_attempt_at = None
            message.last_error = ""
            # The provider has it now and it is never sent again: the names and links it
            # carried are not kept.
            message.personalisation = {}
            message.attachments = []
            if not message.is_final:
                if found is not None:
                    status = statuses.status_from_notify(found.status) or Message.Status.SENDING
                elif accepted is not None and accepted.delivered:
                    status = Message.Status.DELIVERED
                else:
                    status = Message.Status.SENDING
                _finish(message, status, now)
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
    try:
        reference = str(uuid.UUID(reference)) if reference else ""
    except ValueError:
        reference = ""  # not one of ours: fall back to the provider's id
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


def recover_stuck(*, older_than: timedelta) -> int:
    """Messages claimed for sending whose worker never recorded an answer (it stopped, or the
    database was unreachable afterwards) go back in the queue. Their next attempt asks the
    provider for our reference first, so one Notify accepted is adopted, not sent again."""
    cutoff = timezone.now() - older_than
    return Message.objects.filter(
        status=Message.Status.SENDING, provider_id="", status_at__lt=cutoff
    ).update(status=Message.Status.RETRYING, next_attempt_at=timezone.now())


def poll_sending(*, older_than: timedelta, limit: int = 500) -> int:
    """Ask the provider about messages it accepted that have said "sending" for a while (a lost
    callback, or callbacks not set up). Returns how many changed status."""
    cutoff = timezone.now() - older_than
    waiting = list(
        Message.objects.filter(status=Message.Status.SENDING, status_at__lt=cutoff)
        .exclude(provider_id="")
        .order_by("status_at")
        .values_list("pk", "provider_id")[:limit]
    )
    if not waiting:
        return 0
    try:
        backend = get_backend()
    except Rejected as error:
        logger.warning("cannot ask about messages: %s", error)
        return 0
    changed = 0
    for pk, provider_id in waiting:
        try:
            word = backend.status(provider_id)
        except (TemporaryFailure, Rejected) as error:
            logger.warning("cannot ask about message %s: %s", pk, error)
            break
        if word is None:
            continue
        message = status_record(provider_id=provider_id, word=word)
        if message is not None and message.status != Message.Status.SENDING:
            changed += 1
    return changed
