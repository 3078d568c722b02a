"""Every page with pupil data is sent with Cache-Control: no-store."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db


def _pages(cohort_pk: int, pupil_pk: int, token: str) -> list[str]:
    return [
        reverse("programmes:cohort_detail", args=[cohort_pk]),
        reverse("programmes:cohort_edit", args=[cohort_pk]),
        reverse("programmes:cohort_board", args=[cohort_pk]),
        reverse("programmes:cohort_cards", args=[cohort_pk]),
        reverse("programmes:cohort_session_edit", args=[cohort_pk, 0]),
        reverse("programmes:cohort_import", args=[cohort_pk]),
        reverse("programmes:cohort_consent", args=[cohort_pk]),
        reverse("programmes:cohort_letters", args=[cohort_pk]),
        reverse("programmes:cohort_impact", args=[cohort_pk]),
        reverse("programmes:impact_overview"),
        reverse("programmes:pupil_detail", args=[pupil_pk]),
        reverse("programmes:pupil_edit", args=[pupil_pk]),
        reverse("programmes:pupil_remove", args=[pupil_pk]),
        reverse("programmes:parent_consent", args=[token]),
    ]


def test_every_page_with_pupil_data_says_no_store(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    pupil = add_pupils(cohort, 6)[0]
    client = client_for("lead")
    for url in _pages(cohort.pk, pupil.pk, pupil.consent.token):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_a_page_without_pupil_data_is_left_alone(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("lead").get(reverse("programmes:programme_visits"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_staff_views_are_marked() -> None:
    from horizons.programmes.views import cohorts as views_cohorts
    from horizons.programmes.views import impact as views_impact
    from horizons.programmes.views import pupils as views_pupils

    for module in (views_pupils, views_impact):
        for name in dir(module):
            view = getattr(module, name)
            ours = callable(view) and getattr(view, "__module__", "") == module.__name__
            if ours and name.startswith(("cohort_", "pupil_", "impact_")):
                assert getattr(view, "holds_pupil_data", False), name
    assert views_cohorts.cohort_cards.holds_pupil_data  # type: ignore[attr-defined]
