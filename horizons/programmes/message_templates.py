"""The messages a programme sends to parents: consent requests and reminders, by email or text.

Only what a parent needs: the child's first name, the school, the programme and the short link.
Texts stay within two SMS fragments (Notify counts 160 characters a fragment).
"""

from __future__ import annotations

from horizons.messaging.catalogue import Channel, MessageTemplate, register

CONSENT_REQUEST_EMAIL = register(
    MessageTemplate(
        key="consent_request_email",
        channel=Channel.EMAIL,
        subject="Can ((child)) take part in ((programme))?",
        body=(
            "Dear parent or carer,\n\n"
            "((school)) is running ((programme)) and ((child)) has chosen to apply.\n\n"
            "Please read about it and say yes or no here: ((link))\n\n"
            "It takes a minute and you do not need an account. If you would rather reply on "
            "paper, ask the school for a reply slip.\n\n"
            "((school))"
        ),
        description="Asks a parent for consent, with the short link to their reply page.",
    )
)

CONSENT_REQUEST_SMS = register(
    MessageTemplate(
        key="consent_request_sms",
        channel=Channel.SMS,
        body=(
            "((school)): ((child)) has applied to ((programme)). Please say yes or no here: "
            "((link))"
        ),
        description="Asks a parent for consent by text, with the short link.",
    )
)

CONSENT_REMINDER_EMAIL = register(
    MessageTemplate(
        key="consent_reminder_email",
        channel=Channel.EMAIL,
        subject="Reminder: can ((child)) take part in ((programme))?",
        body=(
            "Dear parent or carer,\n\n"
            "We have not had your reply about ((child)) taking part in ((programme)) at "
            "((school)).\n\n"
            "Please say yes or no here: ((link))\n\n"
            "((school))"
        ),
        description="Reminds a parent who has not answered a consent request.",
    )
)

CONSENT_REMINDER_SMS = register(
    MessageTemplate(
        key="consent_reminder_sms",
        channel=Channel.SMS,
        body=(
            "((school)): a reminder to say yes or no to ((child)) taking part in ((programme)): "
            "((link))"
        ),
        description="Reminds a parent by text who has not answered a consent request.",
    )
)
