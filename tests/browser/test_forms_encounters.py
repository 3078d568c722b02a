"""The encounters forms in real Chromium, with axe-core on each page: an employer publishes and
changes an activity; a facilitator adds, changes, timetables and cancels events and records a
school that did not come; a careers leader cancels a booking; a volunteer sends feedback."""

from datetime import date, timedelta

import pytest

from horizons.encounters.models import Booking, Campaign, Event, Offer, VolunteerFeedback
from horizons.organisations.selectors import valid_checks
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_an_employer_publishes_and_changes_an_activity(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "employer@horizons.test")
    page.goto(base + "/encounters/offers/")
    page.click("a:has-text('Publish an activity')")
    check_accessibility(page, "new activity")
    page.fill("#id_what_children_do", "Children mend a model bridge.")
    page.click("button:has-text('Publish')")
    assert page.locator(".govuk-error-summary").is_visible()  # no title yet
    assert page.input_value("#id_what_children_do") == "Children mend a model bridge."
    check_accessibility(page, "new activity with an error")
    page.fill("#id_title", "Mend the bridge")
    page.check("#id_format_0")
    page.check("#id_year_groups_4")
    page.check("#id_year_groups_5")
    page.fill("#id_group_size", "30")
    page.fill("#id_duration_minutes", "60")
    page.click("button:has-text('Publish')")
    page.wait_for_selector("h1:has-text('Mend the bridge')")
    check_accessibility(page, "activity detail")
    offer = Offer.objects.get(title="Mend the bridge")

    page.goto(f"{base}/encounters/offers/{offer.pk}/edit/")
    check_accessibility(page, "change activity")
    page.fill("#id_title", "Mend the Tyne bridge")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Mend the Tyne bridge')")
    offer.refresh_from_db()
    assert offer.title == "Mend the Tyne bridge"


def _a_morning_two_employers_can_all_do() -> tuple[date, list[int]]:
    """A school-day morning about two months ahead when every volunteer of two published
    activities from different employers is free and has a verified safeguarding check (events
    check each volunteer's week and check)."""
    day = date.today() + timedelta(days=60)
    offers = Offer.objects.filter(
        is_published=True, employer__hub__membership__user__email="facilitator@horizons.test"
    ).prefetch_related("volunteers")
    for _ in range(7):
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        slot = ["mon", "tue", "wed", "thu", "fri"][day.weekday()] + "_am"
        checked = set(valid_checks(on=day).values_list("volunteer_id", flat=True))
        free = [
            o
            for o in offers
            if all(slot in (v.availability or []) and v.pk in checked for v in o.volunteers.all())
        ]
        by_employer = {o.employer_id: o.pk for o in free}
        if len(by_employer) >= 2:
            return day, list(by_employer.values())[:2]
    raise AssertionError("no morning suits two employers' volunteers in the demo")


