"""A child explores the careers library on a tablet without signing in; the pages are checked
with axe-core, for console errors (CSP refusals included) and for sideways scrolling."""

import pytest

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}


def _check(page, label: str) -> None:  # type: ignore[no-untyped-def]
    check_accessibility(page, label)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2, f"{label}: scrolls sideways by {overflow}px"
    assert not page.console_errors, f"{label}: console errors {page.console_errors}"


def test_a_child_browses_by_animals_opens_a_job_goes_back_and_searches(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(**TABLET)
    base = demo_site.url
    page.goto(f"{base}/careers/")
    assert page.locator("body.hz-child").count() == 1
    _check(page, "careers home")

    page.get_by_role("link", name="Animals").first.click()
    page.wait_for_url(f"{base}/careers/like/animals/")
    assert page.get_by_role("heading", level=1).inner_text().strip().endswith("Animals")
    _check(page, "animals")

    page.get_by_role("link", name="Vet", exact=True).click()
    page.wait_for_url(f"{base}/careers/jobs/vet/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vet"
    assert page.get_by_role("img", name="Vet").count() == 1
    assert page.locator(".hz-people__person").count() >= 1  # demo vets agreed to be role models
    _check(page, "vet")

    page.go_back()
    page.wait_for_url(f"{base}/careers/like/animals/")

    page.get_by_role("link", name="Search").first.click()
    page.wait_for_url(f"{base}/careers/search/")
    _check(page, "search, empty")
    page.fill("#careers-q", "vetnary")
    # Live results arrive as the child types (htmx), before pressing the button.
    page.locator('#search-results a[href="/careers/jobs/vet/"]').wait_for()
    assert page.url == f"{base}/careers/search/"
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(f"{base}/careers/search/?q=vetnary")
    _check(page, "search results")
    page.get_by_role("link", name="Vet", exact=True).click()
    page.wait_for_url(f"{base}/careers/jobs/vet/")


def test_an_offensive_search_is_not_shown_on_the_board(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(**TABLET)
    page.goto(f"{demo_site.url}/careers/search/?q=bollocks")
    text = page.locator("body").inner_text().lower()
    assert "try another word" in text and "bollocks" not in text
    assert page.input_value("#careers-q") == ""
    _check(page, "offensive search")


def test_the_library_works_on_a_phone(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(**PHONE)
    for path in [
        "/careers/",
        "/careers/like/helping/",
        "/careers/skill/problem_solving/",
        "/careers/subject/maths/",
        "/careers/jobs/air-traffic-controller/",
        "/careers/jobs-near-us/",
    ]:
        page.goto(demo_site.url + path)
        _check(page, f"phone {path}")


def test_printable_cards_are_accessible_and_print_only_the_cards(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(**TABLET)
    page.goto(f"{demo_site.url}/careers/jobs/firefighter/card/")
    _check(page, "card")
    page.emulate_media(media="print")
    assert not page.locator(".hz-header").is_visible()
    assert not page.get_by_role("button", name="Print this card").is_visible()
    assert page.locator(".hz-job-card").is_visible()
    page.emulate_media(media="screen")

    page.goto(f"{demo_site.url}/careers/cards/?like=animals")
    _check(page, "card sheet")
    assert page.locator(".hz-job-card").count() >= 5
    page.goto(f"{demo_site.url}/careers/cards/")
    _check(page, "card sheet, nothing chosen")


def test_jobs_near_us_beside_the_school_view(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, demo_site.url, "lead@horizons.test")
    page.console_errors.clear()  # the home page is checked by test_pages_by_role, not here
    page.goto(f"{demo_site.url}/careers/")
    menu_link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Careers library"
    )
    assert menu_link.get_attribute("aria-current") == "page"
    _check(page, "careers home, signed in")
    page.get_by_role("link", name="Jobs near us").first.click()
    page.wait_for_url(f"{demo_site.url}/careers/jobs-near-us/")
    assert page.get_by_role("img", name="Bar chart of jobs in Tyne and Wear").count() == 1
    assert "DEMO FIGURES" in page.locator("main").inner_text()
    _check(page, "jobs near us")


def test_every_unit_group_has_a_page_that_reads_well(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    # Issue 16: a profile for each of the 412 SOC 2020 unit groups, so the busiest door
    # ("Helping people") is long; it and some of the newer, harder-to-explain jobs must still
    # pass axe-core on a tablet.
    from horizons.careers.profiles import load_profiles, soc_unit_groups

    profiles = load_profiles()
    assert {profile.soc for profile in profiles} == set(soc_unit_groups())
    page = new_page()
    base = demo_site.url
    page.goto(f"{base}/careers/")
    assert f"There are {len(profiles)} jobs to explore" in page.locator("main").inner_text()

    page.get_by_role("link", name="Helping people").first.click()
    page.wait_for_url(f"{base}/careers/like/helping/")
    helping = sum("helping" in profile.likes for profile in profiles)
    assert page.locator('main a[href^="/careers/jobs/"]').count() >= helping
    _check(page, "helping, every job")

    page.get_by_role("link", name="Emergency call handler", exact=True).click()
    page.wait_for_url(f"{base}/careers/jobs/emergency-call-handler/")
    assert page.get_by_role("heading", level=1).inner_text() == "Emergency call handler"
    assert "999" in page.locator("main").inner_text()
    _check(page, "emergency call handler")
    page.get_by_role("link", name="Paramedic", exact=True).click()
    page.wait_for_url(f"{base}/careers/jobs/paramedic/")

    for slug, title in [
        ("funeral-director", "Funeral director"),
        ("foster-carer", "Foster carer"),
        ("stagehand", "Stagehand"),
        ("town-clerk", "Town clerk"),
    ]:
        page.goto(f"{base}/careers/jobs/{slug}/")
        assert page.get_by_role("heading", level=1).inner_text() == title
        _check(page, title)

    page.goto(f"{base}/careers/search/")
    page.fill("#careers-q", "chimney")
    page.locator('#search-results a[href="/careers/jobs/chimney-sweep/"]').wait_for()
