"""Consent and children's sign-in as people live them, in real Chromium, with axe-core checks.

A parent opens their link in a fresh browser (no cookies, nothing from Horizons) and answers;
before the fix the page's ``Referrer-Policy: no-referrer`` made Chromium send ``Origin: null``
with the form and Django refused it with "CSRF verification failed". A finished programme's
link has expired but still lets a parent withdraw. Staff record a parent's answer told in
person. A teacher opens and closes the children's sign-in window.
"""

from __future__ import annotations

import pytest

from horizons.programmes.models import AssessmentAnswer, Cohort, Consent, Pupil
from tests.browser.conftest import check_accessibility, sign_in

# These tests set some data up themselves, so they run outside a per-test transaction.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 375, "height": 667}


def _waiting_pupil(index: int) -> Pupil:
    """A child of the running demo class whose parent has not replied yet (one per test).

    The demo has only one such child, so the test makes more: a child whose consent is
    pending has nothing stored, as Horizons keeps nothing before a parent's yes.
    """
    cohort = Cohort.objects.get(status=Cohort.Status.RUNNING)
    granted = cohort.pupils.filter(consent__parent_consent="granted").order_by("-pk")
    pupil = granted[index]
    Consent.objects.filter(pk=pupil.pk).update(
        parent_consent="pending", method="", recorded_by=None, recorded_at=None
    )
    pupil.answers.all().delete()
    pupil.reflections.all().delete()
    return Pupil.objects.select_related("consent", "cohort").get(pk=pupil.pk)


def _no_sideways_scroll(page, label: str) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2, f"{label}: scrolls sideways by {overflow}px"


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_parent_says_yes_then_no_from_a_fresh_browser(demo_site, new_page, viewport) -> None:  # type: ignore[no-untyped-def]
    # A different child for each width, so each starts from "waiting for a reply".
    pupil = _waiting_pupil(0 if viewport is TABLET else 1)
    page = new_page(**viewport)  # a fresh context: no cookies, no session, no referrer
    url = f"{demo_site.url}/programmes/consent/{pupil.consent.token}/"
    response = page.goto(url)
    assert response is not None and response.headers["referrer-policy"] == "same-origin"
    check_accessibility(page, "consent letter")
    _no_sideways_scroll(page, "consent letter")

    page.check("input[name=answer][value=yes]")
    page.click("main button[type=submit]")
    page.wait_for_selector("#consent-confirmation")
    assert "CSRF verification failed" not in page.content()
    assert "You said yes" in page.inner_text("#consent-confirmation")
    check_accessibility(page, "consent given")
    _no_sideways_scroll(page, "consent given")
    consent = Consent.objects.get(pk=pupil.pk)
    assert (consent.parent_consent, consent.method) == ("granted", "link")

    # Changing their mind: the form is still there, with their answer ticked.
    assert page.is_checked("input[name=answer][value=yes]")
    page.check("input[name=answer][value=no]")
    page.click("main button[type=submit]")
    page.wait_for_selector("#withdrawal-effect")
    assert "You have withdrawn your consent" in page.inner_text("#consent-confirmation")
    effect = page.inner_text("#withdrawal-effect")
    assert "not used in any report" in effect and "retention schedule" in effect
    check_accessibility(page, "consent withdrawn")
    consent.refresh_from_db()
    assert consent.parent_consent == "refused" and consent.withdrawn_at is not None
    history = list(consent.pupil.consent_events.values_list("decision", "method"))
    assert history[-2:] == [("granted", "link"), ("refused", "link")]
    assert not page.console_errors, page.console_errors


