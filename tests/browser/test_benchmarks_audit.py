"""The benchmarks journey in real Chromium: a careers leader audits (autosave survives a
reload), submits, sees results and the action plan and downloads the PDF; a facilitator sees
the heatmap. axe-core checks every page."""

import pytest

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _wait_saved(page, slug: str) -> None:  # type: ignore[no-untyped-def]
    # Only the autosave reply says exactly "Saved at HH:MM"; the page itself says "Last saved at".
    page.wait_for_selector(f"#status-{slug} >> text=/^Saved at \\d\\d:\\d\\d$/", timeout=10_000)


def _change_answer(page, slug: str) -> str:  # type: ignore[no-untyped-def]
    """Choose a different answer from the one shown (copied from the last audit)."""
    for value in ["fully_achieved", "in_progress", "not_started"]:
        if not page.is_checked(f"#state-{slug}-{value}"):
            page.check(f"#state-{slug}-{value}")
            return value
    raise AssertionError("no other answer to choose")


def test_a_careers_leader_audits_submits_and_downloads(demo_site, new_page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "lead@horizons.test")
    page.click("text=/Start your .* audit/")
    check_accessibility(page, "start audit")
    # Copy the last audit (the default) and change what has moved on.
    page.click("button:has-text('Start the audit')")
    page.wait_for_selector("h1:has-text('Careers and personal development programme')")
    check_accessibility(page, "section 1")

    chosen = _change_answer(page, "1-1")
    _wait_saved(page, "1-1")
    page.fill("#note-1-2", "Programme agreed by governors in October")
    _wait_saved(page, "1-2")

    page.click(".hz-section-nav >> text=5.")
    page.wait_for_selector("h1:has-text('Encounters')")
    check_accessibility(page, "section 5")
    chosen_5 = _change_answer(page, "5-1")
    _wait_saved(page, "5-1")

    # Nothing is lost: a fresh load shows the saved answers.
    page.reload()
    assert page.is_checked(f"#state-5-1-{chosen_5}")
    page.goto(page.url.replace("/benchmark/5/", "/benchmark/1/"))
    assert page.is_checked(f"#state-1-1-{chosen}")
    assert page.input_value("#note-1-2") == "Programme agreed by governors in October"
    assert not page.console_errors, page.console_errors
    # The whole section can also be saved at once, as it is without JavaScript.
    page.click("button:has-text('Save and continue to benchmark 2')")
    page.wait_for_selector("text=Benchmark 1 saved.")
    assert "/benchmark/2/" in page.url
    page.goto(page.url.replace("/benchmark/2/", "/benchmark/1/"))
    assert page.is_checked(f"#state-1-1-{chosen}")

    page.click("text=Audit overview and submit")
    assert page.locator("h2:has-text('8 of 8 sections complete')").is_visible()
    check_accessibility(page, "audit overview")
    page.click("text=Check and submit")
    check_accessibility(page, "submit")
    page.click("button:has-text('Submit the audit')")
    page.wait_for_selector("h1:has-text('Results of the')")
    check_accessibility(page, "results")
    assert page.locator("svg[role=img]").count() == 1
    assert page.locator("table.govuk-table tbody tr").count() >= 8

    page.click("a.govuk-button:has-text('Action plan')")
    page.wait_for_selector("h1:has-text('Action plan from the')")
    check_accessibility(page, "action plan")
    with page.expect_download() as download_info:
        page.click("text=Download PDF for governors")
    target = tmp_path / "audit.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert not page.console_errors, page.console_errors


def test_a_facilitator_sees_the_heatmap(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "facilitator@horizons.test")
    page.click("nav >> text=Hub overview")
    page.wait_for_selector("h1:has-text('Hub overview')")
    check_accessibility(page, "hub overview")
    cells = page.locator("table.hz-heatmap td.hz-heat")
    assert cells.count() >= 8 * 40
    page.select_option("#filter-status", "stuck")
    page.click("button:has-text('Filter')")
    page.wait_for_url("**status=stuck**")
    check_accessibility(page, "hub overview, stuck")
    assert page.locator("text=Stuck").count() >= 1
    page.click("table.hz-heatmap th a >> nth=0")
    page.wait_for_selector("h2:has-text('Visit notes')")
    check_accessibility(page, "school oversight")
    page.goto(base + "/benchmarks/hub/meetings/")
    check_accessibility(page, "area meetings")
    page.goto(base + "/benchmarks/resources/")
    check_accessibility(page, "resources")
    assert not page.console_errors, page.console_errors
