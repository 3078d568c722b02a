"""The GOV.UK Notify back end against a local fake Notify over real HTTP: each channel, Notify's
refusals in its own words, rate limits and outages retried, nothing sent twice, and delivery
receipts (callbacks and polling) recorded."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from horizons.messaging import catalogue, delivery, services
from horizons.messaging.catalogue import Channel, MessageTemplate
from horizons.messaging.models import Message
from tests.messaging.fake_notify import API_KEY, FakeNotify
from tests.programmes.fake_http import serve

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "test_notify_email": MessageTemplate(
        key="test_notify_email",
        channel=Channel.EMAIL,
        subject="Booked: ((event))",
        body="Your place at ((event)) is booked.\n\nAdd it to your calendar: ((link_to_file))",
    ),
    "test_notify_text": MessageTemplate(
        key="test_notify_text", channel=Channel.SMS, body="Please reply to ((school)) by Friday."
    ),
    "test_notify_letter": MessageTemplate(
        key="test_notify_letter",
        channel=Channel.LETTER,
        subject="Consent for ((child))",
        body="Please return the slip for ((child)).",
    ),
}
for _template in TEMPLATES.values():
    catalogue.register(_template)

CALLBACK_TOKEN = "callback-token-0123456789abcdef"


@pytest.fixture
def notify(settings):
    with serve(FakeNotify()) as fake:
        assert isinstance(fake, FakeNotify)
        ids = {
            key: fake.add_template(t.channel.value, t.body, t.subject)
            for key, t in TEMPLATES.items()
        }
        settings.HORIZONS_MESSAGING_BACKEND = "notify"
        settings.HORIZONS_NOTIFY_API_KEY = API_KEY
        settings.HORIZONS_NOTIFY_BASE_URL = fake.base_url
        settings.HORIZONS_NOTIFY_TEMPLATES = ids
        settings.HORIZONS_NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
        settings.HORIZONS_NOTIFY_TIMEOUT = 5
        yield fake


def _send(template: str, to: str, **fields: str) -> Message:
    attachments = fields.pop("_ics", None)
    message = services.send(
        template=template,
        to=to,
        personalisation=fields,
        attachments=[{"filename": "event.ics", "content": attachments, "mimetype": "text/calendar"}]
        if attachments
        else (),
    )
    delivery.deliver(message.pk)
    message.refresh_from_db()
    return message


def test_an_email_goes_to_notify_with_our_reference_and_the_ics_as_a_file_link(notify, settings):
    message = _send(
        "test_notify_email", "lead@example.org", event="Meet a vet", _ics="BEGIN:VCALENDAR"
    )
    assert message.status == Message.Status.SENDING
    (posted,) = notify.sent
    assert posted["email_address"] == "lead@example.org"
    assert posted["reference"] == str(message.reference)
    assert posted["template_id"] == settings.HORIZONS_NOTIFY_TEMPLATES["test_notify_email"]
    upload = posted["personalisation"]["link_to_file"]
    assert upload["filename"] == "event.ics" and upload["file"]
    held = notify.notifications[message.provider_id]
    assert held["subject"] == "Booked: Meet a vet"
    assert "Add it to your calendar: https://documents.service.gov.uk/d/" in held["body"]


def test_a_text_and_a_letter_go_to_notify(notify):
    text = _send("test_notify_text", "07700 900123", school="Felling Primary")
    assert text.status == Message.Status.SENDING
    assert (
        notify.notifications[text.provider_id]["body"]
        == "Please reply to Felling Primary by Friday."
    )
    assert notify.sent[0]["phone_number"] == "+447700900123"

    letter = _send("test_notify_letter", "A Parent\n1 High Street\nGateshead\nNE8 1AA", child="Sam")
    assert letter.status == Message.Status.SENDING
    fields = notify.sent[1]["personalisation"]
    assert [fields[f"address_line_{n}"] for n in range(1, 5)] == [
        "A Parent",
        "1 High Street",
        "Gateshead",
        "NE8 1AA",
    ]
    assert "address_line_5" not in fields
    assert notify.notifications[letter.provider_id]["status"] == "accepted"


def test_an_invalid_number_is_rejected_with_notifys_words_and_not_retried(notify, monkeypatch):
    # Our own check passes this number; Notify still refuses it (say its rules were stricter).
    monkeypatch.setattr(
        "horizons.messaging.addresses.normalise_mobile", lambda raw: "+44770090012x"
    )
    message = _send("test_notify_text", "07700 900123", school="Felling")
    assert message.status == Message.Status.REJECTED
    assert message.last_error == "phone_number Must not contain letters or symbols"
    assert message.personalisation == {}
    assert delivery.deliver(message.pk).attempts == 1  # never tried again


def test_a_template_without_a_notify_id_is_rejected_with_what_to_set(notify, settings):
    settings.HORIZONS_NOTIFY_TEMPLATES = {}
    message = _send("test_notify_text", "07700900123", school="Felling")
    assert message.status == Message.Status.REJECTED
    assert "HORIZONS_NOTIFY_TEMPLATES" in message.last_error
    assert notify.sent == []


def test_a_missing_placeholder_in_notifys_template_is_rejected_in_its_words(notify):
    # Notify's copy of the template asks for more than ours (someone edited it in Notify).
    notify.templates[next(iter(notify.templates))] = ("email", "Booked: ((event))", "((room))")
    message = _send("test_notify_email", "lead@example.org", event="Meet a vet", _ics="BEGIN")
    assert message.status == Message.Status.REJECTED
    assert message.last_error == "Missing personalisation: room"


def test_a_wrong_api_key_is_rejected_saying_so(notify, settings):
    settings.HORIZONS_NOTIFY_API_KEY = API_KEY[:-4] + "0000"
    message = _send("test_notify_text", "07700900123", school="Felling")
    assert message.status == Message.Status.REJECTED
    assert "refused the API key" in message.last_error
    assert "HORIZONS_NOTIFY_API_KEY" in message.last_error


def test_rate_limited_then_accepted_is_delivered_once(notify):
    notify.faults = [429]
    message = _send("test_notify_text", "07700900123", school="Felling")
    assert message.status == Message.Status.RETRYING
    assert "rate limit" in message.last_error
    assert message.next_attempt_at >= timezone.now() + timedelta(seconds=25)  # ≥ Retry-After
    assert notify.sent == []

    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert delivery.deliver_due() == 1
    delivery.deliver(message.pk)  # a second worker: nothing to do
    message.refresh_from_db()
    assert message.status == Message.Status.SENDING and message.attempts == 2
    assert len(notify.sent) == 1
    notify.set_status(message.provider_id, "delivered")
    call_command("messages_poll", "--older-than", "0")
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED


@pytest.mark.parametrize("fault", [500, 503])
def test_notify_down_is_retried_later(notify, fault):
    notify.faults = [fault]
    message = _send("test_notify_text", "07700900123", school="Felling")
    assert message.status == Message.Status.RETRYING
    assert f"({fault})" in message.last_error
    assert message.personalisation == {"school": "Felling"}  # kept until it is sent


def test_notify_unreachable_is_retried_later(settings):
    settings.HORIZONS_MESSAGING_BACKEND = "notify"
    settings.HORIZONS_NOTIFY_API_KEY = API_KEY
    settings.HORIZONS_NOTIFY_BASE_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.HORIZONS_NOTIFY_TEMPLATES = {"test_notify_text": "x"}
    message = _send("test_notify_text", "07700900123", school="Felling")
    assert message.status == Message.Status.RETRYING


def test_a_time_out_after_notify_accepted_is_not_sent_twice(notify, settings):
    """Notify accepted the message but the answer never arrived: the retry finds it by our
    reference and adopts it instead of sending a second text."""
    settings.HORIZONS_NOTIFY_TIMEOUT = 0.3
    notify.slow_after_accept = 1.0
    message = _send("test_notify_text", "07700900123", school="Felling")
    assert message.status == Message.Status.RETRYING
    assert len(notify.sent) == 1

    notify.slow_after_accept = 0
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.status == Message.Status.SENDING
    assert len(notify.sent) == 1
    assert message.provider_id == next(iter(notify.notifications))


def test_a_worker_that_stopped_mid_send_is_recovered_without_a_second_send(notify):
    message = _send("test_notify_text", "07700900123", school="Felling")
    provider_id = message.provider_id
    # As if the worker had stopped after Notify accepted, before recording the answer (which
    # is also when the personalisation would have been dropped).
    Message.objects.filter(pk=message.pk).update(
        provider_id="",
        status_at=timezone.now() - timedelta(hours=1),
        personalisation={"school": "Felling"},
    )
    call_command("messages_poll", "--older-than", "30")
    message.refresh_from_db()
    assert message.status == Message.Status.RETRYING
    delivery.deliver(message.pk)
    message.refresh_from_db()
    assert message.provider_id == provider_id
    assert message.status == Message.Status.SENDING and message.personalisation == {}
    assert len(notify.sent) == 1


def test_the_callback_records_delivery(notify, client):
    message = _send("test_notify_text", "07700900123", school="Felling")
    notify.set_status(message.provider_id, "permanent-failure")
    response = client.post(
        reverse("messaging:notify_callback"),
        data=json.dumps(notify.receipt(message.provider_id)),
        content_type="application/json",
        headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"},
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == Message.Status.PERMANENT_FAILURE
    assert message.failed


@pytest.mark.parametrize("authorization", ["", "Bearer wrong-token", CALLBACK_TOKEN])
def test_a_callback_without_the_right_token_is_refused(notify, client, authorization):
    message = _send("test_notify_text", "07700900123", school="Felling")
    notify.set_status(message.provider_id, "delivered")
    headers = {"Authorization": authorization} if authorization else {}
    response = client.post(
        reverse("messaging:notify_callback"),
        data=json.dumps(notify.receipt(message.provider_id)),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == Message.Status.SENDING


def test_callbacks_are_refused_when_no_token_is_configured(client, settings):
    settings.HORIZONS_NOTIFY_CALLBACK_TOKEN = ""
    response = client.post(
        reverse("messaging:notify_callback"),
        data="{}",
        content_type="application/json",
        headers={"Authorization": "Bearer "},
    )
    assert response.status_code == 403


def test_a_callback_that_is_not_a_receipt_is_a_400(client, settings):
    settings.HORIZONS_NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
    auth = {"Authorization": f"Bearer {CALLBACK_TOKEN}"}
    url = reverse("messaging:notify_callback")
    assert (
        client.post(url, "not json", content_type="application/json", headers=auth).status_code
        == 400
    )
    unknown = client.post(
        url,
        json.dumps({"id": "x", "reference": "not-a-uuid", "status": "delivered"}),
        content_type="application/json",
        headers=auth,
    )
    assert unknown.status_code == 200 and unknown.json() == {"recorded": False}


def test_polling_asks_only_about_messages_sending_for_a_while(notify):
    fresh = _send("test_notify_text", "07700900123", school="Felling")
    old = _send("test_notify_text", "07700900124", school="Felling")
    Message.objects.filter(pk=old.pk).update(status_at=timezone.now() - timedelta(hours=2))
    notify.set_status(fresh.provider_id, "delivered")
    notify.set_status(old.provider_id, "temporary-failure")
    call_command("messages_poll")
    fresh.refresh_from_db()
    old.refresh_from_db()
    assert fresh.status == Message.Status.SENDING  # not asked yet: too recent
    assert old.status == Message.Status.TEMPORARY_FAILURE


def test_the_fake_refuses_a_token_for_another_service(notify):
    from notifications_python_client import NotificationsAPIClient
    from notifications_python_client.errors import HTTPError

    other = "other-" + "0" * 36 + "-" + API_KEY[-36:]
    client = NotificationsAPIClient(other, base_url=notify.base_url)
    with pytest.raises(HTTPError) as raised:
        client.get_notification_by_id("x")
    assert raised.value.status_code == 403


def test_the_cron_commands_send_what_is_due_and_poll(notify, capsys):
    notify.faults = [503]
    message = _send("test_notify_text", "07700900123", school="Felling")
    assert message.status == Message.Status.RETRYING
    call_command("messages_send_due")
    assert "0 messages due" in capsys.readouterr().out  # not yet: it waits its back-off
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    call_command("messages_send_due")
    assert "1 message due" in capsys.readouterr().out
    message.refresh_from_db()
    notify.set_status(message.provider_id, "delivered")

    from horizons.messaging.tasks import poll_message_statuses

    assert poll_message_statuses.enqueue(0).return_value == {"changed": 1, "requeued": 0}
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED
