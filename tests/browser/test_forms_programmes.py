"""The careers leader's programme forms in real Chromium, with axe-core on each page: start a
group, change it, record a session, change a child's details and remove a child."""

from datetime import date, timedelta

import pytest

from horizons.programmes.models import Cohort, Pupil
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_careers_leader_starts_and_changes_a_group(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.goto(base + "/programmes/")
    page.click("a:has-text('Start a programme with a group')")
    check_accessibility(page, "start a programme")
    page.fill("#id_classes", "Elm, Oak")
    page.click("button:has-text('Create the group')")
    assert page.locator(".govuk-error-summary").is_visible()  # no name yet
    assert page.input_value("#id_classes") == "Elm, Oak"
    check_accessibility(page, "start a programme with an error")
    page.fill("#id_name", "Year 5 careers club 2026/27")
    page.select_option("#id_year_group", "5")
    page.click("button:has-text('Create the group')")
    page.wait_for_selector("text=is ready. Next, add the class list.")
    check_accessibility(page, "new group")
    cohort = Cohort.objects.get(name="Year 5 careers club 2026/27")

    page.goto(f"{base}/programmes/cohorts/{cohort.pk}/edit/")
    check_accessibility(page, "change the group")
    page.fill("#id_name", "Year 5 careers club")
    page.click("button:has-text('Save changes')")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    cohort.refresh_from_db()
    assert cohort.name == "Year 5 careers club"


def test_a_careers_leader_records_a_session_and_changes_the_class_list(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort = (
        Cohort.objects.filter(
            school__membership__user__email="lead@horizons.test",
            pupils__consent__applied_at__isnull=False,
        )
        .distinct()
        .order_by("-pk")
        .first()
    )
    assert cohort is not None
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.goto(f"{base}/programmes/cohorts/{cohort.pk}/sessions/2/")
    check_accessibility(page, "record a session")
    held_on = date.today() - timedelta(days=3)
    page.fill("#id_date", held_on.isoformat())
    page.fill("#id_starts_at", "10:00")
    page.check("#id_held")
    page.check("#id_present_0")
    page.check("#id_present_1")
    page.click("main button:has-text('Save')")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    session = cohort.sessions.get(step=2)
    assert session.held and session.date == held_on
    assert session.attendance.count() >= 2

    pupil = Pupil.objects.filter(cohort=cohort).order_by("pk").first()
    assert pupil is not None
    page.goto(f"{base}/programmes/pupils/{pupil.pk}/edit/")
    check_accessibility(page, "change a child's details")
    page.fill("#id_first_name", "")
    page.click("main button:has-text('Save')")
    assert page.locator(".govuk-error-summary").is_visible()
    page.fill("#id_first_name", "Amira")
    page.click("main button:has-text('Save')")
    page.wait_for_url(f"{base}/programmes/pupils/{pupil.pk}/")
    pupil.refresh_from_db()
    assert pupil.first_name == "Amira"

    page.click("a:has-text('Remove this child')")
    check_accessibility(page, "remove a child")
    page.click("button:has-text('Remove the child')")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    assert not Pupil.objects.filter(pk=pupil.pk).exists()
