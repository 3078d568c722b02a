"""Where messages leave Horizons. `get_backend()` reads HORIZONS_MESSAGING_BACKEND."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "local": "horizons.messaging.backends.local.LocalBackend",
    "notify": "horizons.messaging.backends.notify.NotifyBackend",
}


class TemporaryFailure(Exception):
    """Try again later (rate limited, the service is down, a time-out)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Rejected(Exception):
    """The provider refused this message for good (bad number, unknown template): never retry."""


@dataclass(frozen=True)
class Outgoing:
    """What a back end needs to send one message."""

    reference: str
    channel: str
    template: str
    recipient: str
    subject: str
    body: str
    personalisation: dict[str, str]
    attachments: list[dict[str, str]]


@dataclass(frozen=True)
class Accepted:
    provider_id: str
    delivered: bool = False  # the local back end knows at once


class Backend(Protocol):
    def send(self, message: Outgoing) -> Accepted: ...

    def status(self, provider_id: str) -> str | None:
        """The provider's status word for a message it accepted, or None if it cannot say."""
        ...


@dataclass(frozen=True)
class Found:
    """A message the provider already holds (looked up by our reference)."""

    provider_id: str
    status: str  # the provider's status word


def find(backend: Backend, reference: str) -> Found | None:
    """What the provider holds under our `reference`, if the back end can look it up.

    Used before sending again after a worker stopped mid-send: a message the provider already
    accepted is adopted, not sent twice."""
    lookup = getattr(backend, "find", None)
    if lookup is None:
        return None
    found: Found | None = lookup(reference)
    return found


def get_backend() -> Backend:
    name = getattr(settings, "HORIZONS_MESSAGING_BACKEND", "local")
    path = BACKENDS.get(name, name)
    backend: Backend = import_string(path)()
    return backend
