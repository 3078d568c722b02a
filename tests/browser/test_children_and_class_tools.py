"""Issue 11 in real Chromium, with axe-core on every page: children reach the class through the
board's short link, the careers library from every page, write the jobs they know for question
9, and see their first answers after the programme; teachers open "My class", tick every
child at once (with and without JavaScript) and cannot mark a session next week as held."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import User
from horizons.encounters.models import Attendance, Booking
from horizons.programmes.instrument import instrument
from horizons.programmes.models import AssessmentAnswer, Cohort, Pupil, SessionAttendance
from tests.browser.conftest import check_accessibility, sign_in

# These tests set some data up themselves, so they run outside a per-test transaction.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]

PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1024, "height": 768}


def _running_cohort() -> Cohort:
    return Cohort.objects.get(status=Cohort.Status.RUNNING)


def _fresh_child(cohort: Cohort) -> Pupil:
    return next(
        p
        for p in cohort.pupils.select_related("consent").order_by("pk")
        if p.consent.applied_at
        and p.consent.parent_consent == "granted"
        and not p.answers.exists()
        and not p.reflections.exists()
    )


def _no_sideways_scroll(page, label: str) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2, f"{label}: scrolls sideways by {overflow}px"


def _big_enough(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    boxes = page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    )
    assert boxes, f"nothing matches {selector}"
    for width, height in boxes:
        assert width >= 44 and height >= 44, f"{selector} is only {width}x{height}px"


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_a_child_goes_from_the_board_to_the_library_and_revisits_their_answers(
    demo_site, new_page, viewport
) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort = _running_cohort()
    Cohort.objects.filter(pk=cohort.pk).update(open_phase="pre")
    pupil = _fresh_child(cohort)

    # The teacher puts the board up: a short link and a QR code instead of a long address.
    teacher = new_page(**LANDSCAPE)
    sign_in(teacher, base, "teacher@horizons.test")
    teacher.goto(f"{base}/programmes/cohorts/{cohort.pk}/board/")
    check_accessibility(teacher, "board")
    short_link = teacher.inner_text(".hz-board__link").strip()
    assert short_link.endswith(f"/go/{cohort.class_code}")
    qr_width = teacher.eval_on_selector("img.hz-board__qr", "img => img.naturalWidth")
    assert qr_width > 0  # the data-URI SVG loaded under the CSP
    assert not teacher.console_errors, teacher.console_errors

    # The child follows the short link (as the QR code would) and lands on the pictures.
    page = new_page(**viewport)
    page.goto(f"http://{short_link}")
    page.wait_for_url(f"{base}/programmes/me/picture/")
    check_accessibility(page, "pictures from the short link")
    page.click(f"label[for=picture-{pupil.picture}]")
    page.fill("#id_number", str(pupil.picture_number))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/me/")
    check_accessibility(page, "child home")
    _big_enough(page, ".hz-child-links .hz-big-choice")

    # The Jobs picture-button leads into the careers library.
    page.click(".hz-child-links >> text=Jobs")
    page.wait_for_url(f"{base}/careers/")
    check_accessibility(page, "careers library from a child page")
    page.click(".hz-careers-nav >> text=My page")  # and back again, without the browser's Back
    page.wait_for_url(f"{base}/programmes/me/")

    # Before the programme: question 9 takes the jobs themselves and counts them.
    page.click("text=My questions")
    total = len(instrument(cohort.instrument_version).items)
    for number in range(1, total + 1):
        page.wait_for_url(f"{base}/programmes/me/questions/pre/{number}/")
        assert page.locator(".hz-child-links >> text=Jobs").count() == 1
        if page.locator("textarea#answer").count():
            check_accessibility(page, "question 9 with a list of jobs")
            _no_sideways_scroll(page, "question 9")
            page.fill("#answer", "vet\nnurse\ndocter\nchef\nrich")
            page.click("main button[type=submit]")
            page.wait_for_url(f"{base}/programmes/me/questions/pre/{number + 1}/")
            assert "You wrote 4 jobs!" in page.inner_text("main")
            check_accessibility(page, "the count, on the next question")
            continue
        if page.locator("input#answer").count():
            page.fill("#answer", "a vet")
        else:
            page.click("label[for=answer-2]")
        page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/me/questions/pre/done/")
    jobs = AssessmentAnswer.objects.get(pupil=pupil, phase="pre", item="jobs_known")
    assert jobs.value == 4 and [j["slug"] for j in jobs.jobs][:2] == ["vet", "nurse"]

    # After the programme the child sees what they said the first time, beside each question.
    Cohort.objects.filter(pk=cohort.pk).update(open_phase="post")
    page.goto(f"{base}/programmes/me/")
    page.click("text=My questions again")
    page.wait_for_url(f"{base}/programmes/me/questions/post/1/")
    assert "Last time you said:" in page.inner_text("main")
    check_accessibility(page, "post question with last time")
    page.goto(f"{base}/programmes/me/questions/post/9/")
    last_time = page.inner_text(".hz-child-last-time")
    assert "You wrote 4 jobs." in last_time and "docter" in last_time
    check_accessibility(page, "question 9 after, with the first list")
    page.fill("#answer", "vet\nnurse\ndoctor\nchef\npilot\nengineer\nfarmer")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/me/questions/post/10/")
    assert "You wrote 7 jobs!" in page.inner_text("main")

    # My Future Cloud: the matched job is a link to its profile in the library.
    page.goto(f"{base}/programmes/me/activities/future-cloud/1/")
    page.fill("#answer", "a vet")
    page.click("main button[type=submit]")
    page.goto(f"{base}/programmes/me/activities/future-cloud/done/")
    check_accessibility(page, "future cloud")
    page.click("main a[href='/careers/jobs/vet/']")
    page.wait_for_url(f"{base}/careers/jobs/vet/")
    check_accessibility(page, "vet profile from the future cloud")
    assert not page.console_errors, page.console_errors
    # Put the cohort back for the next viewport.
    Cohort.objects.filter(pk=cohort.pk).update(open_phase="pre")


def test_a_teacher_opens_my_class_and_ticks_everyone_present(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort = _running_cohort()
    page = new_page(**LANDSCAPE)
    sign_in(page, base, "teacher@horizons.test")
    page.click("main >> text=My class")
    page.wait_for_url(f"{base}/programmes/my-class/")
    check_accessibility(page, "my class, choosing")
    page.select_option("#class", label=f"6B, {cohort.school.name}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/my-class/?class=*")
    check_accessibility(page, "my class")
    main = page.inner_text("main")
    assert "Children (26)" in main and "Programme sessions coming up" in main

    # A session is not yet held: dated next week, it cannot be marked as having happened.
    session = cohort.sessions.filter(held=False).order_by("step").first()
    assert session is not None
    url = f"{base}/programmes/cohorts/{cohort.pk}/sessions/{session.step}/"
    page.goto(url)
    check_accessibility(page, "session")
    next_week = timezone.localdate() + timedelta(days=7)
    page.fill("#id_date", next_week.isoformat())  # the browser's own date control
    page.check("#id_held")
    page.click("main button[type=submit]:text('Save')")
    page.wait_for_load_state()
    assert "which has not come yet" in page.inner_text(".govuk-error-summary")
    check_accessibility(page, "session dated next week")
    session.refresh_from_db()
    assert not session.held

    # With JavaScript: "Tick every child" ticks all of them at once, without leaving the page.
    page.fill("#id_date", timezone.localdate().isoformat())
    page.check("#id_held")
    page.click("[data-select-all]")
    children = page.locator("input[name=present]").count()
    assert children == cohort.pupils.filter(consent__applied_at__isnull=False).count() > 20
    assert page.eval_on_selector_all("input[name=present]", "els => els.every(e => e.checked)")
    assert page.url == url
    assert "children ticked" in page.inner_text("[data-select-status=present]")
    page.uncheck("input[name=present] >> nth=0")
    check_accessibility(page, "session with everyone ticked")
    page.click("main button[type=submit]:text('Save')")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    assert SessionAttendance.objects.filter(session=session).count() == children - 1
    assert not page.console_errors, page.console_errors


def test_tick_every_child_without_javascript(demo_site, browser) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort = _running_cohort()
    session = cohort.sessions.order_by("-step").first()
    assert session is not None
    context = browser.new_context(
        viewport=LANDSCAPE, locale="en-GB", timezone_id="Europe/London", java_script_enabled=False
    )
    try:
        page = context.new_page()
        sign_in(page, base, "teacher@horizons.test")
        page.goto(f"{base}/programmes/cohorts/{cohort.pk}/sessions/{session.step}/")
        page.click("[data-select-all]")  # a real submit button: the page comes back ticked
        page.wait_for_load_state()
        checked = page.eval_on_selector_all(
            "input[name=present]", "els => els.filter(e => e.checked).length"
        )
        assert checked == page.locator("input[name=present]").count() > 0
        assert not SessionAttendance.objects.filter(session=session).exists()  # nothing saved
    finally:
        context.close()


def test_a_teacher_records_that_everyone_booked_took_part(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    booking = (
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            attendance_recorded_at__isnull=True,
            event__date__lt=timezone.localdate(),
            school_id__in=permissions.school_ids_for_staff(
                User.objects.get(email="teacher@horizons.test")
            ),
        )
        .order_by("-event__date")
        .first()
    )
    assert booking is not None
    page = new_page(**LANDSCAPE)
    sign_in(page, base, "teacher@horizons.test")
    page.goto(f"{base}/encounters/bookings/{booking.pk}/attendance/")
    check_accessibility(page, "encounter attendance")
    for field in page.locator("input[data-booked]").all():
        field.fill("1")
    page.click("[data-fill-booked]")
    values = page.eval_on_selector_all(
        "input[data-booked]", "els => els.map(e => [e.value, e.dataset.booked])"
    )
    assert values and all(value == booked for value, booked in values)
    page.click("main button:text('Save attendance and feedback')")
    page.wait_for_url(f"{base}/encounters/school/?school=*")
    booked = {c.pk: c.pupils for c in booking.classes.all()}
    recorded = dict(
        Attendance.objects.filter(booking=booking).values_list("booking_class_id", "pupils")
    )
    assert recorded == booked
    assert not page.console_errors, page.console_errors
