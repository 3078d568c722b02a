"""Transition to secondary in real Chromium, with axe-core checks: the primary careers leader
records secondary schools (a wrong URN is kept and explained), an admin hands a finished
group's records over, the secondary careers leader reads them, and a parent answers on a phone.
"""

from __future__ import annotations

import pytest

from horizons.programmes.models import Cohort
from horizons.transition.models import Destination, TransferRecord
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


def test_the_primary_careers_leader_records_secondary_schools(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort.objects.get(name="Year 6 health and care 2025/26")
    pupil = cohort.pupils.order_by("class_name", "first_name", "last_initial").first()
    page = new_page()
    sign_in(page, demo_site.url, "lead@horizons.test")
    page.click("nav >> text=Transition")
    check_accessibility(page, "transition home")
    page.click(f"text={cohort.name}")
    check_accessibility(page, "destinations")
    assert "from 1 June" in page.inner_text("main")  # a running group: no handover yet

    page.fill(f"#urn-{pupil.pk}", "12345")
    page.click("text=Save secondary schools")
    assert "a URN has six digits" in page.inner_text(".govuk-error-summary")
    assert page.input_value(f"#urn-{pupil.pk}") == "12345"  # what was typed is kept
    check_accessibility(page, "destinations with an error")

    page.fill(f"#urn-{pupil.pk}", "")
    page.select_option(f"#school-{pupil.pk}", label="Gateshead Riverside Academy")
    page.click("text=Save secondary schools")
    page.wait_for_selector("text=Secondary schools saved.")
    assert Destination.objects.get(pupil=pupil).secondary.name == "Gateshead Riverside Academy"


def test_a_finished_group_is_handed_over_and_the_secondary_reads_it(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort.objects.get(name="Year 6 STEM 2024/25")
    page = new_page()
    sign_in(page, demo_site.url, "admin@horizons.test")
    page.goto(f"{demo_site.url}/transition/groups/{cohort.pk}/")
    page.uncheck("#section-skills")
    page.click("text=Hand over records")
    page.wait_for_selector("text=records handed over")
    check_accessibility(page, "handed over")
    copies = TransferRecord.objects.filter(handover__primary=cohort.school)
    assert copies.exists() and all("skills" not in c.data["sections"] for c in copies)

    reader = new_page()
    sign_in(reader, demo_site.url, "secondary@horizons.test")
    reader.click("nav >> text=Transition")
    reader.click("text=Incoming Year 7 at Tyneside High School")
    assert f"From {cohort.school.name}" in reader.inner_text("main")
    check_accessibility(reader, "incoming Year 7")
    reader.click("main table >> a >> nth=0")
    assert "My Future" in reader.inner_text("h1")
    check_accessibility(reader, "a child's record")


def test_a_parent_answers_on_a_phone(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    destination = (
        Destination.objects.filter(pupil__cohort__name="Year 6 health and care 2025/26", share="")
        .select_related("pupil__consent", "secondary")
        .first()
    )
    page = new_page(390, 844)
    page.goto(f"{demo_site.url}/programmes/consent/{destination.pupil.consent.token}/secondary/")
    check_accessibility(page, "share question")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2
    page.click("text=Send my answer")
    assert "Choose yes or no" in page.inner_text(".govuk-error-summary")
    page.check("#share-no")
    page.click("text=Send my answer")
    page.wait_for_selector("text=You said no")
    check_accessibility(page, "share answered")
    destination.refresh_from_db()
    assert (destination.share, destination.share_method) == ("no", "link")
