"""Volunteers kept in the loop, in real Chromium with axe-core on every page: the facilitator's
"at risk" list (send again, fill a place someone gave up), the careers leader seeing who has
confirmed, and the volunteer answering on "My sessions" and by the signed link without signing
in (a second tap says it is already done). The demo's December event is the one at risk."""

import pytest

from tests.browser.conftest import check_accessibility, sign_in

# The pages write data, and one test makes a signed link itself: outside a per-test transaction.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


def test_facilitator_sends_again_and_fills_the_place(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "facilitator@horizons.test")
    page.click("a[href='/encounters/volunteers-at-risk/']")
    page.wait_for_selector("h1:has-text('Volunteers at risk')")
    check_accessibility(page, "volunteers at risk")
    table = page.inner_text("table")
    for label in ("Cannot come: place open", "Message not delivered", "Has not confirmed"):
        assert label in table
    assert "Called to a site inspection that morning" in table
    # Send again to the volunteer whose text did not arrive.
    row = page.locator("tr:has(.govuk-tag:has-text('Message not delivered'))").first
    name = row.locator("td").nth(1).inner_text().split("\n")[0].strip()
    row.locator("button:has-text('Send again')").click()
    page.wait_for_selector(f"text=Asked {name} again to confirm")
    check_accessibility(page, "volunteers at risk after sending again")
    # Fill the open place from the event page.
    page.click("a:has-text('Fill the place')")
    page.wait_for_selector("h3#volunteers")
    check_accessibility(page, "event page with an open place")
    page.click("button:has-text('Fill the place')")  # nobody chosen yet
    page.wait_for_selector("text=Choose a volunteer from the list")
    options = page.locator("#id_volunteer option").all_inner_texts()
    chosen = options[1]
    page.select_option("#id_volunteer", label=chosen)
    page.click("button:has-text('Fill the place')")
    page.wait_for_selector("text=is now down to help")
    assert "Cannot come: place open" not in page.inner_text("[data-confirmations]")
    assert chosen.split(",")[0].split(" ")[0] in page.inner_text("[data-confirmations]")
    check_accessibility(page, "event page after filling the place")
    assert not page.console_errors, page.console_errors


def test_careers_leader_sees_who_has_confirmed(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "lead@horizons.test")
    page.goto(_december_event_url(base))
    confirmations = page.inner_text("[data-confirmations]")
    assert "Not confirmed yet" in confirmations
    assert "@" not in confirmations and "07700" not in confirmations  # no contact details
    check_accessibility(page, "event page (careers leader)")
    assert not page.console_errors, page.console_errors


def test_volunteer_confirms_on_my_sessions(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "volunteer@horizons.test")
    page.click("nav >> text=My sessions")
    page.wait_for_selector("text=Please confirm")
    check_accessibility(page, "my sessions, to confirm")
    page.locator('button:has-text("Yes, I\'ll be there")').first.click()
    page.wait_for_selector("text=you have confirmed you will be at")
    assert page.locator(".govuk-tag:has-text('Confirmed')").count() >= 1
    check_accessibility(page, "my sessions, confirmed")
    assert not page.console_errors, page.console_errors


def test_volunteer_gives_a_mobile_for_text_reminders(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "volunteer@horizons.test")
    page.click("nav >> text=My profile")
    page.click("a:has-text('Change profile')")
    page.fill("#id_mobile", "0191 496 0000")
    page.click("button:has-text('Save profile')")
    page.wait_for_selector(".govuk-error-summary")
    assert "not a UK mobile number" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_mobile") == "0191 496 0000"
    check_accessibility(page, "profile form with a landline")
    page.fill("#id_mobile", "07700 900123")
    page.click("button:has-text('Save profile')")
    page.wait_for_selector("text=Profile saved.")
    assert not page.console_errors, page.console_errors


def test_volunteer_cannot_come_by_the_link_without_signing_in(demo_site, new_page):  # type: ignore[no-untyped-def]
    from horizons.encounters import volunteer_messages
    from horizons.encounters.models import EventVolunteer, VolunteerDropOut

    link = (
        EventVolunteer.objects.filter(volunteer__user__email="volunteer@horizons.test")
        .select_related("event", "volunteer")
        .order_by("event__date")
        .filter(event__date__gte=_today())
        .first()
    )
    assert link is not None
    url = volunteer_messages.reply_link(link.event, link.volunteer, "no")
    url = demo_site.url + url[url.index("/encounters/") :]
    page = new_page(390, 844)  # a phone, from the text message
    page.goto(url)
    page.wait_for_selector("h1")
    assert page.locator("details[open]").count() == 1  # "I can't make it" already open
    check_accessibility(page, "reply page (phone)")
    page.fill("#id_reason", "My train is cancelled")
    page.click("button.govuk-button--warning")
    page.wait_for_selector("text=Your place is open again")
    check_accessibility(page, "reply page after dropping out")
    assert VolunteerDropOut.objects.filter(event=link.event, volunteer=link.volunteer).exists()
    page.goto(url)
    page.wait_for_selector("text=Already done")
    check_accessibility(page, "reply page, already done")
    assert not page.console_errors, page.console_errors


def _today():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.localdate()


def _december_event_url(base):  # type: ignore[no-untyped-def]
    from horizons.encounters.models import VolunteerDropOut

    event_id = VolunteerDropOut.objects.order_by("pk").values_list("event_id", flat=True).first()
    assert event_id is not None
    return f"{base}/encounters/events/{event_id}/"
