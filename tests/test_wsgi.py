"""The web worker's start-up."""

import importlib

from horizons.careers.matching import default_matcher


def test_the_web_worker_builds_the_careers_matcher_before_the_first_search():
    import horizons.wsgi

    default_matcher.cache_clear()
    importlib.reload(horizons.wsgi)
    assert default_matcher.cache_info().currsize == 1
    assert callable(horizons.wsgi.application)
