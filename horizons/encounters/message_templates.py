"""The messages encounters send: bookings, event changes, reminders and campaign invitations.

Each email carries the event's calendar invitation (.ics). The local back end attaches it and
fills ((link_to_file)) with "the attached file event.ics"; GOV.UK Notify sends it as a
download link in the same placeholder (docs/messaging.md). ((details)) is the event's when,
where, how to arrive and its web page, written by `notifications.describe`.
"""

from horizons.messaging.catalogue import Channel, MessageTemplate, register

_CALENDAR = "Calendar invitation: ((link_to_file))"


def _email(key: str, description: str, subject: str, body: str) -> MessageTemplate:
    return register(
        MessageTemplate(
            key=key,
            channel=Channel.EMAIL,
            description=description,
            subject=subject,
            body=f"{body}\n\n{_CALENDAR}\n\nHorizons",
        )
    )


_BOOKING = "\n\nSchool: ((school))\nClasses: ((classes))\n((details))"

BOOKING_CONFIRMED = _email(
    "booking_confirmed",
    "Booking confirmed",
    "Booked: ((event))",
    "Your place is booked." + _BOOKING,
)
BOOKING_PROMOTED = _email(
    "booking_promoted",
    "Place from the waiting list",
    "A place is yours: ((event))",
    "A place came free and your classes now have it." + _BOOKING,
)
BOOKING_WAITING = _email(
    "booking_waiting",
    "On the waiting list",
    "Waiting list: ((event))",
    "Your classes are on the waiting list. We will email you if a place comes free." + _BOOKING,
)
BOOKING_CANCELLED = _email(
    "booking_cancelled",
    "Booking cancelled",
    "Cancelled booking: ((event))",
    "Your booking has been cancelled." + _BOOKING,
)
SCHOOLS_UPDATE = _email(
    "booking_schools_update",
    "Schools update for a volunteer",
    "Schools update: ((event))",
    "((school)) ((change)) your session (classes: ((classes))).\n\n((details))",
)
EVENT_CHANGED = _email(
    "event_changed",
    "Event changed",
    "Changed: ((event))",
    "The details of this event have changed. The calendar invitation replaces the old one."
    "\n\n((details))",
)
EVENT_CANCELLED = _email(
    "event_cancelled",
    "Event cancelled",
    "Cancelled: ((event))",
    "This event has been cancelled. We are sorry.\n\n((details))",
)
EVENT_REMINDER = _email(
    "event_reminder",
    "Reminder the day before",
    "Reminder: ((event)) on ((day))",
    "A reminder that this event is coming up.\n\n((details))",
)
CAMPAIGN_INVITATION = register(
    MessageTemplate(
        key="campaign_invitation",
        channel=Channel.EMAIL,
        description="Campaign invitation",
        subject="You're invited: ((campaign))",
        body=(
            "((hub)) invites you to take part in ((campaign)), ((dates)).\n\n"
            "((description))\n\n"
            "Find out more and reply: ((link))\n\n"
            "Horizons"
        ),
    )
)
