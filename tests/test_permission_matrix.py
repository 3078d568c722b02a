"""Request every page as every persona and check allowed / 404 / sign-in redirect."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_matrix import ALL, all_rows

PERSONAS = [*ALL, "anonymous"]
ROWS = all_rows()
# Pages that belong to libraries (allauth, admin) or need a one-off token are checked elsewhere.
NOT_IN_MATRIX = {
    "accept_invitation",
    "team_remove",
    "healthz",
    # POST-only actions, each with its own permission tests:
    "allocation_decide",
    "allocation_publish",
    "allocation_decision_remove",
    "campaign_move",  # tests/encounters/test_lifecycle.py
}


def _row_id(row) -> str:  # type: ignore[no-untyped-def]
    return row.url_name


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_every_persona_gets_what_the_matrix_says(row, world, client_for):  # type: ignore[no-untyped-def]
    url = reverse(row.url_name, args=row.args(world))
    failures = []
    for persona in PERSONAS:
        response = client_for(persona).get(url)
        expected = row.expected_for(persona)
        if expected == "ok":
            good = response.status_code == 200
        elif expected == "404":
            good = response.status_code == 404
        elif expected == "login":
            good = response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif expected == "redirect":
            good = response.status_code == 302 and "/accounts/login/" not in response["Location"]
        else:
            good = response.status_code == expected
        if not good:
            failures.append(f"{persona}: expected {expected}, got {response.status_code}")
    assert not failures, f"{url}\n" + "\n".join(failures)


def _our_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace_is_ours: bool) -> None:  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                module = getattr(p.urlconf_module, "__name__", "")
                walk(p.url_patterns, module.startswith("horizons."))
            elif isinstance(p, URLPattern) and p.name and namespace_is_ours:
                names.add(p.name)

    walk(get_resolver().url_patterns, True)
    return names - {"admin"}


def test_every_page_of_ours_is_in_the_matrix() -> None:
    covered = {row.url_name for row in ROWS}
    missing = sorted(_our_url_names() - covered - NOT_IN_MATRIX)
    assert not missing, f"Add these pages to a tests/<app>/matrix.py: {missing}"
