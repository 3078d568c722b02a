"""Sign in as each demo role, visit every page their navigation and home page lead to, and check
each one with axe-core (WCAG 2.2 A/AA), for console errors (including CSP refusals) and for
sideways scrolling on a tablet."""

from urllib.parse import urlparse

import pytest

from tests.browser.conftest import check_accessibility, sign_in

# django_db makes pytest-django create the test database; the pages are served from demo_site.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROLES = ["facilitator", "lead", "teacher", "employer", "volunteer", "admin"]
SKIP_PREFIXES = ("/admin/", "/accounts/logout", "/static/", "/media/")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".ics", ".json")
MAX_PAGES = 40


def _internal_links(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    hrefs = page.eval_on_selector_all(
        "main a[href], nav a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    links = []
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "http")) and not href.startswith(base):
            continue
        path = urlparse(href).path if href.startswith("http") else href.split("#")[0]
        if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
            continue
        links.append(path)
    return links


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_is_accessible(role, demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, f"{role}@horizons.test")
    to_visit = ["/"]
    seen: set[str] = set()
    problems: list[str] = []
    while to_visit and len(seen) < MAX_PAGES:
        path = to_visit.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(base + path)
        assert response is not None
        if response.status >= 400:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        try:
            check_accessibility(page, path)
        except AssertionError as exc:
            problems.append(str(exc))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 2:
            problems.append(f"{path}: scrolls sideways by {overflow}px on a tablet")
        if page.console_errors:
            problems.append(f"{path}: console errors {page.console_errors}")
            page.console_errors.clear()
        to_visit.extend(link for link in _internal_links(page, base) if link not in seen)
    assert seen, f"{role} reached no page"
    assert not problems, "\n".join(problems)


def test_signed_out_pages_are_accessible(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page(width=390, height=844)  # a phone, the narrowest we support
    for path in [
        "/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/privacy/",
        "/accessibility/",
    ]:
        page.goto(demo_site.url + path)
        check_accessibility(page, path)
        assert not page.console_errors, f"{path}: {page.console_errors}"


def test_a_failed_sign_in_keeps_the_email_and_says_what_to_fix(demo_site, new_page):  # type: ignore[no-untyped-def]
    page = new_page()
    page.goto(demo_site.url + "/accounts/login/")
    page.fill("#id_login", "lead@horizons.test")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_login") == "lead@horizons.test"
    check_accessibility(page, "login with error")
