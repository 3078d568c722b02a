"""The security log: who signed in, who failed, who was refused, and changes to sign-in."""

import logging

from django.http import HttpRequest

from horizons.accounts.models import SecurityEvent, User
from horizons.accounts.request_ip import request_ip

logger = logging.getLogger("horizons.security")


def record_security_event(
    *,
    kind: str,
    request: HttpRequest | None = None,
    user: object = None,
    email: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Write one event; the request gives the address, browser and page."""
    if not isinstance(user, User):
        request_user = getattr(request, "user", None)
        user = request_user if isinstance(request_user, User) else None
    event = SecurityEvent(
        kind=kind,
        user=user,
        email=(email or (user.email if user else ""))[:254],
        detail=detail[:300],
    )
    if request is not None:
        event.ip = request_ip(request) or None
        event.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        event.method = (request.method or "")[:8]
        event.path = request.path[:300]
    event.save()
    logger.info("security event %s user=%s ip=%s", kind, event.email, event.ip)
    return event
