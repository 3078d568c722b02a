"""Consent by text message and email, as people live it, in real Chromium with axe-core.

The careers leader types a parent's mobile (a wrong number first), sends the request, sees it
delivered (the local back end records the message); the parent opens the short link on a
phone-sized screen and says yes; the careers leader sees "Consent given"; a week later the
retention task deletes the number. A contacts file is uploaded (with a wrong row first),
reminders go to parents who have not answered, and the letters page shows the QR codes.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from horizons.messaging.backends import local
from horizons.messaging.models import Message
from horizons.programmes import services_retention
from horizons.programmes.models import Cohort, Consent, ParentContact, Pupil
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]

TABLET = {"width": 1024, "height": 768}
IPHONE = {"width": 390, "height": 844}


def _waiting_pupils(count: int) -> list[Pupil]:
    """Children of the running demo class who applied and whose parent has not replied."""
    cohort = Cohort.objects.get(status=Cohort.Status.RUNNING)
    chosen = list(cohort.pupils.filter(consent__parent_consent="granted").order_by("-pk")[:count])
    for pupil in chosen:
        Consent.objects.filter(pk=pupil.pk).update(
            parent_consent="pending",
            method="",
            recorded_by=None,
            recorded_at=None,
            applied_at=timezone.now(),
        )
        pupil.answers.all().delete()
        pupil.reflections.all().delete()
    return [Pupil.objects.select_related("consent", "cohort").get(pk=p.pk) for p in chosen]


def _no_sideways_scroll(page, label: str) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2, f"{label}: scrolls sideways by {overflow}px"


def test_a_text_message_request_answered_on_a_phone(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    (pupil,) = _waiting_pupils(1)
    cohort = pupil.cohort
    base = demo_site.url
    local.outbox.clear()
    lead = new_page(**TABLET)
    sign_in(lead, base, "lead@horizons.test")
    lead.goto(f"{base}/programmes/cohorts/{cohort.pk}/consent/")
    check_accessibility(lead, "consent page")
    lead.click('a:has-text("Add or change parents\' contacts")')
    check_accessibility(lead, "parents' contacts")

    # A wrong number: nothing saved, the number stays in the box, the row says what to fix.
    lead.fill(f"#mobile-{pupil.pk}", "0770 090")
    lead.click("button:has-text('Save contacts')")
    summary = lead.inner_text("#contact-problems")
    assert "Nothing was saved" in summary and "has 7 digits" in summary
    assert re.search(r"Row \d+: " + re.escape(pupil.display_name), summary)
    assert lead.input_value(f"#mobile-{pupil.pk}") == "0770 090"
    check_accessibility(lead, "parents' contacts with a wrong number")
    assert not ParentContact.objects.filter(pk=pupil.pk).exists()

    lead.fill(f"#mobile-{pupil.pk}", "07700 900123")
    lead.click("button:has-text('Save contacts')")
    lead.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/consent/")
    assert "Parents' contacts saved: 1 added." in lead.inner_text(".govuk-notification-banner")
    assert ParentContact.objects.get(pk=pupil.pk).mobile == "+447700900123"

    # Send: the child is ticked by default; the local back end records the text at once.
    assert lead.is_checked(f"#send-{pupil.pk}")
    lead.click("button:has-text('Send requests')")
    lead.wait_for_selector("text=Sent 1 message to the parents of 1 child.")
    check_accessibility(lead, "consent page after sending")
    status = lead.inner_text(f"#consent-row-{pupil.pk} .hz-request-status")
    assert "Text to …123" in status and "Delivered" in status
    message = Message.objects.get(about_id=pupil.pk, template="consent_request_sms")
    assert message.status == "delivered" and message.recipient == "+447700900123"
    (sent,) = [m for m in local.outbox if m.recipient == "+447700900123"]
    link = re.search(r"(http://\S+/c/[A-Z0-9]{10}/)", sent.body)
    assert link is not None

    # The parent taps the short link on a phone.
    phone = new_page(**IPHONE)
    phone.goto(link.group(1))
    assert "/programmes/consent/" in phone.url
    check_accessibility(phone, "parent's page on a phone")
    _no_sideways_scroll(phone, "parent's page on a phone")
    button = phone.locator("main button[type=submit]").bounding_box()
    # The answer button spans the phone's width (GOV.UK buttons do on a small screen).
    assert button is not None and button["width"] >= 340 and button["height"] >= 36
    # GOV.UK radios: each choice is a 44 × 44 px target (the input laid over its circle).
    radios = phone.locator("main input[name=answer]").all()
    assert len(radios) == 2
    for radio in radios:
        box = radio.bounding_box()
        assert box is not None and box["height"] >= 40 and box["width"] >= 40
    phone.check("input[name=answer][value=yes]")
    phone.click("main button[type=submit]")
    phone.wait_for_selector("#consent-confirmation")
    assert "You said yes" in phone.inner_text("#consent-confirmation")
    check_accessibility(phone, "consent given on a phone")
    _no_sideways_scroll(phone, "consent given on a phone")

    lead.reload()
    assert "Consent given" in lead.inner_text(f"#consent-row-{pupil.pk} .hz-request-status")

    # The number is kept a week after the answer, then the retention task deletes it.
    assert services_retention.retention_apply().parent_contacts_deleted == 0
    Consent.objects.filter(pk=pupil.pk).update(recorded_at=timezone.now() - timedelta(days=8))
    assert services_retention.retention_apply().parent_contacts_deleted >= 1
    assert not ParentContact.objects.filter(pk=pupil.pk).exists()
    lead.goto(f"{base}/programmes/cohorts/{cohort.pk}/consent/contacts/")
    assert lead.input_value(f"#mobile-{pupil.pk}") == ""
    assert not lead.console_errors and not phone.console_errors


def test_a_contacts_file_reminders_and_the_letters(demo_site, new_page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first, second = _waiting_pupils(2)
    cohort = first.cohort
    base = demo_site.url
    lead = new_page(**TABLET)
    sign_in(lead, base, "lead@horizons.test")
    lead.goto(f"{base}/programmes/cohorts/{cohort.pk}/consent/contacts/")

    bad = tmp_path / "contacts.csv"
    bad.write_text(
        "First name,Surname initial,Email\n"
        f"{first.first_name},{first.last_initial},parent-at-home\n"
        "Nobody,Z,nobody@example.org\n"
    )
    lead.set_input_files("#id_file", str(bad))
    lead.click("button:has-text('Upload contacts')")
    problems = lead.inner_text("#contact-problems")
    assert "Row 2:" in problems and "is not an email address" in problems
    assert "Row 3: No child in" in problems
    check_accessibility(lead, "contacts file with problems")
    assert not ParentContact.objects.filter(pk__in=[first.pk, second.pk]).exists()

    good = tmp_path / "contacts-fixed.csv"
    good.write_text(
        "First name,Surname initial,Class,Email\n"
        f"{first.first_name},{first.last_initial},{first.class_name},first.parent@example.org\n"
        f"{second.first_name},{second.last_initial},{second.class_name},second.parent@example.org\n"
    )
    lead.set_input_files("#id_file", str(good))
    lead.click("button:has-text('Upload contacts')")
    lead.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/consent/")
    assert "2 added" in lead.inner_text(".govuk-notification-banner")

    lead.click("button:has-text('Send requests')")
    lead.wait_for_selector("text=to the parents of")
    # Four days later one parent still has not answered: only they are reminded.
    Consent.objects.filter(pk__in=[first.pk, second.pk]).update(
        last_requested_at=timezone.now() - timedelta(days=4)
    )
    Consent.objects.filter(pk=second.pk).update(
        parent_consent="granted", method="paper", recorded_at=timezone.now()
    )
    lead.reload()
    lead.click("button:has-text('Remind parents who have not answered')")
    lead.wait_for_selector("text=Reminded 1 message to the parents of 1 child.")
    check_accessibility(lead, "consent page after reminders")
    reminder = Message.objects.get(about_id=first.pk, template="consent_reminder_email")
    assert reminder.recipient == "first.parent@example.org"

    lead.goto(f"{base}/programmes/cohorts/{cohort.pk}/letters/")
    check_accessibility(lead, "letters with QR codes")
    assert lead.locator("img.hz-letter__qr").count() >= 2

    anyone = new_page(**IPHONE)
    response = anyone.goto(f"{base}/c/BBBBBBBBBB/")
    assert response is not None and response.status == 404
    check_accessibility(anyone, "short link not found")
    _no_sideways_scroll(anyone, "short link not found")
