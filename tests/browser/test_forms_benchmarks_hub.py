"""A facilitator's hub forms in real Chromium, with axe-core on each page: area meetings and
the resource library."""

from datetime import date, timedelta

import pytest

from horizons.benchmarks.models import AreaMeeting, Resource
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_facilitator_records_an_area_meeting(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(base + "/benchmarks/hub/meetings/")
    page.click("a:has-text('Add a meeting')")
    check_accessibility(page, "add a meeting")
    page.fill("#id_location", "Gateshead Civic Centre")
    page.click("main button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()  # no title or date yet
    assert page.input_value("#id_location") == "Gateshead Civic Centre"
    check_accessibility(page, "add a meeting with an error")
    page.fill("#id_title", "Spring area meeting: parents and careers")
    page.fill("#id_date", (date.today() + timedelta(days=30)).isoformat())
    page.check("#id_schools_0")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Spring area meeting: parents and careers')")
    check_accessibility(page, "meeting")
    meeting = AreaMeeting.objects.get(title="Spring area meeting: parents and careers")

    page.goto(f"{base}/benchmarks/hub/meetings/{meeting.pk}/edit/")
    check_accessibility(page, "change a meeting")
    page.fill("#id_notes", "Shared the parents' careers evening toolkit.")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Shared the parents' careers evening toolkit.")
    meeting.refresh_from_db()
    assert meeting.notes == "Shared the parents' careers evening toolkit."


def test_a_facilitator_adds_changes_and_removes_a_resource(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(base + "/benchmarks/resources/")
    page.click("a:has-text('Add a resource')")
    check_accessibility(page, "add a resource")
    page.fill("#id_title", "Jobs in our town: a KS2 lesson")
    page.fill("#id_url", "https://resources.example.org/jobs-in-our-town")
    page.check("#id_benchmarks_1")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    resource = Resource.objects.get(title="Jobs in our town: a KS2 lesson")
    check_accessibility(page, "after adding a resource")

    page.goto(f"{base}/benchmarks/resources/{resource.pk}/edit/")
    check_accessibility(page, "change a resource")
    page.fill("#id_title", "Jobs in our town: a Year 4 lesson")
    page.click("button:has-text('Save the resource')")
    page.wait_for_load_state()
    resource.refresh_from_db()
    assert resource.title == "Jobs in our town: a Year 4 lesson"

    page.goto(f"{base}/benchmarks/resources/{resource.pk}/edit/")
    page.click("button:has-text('Remove this resource')")
    page.wait_for_load_state()
    assert not Resource.objects.filter(pk=resource.pk).exists()
