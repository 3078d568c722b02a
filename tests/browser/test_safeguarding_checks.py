"""Safeguarding checks in real Chromium, with axe-core on every page: the employer coordinator
records a check (bad input first), the facilitator sets how long checks last, and the volunteer
sees their status but cannot change it."""

import pytest

from tests.browser.conftest import check_accessibility, sign_in

# These tests set some data up themselves, so they run outside a per-test transaction.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


def test_coordinator_records_a_check(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "employer@horizons.test")
    page.click("nav >> text=Safeguarding checks")
    page.wait_for_selector("h1:has-text('Safeguarding checks')")
    check_accessibility(page, "safeguarding checks (coordinator)")
    link = page.locator("a:has-text('Record a check')").first
    name = link.locator(".govuk-visually-hidden").inner_text().replace("for", "", 1).strip()
    link.click()
    page.wait_for_selector("h1:has-text('Record a safeguarding check')")
    check_accessibility(page, "record a check")
    page.click("label[for=id_kind_0]")
    page.fill("#id_checked_on", "2026-10-01")
    page.fill("#id_certificate_last4", "12")
    page.click("label[for=id_confirm_seen]")
    page.click("button:has-text('Record check')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter exactly 4 digits" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_checked_on") == "2026-10-01"
    check_accessibility(page, "record a check with an error")
    page.fill("#id_certificate_last4", "4321")
    page.click("button:has-text('Record check')")
    page.wait_for_selector(f"text=Safeguarding check recorded for {name}")
    row = page.locator(f"tr:has(a:text-is('{name}'))")
    assert "Verified until 1 October 2029" in row.inner_text()
    check_accessibility(page, "safeguarding checks after recording")
    assert not page.console_errors, page.console_errors


def test_facilitator_sets_how_long_checks_last(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "facilitator@horizons.test")
    page.click("nav >> text=Safeguarding checks")
    page.wait_for_selector("text=checks stay valid for")
    check_accessibility(page, "safeguarding checks (facilitator)")
    page.select_option("#id_status", "none")
    page.click("button:has-text('Show volunteers')")
    assert page.locator("tbody .govuk-tag:has-text('No check recorded')").count() > 0
    assert page.locator("tbody .govuk-tag:has-text('Verified')").count() == 0
    page.click("a:has-text('Change how long checks stay valid')")
    check_accessibility(page, "check validity form")
    page.fill("#id_months", "0")
    page.click("button:has-text('Save')")
    page.wait_for_selector(".govuk-error-summary")
    check_accessibility(page, "check validity form with an error")
    page.fill("#id_months", "48")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=now stay valid for 48 months")
    check_accessibility(page, "safeguarding checks after the change")
    assert not page.console_errors, page.console_errors


def test_volunteer_sees_their_check_but_cannot_set_it(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "volunteer@horizons.test")
    page.click("nav >> text=My profile")
    assert "Verified until" in page.inner_text("main")
    assert page.locator("a:has-text('Record a safeguarding check')").count() == 0
    check_accessibility(page, "volunteer profile")
    page.click("a:has-text('Change profile')")
    assert page.locator("text=safeguarding").count() == 0
    check_accessibility(page, "volunteer profile form")
    page.click("button:has-text('Save profile')")
    page.wait_for_selector("text=Profile saved.")
    assert not page.console_errors, page.console_errors


def test_school_books_a_supervised_visit_only_by_promising_supervision(demo_site, new_page):  # type: ignore[no-untyped-def]
    """The demo volunteer's check is taken away; the one-off event they come to can still be
    booked, but only as a supervised visit, and the school's page says so."""
    from django.utils import timezone

    from horizons.accounts.models import User
    from horizons.encounters.models import Booking, Event
    from horizons.organisations.models import SafeguardingCheck, Volunteer

    volunteer = Volunteer.objects.get(user__email="volunteer@horizons.test")
    school = User.objects.get(email="lead@horizons.test").memberships.get().school
    event = (
        Event.objects.filter(
            kind=Event.Kind.SPECIAL,
            campaign__isnull=True,
            volunteers=volunteer,
            date__gt=timezone.localdate(),
        )
        .exclude(bookings__school=school)
        .order_by("date")
        .first()
    )
    assert event is not None, "the demo has a one-off event still open to book"
    SafeguardingCheck.objects.filter(volunteer=volunteer).delete()

    page = new_page()
    base = demo_site.url
    sign_in(page, base, "lead@horizons.test")
    page.goto(f"{base}/encounters/events/{event.pk}/")
    assert "Supervised visit" in page.inner_text("main")
    check_accessibility(page, "event page of a supervised visit")
    page.click("a:has-text('Book places')")
    page.wait_for_selector("h1:has-text('Book')")
    assert "Supervised visit" in page.inner_text("main")
    check_accessibility(page, "booking a supervised visit")
    page.fill("#id_classes-0-name", "Year 4 Birch")
    page.select_option("#id_classes-0-year_group", "4")
    page.fill("#id_classes-0-pupils", "27")
    page.click("button:has-text('Book')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Tick to confirm your staff will supervise" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_classes-0-name") == "Year 4 Birch"
    check_accessibility(page, "supervised visit booking with an error")
    page.click("label[for=id_supervised_by_staff]")
    page.click("button:has-text('Book')")
    page.wait_for_selector("text=Booked. A calendar invitation is on its way by email.")
    assert Booking.objects.get(event=event, school=school).supervised_by_staff
    page.click("nav >> text=Encounters")
    assert page.locator("text=Supervised visit: staff stay with visitors").first.is_visible()
    check_accessibility(page, "school encounters with a supervised visit")
    assert not page.console_errors, page.console_errors
