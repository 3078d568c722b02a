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
    page.click("button:has-text('Save')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "must end on or after" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_name") == "Summer Careers Week 2027"
    check_accessibility(page, "campaign form with error")
    page.fill("#id_ends_on", "2027-06-18")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Summer Careers Week 2027')")
    check_accessibility(page, "campaign detail")
    # A draft: invitations cannot go out yet, and the page says why.
    assert "Draft (now)" in page.inner_text("main")
    assert "Invitations can be sent once the campaign is taking requests" in page.inner_text("main")
    assert page.locator("a:has-text('Invite schools and employers')").count() == 0
    page.click("button:has-text('Open for requests')")
    page.wait_for_selector("text=Summer Careers Week 2027 is now taking requests.")
    check_accessibility(page, "campaign taking requests")
    # Invite the schools of one local authority, all at once.
    page.click("a:has-text('Invite schools and employers')")
    check_accessibility(page, "invitation page")
    shown_before = page.inner_text("[data-shown]")
    page.select_option("#filter-la", index=1)
    page.click("button:has-text('Show schools')")
    shown = page.inner_text("[data-shown]")
    assert shown != shown_before and "clear the filter" in shown
    check_accessibility(page, "invitation page filtered")
    page.click("label[for=id_all_schools]")
    page.click("button:has-text('Send invitations')")
    page.wait_for_selector("text=invitations sent.")
    page.click("button:has-text('Close requests and start matching')")
    page.wait_for_selector("text=is now matching and booking.")
    assert page.locator("a:has-text('Match volunteers to classes')").is_visible()
    page.click("button:has-text('Close the campaign')")
    page.wait_for_selector("text=is now closed.")
    assert page.locator("a:has-text('Change the campaign')").count() == 0
    check_accessibility(page, "closed campaign")
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


def test_volunteer_opens_the_event_page_with_arrival_details(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "volunteer@horizons.test")
    page.goto(base + "/encounters/my-sessions/")
    page.locator("main a[href*='/encounters/events/']").first.click()
    page.wait_for_selector("h2:has-text('Safeguarding briefing for you')")
    main = page.inner_text("main")
    assert "never be alone with a child" in main
    assert "designated safeguarding lead" in main
    assert "Arrive by" in main or "Online" in main
    check_accessibility(page, "volunteer's event page")
    assert not page.console_errors, page.console_errors


def test_a_facilitator_gives_the_arrival_details_of_an_event(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(base + "/encounters/campaigns/")
    page.click("text=Aspirations Week 2027")
    page.click("a:has-text('Careers carousel at')")
    page.click("a:has-text('Change the event')")
    check_accessibility(page, "event form")
    # Arrival after the start is refused, with what was typed kept.
    page.fill("#id_arrive_by", "11:30")
    page.fill("#id_contact_name", "Ms Anna Reed")
    page.click("button:has-text('Save')")
    assert "choose an earlier arrival time" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_contact_name") == "Ms Anna Reed"
    check_accessibility(page, "event form with error")
    page.fill("#id_arrive_by", "08:55")
    page.fill("#id_contact_phone", "0191 498 0777")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Event saved.")
    assert "Ms Anna Reed" in page.inner_text("[data-contact]")
    assert "08:55" in page.inner_text("main")
    check_accessibility(page, "event with arrival details")
    assert not page.console_errors, page.console_errors


def test_our_404_page_passes_axe(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "lead@horizons.test")
    response = page.goto(base + "/encounters/campaigns/99999999/")
    assert response is not None and response.status == 404
    assert "Page not found" in page.inner_text("h1")
    check_accessibility(page, "404 page")
    response = page.goto(base + "/encounters/school/?school=abc")
    assert response is not None and response.status == 400
    assert "is not a number we use" in page.inner_text("main")
    check_accessibility(page, "400 page")
    # A form whose token no longer matches (open too long, another site): our page, plain words.
    page.goto(base + "/encounters/campaigns/")
    page.evaluate(
        "document.querySelector('header form input[name=csrfmiddlewaretoken]').value = 'stale'"
    )
    page.click("header button:has-text('Sign out')")
    page.wait_for_selector("h1:has-text('Your form was not sent')")
    assert "This form was open too long or came from another site" in page.inner_text("main")
    check_accessibility(page, "CSRF failure page")
