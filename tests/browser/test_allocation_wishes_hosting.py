"""In the browser: a facilitator steers rotation events (a hall cap, a school sent to a host, a
host's days, with bad input shown and kept), makes a plan with rotation events, and reads which
of each school's wishes the plan meets; every page passes axe-core."""

import pytest

from horizons.allocation.models import AllocationRun, HostingChoice
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


def test_a_facilitator_steers_hosting_and_sees_schools_wishes(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, demo_site.url, "facilitator@horizons.test")
    page.goto(demo_site.url + "/encounters/campaigns/")
    page.click("text=Aspirations Week 2027")
    page.click("button:has-text('Close requests and start matching')")
    page.wait_for_selector("text=is now matching and booking.")
    page.click("nav >> text=Allocation")
    page.click("text=Aspirations Week 2027")
    page.wait_for_selector("text=Rotation events: who goes where")

    # A cap with neither number: the page says what to fix and keeps the chosen host.
    host = page.locator("#id_cap_host option").nth(1).get_attribute("value")
    page.select_option("#id_cap_host", host)
    page.click("button:has-text('Save the cap')")
    page.wait_for_selector("text=Give the most classes or the most pupils the hall takes.")
    assert page.locator("#id_cap_host").input_value() == host
    check_accessibility(page, "hosting form with an error")

    page.fill("#id_cap_pupils", "90")
    page.click("button:has-text('Save the cap')")
    page.wait_for_selector("text=at most 90 pupils")
    check_accessibility(page, "campaign with a hall cap")

    page.select_option("#id_move_school", index=0)
    page.select_option("#id_move_host", index=1)
    page.click("button:has-text('Save where it goes')")
    page.wait_for_selector("text=Takes its classes to")

    page.select_option("#id_days_host", index=0)
    page.check("#id_days_slots_0")
    page.check("#id_days_slots_1")
    page.click("button:has-text('Save the days')")
    page.wait_for_selector("text=Saved for")
    assert HostingChoice.objects.count() == 3
    check_accessibility(page, "campaign with hosting choices")

    # Make a plan with rotation events around those choices.
    page.fill("#id_rotation_rounds", "3")
    page.fill("#id_time_limit_seconds", "10")
    page.click("button:has-text('Make a plan')")
    page.wait_for_load_state()
    page.wait_for_selector("text=Ready to review")
    run = AllocationRun.objects.latest("pk")
    days = next(c for c in HostingChoice.objects.all() if c.kind == "days")
    host_id = f"school-{days.school_id}"
    assert {r["slot"] for r in run.problem["rotations"] if r["host"] == host_id} <= {
        f"{k[:10]} {k[11:].upper()}" for k in days.slots
    }

    # The plan shows who goes where, and links back to steer it.
    page.wait_for_selector("text=Rotation events in this plan")
    assert page.locator("a:has-text('Send a school to another host')").count() == 1

    # What schools asked for: "Women in engineering for Year 6" and the rest, met or not.
    page.wait_for_selector("text=What schools asked for")
    assert page.locator("#wishes + p + table .govuk-tag").count() >= 1
    assert "for Year 6, from someone who challenges stereotypes" in page.content()
    check_accessibility(page, "plan with schools' wishes")
    page.locator("#wishes + p + table th a").first.click()
    page.wait_for_selector("text=What the school asked for")
    check_accessibility(page, "one school's wishes")

    # A choice can be taken back.
    page.goto(f"{demo_site.url}/allocation/campaigns/{run.campaign_id}/")
    page.locator("button:has-text('Remove this choice')").first.click()
    page.wait_for_selector("text=groups schools with hosts by itself")
    assert HostingChoice.objects.count() == 2
    check_accessibility(page, "campaign after removing a hosting choice")
    assert not page.console_errors, page.console_errors
