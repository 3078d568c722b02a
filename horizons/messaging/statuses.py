"""GOV.UK Notify's status words, mapped to Horizons' own, and the retry schedule. Pure."""

from __future__ import annotations

# Notify's words (emails, texts, letters) → Message.Status values.
NOTIFY_STATUS = {
    "created": "sending",
    "sending": "sending",
    "pending": "sending",
    "sent": "delivered",  # international texts: Notify knows no more
    "delivered": "delivered",
    "permanent-failure": "permanent_failure",
    "temporary-failure": "temporary_failure",
    "technical-failure": "technical_failure",
    # letters
    "accepted": "sending",
    "received": "delivered",  # printed and handed to the post
    "pending-virus-check": "sending",
    "virus-scan-failed": "technical_failure",
    "validation-failed": "rejected",
    "cancelled": "rejected",
}

MAX_ATTEMPTS = 8
_BACKOFF_SECONDS = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600)


def status_from_notify(word: str) -> str | None:
    return NOTIFY_STATUS.get(word.strip().lower())


def retry_delay(attempts: int, retry_after: float | None = None) -> float:
    """Seconds to wait before attempt `attempts + 1`; never sooner than the provider asks."""
    step = _BACKOFF_SECONDS[min(max(attempts, 1), len(_BACKOFF_SECONDS)) - 1]
    return max(float(step), float(retry_after or 0))
