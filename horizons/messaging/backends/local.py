"""Development and test back end: email through Django's EMAIL_BACKEND (console by default);
texts and letters are logged and kept in `outbox`, like Django's locmem mail outbox."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMessage

from horizons.messaging.backends import Accepted, Outgoing

logger = logging.getLogger("horizons.messaging")

outbox: list[Outgoing] = []


class LocalBackend:
    def send(self, message: Outgoing) -> Accepted:
        if message.channel == "email":
            email = EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.recipient],
            )
            for item in message.attachments:
                email.attach(item["filename"], item["content"], item["mimetype"])
            email.send()
        else:
            logger.info("%s to %s: %s", message.channel, message.recipient, message.body)
        outbox.append(message)
        return Accepted(provider_id=str(uuid.uuid4()), delivered=True)

    def status(self, provider_id: str) -> str | None:
        return None
