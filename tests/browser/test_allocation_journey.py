"""A facilitator plans the upcoming Aspirations Week in the browser: make a plan, review it
school by school, keep a pairing, and see every page pass axe-core."""

import pytest

from horizons.allocation.models import AllocationRun
from horizons.encounters.models import Booking
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_facilitator_makes_and_reviews_a_plan(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, demo_site.url, "facilitator@horizons.test")
    # Requests close before volunteers are matched: the facilitator moves the week on first.
    page.goto(demo_site.url + "/encounters/campaigns/")
    page.click("text=Aspirations Week 2027")
    page.click("button:has-text('Close requests and start matching')")
    page.wait_for_selector("text=is now matching and booking.")
    page.click("nav >> text=Allocation")
    check_accessibility(page, "allocation home")
    page.click("text=Aspirations Week 2027")
    check_accessibility(page, "campaign allocation")
    page.fill("#id_time_limit_seconds", "10")
    page.click("button:has-text('Make a plan')")
    # Tests run tasks inline, so the plan is ready when the page loads.
    page.wait_for_load_state()
    page.wait_for_selector("text=Ready to review")
    assert page.locator(".hz-card__figure").first.inner_text().split(" of ")[0].isdigit()
    assert page.locator("svg.hz-map circle").count() > 0
    check_accessibility(page, "plan review")

    page.locator("table a").first.click()
    assert page.locator("h2").count() >= 1
    check_accessibility(page, "plan for one school")
    page.go_back()

    page.select_option("#id_slot", index=1)
    page.click("button:has-text('Save this rule')")
    page.wait_for_selector("text=will be kept in the next plan")
    assert page.locator("text=Keep").count() >= 1
    check_accessibility(page, "campaign with a kept pairing")

    # The rule can be taken back.
    rules = page.locator("button:has-text('Remove')").count()
    page.locator("button:has-text('Remove')").first.click()
    page.wait_for_load_state()
    assert page.locator("button:has-text('Remove')").count() == rules - 1
    check_accessibility(page, "campaign after removing a rule")

    # Publishing books every session and says so.
    before = Booking.objects.count()
    run = AllocationRun.objects.latest("pk")
    page.goto(f"{demo_site.url}/allocation/runs/{run.pk}/")
    page.fill("#id_online_link", "https://meet.example.org/aspirations-week")
    page.click("button:has-text('Publish and send invitations')")
    page.wait_for_selector("text=Published")
    assert Booking.objects.count() > before
    check_accessibility(page, "published plan")
    assert not page.console_errors, page.console_errors
