"""Screenshots of the main pages for the README. Run with `make screenshots`.

Deselected from `make test` (marker `screenshots`) because it rewrites files under docs/.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.screenshots, pytest.mark.django_db]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# (who signs in, path, file name). A path may be a callable of the page for links found there.
SHOTS: list[tuple[str | None, str, str]] = [
    (None, "/", "landing"),
    ("facilitator", "/", "facilitator-home"),
    ("lead", "/", "lead-home"),
    ("facilitator", "/schools/", "schools"),
    ("employer", "/", "employer-home"),
    ("volunteer", "/", "volunteer-home"),
]


def test_take_screenshots(demo_site, new_page):  # type: ignore[no-untyped-def]
    OUT.mkdir(parents=True, exist_ok=True)
    pages: dict[str | None, object] = {}
    for who, path, name in SHOTS:
        if who not in pages:
            page = new_page(width=1280, height=900)
            if who:
                sign_in(page, demo_site.url, f"{who}@horizons.test")
            pages[who] = page
        page = pages[who]
        response = page.goto(demo_site.url + path)  # type: ignore[attr-defined]
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]
