"""A careers leader looks after the children's data in a real browser: chooses who runs a
group, imports a class list (the raw file is never kept), downloads one child's data, reads the
access log, sets the retention schedule and deletes a group. Every page is checked with axe."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CLASS_LIST = (
    "UPN,Legal Forename,Legal Surname,Year,Reg,DOB,Parent Email\n"
    "A123456789012,Amelia,Khan,5,5B,01/02/2015,mum@example.org\n"
    "B123456789012,Oliver,Smith,5,5B,03/04/2015,dad@example.org\n"
)


def test_a_careers_leader_looks_after_the_childrens_data(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.sessions.models import Session

    from horizons.programmes.models import Cohort, Pupil

    base = demo_site.url
    page = new_page()
    sign_in(page, base, "lead@horizons.test")

    # A new, empty group.
    page.goto(f"{base}/programmes/new/")
    page.fill("#id_name", "Year 5 browser test")
    page.select_option("#id_year_group", "5")
    page.fill("#id_classes", "5B")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/cohorts/*/")
    cohort = Cohort.objects.get(name="Year 5 browser test")

    # Who runs the group: the careers leader ticks the teacher.
    page.goto(f"{base}/programmes/cohorts/{cohort.pk}/edit/")
    check_accessibility(page, "cohort edit with teachers")
    page.get_by_label("Tom Robson").check()
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    assert list(cohort.teachers.values_list("email", flat=True)) == ["teacher@horizons.test"]

    # A class list with a UPN, dates of birth and parents' emails: none of it is kept.
    page.goto(f"{base}/programmes/cohorts/{cohort.pk}/import/")
    check_accessibility(page, "class list upload")
    page.set_input_files(
        "input[type=file]",
        {"name": "class.csv", "mimeType": "text/csv", "buffer": CLASS_LIST.encode()},
    )
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/import/columns/")
    check_accessibility(page, "class list columns")
    stored = "".join(str(s.get_decoded()) for s in Session.objects.all())
    assert "Amelia" in stored
    for value in ("A123456789012", "01/02/2015", "mum@example.org"):
        assert value not in stored
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    assert "Added 2 children" in page.inner_text("main")

    # One child's page: the subject-access download.
    amelia = Pupil.objects.get(cohort=cohort, first_name="Amelia")
    page.goto(f"{base}/programmes/pupils/{amelia.pk}/")
    check_accessibility(page, "pupil page with export")
    link = page.get_by_role("link", name="Download everything held about this child (JSON)")
    assert link.count() == 1
    response = page.request.get(f"{base}/programmes/pupils/{amelia.pk}/export.json")
    assert response.ok
    assert "no-store" in response.headers["cache-control"]
    assert json.loads(response.body())["child"]["first_name"] == "Amelia"

    # The school's data page: the access log and the retention schedule.
    page.goto(f"{base}/programmes/")
    page.click("text=who saw it and how long it is kept")
    page.wait_for_url(f"{base}/programmes/schools/*/data/")
    check_accessibility(page, "school data page")
    log = page.inner_text("#log ~ div table")
    assert "Subject-access export" in log and "lead@horizons.test" in log
    page.select_option("#id_years_after_finish", "2")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/programmes/schools/*/data/")
    assert "The retention schedule was saved." in page.inner_text("main")
    check_accessibility(page, "school data page after saving")

    # Deleting the group: a wrong name changes nothing, the right one deletes everything.
    page.goto(f"{base}/programmes/cohorts/{cohort.pk}/")
    page.click("text=Delete this group")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/delete/")
    check_accessibility(page, "delete confirmation")
    assert "2 children" in page.inner_text("#what-goes")
    page.fill("#confirm_name", "Year 5")
    page.click("main button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    check_accessibility(page, "delete confirmation with an error")
    assert page.input_value("#confirm_name") == "Year 5"
    page.fill("#confirm_name", cohort.name)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/")
    assert "was deleted with its 2 children" in page.inner_text("main")
    check_accessibility(page, "programmes after deleting")
    assert not Cohort.objects.filter(pk=cohort.pk).exists()
    assert not Pupil.objects.filter(cohort_id=cohort.pk).exists()
    assert not page.console_errors, page.console_errors
