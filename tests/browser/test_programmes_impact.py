"""A careers leader opens a finished programme's impact report; a facilitator opens the hub's.
Both are checked with axe-core, and neither shows a child's name."""

from __future__ import annotations

import pytest

from horizons.programmes.models import Cohort
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_teacher_views_the_impact_report(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort.objects.get(school__urn__isnull=False, name="Year 5 health and care 2024/25")
    names = list(cohort.pupils.values_list("first_name", flat=True))
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.click("nav >> text=Programmes")
    page.wait_for_url(f"{base}/programmes/")
    check_accessibility(page, "programmes")
    page.click(f"text={cohort.name}")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    check_accessibility(page, "cohort")
    page.click("text=Impact report")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/impact/")
    check_accessibility(page, "impact report")
    assert page.locator("svg.hz-bar-chart[role=img]").count() == 3
    assert "More children said anyone can be" in page.inner_text("#findings + ul")
    page.click("text=Show")  # the findings for groups of children
    check_accessibility(page, "impact report with group findings open")
    main = page.inner_text("main")
    assert "Fewer than 5" in main or "By gender" in main
    for name in names:
        assert f"{name} " not in main
    assert not page.console_errors, page.console_errors
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2
    pdf = page.request.get(f"{base}/programmes/cohorts/{cohort.pk}/impact.pdf")
    assert pdf.headers["content-type"] == "application/pdf"


def test_a_facilitator_views_the_hub_impact_report(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.click("nav >> text=Impact")
    page.wait_for_url(f"{base}/programmes/impact/")
    check_accessibility(page, "hub impact")
    assert "Groups in this report" in page.inner_text("main")
    page.select_option("#programme", "aspirations-stem")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/impact/?**")
    check_accessibility(page, "hub impact, STEM only")
    assert "STEM" in page.inner_text("h1")
    assert not page.console_errors, page.console_errors
