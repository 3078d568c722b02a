"""GOV.UK Notify back end, through the official `notifications-python-client`.

Settings (see docs/messaging.md): HORIZONS_NOTIFY_API_KEY (the key as Notify shows it,
`{name}-{service id}-{secret}`), HORIZONS_NOTIFY_BASE_URL (tests point it at a local fake),
HORIZONS_NOTIFY_TEMPLATES (template key → Notify template id).

Errors become the two exceptions `delivery` understands: `Rejected` (never retried: a 400 with
Notify's own words, a wrong API key, a template without an id) and `TemporaryFailure` (retried
with back-off: 429 rate limits, 5xx, time-outs, no connection).
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from notifications_python_client import NotificationsAPIClient, prepare_upload
from notifications_python_client.errors import APIError

from horizons.messaging.backends import Accepted, Found, Outgoing, Rejected, TemporaryFailure
from horizons.messaging.catalogue import ATTACHMENT_PLACEHOLDER

LETTER_LINES = 7


def _words(error: APIError) -> str:
    """Notify's own explanation: the `errors` list of a v2 error body, joined."""
    message: Any = error.message
    if isinstance(message, list):
        parts = [str(item.get("message", item)) for item in message if item]
        return "; ".join(parts) or f"GOV.UK Notify answered {error.status_code}"
    return str(message)


def _retry_after(error: APIError) -> float | None:
    response = getattr(error, "response", None)
    raw = response.headers.get("Retry-After") if response is not None else None
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def translate(error: APIError) -> Exception:
    """Notify's HTTP error → Rejected or TemporaryFailure, with words a person can act on."""
    code, words = error.status_code, _words(error)
    if code == 429:
        return TemporaryFailure(
            f"GOV.UK Notify is busy (rate limit): {words}", retry_after=_retry_after(error)
        )
    if code == 403:
        return Rejected(
            "GOV.UK Notify refused the API key: check HORIZONS_NOTIFY_API_KEY is the service's "
            f"current live key ({words})."
        )
    if code == 400:
        return Rejected(words)
    if code >= 500 or getattr(error, "response", None) is None:
        return TemporaryFailure(f"GOV.UK Notify could not be reached or failed ({code}): {words}")
    return Rejected(f"GOV.UK Notify refused the message ({code}): {words}")


def letter_personalisation(recipient: str, personalisation: dict[str, Any]) -> dict[str, Any]:
    """Notify letters take the address as address_line_1..7 in the personalisation."""
    lines = recipient.split("\n")[:LETTER_LINES]
    fields: dict[str, Any] = dict(personalisation)
    for number, line in enumerate(lines, start=1):
        fields[f"address_line_{number}"] = line
    return fields


class NotifyBackend:
    def __init__(self) -> None:
        key = getattr(settings, "HORIZONS_NOTIFY_API_KEY", "")
        if len(key) < 74:
            raise Rejected(
                "HORIZONS_NOTIFY_API_KEY is not set or is not a whole Notify API key "
                "(it looks like name-<service id>-<secret>)."
            )
        self.client = NotificationsAPIClient(
            key,
            base_url=getattr(
                settings, "HORIZONS_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
            ),
            timeout=getattr(settings, "HORIZONS_NOTIFY_TIMEOUT", 20),
        )

    def template_id(self, key: str) -> str:
        ids: dict[str, str] = getattr(settings, "HORIZONS_NOTIFY_TEMPLATES", {}) or {}
        template_id = ids.get(key, "")
        if not template_id:
            raise Rejected(
                f"No GOV.UK Notify template id for {key!r}: add it to HORIZONS_NOTIFY_TEMPLATES "
                "(see docs/messaging.md for the text to paste into Notify)."
            )
        return template_id

    def personalisation(self, message: Outgoing) -> dict[str, Any]:
        fields: dict[str, Any] = dict(message.personalisation)
        if message.attachments:
            # Notify sends a file as a link: the template's ((link_to_file)) placeholder.
            item = message.attachments[0]
            content = item["content"].encode("utf-8")
            try:
                fields[ATTACHMENT_PLACEHOLDER] = prepare_upload(
                    io.BytesIO(content), filename=item["filename"]
                )
            except ValueError as error:
                raise Rejected(f"The attachment {item['filename']} is too large: {error}") from None
        return fields

    def send(self, message: Outgoing) -> Accepted:
        template_id = self.template_id(message.template)
        fields = self.personalisation(message)
        try:
            if message.channel == "email":
                answer = self.client.send_email_notification(
                    email_address=message.recipient,
                    template_id=template_id,
                    personalisation=fields,
                    reference=message.reference,
                )
            elif message.channel == "sms":
                answer = self.client.send_sms_notification(
                    phone_number=message.recipient,
                    template_id=template_id,
                    personalisation=fields,
                    reference=message.reference,
                )
            else:
                answer = self.client.send_letter_notification(
                    template_id=template_id,
                    personalisation=letter_personalisation(message.recipient, fields),
                    reference=message.reference,
                )
        except APIError as error:
            raise translate(error) from error
        return Accepted(provider_id=str(answer["id"]))

    def status(self, provider_id: str) -> str | None:
        try:
            answer = self.client.get_notification_by_id(provider_id)
        except APIError as error:
            if error.status_code == 404:
                return None
            raise translate(error) from error
        return str(answer.get("status", "")) or None

    def find(self, reference: str) -> Found | None:
        """The notification Notify already holds under our reference (newest first), if any."""
        try:
            answer = self.client.get_all_notifications(reference=reference)
        except APIError as error:
            raise translate(error) from error
        found = answer.get("notifications") or []
        if not found:
            return None
        return Found(provider_id=str(found[0]["id"]), status=str(found[0].get("status", "")))
