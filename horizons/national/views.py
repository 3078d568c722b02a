"""The national overview page and its download."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, AuthenticatedHttpRequest, role_required
from horizons.core import academic_year
from horizons.national import figures, selectors
from horizons.national.exports import NationalOverviewExport, filters_from
from horizons.organisations.models import FSM_BANDS, REGIONS
from horizons.reports.policy import min_group_size
from horizons.reports.registry import Format, registry


@role_required(ADMIN, Role.NATIONAL)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = filters_from(request)
    minimum = min_group_size()
    year = academic_year.start_year(timezone.localdate())
    total, computed_at = selectors.cached_rows(filters, start_year=year, group="all")
    schools = total[0].schools if total else 0
    too_few = schools < minimum
    rows = (
        []
        if too_few
        else figures.apply_suppression(selectors.cached_rows(filters, start_year=year)[0], minimum)
    )
    if not too_few:
        figures.apply_suppression(total, minimum)
    years = list(range(year - selectors.TREND_YEARS + 1, year + 1))
    return render(
        request,
        "national/overview.html",
        {
            "filters": filters,
            "groups": selectors.GROUPS,
            "regions": REGIONS,
            "fsm_bands": FSM_BANDS,
            "local_authorities": selectors.local_authorities(filters.region),
            "rows": rows,
            "total": total[0] if total and not too_few else None,
            "schools": schools,
            "too_few": too_few,
            "minimum": minimum,
            "years": years,
            "year_labels": {y: academic_year.label(y) for y in years},
            "year_label": academic_year.label(year),
            "query": request.GET.urlencode(),
            "computed_at": computed_at,
        },
    )


@role_required(ADMIN, Role.NATIONAL)
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in {f.value for f in Format}:
        raise Http404("Not found")
    return registry.get(NationalOverviewExport.identifier).response(request, fmt)
