"""The signed link that lets a volunteer answer "Yes, I'll be there" or "I can't make it" from a
phone without signing in.

The token names one event and one volunteer and is signed with the site's secret
(django.core.signing, its own salt), so it cannot be made up or changed to point at someone
else's place. It stops working once the event's day is over: `read` checks the day, so a link
in an old email cannot change anything afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core import signing

SALT = "horizons.encounters.volunteer-reply"


class TokenError(ValueError):
    """The link is broken or out of date; the text says what to do."""


@dataclass(frozen=True)
class Reply:
    event_id: int
    volunteer_id: int
    last_day: date


def make(*, event_id: int, volunteer_id: int, last_day: date) -> str:
    return signing.dumps([event_id, volunteer_id, last_day.isoformat()], salt=SALT, compress=True)


def read(token: str, *, today: date) -> Reply:
    try:
        event_id, volunteer_id, last_day = signing.loads(token, salt=SALT)
        reply = Reply(int(event_id), int(volunteer_id), date.fromisoformat(str(last_day)))
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise TokenError(
            "This link is not complete. Open it again from the message, or sign in to "
            "Horizons and answer on your sessions page."
        ) from error
    if today > reply.last_day:
        raise TokenError(
            f"This link stopped working after the event on {reply.last_day.day} "
            f"{reply.last_day:%B %Y}. Sign in to Horizons to see your sessions."
        )
    return reply
