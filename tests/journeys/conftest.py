"""The journeys re-use the browser tests' real Chromium and demo region.

`browser` is shared with tests/browser when both run in one session (see _RUNNING there).
The journey's ordered steps share one demo region for the module and are not wrapped in a
transaction each: each step builds on what the one before did through the pages.
"""

import pytest

from tests.browser.conftest import (  # noqa: F401
    browser,
    browser_test_database,
    demo_site,
    new_page,
)


@pytest.fixture(scope="module")
def journey_db(demo_site, django_db_blocker):  # type: ignore[no-untyped-def]  # noqa: F811
    """Database access for the whole journey, outside any per-test transaction."""
    with django_db_blocker.unblock():
        yield demo_site
