"""Our own pages for 400, 403 (and a refused form: CSRF), 404 and 500.

Each says in plain English what happened and what to do next. The 500 page is rendered without
a request context: when the server has failed, the database or a context processor may be what
failed, so the page must not need them.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader

CSRF_MESSAGE = (
    "This form was open too long or came from another site. Go back, reload the page and try again."
)


class ClearBadRequest(BadRequest):
    """A bad request whose message is written for the person who made it (shown on the page)."""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Only our own messages are shown: Django's (SuspiciousOperation) may describe internals.
    message = str(exception) if isinstance(exception, ClearBadRequest) else ""
    body = loader.render_to_string("400.html", {"message": message}, request)
    return HttpResponseBadRequest(body)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("403.html", {}, request)
    return HttpResponseForbidden(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: the reason Django gives is for developers, not shown."""
    body = loader.render_to_string("403_csrf.html", {"message": CSRF_MESSAGE}, request)
    return HttpResponseForbidden(body)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponseNotFound(body)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request: no context processors, no session, no database.
    body = loader.get_template("500.html").render()
    return HttpResponseServerError(body)
