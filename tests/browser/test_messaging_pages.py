"""The Messages pages in real Chromium on a tablet: a careers leader finds the message that did
not arrive (filter "Not delivered"), opens it and reads why; Notify's delivery receipt (posted
by the fake Notify over HTTP) turns a "Sending" message into "Delivered"; a receipt without the
right token is refused. Every page passes axe-core."""

from __future__ import annotations

import json

import pytest

from horizons.accounts.models import Membership, Role
from horizons.messaging.models import Message
from tests.browser.conftest import check_accessibility, sign_in
from tests.messaging.fake_notify import FakeNotify

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]

TOKEN = "browser-callback-token-5f2a9c"


def _messages_for_the_leads_school() -> tuple[Message, Message]:
    school = Membership.objects.get(
        user__email="lead@horizons.test", role=Role.CAREERS_LEADER
    ).school
    bounced = Message.objects.create(
        channel="sms",
        template="account_email",
        recipient="+447700900123",
        school=school,
        status=Message.Status.PERMANENT_FAILURE,
        last_error="The phone number does not exist",
        provider_id="b5c9d2a0-0000-4000-8000-000000000001",
    )
    sending = Message.objects.create(
        channel="email",
        template="account_email",
        recipient="parent.carer@example.org",
        school=school,
        status=Message.Status.SENDING,
        provider_id="b5c9d2a0-0000-4000-8000-000000000002",
    )
    return bounced, sending


def test_a_careers_leader_sees_which_messages_did_not_arrive(demo_site, new_page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HORIZONS_NOTIFY_CALLBACK_TOKEN = TOKEN
    bounced, sending = _messages_for_the_leads_school()
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.click("nav a:has-text('Messages')")
    page.wait_for_url(f"{base}/messaging/")
    check_accessibility(page, "messages")
    assert "p…@example.org" in page.inner_text("main")
    assert "parent.carer@example.org" not in page.content()

    page.click("main nav a:has-text('Not delivered')")
    page.wait_for_url(f"{base}/messaging/?show=not_delivered")
    check_accessibility(page, "messages not delivered")
    rows = page.locator("main tbody tr")
    assert "Not delivered: address does not exist" in rows.first.inner_text()
    assert f"/messaging/{sending.pk}/" not in page.content()

    page.click(f"a[href='/messaging/{bounced.pk}/']")
    check_accessibility(page, "message detail")
    assert "The phone number does not exist" in page.inner_text("main")
    assert "…123" in page.inner_text("main")

    # A receipt without the right token, from the browser itself: refused.
    status = page.evaluate(
        """async (body) => (await fetch('/messaging/notify/callback/', {
            method: 'POST', headers: {'Content-Type': 'application/json',
            'Authorization': 'Bearer not-the-token'}, body})).status""",
        json.dumps({"id": sending.provider_id, "reference": "", "status": "delivered"}),
    )
    assert status == 403
    sending.refresh_from_db()
    assert sending.status == Message.Status.SENDING

    # Notify's receipt, over HTTP with the right token: the page now says Delivered.
    notify = FakeNotify()
    notify.notifications[sending.provider_id] = {
        "id": sending.provider_id,
        "reference": str(sending.reference),
        "to": sending.recipient,
        "type": "email",
        "status": "sending",
        "template": {"id": "t"},
        "created_at": "2026-12-04T21:00:00.000000Z",
    }
    answer = notify.send_callback(
        f"{base}/messaging/notify/callback/", TOKEN, sending.provider_id, "delivered"
    )
    assert answer == 200
    page.goto(f"{base}/messaging/{sending.pk}/")
    check_accessibility(page, "message detail, delivered")
    assert "Delivered" in page.inner_text("main dl")
