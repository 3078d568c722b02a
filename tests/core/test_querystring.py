"""One helper reads ids from query strings; pages across the project give a clear 400 for
anything that is not a whole number (before, '²' passed isdigit() and crashed int())."""

import pytest
from django.test import RequestFactory

from horizons.core.querystring import id_from_query
from horizons.core.views.errors import ClearBadRequest


@pytest.mark.parametrize(("raw", "expected"), [("", None), (" 42 ", 42), ("007", 7)])
def test_whole_numbers_and_absence(raw, expected):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/", {"school": raw})
    assert id_from_query(request, "school") == expected
    assert id_from_query(RequestFactory().get("/"), "school") is None


@pytest.mark.parametrize("raw", ["abc", "²", "٣", "-1", "1.5", "9" * 16, "x" * 100])
def test_anything_else_is_a_clear_bad_request(raw):  # type: ignore[no-untyped-def]
    with pytest.raises(ClearBadRequest, match="is not a number we use") as caught:
        id_from_query(RequestFactory().get("/", {"hub": raw}), "hub", label="hub")
    assert len(str(caught.value)) < 200  # a long value is cut short in the message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("facilitator", "/benchmarks/resources/?benchmark=%C2%B2"),
        ("facilitator", "/programmes/impact/?hub=%C2%B2"),
        ("facilitator", "/programmes/impact/?hub=abc"),
    ],
)
def test_other_pages_answer_400_not_500(client_for, settings, persona, url):  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    response = client_for(persona).get(url)
    assert response.status_code == 400
    assert "is not a number we use" in response.content.decode()


@pytest.mark.django_db
def test_those_pages_still_filter_by_a_real_id(client_for, world):  # type: ignore[no-untyped-def]
    client = client_for("facilitator")
    assert client.get("/benchmarks/resources/?benchmark=3").status_code == 200
    assert client.get("/benchmarks/resources/?benchmark=").status_code == 200
    assert client.get(f"/programmes/impact/?hub={world.hub.pk}").status_code == 200
