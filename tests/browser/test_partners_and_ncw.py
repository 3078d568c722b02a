"""Partners and National Careers Week in real Chromium at tablet size, with axe-core on every
page: a facilitator starts National Careers Week from its template and sees the partners
(benchmark 7) in reach; the employer list shows colleges and universities; a coordinator saves
their organisation's kind."""

import pytest

from horizons.encounters.campaign_templates import national_careers_week
from horizons.encounters.models import Campaign
from horizons.organisations.models import Employer
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


def test_a_facilitator_starts_national_careers_week_and_sees_partners_in_reach(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(base + "/encounters/campaigns/new/")
    check_accessibility(page, "start a campaign")
    page.click("summary:has-text('Start from National Careers Week')")
    year = int(page.locator("#id_year option").nth(1).get_attribute("value") or "0")
    page.select_option("#id_year", str(year))
    page.click("button:has-text('Use National Careers Week')")
    page.wait_for_load_state()
    week = national_careers_week(year)
    assert page.input_value("#id_name") == week.name
    assert page.input_value("#id_starts_on") == week.starts_on.isoformat()
    check_accessibility(page, "campaign pre-filled from National Careers Week")
    page.click("main form[method=post] button:has-text('Save')")
    page.wait_for_selector(f"h1:has-text('{week.name}')")
    assert page.is_visible("strong.govuk-tag:has-text('National Careers Week')")
    check_accessibility(page, "a National Careers Week campaign")
    made = Campaign.objects.get(name=week.name)
    assert made.kind == Campaign.Kind.NATIONAL_CAREERS_WEEK
    assert (made.starts_on, made.ends_on) == (week.starts_on, week.ends_on)

    finished = Campaign.objects.get(name="Aspirations Week 2026")
    page.goto(f"{base}/encounters/campaigns/{finished.pk}/reach/")
    assert page.is_visible("text=colleges, universities and training providers")
    assert page.is_visible("text=Next stage of education (benchmark 7)")
    check_accessibility(page, "campaign reach with partners")

    page.goto(base + "/encounters/offers/")
    assert page.is_visible("text=Campus visit: a day at university")
    check_accessibility(page, "offers from employers and partners")

    page.goto(base + "/employers/")
    assert page.is_visible("text=Tyne Riverside College")
    assert page.is_visible("text=Further-education college")
    check_accessibility(page, "employers and partners")
    university = Employer.objects.get(name="University of Wearside")
    page.goto(f"{base}/employers/{university.pk}/")
    assert page.is_visible("text=next stage of education (benchmark 7)")
    check_accessibility(page, "a university's page")


def test_a_coordinator_saves_their_organisations_kind(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "employer@horizons.test")
    employer = Employer.objects.get(membership__user__email="employer@horizons.test")
    page.goto(f"{base}/employers/{employer.pk}/edit/")
    check_accessibility(page, "change employer details")
    assert page.input_value("#id_kind") == "employer"
    page.fill("#id_postcode", "NE1 4ST")
    page.click("main button:has-text('Save')")
    page.wait_for_selector("text=Employer details saved.")
    employer.refresh_from_db()
    assert employer.postcode == "NE1 4ST" and employer.kind == "employer"
