"""The messaging service: what is refused before anything is recorded, what is sent once, and
how failures are retried and recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from horizons.messaging import catalogue, delivery, services
from horizons.messaging.backends import Accepted, Outgoing, Rejected, TemporaryFailure, local
from horizons.messaging.catalogue import Channel, MessageTemplate
from horizons.messaging.models import Message

pytestmark = pytest.mark.django_db

catalogue.register(
    MessageTemplate(
        key="test_hello",
        channel=Channel.EMAIL,
        subject="Hello ((name))",
        body="Your session ((session)) is booked.",
    )
)
catalogue.register(
    MessageTemplate(key="test_text", channel=Channel.SMS, body="Reply to ((school)) by Friday.")
)


class ScriptedBackend:
    """Answers each send with the next item of `script`: an exception or a provider id."""

    script: list[object] = []
    sent: list[Outgoing] = []

    def send(self, message: Outgoing) -> Accepted:
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        self.sent.append(message)
        return Accepted(provider_id=str(step))

    def status(self, provider_id: str) -> str | None:
        return None


@pytest.fixture
def scripted(settings):
    settings.HORIZONS_MESSAGING_BACKEND = f"{__name__}.ScriptedBackend"
    ScriptedBackend.script = []
    ScriptedBackend.sent = []
    return ScriptedBackend


def test_an_email_is_recorded_sent_once_and_its_personal_details_dropped(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.send(
            template="test_hello",
            to="Parent@Example.ORG",
            personalisation={"name": "Sam", "session": "Meet a vet"},
            idempotency_key="k1",
        )
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED
    assert message.recipient == "Parent@example.org"
    assert message.personalisation == {}
    assert [m.subject for m in mail.outbox] == ["Hello Sam"]
    assert mail.outbox[0].body == "Your session Meet a vet is booked."

    with django_capture_on_commit_callbacks(execute=True):
        again = services.send(
            template="test_hello",
            to="parent@example.org",
            personalisation={"name": "Sam", "session": "Meet a vet"},
            idempotency_key="k1",
        )
    assert again.pk == message.pk
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("template", "to", "personalisation", "says"),
    [
        ("test_hello", "parent@example.org", {"name": "Sam"}, "needs session"),
        ("test_text", "01632 960123", {"school": "Benwell"}, "not a UK mobile"),
        ("test_text", "07700 9001", {"school": "Benwell"}, "a UK mobile number has 11"),
        ("test_hello", "not-an-address", {"name": "S", "session": "x"}, "not an email address"),
        ("no_such", "a@b.org", {}, "no message template called"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_recorded(
    template, to, personalisation, says
):
    with pytest.raises(services.MessagingError, match=says):
        services.send(template=template, to=to, personalisation=personalisation)
    assert not Message.objects.exists()


def test_a_text_goes_to_a_normalised_mobile_number(django_capture_on_commit_callbacks):
    local.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.send(
            template="test_text", to="+44 7700-900 123", personalisation={"school": "Benwell"}
        )
    assert message.recipient == "+447700900123"
    assert [m.body for m in local.outbox] == ["Reply to Benwell by Friday."]


def test_a_rate_limited_message_waits_and_is_sent_once_when_due(scripted):
    scripted.script = [TemporaryFailure("429 rate limit", retry_after=90), "notify-1"]
    message = services.send(
        template="test_text", to="07700900123", personalisation={"school": "Benwell"}
    )
    delivery.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Message.Status.RETRYING
    assert message.attempts == 1
    assert message.next_attempt_at >= timezone.now() + timedelta(seconds=85)
    assert delivery.deliver_due() == 0 and scripted.sent == []

    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    delivery.deliver_due()
    delivery.deliver(message.pk)  # a second worker picking it up again sends nothing
    message.refresh_from_db()
    assert message.status == Message.Status.SENDING
    assert message.provider_id == "notify-1"
    assert len(scripted.sent) == 1


def test_a_message_refused_by_the_provider_is_not_retried(scripted):
    scripted.script = [Rejected("Not a valid mobile number")]
    message = services.send(
        template="test_text", to="07700900123", personalisation={"school": "Benwell"}
    )
    delivery.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Message.Status.REJECTED
    assert message.last_error == "Not a valid mobile number"
    assert message.personalisation == {}


def test_repeated_temporary_failures_end_as_a_technical_failure(scripted):
    scripted.script = [TemporaryFailure("503")] * 8
    message = services.send(
        template="test_text", to="07700900123", personalisation={"school": "Benwell"}
    )
    for _ in range(8):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=None)
        delivery.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Message.Status.TECHNICAL_FAILURE
    assert message.attempts == 8


def test_a_late_sending_callback_does_not_undo_delivered(scripted):
    scripted.script = ["notify-9"]
    message = services.send(
        template="test_text", to="07700900123", personalisation={"school": "Benwell"}
    )
    delivery.deliver(message.pk)
    assert delivery.status_record(provider_id="notify-9", word="delivered").status == "delivered"
    assert delivery.status_record(provider_id="notify-9", word="sending").status == "delivered"
    assert delivery.status_record(provider_id="unknown", word="delivered") is None
