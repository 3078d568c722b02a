"""Every email, text message and letter Horizons sends goes through this app.

How to send (from any app's services):

    from horizons.messaging import services as messaging
    messaging.send(
        template="booking_confirmed",          # a key registered in a `message_templates.py`
        to="head@school.example",             # email, UK mobile or postal address lines
        personalisation={"event": "Meet a vet", "when": "Tue 2 March, 09:30"},
        about=booking,                          # the object the message is about (optional)
        school=booking.school, hub=None,        # who may see its delivery status
        idempotency_key=f"booking:{booking.pk}:confirmed",  # the same key is never sent twice
    )

`send` checks the address and the placeholders at once (a `MessagingError` says what to fix),
records a `Message` and queues its delivery for after the transaction commits. Delivery goes
through the configured back end (`HORIZONS_MESSAGING_BACKEND`: "local" sends email through
Django's EMAIL_BACKEND and logs texts and letters; "notify" uses GOV.UK Notify). Temporary
failures are retried with back-off; the `Message` row always says where a message stands.

Templates are declared in each app's `message_templates.py` (found when Django starts), in
Notify's own syntax: ((placeholder)). The same text is pasted into Notify's template and its
id set in HORIZONS_NOTIFY_TEMPLATES, so development and production say the same words.

Email attachments (a booking's .ics) fill the template's ((link_to_file)): attached locally, a
download link with Notify. Delivery status is shown on /messaging/ and, on any page, with
{% include "messaging/_status.html" with message=m %}. Settings, receipts, retries and the
template texts for Notify: docs/messaging.md.
"""
