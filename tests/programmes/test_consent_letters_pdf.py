"""The printed consent letter: one A4 page per child, whatever the programme's sessions.

Pages are counted by WeasyPrint laying out the very HTML the PDF view prints."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from horizons.programmes.models import Cohort, CohortSession
from horizons.programmes.views.pupils import _letters_context
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db

A4_PX = (793.7, 1122.5)  # 210 × 297 mm at 96 px to the inch


def _laid_out(cohort: Cohort) -> Any:
    from weasyprint import HTML

    request = RequestFactory().get("/")
    html = render_to_string("programmes/letters_pdf.html", _letters_context(request, cohort))
    return HTML(string=html, base_url="http://testserver/").render()


def _texts(box: Any) -> Iterator[str]:
    if getattr(box, "text", None):
        yield box.text
    for child in getattr(box, "children", None) or []:
        yield from _texts(child)


def _fullest_cohort(world: Any) -> Cohort:
    cohort = make_cohort(world.school)
    # Every session dated, the final assembly with a time, long names: the fullest letter.
    for session in CohortSession.objects.filter(cohort=cohort):
        session.date = date(2027, 1, 11 + session.step)
        session.starts_at = time(14, 30)
        session.save()
    return cohort


def test_each_childs_letter_is_one_a4_page(world) -> None:  # type: ignore[no-untyped-def]
    cohort = _fullest_cohort(world)
    add_pupils(cohort, 3, consent="pending", first_names=["Amira-Josephine", "Benedict", "Cara"])
    add_pupils(cohort, 1, applied=False, consent="pending", first_names=["Dev"])
    document = _laid_out(cohort)
    # Three children applied: three pages (before: two pages each, the slip on the second).
    assert len(document.pages) == 3
    for page in document.pages:
        assert abs(page.width - A4_PX[0]) < 1 and abs(page.height - A4_PX[1]) < 1


def test_the_page_holds_the_short_link_the_qr_code_and_the_tear_off_slip(world) -> None:  # type: ignore[no-untyped-def]
    cohort = _fullest_cohort(world)
    (amira,) = add_pupils(cohort, 1, consent="pending", first_names=["Amira"])
    (page,) = _laid_out(cohort).pages
    words = " ".join(_texts(page._page_box))
    assert f"testserver/c/{amira.consent.short_code}" in words
    assert amira.consent.token not in words
    assert "Scan the code" in words
    assert "cut here and return this slip to school" in words and "Signed:" in words
    assert "Amira T." in words


def test_the_letters_download_as_a_pdf(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    add_pupils(cohort, 2, consent="pending")
    response = client_for("lead").get(reverse("programmes:cohort_letters_pdf", args=[cohort.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="letters-{cohort.pk}.pdf"' in response["Content-Disposition"]
