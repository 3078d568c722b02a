from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from horizons.accounts.permissions import memberships, roles_of
from horizons.core.navigation import home_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    roles = roles_of(request.user)
    steps, figures = home_for(request.user, roles)
    return render(
        request,
        "core/home.html",
        {
            "steps": steps,
            "figures": figures,
            "memberships": memberships(request.user),
            "roles": roles,
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
