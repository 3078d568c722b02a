"""A careers leader syncs a group's class list from the school's MIS (a local fake Wonde) in a
real browser: previews the changes, applies them, and sees a clear message when the MIS fails.
Every page is checked with axe."""

from __future__ import annotations

import random

import pytest
from django.test import override_settings

from tests.browser.conftest import check_accessibility, sign_in
from tests.programmes.fake_http import serve
from tests.programmes.fake_wonde import FakeWonde

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


def test_a_careers_leader_previews_and_applies_an_mis_sync(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    from horizons.accounts.models import Membership
    from horizons.programmes import services
    from horizons.programmes.models import MisConnection, Pupil

    school = Membership.objects.get(user__email="lead@horizons.test", role="careers_leader").school
    cohort = services.cohort_create(
        school=school,
        template_slug="aspirations-health-care",
        name="Year 5 MIS sync",
        year_group=5,
        classes=["5M"],
        rng=random.Random(4),
    )
    fake = FakeWonde(school_id="W-SCHOOL", token="browser-token")
    fake.add_pupil("MIS1", "Amara", "Okafor", "5", "5M")
    fake.add_pupil("MIS2", "Leo", "Walsh", "5", "5M")
    base = demo_site.url
    with serve(fake), override_settings(MIS_CREDENTIALS={"browser": {"token": "browser-token"}}):
        connection = MisConnection.objects.create(
            school=school,
            kind="wonde",
            base_url=fake.base_url,
            school_ref="W-SCHOOL",
            credentials_key="browser",
            scopes=["students", "classes"],
        )
        page = new_page()
        sign_in(page, base, "lead@horizons.test")
        page.goto(f"{base}/programmes/cohorts/{cohort.pk}/")
        page.get_by_role("button", name="Sync from the MIS").click()
        page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/mis-sync/")
        check_accessibility(page, "MIS sync start")

        page.get_by_role("button", name="Check the MIS for changes").click()
        page.get_by_role("heading", name="What would change").wait_for()
        check_accessibility(page, "MIS sync preview")
        table = page.inner_text("main table")
        assert "Amara O." in table and "Joins (Year 5, 5M)" in table
        assert not Pupil.objects.filter(cohort=cohort).exists()

        page.get_by_role("button", name="Apply these changes").click()
        page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
        assert "2 joined, 0 left, 0 changed" in page.inner_text("main")
        assert sorted(Pupil.objects.filter(cohort=cohort).values_list("reference", flat=True)) == [
            "MIS1",
            "MIS2",
        ]

        fake.faults = [500]
        page.goto(f"{base}/programmes/cohorts/{cohort.pk}/mis-sync/")
        page.get_by_role("button", name="Check the MIS for changes").click()
        page.get_by_text("There is a problem").wait_for()
        assert "Wonde had a problem (HTTP 500)" in page.inner_text("main")
        check_accessibility(page, "MIS sync error")
        connection.delete()
