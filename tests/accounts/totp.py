"""Sign in as allauth would: password, then a code from the person's authenticator app."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import Client

from tests.conftest import PASSWORD


def give_totp(user: object) -> str:
    """Set up an authenticator app for this person; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)  # type: ignore[arg-type]
    return secret


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def sign_in_with_totp(client: Client, email: str, secret: str, next_url: str = "") -> object:
    """Password, then the code: the whole allauth sign-in. Returns the last response."""
    cache.clear()  # a code works once; tests reuse the same 30-second window
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    return client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})


__all__ = ["Authenticator", "current_code", "give_totp", "sign_in_with_totp"]
