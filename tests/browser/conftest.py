"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright, with axe-core on every page.

The browser tests share one demo region, seeded once into the test database and flushed at
the end, so the rest of the suite still starts from an empty database.
"""

import os
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-GB",  # UK date controls (dd/mm/yyyy), as our users see them
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _require_browser() -> None:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("HORIZONS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


# Playwright's sync API cannot run twice at once in one thread, so a conftest that re-uses
# this fixture (tests/journeys) shares the Chromium already running instead of launching another.
_RUNNING: list[object] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_browser()
    if _RUNNING:
        yield _RUNNING[0]
        return
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make while
    # it runs are still ordinary synchronous calls. Only for the browser tests' lifetime.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=CHROMIUM_ARGS,
                env={**os.environ, "LANG": "en_GB.UTF-8", "LANGUAGE": "en_GB"},
            )
            _RUNNING.append(chromium)
            try:
                yield chromium
            finally:
                _RUNNING.remove(chromium)
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _is_test_database(name: str) -> bool:
    return "memory" in name or "test" in name


@pytest.fixture(scope="session")
def browser_test_database(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """A test database, also when a browser module runs on its own.

    pytest-django creates the test database only if some selected test asks for one (a
    ``django_db`` mark or the ``db`` fixture). Browser tests that write through ``committed_db``
    ask for neither, so run alone they would meet the real database (and ``demo_site`` refuses
    it): here they get a test database of their own, removed at the end of the session.
    """
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if _is_test_database(str(connection.settings_dict["NAME"])):
        yield
        return
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            try:
                teardown_databases(config, verbosity=0)
            except Exception as exc:  # noqa: BLE001 - as pytest-django does: warn, go on
                # On PostgreSQL the live server's thread may still hold a connection.
                warnings.warn(
                    f"Could not remove the browser tests' database: {exc!r}", stacklevel=1
                )


@pytest.fixture(scope="module")
def demo_site(browser_test_database, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo region, served by a live server for the whole module.

    Not pytest-django's live_server: that one flushes the database after every test, and the
    demo region is too rich to rebuild for each page. We flush once, at the end of the module.
    """
    from django.core.management import call_command
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    name = str(connection.settings_dict["NAME"])
    assert _is_test_database(name), f"refusing to seed a non-test database: {name}"
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)
        server = LiveServer("localhost")
        try:
            yield server
        finally:
            _let_requests_finish()
            server.stop()
            call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def committed_db(demo_site, django_db_blocker):  # type: ignore[no-untyped-def]
    """Database access outside a per-test transaction, for browser tests that set data up
    themselves: on PostgreSQL the live server reads through its own connection and sees only
    committed rows (on SQLite it shares the test's connection). What the test writes stays for
    the rest of the module, as what the pages write does; demo_site flushes at the end."""
    with django_db_blocker.unblock():
        yield


def _let_requests_finish(timeout: float = 5.0) -> None:
    """Wait for the live server's request threads before stopping it.

    They are daemon threads that the server does not join; one still closing its database
    connection after the stop (when the in-memory SQLite connection is no longer shared
    between threads) raised "DatabaseWrapper objects created in a thread can only be used in
    that same thread" as a warning.
    """
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name and thread is not threading.current_thread():
            thread.join(timeout)


class AccessibilityError(AssertionError):
    pass


def check_accessibility(page, label: str = "") -> None:  # type: ignore[no-untyped-def]
    """Run axe-core on the page; fail with each WCAG 2.x A/AA violation and where it is."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = result["violations"]
    if violations:
        lines = [f"{label or page.url}: {len(violations)} accessibility violation(s)"]
        for v in violations:
            targets = "; ".join(", ".join(n["target"]) for n in v["nodes"][:3])
            lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} → {targets}")
        raise AccessibilityError("\n".join(lines))


def sign_in(page, base_url: str, email: str, password: str = "horizons-demo") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def new_page(browser):  # type: ignore[no-untyped-def]
    """A fresh browser context (its own cookies), tablet-sized by default."""
    contexts = []

    def make(width: int = 1024, height: int = 768):  # type: ignore[no-untyped-def]
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="en-GB", timezone_id="Europe/London"
        )
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
