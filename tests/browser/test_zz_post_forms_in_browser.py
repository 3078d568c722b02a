"""Every POST view of the product has been submitted by real Chromium in a browser test.

Runs last (tests/conftest.py moves it to the end) and only when the whole suite is collected,
because it judges what all the browser tests did. The recording is in post_coverage.py.
"""

import pytest

from tests.browser.post_coverage import post_views, posted_view_names

pytestmark = [pytest.mark.browser, pytest.mark.post_coverage]


def test_every_post_view_is_submitted_in_a_browser() -> None:
    views = post_views()
    assert len(views) > 40, "the URL walk found too few POST views to be right"
    posted = posted_view_names()
    missing = [view for view in views if view.name not in posted]
    assert not missing, (
        f"{len(missing)} of {len(views)} POST views were never submitted by a browser test:\n"
        + "\n".join(f"  {view.name:40} /{view.route}  ({view.module})" for view in missing)
    )
