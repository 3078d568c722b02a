"""The national overview in real Chromium, with axe-core: a national body's analyst signs in,
sees the demo hub's region, switches to local authorities and narrows to one FSM band."""

from __future__ import annotations

import pytest

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser]


def test_the_national_overview_by_region_and_local_authority(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, demo_site.url, "national@horizons.test")
    page.click("nav >> text=National")
    assert "North East" in page.inner_text("main table")
    check_accessibility(page, "national overview by region")

    page.select_option("#group", "la")
    page.select_option("#fsm", "high")
    page.click("main form button[type=submit]")
    page.wait_for_url("**group=la**")
    assert "Newcastle upon Tyne" in page.inner_text("main")
    check_accessibility(page, "national overview by local authority")
    with page.expect_download() as download:
        page.click("text=Download as a spreadsheet (XLSX)")
    assert download.value.suggested_filename == "horizons-national-overview.xlsx"
