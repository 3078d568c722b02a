"""Which POST views exist, and which of them a real browser has submitted.

The consent form failed in every real browser (Chromium sends `Origin: null` under a
`no-referrer` policy) while its test-client tests passed, because the test client sends no
Origin header, runs no JavaScript and caches nothing. So every POST view of the product must be
submitted at least once by Chromium in a browser test. This module records the POSTs that the
browser tests' live server handles and lists the POST views the URL configuration offers; the
check in test_zz_post_forms_in_browser.py compares the two after the whole browser suite ran.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.signals import request_started
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# allauth's views that Horizons' people reach from its pages. The others allauth mounts are
# switched off or never linked: sign-up (people join by invitation), sign-in by emailed code.
ALLAUTH_VIEWS_IN_USE = {
    "account_login",
    "account_logout",
    "account_reset_password",
    "account_reset_password_from_key",
    "account_change_password",
    "mfa_authenticate",
    "mfa_activate_totp",
    "socialaccount_connections",  # link or unlink a Google or Microsoft account
}
ALLAUTH_VIEWS_NOT_OFFERED = {
    "account_signup": "people join by invitation; the adapter closes public sign-up",
    "account_confirm_login_code": "sign-in by emailed code is not switched on",
    "account_set_password": "every account has a password from its invitation",
    "account_email": "not linked from Horizons' pages",
    "account_confirm_email": "emails are not verified by link",
    "account_reauthenticate": "reached only through allauth's own flows",
    "mfa_reauthenticate": "reached only through allauth's own flows",
    "mfa_deactivate_totp": "not linked from Horizons' pages",
    "mfa_generate_recovery_codes": "not linked from Horizons' pages",
}

_posted: set[str] = set()
_lock = threading.Lock()


@dataclass(frozen=True)
class PostView:
    name: str
    route: str
    module: str


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Callable[..., Any]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern.callback


def _source_with_helpers(function: Callable[..., Any], seen: set[int]) -> str:
    """The function's source and that of the same module's functions it calls (a view that
    hands its work to a private helper such as `_resource_edit(request, …)`)."""
    function = inspect.unwrap(function)
    if id(function) in seen:
        return ""
    seen.add(id(function))
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return ""
    module = getattr(function, "__module__", None)
    names = {
        node.func.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    helpers = [getattr(function, "__globals__", {}).get(name) for name in sorted(names)]
    return source + "".join(
        _source_with_helpers(helper, seen)
        for helper in helpers
        if inspect.isfunction(helper) and helper.__module__ == module
    )


def _accepts_post(callback: Callable[..., Any]) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    # Function views: decorated with require_POST / require_http_methods([... "POST" ...]), or
    # branching on request.method == "POST", or reading request.POST, themselves or in a helper.
    return "POST" in _source_with_helpers(callback, set())


def post_views() -> list[PostView]:
    """Every POST view of the product: our own apps, and allauth's views in use."""
    found = []
    for route, name, callback in _walk(get_resolver().url_patterns):
        module = getattr(callback, "__module__", "")
        if route.startswith("admin/"):
            continue  # Django's own admin, reached by platform admins only
        if not (module.startswith("horizons.") or name in ALLAUTH_VIEWS_IN_USE):
            continue
        if _accepts_post(callback):
            found.append(PostView(name=name, route=route, module=module))
    return found


def posted_view_names() -> set[str]:
    with _lock:
        return set(_posted)


def _record(sender: object, environ: dict[str, Any] | None = None, **kwargs: object) -> None:
    # The live server answers in its own request threads; test-client requests run in the
    # test's thread and do not count as a browser's.
    if environ is None or environ.get("REQUEST_METHOD") != "POST":
        return
    if threading.current_thread() is threading.main_thread():
        return
    try:
        match = resolve(environ.get("PATH_INFO", ""))
    except Resolver404:
        return
    with _lock:
        _posted.add(match.view_name)


def start_recording() -> None:
    request_started.connect(_record, dispatch_uid="horizons-browser-post-coverage")
