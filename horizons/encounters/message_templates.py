"""The messages encounters send: bookings, event changes, reminders and campaign invitations.

Each email carries the event's calendar invitation (.ics). The local back end attaches it and
fills ((link_to_file)) with "the attached file event.ics"; GOV.UK Notify sends it as a
download link in the same placeholder (docs/messaging.md). ((details)) is the event's when,
where, how to arrive and its web page, written by `notifications.describe`.

Also here, for volunteers kept in the loop (encounters/volunteer_messages.py): a request to
confirm when they are placed on an event and again a week before, reminders 48 and 24 hours
before, a thank-you with the children's feedback; and the alert their hub and the schools get
when one cannot come.
Texts are short (one or two SMS fragments) and carry one link.
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

VOLUNTEER_CONFIRM_REQUEST = register(
    MessageTemplate(
        key="volunteer_confirm_request",
        channel=Channel.EMAIL,
        subject="Can you still come to ((event)) on ((when))?",
        body=(
            "Dear ((first_name)),\n\n"
            "You are down to help at ((event)) on ((when)), at ((place)).\n\n"
            "Please tell us if you can still come. It takes one tap:\n\n"
            "Yes, I'll be there: ((yes_link))\n\n"
            "I can't make it: ((cannot_link))\n\n"
            "If you cannot come, your hub will look for someone else, so the children still "
            "meet someone who does your kind of job.\n\n"
            "((hub))"
        ),
        description="Asks a volunteer to confirm a place (when placed, and a week before).",
    )
)

VOLUNTEER_CONFIRM_REQUEST_SMS = register(
    MessageTemplate(
        key="volunteer_confirm_request_sms",
        channel=Channel.SMS,
        body=(
            "Horizons: you are helping at ((event)) on ((when)). "
            "Can you still come? Tap to answer: ((link))"
        ),
        description="The text-message version of the confirmation request.",
    )
)

VOLUNTEER_REMINDER = register(
    MessageTemplate(
        key="volunteer_reminder",
        channel=Channel.EMAIL,
        subject="Reminder: ((event)) is ((how_soon))",
        body=(
            "Dear ((first_name)),\n\n"
            "A reminder that ((event)) is ((how_soon)): ((when)), at ((place)).\n\n"
            "((arrival))\n\n"
            "((answer))\n\n"
            "Your sessions: ((sessions_link))\n\n"
            "((hub))"
        ),
        description="Reminds a volunteer 48 and 24 hours before an event.",
    )
)

VOLUNTEER_REMINDER_SMS = register(
    MessageTemplate(
        key="volunteer_reminder_sms",
        channel=Channel.SMS,
        body="Horizons: ((event)) is ((how_soon)), ((when)) at ((place)). Details: ((link))",
        description="The text-message version of the 48- and 24-hour reminders.",
    )
)

VOLUNTEER_DROPPED_OUT = register(
    MessageTemplate(
        key="volunteer_dropped_out",
        channel=Channel.EMAIL,
        subject="((volunteer)) cannot come to ((event)) on ((when))",
        body=(
            "((volunteer)) ((employer)) has told us they cannot come to ((event)) on ((when)).\n\n"
            "Reason given: ((reason))\n\n"
            "((what_next))\n\n"
            "The event: ((event_link))"
        ),
        description="Tells the hub and the booked schools that a volunteer has dropped out.",
    )
)

VOLUNTEER_THANK_YOU = register(
    MessageTemplate(
        key="volunteer_thank_you",
        channel=Channel.EMAIL,
        subject="Thank you for ((event))",
        body=(
            "Dear ((first_name)),\n\n"
            "Thank you for giving your time to ((event)) on ((when)).\n\n"
            "((reached))\n\n"
            "((children_said))\n\n"
            "Tell us how it went for you: ((feedback_link))\n\n"
            "((hub))"
        ),
        description="Thanks a volunteer after the event, with the children's feedback.",
    )
)
