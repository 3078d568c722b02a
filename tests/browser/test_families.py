"""Families in real Chromium, with axe-core on every page: a parent opens their child's page
from the consent link on a phone (and after withdrawing sees nothing of the child), a careers
leader downloads the Future Clouds for the final assembly, and writes the termly newsletter."""

from __future__ import annotations

import pytest

from horizons.programmes.models import Cohort, Consent, Pupil
from tests.browser.conftest import check_accessibility, sign_in

# The withdrawal below is written by the live server; the test reads it back.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 375, "height": 667}
FINISHED = "Year 5 health and care 2024/25"


def _no_sideways_scroll(page, label: str) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2, f"{label}: scrolls sideways by {overflow}px"


def _child_with_cloud(index: int) -> Pupil:
    cohort = Cohort.objects.get(name=FINISHED)
    return (
        cohort.pupils.filter(
            consent__parent_consent="granted",
            consent__applied_at__isnull=False,
            reflections__kind="future_cloud",
        )
        .select_related("consent")
        .order_by("pk")[index]
    )


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_a_parent_opens_their_childs_page_from_the_consent_link(
    demo_site, new_page, viewport
) -> None:  # type: ignore[no-untyped-def]
    pupil = _child_with_cloud(0 if viewport is PHONE else 1)
    others = set(
        Pupil.objects.filter(cohort=pupil.cohort)
        .exclude(pk=pupil.pk)
        .exclude(first_name=pupil.first_name)
        .values_list("first_name", flat=True)
    )
    page = new_page(**viewport)
    page.goto(f"{demo_site.url}/programmes/consent/{pupil.consent.token}/")
    page.console_errors.clear()  # the finished programme's consent page answers 410 Gone
    page.click("#family-page-link a")
    page.wait_for_url(f"{demo_site.url}/programmes/consent/{pupil.consent.token}/family/")
    check_accessibility(page, "parent's page")
    _no_sideways_scroll(page, "parent's page")
    main = page.inner_text("main")
    assert f"{pupil.first_name}'s year of careers learning" in main
    assert page.locator("#future-cloud .hz-cloud__part").count() >= 2
    assert "Live from Newcastle International Airport" in page.inner_text("#class-encounters")
    assert "Questions to ask" in main
    assert not (others & set(main.replace(".", " ").replace(",", " ").split()))
    assert not page.console_errors, page.console_errors


def test_after_withdrawing_the_page_shows_nothing_of_the_child(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    pupil = _child_with_cloud(2)
    page = new_page(**PHONE)
    page.goto(f"{demo_site.url}/programmes/consent/{pupil.consent.token}/")
    page.click("text=Withdraw my consent")
    page.wait_for_selector("#withdrawal-effect")
    assert Consent.objects.get(pk=pupil.pk).withdrawn_at is not None
    page.click("#family-page-link a")
    page.wait_for_selector("#family-state")
    check_accessibility(page, "parent's page after withdrawal")
    assert "You withdrew your consent on" in page.inner_text("#family-state")
    assert page.locator("#future-cloud").count() == 0
    _no_sideways_scroll(page, "parent's page after withdrawal")


def test_a_link_that_does_not_work_says_why(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(**PHONE)
    response = page.goto(f"{demo_site.url}/programmes/consent/no-such-link/family/")
    assert response is not None and response.status == 404
    assert page.inner_text("h1") == "This link does not work"
    check_accessibility(page, "family link not found")


def test_a_careers_leader_downloads_the_future_clouds_for_the_assembly(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort.objects.get(name=FINISHED)
    base = demo_site.url
    page = new_page(**TABLET)
    sign_in(page, base, "lead@horizons.test")
    page.goto(f"{base}/programmes/cohorts/{cohort.pk}/")
    page.click("text=Future Clouds to print")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/future-clouds/")
    check_accessibility(page, "future clouds to print")
    table = page.inner_text("#clouds-by-class")
    assert "5B" in table and "5R" in table
    with page.expect_download() as info:
        page.click("text=PDF for 5B")
    download = info.value
    assert download.suggested_filename.endswith("-5b.pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    _no_sideways_scroll(page, "future clouds to print")


def test_a_careers_leader_writes_the_termly_newsletter(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page(**TABLET)
    sign_in(page, base, "lead@horizons.test")
    page.goto(f"{base}/programmes/")
    page.click("text=Termly family newsletter for")
    page.wait_for_selector("#newsletter-draft")
    check_accessibility(page, "newsletter")
    _no_sideways_scroll(page, "newsletter")
    assert "Year 5" in page.inner_text("#newsletter-draft")

    # A term in the spring: the demo's Aspirations Week.
    option = page.locator("#id_term option", has_text="Spring term 2025/26")
    page.select_option("#id_term", value=option.get_attribute("value"))
    page.click("#term-form button")
    page.wait_for_selector("#draft-heading:has-text('Spring term 2025/26')")
    check_accessibility(page, "newsletter, spring term")

    # Too long: refused, what was typed is kept.
    page.fill("#id_introduction", "A very long introduction. " * 80)
    page.click("button[value=preview]")
    page.wait_for_selector(".govuk-error-summary")
    assert "Keep it to 1,500 characters" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_introduction").startswith("A very long introduction.")
    check_accessibility(page, "newsletter, introduction too long")

    page.fill("#id_introduction", "Dear families,\n\nWhat a term it has been!")
    page.click("button[value=preview]")
    page.wait_for_selector("text=Draft updated with your introduction.")
    assert "What a term it has been!" in page.inner_text("#newsletter-intro")
    assert "Spring term 2025/26" in page.inner_text("#draft-heading")
    check_accessibility(page, "newsletter, draft updated")

    with page.expect_download() as info:
        page.click("button[value=text]")
    with open(info.value.path(), encoding="utf-8") as handle:
        text = handle.read()
    assert "What a term it has been!" in text and "Spring term 2025/26" in text
    with page.expect_download() as info:
        page.click("button[value=pdf]")
    with open(info.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert not page.console_errors, page.console_errors
