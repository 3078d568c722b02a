"""The project's URLs plus three views that fail on purpose, to show our error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from horizons.urls import handler400, handler403, handler404, handler500, urlpatterns


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("internal reason")


def _suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("internal detail about the host header")


urlpatterns = [
    *urlpatterns,
    path("__boom__/", _boom),
    path("__forbidden__/", _forbidden),
    path("__suspicious__/", _suspicious),
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
