"""Who may open the Messages pages (see tests/permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.permission_matrix import Row, only


def _school_message(world: Any) -> list[int]:
    from horizons.messaging.models import Message

    message = Message.objects.create(
        channel="email", template="account_email", recipient="a@example.org", school=world.school
    )
    return [message.pk]


ROWS = [
    # Hub and school staff see their own messages (the outsider sees the list of theirs).
    Row(
        "messaging:message_list",
        expect=only("admin", "facilitator", "lead", "teacher", "outsider"),
    ),
    Row(
        "messaging:message_detail",
        args=_school_message,
        expect=only("admin", "lead", "teacher"),
    ),
    # Notify's receipts are POSTs with a bearer token; a GET is refused for everyone.
    Row("messaging:notify_callback", expect={}, default=405, anonymous=405),
]
