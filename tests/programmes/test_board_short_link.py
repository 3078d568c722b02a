"""The class board shows a short link and a QR code, so children need not type a long address
(issue 11); the short link signs the class code in for them."""

from __future__ import annotations

import base64

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from horizons.programmes import child_session, qr
from horizons.programmes.models import Cohort
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def test_the_board_shows_a_short_link_and_its_qr_code(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    board = (
        client_for("teacher")
        .get(reverse("programmes:cohort_board", args=[cohort.pk]))
        .content.decode()
    )
    short = f"testserver/go/{cohort.class_code}"
    assert f"<strong>{short}</strong>" in board
    # The QR code is an image in a data URI (the CSP forbids inline styles, allows data: images)
    # and encodes the full short link.
    expected = qr.qr_data_uri(f"http://{short}")
    assert f'src="{expected}"' in board
    assert f'alt="QR code that opens {short}"' in board
    svg = base64.b64decode(expected.split(",", 1)[1]).decode()
    assert svg.startswith("<?xml") and "<svg" in svg and "<script" not in svg
    # The class code stays on the board for tablets without a camera.
    assert cohort.class_code in board and "testserver/programmes/me/start/" in board


def test_the_short_link_takes_a_child_straight_to_the_pictures(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    client = Client()
    response = client.get(f"/go/{cohort.class_code.lower()}")
    assert response.status_code == 302 and response["Location"] == reverse(
        "programmes:child_picture"
    )
    assert client.session[child_session.SESSION_CODE] == cohort.class_code
    # Typed with a slash at the end, it works the same.
    assert Client().get(f"/go/{cohort.class_code}/")["Location"] == reverse(
        "programmes:child_picture"
    )
    signed_in = client.post(
        reverse("programmes:child_picture"),
        {"picture": pupil.picture, "number": pupil.picture_number},
    )
    assert signed_in["Location"] == reverse("programmes:child_home")


def test_a_stale_short_link_says_what_to_do(world) -> None:  # type: ignore[no-untyped-def]
    finished = make_cohort(world.school, status=Cohort.Status.FINISHED)
    for code in [finished.class_code, "ZZZZZZ", "---"]:
        client = Client()
        response = client.get(f"/go/{code}")
        html = response.content.decode()
        assert response.status_code == 404
        assert "We could not find that class code" in html
        assert 'name="code"' in html  # the child can type the code from the board instead
        assert child_session.SESSION_CODE not in client.session


def test_without_scheme_keeps_the_address_short() -> None:
    assert qr.without_scheme("https://horizons.example/go/BCD") == "horizons.example/go/BCD"
    assert qr.without_scheme("http://localhost:8000/go/BCD") == "localhost:8000/go/BCD"