def test_a_facilitator_adds_changes_timetables_and_cancels_an_event(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(base + "/encounters/events/new/")
    check_accessibility(page, "new event")
    day, offer_ids = _a_morning_two_employers_can_all_do()
    page.check("input[name=kind][value=rotation]")
    page.fill("#id_title", "Careers carousel at the museum")
    for offer_id in offer_ids:
        page.check(f"input[name=offers][value='{offer_id}']")
    page.fill("#id_date", day.isoformat())
    page.fill("#id_starts_at", "09:30")
    page.fill("#id_ends_at", "09:00")  # ends before it starts
    page.check("input[name=year_groups][value='5']")
    page.select_option("#id_host_school", index=1)
    page.fill("#id_capacity", "60")
    page.click("button:has-text('Add the event')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_title") == "Careers carousel at the museum"
    check_accessibility(page, "new event with an error")
    page.fill("#id_ends_at", "11:30")
    page.click("button:has-text('Add the event')")
    page.wait_for_selector("h1:has-text('Careers carousel at the museum')")
    check_accessibility(page, "event detail")
    event = Event.objects.get(title="Careers carousel at the museum")

    page.click("a:has-text('Change the event')")
    check_accessibility(page, "change event")
    page.fill("#id_location", "School hall")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Careers carousel at the museum')")
    event.refresh_from_db()
    assert event.location == "School hall"

    # No class has booked yet, so there is nothing to timetable: said plainly, nothing written.
    page.goto(f"{base}/encounters/events/{event.pk}/timetable/")
    check_accessibility(page, "rotation timetable")
    page.fill("#id_round_minutes", "25")
    page.fill("#id_changeover_minutes", "5")
    page.click("button:has-text('Write the timetable')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert not event.timetable.exists()
    # A careers leader books a class in, and the timetable follows the booking.
    lead = new_page()
    sign_in(lead, base, "lead@horizons.test")
    lead.goto(f"{base}/encounters/events/{event.pk}/")
    lead.click("a:has-text('Book places')")
    lead.fill("#id_classes-0-name", "Year 5 Elm")
    lead.select_option("#id_classes-0-year_group", "5")
    lead.fill("#id_classes-0-pupils", "28")
    lead.click("main button:has-text('Book')")
    lead.wait_for_selector("text=Booked.")
    page.goto(f"{base}/encounters/events/{event.pk}/timetable/")
    page.fill("#id_round_minutes", "25")
    page.fill("#id_changeover_minutes", "5")
    page.click("button:has-text('Write the timetable')")
    page.wait_for_selector("text=Timetable written")
    assert event.timetable.exists()

    page.goto(f"{base}/encounters/events/{event.pk}/")
    page.click("a:has-text('Cancel the event')")
    check_accessibility(page, "cancel event")
    page.click("button:has-text('Cancel')")
    page.wait_for_url(f"{base}/encounters/events/{event.pk}/")
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


def test_a_facilitator_records_a_school_that_did_not_come(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    booking = (
        Booking.objects.filter(
            event__date__lt=date.today(),
            status=Booking.Status.CONFIRMED,
            attendance_recorded_at=None,
        )
        .order_by("event__date")
        .first()
    )
    assert booking is not None, "the demo has past bookings without attendance"
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(f"{base}/encounters/events/{booking.event_id}/")
    page.click(f"a[href='/encounters/bookings/{booking.pk}/no-show/']")
    check_accessibility(page, "did not attend")
    page.click("main form button.govuk-button")
    page.wait_for_selector(f"text=Recorded that {booking.school.name} did not attend")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW


def test_a_careers_leader_cancels_a_booking(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    booking = (
        Booking.objects.filter(
            school__membership__user__email="lead@horizons.test",
            event__date__gte=date.today(),
            status=Booking.Status.CONFIRMED,
        )
        .order_by("event__date")
        .first()
    )
    assert booking is not None, "the demo's careers leader has an upcoming booking"
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.goto(f"{base}/encounters/events/{booking.event_id}/")
    page.click(f"a[href='/encounters/bookings/{booking.pk}/cancel/']")
    check_accessibility(page, "cancel booking")
    page.fill("#id_reason", "A school trip that day")
    page.click("main form button.govuk-button")
    page.wait_for_selector("text=Booking cancelled")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_a_volunteer_says_how_a_session_went(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "volunteer@horizons.test")
    page.goto(base + "/encounters/my-sessions/")
    page.click("a:has-text('Tell us how it went') >> nth=0")
    check_accessibility(page, "volunteer feedback")
    before = VolunteerFeedback.objects.count()
    page.check("#id_rating_4")
    page.fill("#id_went_well", "The children asked brilliant questions.")
    page.click("button:has-text('Send feedback')")
    page.wait_for_load_state()
    assert VolunteerFeedback.objects.count() == before + 1


def test_a_facilitator_changes_a_campaign(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    campaign = Campaign.objects.get(name="Aspirations Week 2027")
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(f"{base}/encounters/campaigns/{campaign.pk}/")
    page.click("a:has-text('Change the campaign')")
    check_accessibility(page, "change a campaign")
    page.fill("#id_ends_on", "2020-01-01")  # before it starts
    page.click("main button:has-text('Save')")
    assert page.locator(".govuk-error-summary").is_visible()
    check_accessibility(page, "change a campaign with an error")
    page.fill("#id_ends_on", campaign.ends_on.isoformat())
    page.fill("#id_description", "A week of employers in every school, in person and online.")
    page.click("main button:has-text('Save')")
    page.wait_for_url(f"{base}/encounters/campaigns/{campaign.pk}/")
    campaign.refresh_from_db()
    assert campaign.description == "A week of employers in every school, in person and online."
