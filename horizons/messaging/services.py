"""Asking for a message to be sent. See the package docstring; delivery is in `delivery.py`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from horizons.messaging import addresses, catalogue, tasks
from horizons.messaging.models import Message


class MessagingError(Exception):
    """The message cannot be sent as asked; the text says what to fix. Nothing was recorded."""


def send(
    *,
    template: str,
    to: str,
    personalisation: Mapping[str, object],
    about: models.Model | None = None,
    school: models.Model | None = None,
    hub: models.Model | None = None,
    idempotency_key: str | None = None,
    attachments: Sequence[Mapping[str, str]] = (),
) -> Message:
    """Record one message and queue it for delivery once the caller's transaction commits.

    Raises MessagingError for an unknown template, a missing placeholder or an address that
    cannot take the message. With an `idempotency_key` already used, returns that message and
    sends nothing again.
    """
    try:
        chosen = catalogue.get(template)
        supplied = dict(personalisation)
        if attachments:
            supplied.setdefault(catalogue.ATTACHMENT_PLACEHOLDER, "")
        missing = chosen.missing(supplied)
        if missing:
            raise catalogue.TemplateError(
                f"The message {template!r} needs {', '.join(missing)}; nothing was sent."
            )
        recipient = addresses.normalise(chosen.channel, to)
    except (catalogue.TemplateError, addresses.AddressError) as error:
        raise MessagingError(str(error)) from error
    if idempotency_key:
        existing = Message.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    fields = {
        "channel": chosen.channel.value,
        "template": chosen.key,
        "recipient": recipient,
        "personalisation": {k: str(v) for k, v in personalisation.items()},
        "attachments": [dict(a) for a in attachments],
        "idempotency_key": idempotency_key or None,
        "school": school,
        "hub": hub,
    }
    if about is not None:
        fields["about_type"] = ContentType.objects.get_for_model(about)
        fields["about_id"] = about.pk
    try:
        with transaction.atomic():
            message = Message.objects.create(**fields)
    except IntegrityError:
        # Someone else recorded the same key a moment ago: theirs is the one that is sent.
        return Message.objects.get(idempotency_key=idempotency_key)
    tasks.queue(message.pk)
    return message