def test_a_finished_programmes_link_has_expired_but_a_parent_can_still_withdraw(
    demo_site, new_page
) -> None:  # type: ignore[no-untyped-def]
    pupil = (
        Pupil.objects.filter(
            cohort__status=Cohort.Status.FINISHED,
            consent__parent_consent="granted",
            consent__applied_at__isnull=False,
        )
        .filter(answers__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    assert pupil is not None
    kept = AssessmentAnswer.objects.filter(pupil=pupil).count()
    page = new_page(**PHONE)
    page.goto(f"{demo_site.url}/programmes/consent/{pupil.consent.token}/")
    assert page.inner_text("h1") == "This link has expired"
    assert "can no longer be used to give consent" in page.inner_text("main")
    assert page.locator("input[name=answer][value=yes]").count() == 0
    check_accessibility(page, "expired link")
    _no_sideways_scroll(page, "expired link")

    page.click("text=Withdraw my consent")
    page.wait_for_selector("#withdrawal-effect")
    check_accessibility(page, "withdrawn after the programme")
    assert "stay locked away until the school's retention schedule erases them" in (
        page.inner_text("#withdrawal-effect")
    )
    consent = Consent.objects.get(pk=pupil.pk)
    assert consent.parent_consent == "refused" and consent.withdrawn_at is not None
    # Before: a "no" on a finished cohort deleted the child's answers for good.
    assert AssessmentAnswer.objects.filter(pupil=pupil).count() == kept
    # The school's page for the child no longer shows them, and says why.
    staff = new_page(**TABLET)
    sign_in(staff, demo_site.url, "lead@horizons.test")
    staff.goto(f"{demo_site.url}/programmes/pupils/{pupil.pk}/")
    assert "A parent withdrew consent on" in staff.inner_text("#answers-hidden")
    last = staff.locator("#consent-history + div tbody tr").last.inner_text()
    assert "Consent refused" in last and "Parent's online reply" in last
    check_accessibility(staff, "pupil page after withdrawal")


def test_staff_record_a_parents_answer_told_in_person_and_it_shows_as_a_staff_entry(
    demo_site, new_page
) -> None:  # type: ignore[no-untyped-def]
    pupil = _waiting_pupil(2)
    page = new_page(**TABLET)
    sign_in(page, demo_site.url, "teacher@horizons.test")
    page.goto(f"{demo_site.url}/programmes/cohorts/{pupil.cohort_id}/consent/")
    check_accessibility(page, "record consent")
    page.check(f"#applied-{pupil.pk}")
    page.check(f"#consent-{pupil.pk}-granted")
    page.check("#method-staff")
    page.click("main button[type=submit]:has-text('Save')")
    page.wait_for_url(f"{demo_site.url}/programmes/cohorts/{pupil.cohort_id}/")
    assert "1 children's records changed" in page.inner_text(".govuk-notification-banner")
    check_accessibility(page, "cohort after recording consent")
    consent = Consent.objects.get(pk=pupil.pk)
    assert (consent.parent_consent, consent.method) == ("granted", "staff")
    event = pupil.consent_events.last()
    assert event is not None and event.method == "staff" and event.recorded_by is not None

    page.goto(f"{demo_site.url}/programmes/pupils/{pupil.pk}/")
    history = page.inner_text("#consent-history + div")
    assert "Staff entry" in history and "Tom Robson" in history
    assert "Told a member of staff" in history
    check_accessibility(page, "pupil page with consent history")


def test_the_class_code_works_only_while_the_teacher_has_opened_sign_in(
    demo_site, new_page
) -> None:  # type: ignore[no-untyped-def]
    cohort = Cohort.objects.get(status=Cohort.Status.RUNNING)
    pupil = next(
        p
        for p in cohort.pupils.select_related("consent").order_by("pk")
        if p.consent.counts_in_reports
    )
    base = demo_site.url
    teacher = new_page(**TABLET)
    sign_in(teacher, base, "teacher@horizons.test")
    teacher.goto(f"{base}/programmes/cohorts/{cohort.pk}/board/")
    check_accessibility(teacher, "board, sign-in open")
    teacher.click("text=Close sign-in now")
    teacher.wait_for_selector("text=Sign-in is closed")
    assert "Closed" in teacher.inner_text("#sign-in-status")
    check_accessibility(teacher, "board, sign-in closed")

    # A child (or anyone else) with the right class code gets nowhere while it is closed.
    child = new_page(**TABLET)
    child.goto(f"{base}/programmes/me/start/")
    child.fill("#id_code", cohort.class_code)
    child.click("main button[type=submit]")
    assert "sign-in is not open" in child.inner_text("main")
    assert child.url == f"{base}/programmes/me/start/"
    check_accessibility(child, "class code refused")

    teacher.click("text=Open sign-in for 20 minutes")
    teacher.wait_for_selector("text=Children can sign in until")
    status = teacher.inner_text("#sign-in-status")
    assert "Open" in status and "left" in status
    check_accessibility(teacher, "board, sign-in opened")
    # A tablet locked by wrong pictures waits; the teacher can let every tablet try again.
    teacher.click("text=Let every tablet try again now")
    teacher.wait_for_selector("text=Every tablet can try again now.")
    check_accessibility(teacher, "board, tablets unlocked")

    child.fill("#id_code", cohort.class_code)
    child.click("main button[type=submit]")
    child.wait_for_url(f"{base}/programmes/me/picture/")
    child.click(f"label[for=picture-{pupil.picture}]")
    child.fill("#id_number", str(pupil.picture_number))
    child.click("main button[type=submit]")
    child.wait_for_url(f"{base}/programmes/me/")
    check_accessibility(child, "child home")

    # From the cohort page too: the same control.
    teacher.goto(f"{base}/programmes/cohorts/{cohort.pk}/")
    teacher.click("text=Close sign-in now")
    teacher.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    assert "Closed" in teacher.inner_text("#sign-in-status")
    check_accessibility(teacher, "cohort page, sign-in closed")
    assert not teacher.console_errors and not child.console_errors


def test_a_child_still_waiting_for_a_yes_is_told_kindly_and_nothing_is_stored(
    demo_site, new_page
) -> None:  # type: ignore[no-untyped-def]
    pupil = _waiting_pupil(3)
    cohort = pupil.cohort
    base = demo_site.url
    teacher = new_page(**TABLET)
    sign_in(teacher, base, "teacher@horizons.test")
    teacher.goto(f"{base}/programmes/cohorts/{cohort.pk}/board/")
    if teacher.locator("text=Open sign-in for 20 minutes").count():
        teacher.click("text=Open sign-in for 20 minutes")
        teacher.wait_for_selector("text=Children can sign in until")

    child = new_page(width=768, height=1024)
    child.goto(f"{base}/programmes/me/start/")
    child.fill("#id_code", cohort.class_code)
    child.click("main button[type=submit]")
    child.wait_for_url(f"{base}/programmes/me/picture/")
    child.click(f"label[for=picture-{pupil.picture}]")
    child.fill("#id_number", str(pupil.picture_number))
    child.click("main button[type=submit]")
    child.wait_for_url(f"{base}/programmes/me/")
    waiting = child.inner_text("#waiting-for-yes")
    assert "once your grown-up says yes" in waiting
    assert child.locator("a[href*='/programmes/me/questions/']").count() == 0
    check_accessibility(child, "waiting for a yes")
    # Going straight to a question's address leads back home; nothing is kept.
    child.goto(f"{base}/programmes/me/questions/pre/1/")
    child.wait_for_url(f"{base}/programmes/me/")
    assert not AssessmentAnswer.objects.filter(pupil=pupil).exists()
