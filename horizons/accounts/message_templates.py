"""The messages the accounts app sends (see horizons/messaging and docs/messaging.md)."""

from horizons.messaging.catalogue import Channel, MessageTemplate, register

INVITATION = register(
    MessageTemplate(
        key="account_invitation",
        channel=Channel.EMAIL,
        description="Invitation to join Horizons",
        subject="You are invited to join ((organisation)) on Horizons",
        body=(
            "Hello,\n\n"
            "((invited_by)) has invited you to join ((organisation)) on Horizons as a ((role)).\n\n"
            "Horizons helps primary schools, careers hubs and employers widen children's "
            "horizons.\n\n"
            "Accept the invitation and choose a password here:\n((link))\n\n"
            "The link works once and expires on ((expires_on)).\n\n"
            "If you were not expecting this, you can ignore this email.\n\n"
            "Horizons"
        ),
    )
)

# Sign-in emails written by django-allauth (password reset, confirming a new address, security
# notices): allauth renders subject and text from its templates (ours override some in
# horizons/templates/account/email/), and one Notify template carries them. One template, not
# one per allauth prefix, so a new allauth email needs no new Notify template.
ACCOUNT_EMAIL = register(
    MessageTemplate(
        key="account_email",
        channel=Channel.EMAIL,
        description="Sign-in and account email",
        subject="((subject))",
        body="((body))",
    )
)
