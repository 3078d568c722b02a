"""Our own 400, 403, CSRF, 404 and 500 pages, with DEBUG off as in production."""

import pytest
from django.test import Client, RequestFactory

from horizons.core.views.errors import CSRF_MESSAGE, server_error
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _production_like(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.core.error_urls"


@pytest.mark.django_db
def test_404_is_our_page_with_a_way_home():
    response = Client().get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page and "If you typed the web address" in page
    assert 'class="hz-header' in page  # the base layout


@pytest.mark.django_db
def test_404_for_someone_elses_object_explains_stale_links(client_for):  # type: ignore[no-untyped-def]
    response = client_for("outsider").get("/encounters/campaigns/999999/")
    assert response.status_code == 404
    assert "it may be out of date" in response.content.decode()


@pytest.mark.django_db
def test_403_is_our_page_without_the_internal_reason():
    response = Client().get("/__forbidden__/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot do that here" in page and "internal reason" not in page


@pytest.mark.django_db
def test_400_from_django_hides_its_internal_message():
    response = Client().get("/__suspicious__/")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Something in the link is not right" in page
    assert "host header" not in page


@pytest.mark.django_db
def test_a_refused_form_says_what_to_do_in_plain_english(world):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    assert client.login(email="lead@example.org", password=PASSWORD)
    response = client.post("/accounts/logout/", {})
    page = response.content.decode()
    assert response.status_code == 403
    assert CSRF_MESSAGE in page
    assert "CSRF" not in page.replace("X-CSRFToken", "")  # no developer jargon
    # Nothing happened: the user is still signed in.
    assert client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_a_crash_shows_our_500_page():
    client = Client(raise_request_exception=False)
    response = client.get("/__boom__/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page and "a bug" not in page


def test_the_500_page_renders_without_the_database_or_context_processors():
    # No django_db mark: any database query here would fail the test.
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "Sign out" not in page
