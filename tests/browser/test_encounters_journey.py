"""The encounters journey in real Chromium, with axe-core on every page:
a facilitator starts a campaign; a careers leader asks for places and books; a teacher records
attendance after an event."""

import pytest

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _label(page, for_id: str) -> None:  # type: ignore[no-untyped-def]
    page.click(f"label[for={for_id}]")


def test_facilitator_starts_a_campaign(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "facilitator@horizons.test")
    page.click("nav >> text=Campaigns")
    check_accessibility(page, "campaign list")
    assert page.locator("text=Aspirations Week 2026").first.is_visible()
    page.click("text=Start a campaign")
    check_accessibility(page, "new campaign")
    # A campaign ending before it starts is refused, with what was typed kept.
    page.fill("#id_name", "Summer Careers Week 2027")
    page.fill("#id_starts_on", "2027-06-14")
    page.fill("#id_ends_on", "2027-06-11")
    _label(page, "id_status_1")
    page.click("button:has-text('Save')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "must end on or after" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_name") == "Summer Careers Week 2027"
    check_accessibility(page, "campaign form with error")
    page.fill("#id_ends_on", "2027-06-18")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Summer Careers Week 2027')")
    check_accessibility(page, "campaign detail")
    page.click("text=Reach: children, schools, employers")
    check_accessibility(page, "campaign reach")
    page.goto(base + "/encounters/campaigns/")
    page.click("text=Aspirations Week 2026")
    page.click("text=Reach: children, schools, employers")
    assert page.locator(".hz-card__figure").first.inner_text().replace(",", "").isdigit()
    check_accessibility(page, "Aspirations Week 2026 reach")
    page.click("text=Printable summary")
    check_accessibility(page, "printable summary")
    assert not page.console_errors, page.console_errors


def test_careers_leader_asks_for_places_and_books(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "lead@horizons.test")
    page.click("nav >> text=Encounters")
    check_accessibility(page, "school encounters")
    page.click("a:has-text('Ask for places')")
    check_accessibility(page, "request form")
    page.fill("#id_classes-0-name", "Year 5 Oak")
    page.select_option("#id_classes-0-year_group", "5")
    page.fill("#id_classes-0-pupils", "29")
    _label(page, "id_slots_0")
    _label(page, "id_slots_1")
    page.fill("#id_hopes", "Women engineers, please.")
    page.click("button:has-text('Send request')")
    page.wait_for_selector("text=Your request for Aspirations Week 2027 is in")
    check_accessibility(page, "school encounters after request")
    # Book an online session of the week; the form starts from the request's classes.
    page.click(
        "table:has(caption:has-text('Events you can book')) tbody a:has-text('Live from') >> nth=0"
    )
    check_accessibility(page, "event detail")
    page.click("a:has-text('Book places')")
    assert page.input_value("#id_classes-0-name") == "Year 5 Oak"
    check_accessibility(page, "booking form")
    page.click("button:has-text('Book')")
    page.wait_for_selector("text=Booked. A calendar invitation is on its way by email.")
    assert page.locator("table:has(caption:has-text('Your booking'))").is_visible()
    check_accessibility(page, "event after booking")
    assert not page.console_errors, page.console_errors


def test_teacher_records_attendance(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "teacher@horizons.test")
    page.click("nav >> text=Encounters")
    page.click("h2:has-text('Record attendance') + ul a >> nth=0")
    check_accessibility(page, "attendance form")
    field = page.locator("input[id^=id_attended_]").first
    field.fill("99")
    page.click("button:has-text('Save attendance')")
    assert "more than the 29 booked" in page.inner_text(".govuk-error-summary")
    check_accessibility(page, "attendance form with error")
    field = page.locator("input[id^=id_attended_]").first
    field.fill("27")
    _label(page, "id_rating_0")
    page.fill("#id_quote_1", "I want to be a nurse like Amira!")
    _label(page, "id_quote_1_consent")
    page.click("button:has-text('Save attendance')")
    page.wait_for_selector("text=Attendance and feedback saved")
    page.click("text=Your encounter record")
    check_accessibility(page, "encounter record")
    assert page.locator("td:has-text('Year 5 Oak')").first.is_visible()
    assert not page.console_errors, page.console_errors
