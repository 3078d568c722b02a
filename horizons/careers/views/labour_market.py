"""Jobs near us: local jobs by sector (benchmark 2), beside what the school's children want."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from horizons.careers import selectors


def jobs_near_us(request: HttpRequest) -> HttpResponse:
    view = selectors.jobs_near_us(user=request.user, asked_area=request.GET.get("area", "")[:150])
    return render(request, "careers/jobs_near_us.html", {"view": view})
