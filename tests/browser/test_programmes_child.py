"""A child signs in on a tablet with the class code and their picture, and answers every
question of the assessment, one per screen; every screen is checked with axe-core."""

from __future__ import annotations

import pytest

from horizons.programmes.instrument import instrument
from horizons.programmes.models import AssessmentAnswer, Cohort, Pupil
from tests.browser.conftest import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TABLET = {"width": 768, "height": 1024}


def _child_who_has_not_answered() -> tuple[Cohort, Pupil]:
    cohort = Cohort.objects.get(status=Cohort.Status.RUNNING, open_phase="pre")
    pupil = next(
        p
        for p in cohort.pupils.select_related("consent").order_by("pk")
        # Only a child whose parent said yes can answer: nothing is kept before that.
        if p.consent.counts_in_reports and not p.answers.filter(phase="pre").exists()
    )
    return cohort, pupil


def _no_sideways_scroll(page, label: str) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2, f"{label}: scrolls sideways by {overflow}px"


def _big_enough(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    for box in page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    ):
        assert box[0] >= 44 and box[1] >= 44, f"{selector} is only {box[0]}x{box[1]}px"


def test_a_child_answers_the_assessment_on_a_tablet(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    cohort, pupil = _child_who_has_not_answered()
    base = demo_site.url
    page = new_page(**TABLET)

    page.goto(f"{base}/programmes/me/start/")
    check_accessibility(page, "class code")
    page.fill("#id_code", cohort.class_code.lower())
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/me/picture/")
    check_accessibility(page, "picture grid")
    _big_enough(page, ".hz-pick__label")
    _no_sideways_scroll(page, "picture grid")

    # A wrong number first: a friendly message, and the child can try again.
    taken = set(
        cohort.pupils.filter(picture=pupil.picture).values_list("picture_number", flat=True)
    )
    wrong = next(n for n in range(10, 100) if n not in taken)
    page.click(f"label[for=picture-{pupil.picture}]")
    page.fill("#id_number", str(wrong))
    page.click("main button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "not quite right" in page.inner_text(".govuk-error-summary")
    check_accessibility(page, "wrong picture")

    page.click(f"label[for=picture-{pupil.picture}]")
    page.fill("#id_number", str(pupil.picture_number))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/me/")
    check_accessibility(page, "child home")
    assert pupil.first_name in page.inner_text("h1")
    page.click("text=My questions")

    items = instrument(cohort.instrument_version).items
    for number, item in enumerate(items, start=1):
        page.wait_for_url(f"{base}/programmes/me/questions/pre/{number}/")
        assert f"Question {number} of {len(items)}" in page.inner_text("main")
        check_accessibility(page, f"question {number}")
        _no_sideways_scroll(page, f"question {number}")
        if number == 1:
            # Nothing chosen: the child is told what to do, on the same screen.
            page.click("main button[type=submit]")
            assert "Tap one of the answers." in page.inner_text(".govuk-error-message")
            check_accessibility(page, "question 1 with an error")
        if item.kind in ("scale", "stereotype"):
            _big_enough(page, ".hz-emoji-scale label")
            page.click(f"label[for=answer-{item.max}]")
        elif item.kind == "count":
            page.fill("#answer", "vet\nnurse\nchef")  # question 9: the jobs themselves
        else:
            page.fill("#answer", "a nurse")
        page.click("main button[type=submit]")

    page.wait_for_url(f"{base}/programmes/me/questions/pre/done/")
    check_accessibility(page, "well done")
    assert not page.console_errors, page.console_errors
    answers = AssessmentAnswer.objects.filter(pupil=pupil, phase="pre")
    assert answers.count() == len(items)
    assert answers.get(item="job_wanted").job_slug == "nurse"
    assert answers.get(item="jobs_known").value == 3  # counted from the jobs written

    # "I have finished" signs the child out; the next child starts from the class code.
    page.click("text=I have finished")
    page.wait_for_url(f"{base}/programmes/me/start/")
