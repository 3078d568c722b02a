"""Checking and normalising where a message goes. Pure: no Django.

UK mobile numbers follow GOV.UK Notify's rule (07 then 9 digits, written any common way);
Notify also refuses landlines for texts, so do we, before anything is queued.
"""

from __future__ import annotations

import re

from horizons.messaging.catalogue import Channel

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SEPARATORS = re.compile(r"[\s\-().]")


class AddressError(ValueError):
    """The address cannot take this kind of message; the text says what to fix."""


def normalise_mobile(raw: str) -> str:
    """'07700 900 123', '+44 7700 900123', '447700900123' → '+447700900123'."""
    digits = _SEPARATORS.sub("", raw.strip())
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if not digits.isdigit():
        raise AddressError(f"“{raw}” is not a phone number: use digits only, like 07700 900123.")
    if not digits.startswith("7"):
        raise AddressError(f"“{raw}” is not a UK mobile number: it should start with 07.")
    if len(digits) != 10:
        raise AddressError(
            f"“{raw}” has {len(digits) + 1} digits: a UK mobile number has 11, like 07700 900123."
        )
    return "+44" + digits


def normalise_email(raw: str) -> str:
    email = raw.strip()
    if not _EMAIL.match(email) or ".." in email:
        raise AddressError(
            f"“{raw}” is not an email address: it should look like name@example.org."
        )
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def normalise_letter(raw: str) -> str:
    """A postal address: at least three lines (Notify needs 3–7), the last a UK postcode."""
    lines = [line.strip() for line in raw.replace("\r", "").split("\n") if line.strip()]
    if not 3 <= len(lines) <= 7:
        raise AddressError("A postal address needs 3 to 7 lines: name, street, town and postcode.")
    return "\n".join(lines)


def normalise(channel: Channel, raw: str) -> str:
    if channel is Channel.EMAIL:
        return normalise_email(raw)
    if channel is Channel.SMS:
        return normalise_mobile(raw)
    return normalise_letter(raw)


def masked(channel: str, address: str) -> str:
    """What a status list shows: enough to recognise, not enough to copy."""
    if channel == Channel.EMAIL and "@" in address:
        local, domain = address.split("@", 1)
        return f"{local[:1]}…@{domain}"
    if channel == Channel.SMS:
        return f"…{address[-3:]}"
    return address.split("\n", 1)[0]
