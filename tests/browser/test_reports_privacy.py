"""A facilitator opens the hub's impact overview and reach page on a tablet: both pass axe-core,
the overview says pooled figures leave out what each class hides, and the reach chart's caption
says small groups are not drawn. The spreadsheet download opens as inert text."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_facilitator_sees_suppressed_hub_reports(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(f"{base}/programmes/impact/")
    check_accessibility(page, "hub impact overview")
    method = page.inner_text("#method + ul")
    assert "left out here too" in method
    assert "subtracting one report from another" in method

    page.goto(f"{base}/encounters/reach/")
    check_accessibility(page, "hub reach")
    caption = page.locator("figure.hz-chart figcaption")
    assert caption.count() >= 1
    assert "not drawn" in caption.first.inner_text()
    workbook = page.request.get(f"{base}/encounters/reach.xlsx")
    assert workbook.ok
    book = load_workbook(BytesIO(workbook.body()))
    formulas = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert not formulas
    assert not page.console_errors, page.console_errors


def test_the_reports_page_lists_what_each_person_may_download(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(f"{base}/reports/")
    check_accessibility(page, "reports and exports (facilitator)")
    headings = page.locator("main h2").all_inner_texts()
    assert "Campaign reach" in headings and "Encounters reach for the year" in headings
    csv_link = page.locator("#report-hub-reach + p + ul a", has_text="CSV").first
    response = page.request.get(f"{base}{csv_link.get_attribute('href')}")
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    assert "Children reached in person" in response.text()
    xlsx = page.locator("#report-campaign-reach + p + ul a", has_text="XLSX").first
    book = load_workbook(BytesIO(page.request.get(f"{base}{xlsx.get_attribute('href')}").body()))
    assert book.sheetnames[1] == "By day"
    assert not page.console_errors, page.console_errors

    volunteer = new_page()
    sign_in(volunteer, base, "volunteer@horizons.test")
    volunteer.goto(f"{base}/reports/")
    check_accessibility(volunteer, "reports and exports (volunteer)")
    assert volunteer.locator("main h2").count() == 0
    assert "no reports for you" in volunteer.inner_text("main")
