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

    # Issue 17: a second plan plans around what is published. Its page says what publishing
    # it changes and warns that a plan is already out; publishing books only what is new,
    # and nobody ends up in two events at once.
    page.goto(f"{demo_site.url}/allocation/campaigns/{run.campaign_id}/")
    page.fill("#id_time_limit_seconds", "10")
    page.click("button:has-text('Make a plan')")
    page.wait_for_load_state()
    page.wait_for_selector("text=Ready to review")
    second = AllocationRun.objects.latest("pk")
    assert second.pk != run.pk
    changes = page.locator("[data-testid=plan-changes]")
    published = Booking.objects.filter(event__campaign_id=run.campaign_id).count()
    assert "Kept:" in changes.inner_text() and "Added:" in changes.inner_text()
    assert "Removed: none" in changes.inner_text()
    assert page.locator(".govuk-warning-text").inner_text().count("already published") == 1
    check_accessibility(page, "second plan with what changes")
    added = len(second.result["assignments"])
    if added:
        page.fill("#id_online_link", "https://meet.example.org/aspirations-week")
        page.click(f"button:has-text('Publish {added} new session')")
        page.wait_for_selector("text=Published")
        check_accessibility(page, "second plan published")
        assert Booking.objects.filter(event__campaign_id=run.campaign_id).count() > published
    else:
        assert page.locator("text=Everything in this plan is already published").count() == 1
    # The first plan cannot be published again: no button, and nothing is booked twice.
    page.goto(f"{demo_site.url}/allocation/runs/{run.pk}/")
    assert page.locator("button:has-text('Publish')").count() == 0
    assert _nobody_in_two_places(run.campaign_id) == []
    assert not page.console_errors, page.console_errors


def _nobody_in_two_places(campaign_id: int) -> list[tuple[object, ...]]:
    """Classes (school, name) and volunteers at two overlapping events of the campaign."""
    from horizons.encounters.clashes import overlaps
    from horizons.encounters.models import BookingClass, EventVolunteer

    seen: dict[tuple[object, ...], list[tuple[object, ...]]] = {}
    for who, day, start, end, event_id in [
        (("class", s, n.casefold()), d, a, b, e)
        for s, n, d, a, b, e in BookingClass.objects.filter(
            booking__event__campaign_id=campaign_id, booking__status__in=Booking.LIVE
        ).values_list(
            "booking__school_id",
            "name",
            "booking__event__date",
            "booking__event__starts_at",
            "booking__event__ends_at",
            "booking__event_id",
        )
    ] + [
        (("volunteer", v), d, a, b, e)
        for v, d, a, b, e in EventVolunteer.objects.filter(
            event__campaign_id=campaign_id
        ).values_list(
            "volunteer_id", "event__date", "event__starts_at", "event__ends_at", "event_id"
        )
    ]:
        seen.setdefault((who, day), []).append((start, end, event_id))
    return [
        (who, day, e1, e2)
        for (who, day), items in seen.items()
        for i, (s1, t1, e1) in enumerate(items)
        for s2, t2, e2 in items[i + 1 :]
        if e1 != e2 and overlaps(s1, t1, s2, t2)
    ]
