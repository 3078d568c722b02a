"""Small helpers for pages that show children's data.

``pupil_data`` marks a view whose pages hold pupil-level data (names, answers, codes, consent,
reports): its responses are sent with ``Cache-Control: no-store`` so that nothing lingers in a
shared computer's or tablet's browser cache, and the view carries ``holds_pupil_data = True``
so tests can find every such view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

View = Callable[..., HttpResponse]


def pupil_data(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response

    wrapper.holds_pupil_data = True  # type: ignore[attr-defined]
    return wrapper


def client_ip(request: HttpRequest) -> str:
    """The client's address as the access log records it: the real client behind
    HORIZONS_TRUSTED_PROXY_COUNT trusted proxies, as sign-in throttling counts it."""
    from horizons.accounts.adapters import request_ip

    return request_ip(request)[:45]
