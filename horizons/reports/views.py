"""The reports a signed-in person may run, each linking to its existing download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from horizons.reports.registry import registry


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reports/report_list.html", {"reports": registry.available_to(request.user)}
    )
