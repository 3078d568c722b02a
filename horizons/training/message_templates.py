"""The messages staff training sends: a booking, a place on the waiting list, a place that
came free, a cancellation, and a session whose time or place changed.

Each goes to the person booked (not their whole school), with the session's calendar
invitation (.ics: attached locally, a download link through GOV.UK Notify, see
docs/messaging.md). ((details)) is the session's when, where and web page
(`training/notifications.describe`).
"""

from horizons.messaging.catalogue import Channel, MessageTemplate, register


def _email(key: str, description: str, subject: str, body: str) -> MessageTemplate:
    return register(
        MessageTemplate(
            key=key,
            channel=Channel.EMAIL,
            description=description,
            subject=subject,
            body=f"{body}\n\n((details))\n\nCalendar invitation: ((link_to_file))\n\nHorizons",
        )
    )


CPD_BOOKED = _email(
    "cpd_booked",
    "Training: place booked",
    "Booked: ((session))",
    "Hello ((name)),\n\nYou have a place on ((session)). ((booked_by))",
)
CPD_WAITING = _email(
    "cpd_waiting",
    "Training: on the waiting list",
    "Waiting list: ((session))",
    "Hello ((name)),\n\n((session)) is full, so you are on its waiting list. If a place comes "
    "free it is yours, and we will email you. ((booked_by))",
)
CPD_PROMOTED = _email(
    "cpd_promoted",
    "Training: a place from the waiting list",
    "A place is yours: ((session))",
    "Hello ((name)),\n\nA place came free on ((session)) and it is now yours. If you can no "
    "longer come, cancel it on Horizons so that the next person waiting can have it.",
)
CPD_CANCELLED = _email(
    "cpd_cancelled",
    "Training: booking cancelled",
    "Cancelled: ((session))",
    "Hello ((name)),\n\nYour place on ((session)) has been cancelled. ((cancelled_by))",
)
CPD_CHANGED = _email(
    "cpd_changed",
    "Training: session changed",
    "Changed: ((session))",
    "Hello ((name)),\n\nThe hub has changed when or where ((session)) takes place. The new "
    "details are below; your calendar invitation is updated. ((status))",
)
CPD_REMINDER = _email(
    "cpd_reminder",
    "Training: reminder the day before",
    "Tomorrow: ((session))",
    "Hello ((name)),\n\nA reminder that you have a place on ((session)) tomorrow. If you can no "
    "longer come, cancel it on Horizons so that someone on the waiting list can have it.",
)
CPD_SESSION_CANCELLED = _email(
    "cpd_session_cancelled",
    "Training: the hub cancelled the session",
    "Cancelled by the hub: ((session))",
    "Hello ((name)),\n\n((hub)) has cancelled ((session)), so your ((place)) is cancelled too. "
    "((reason))\n\nOther sessions you can book are on Horizons.",
)
