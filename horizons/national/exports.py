"""The national overview as a workbook: the same rows as the page, with the same suppression."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.benchmarks.framework import BENCHMARK_NUMBERS
from horizons.core import academic_year
from horizons.national import figures, selectors
from horizons.reports import tabular
from horizons.reports.policy import min_group_size
from horizons.reports.registry import Export, Format, Scope, registry


def filters_from(request: HttpRequest) -> selectors.NationalFilters:
    """Filters from the query string; anything unknown is ignored, never an error page."""
    get = request.GET
    group = get.get("group", "")
    region = get.get("region", "")
    fsm = get.get("fsm", "")
    return selectors.NationalFilters(
        region=region if region in selectors.REGION_LABELS else "",
        la_name=get.get("la", "")[:100],
        fsm_band=fsm if fsm in ("low", "average", "high", "unknown") else "",
        group=group if group in selectors.GROUPS else ("hub" if region else "region"),
    )


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}%"


@registry.register
class NationalOverviewExport(Export):
    identifier = "national-overview"
    verbose_name = "National overview"
    description = "Every hub's figures by region, local authority or FSM band, year on year."
    scope = Scope.NATIONAL
    url_names = {Format.CSV: "national:download", Format.XLSX: "national:download"}

    def may_run(self, user: Any) -> bool:
        return permissions.has_role(user, permissions.ADMIN, Role.NATIONAL)

    def target(self, request: HttpRequest, pk: int | None = None) -> Any:
        if not self.may_run(request.user):
            from django.http import Http404

            raise Http404("Not found")
        return filters_from(request)

    def url_kwargs(self, target: Any) -> dict[str, Any]:
        return {"fmt": "xlsx"}

    def links(self, user: Any) -> list[Any]:
        from django.urls import reverse

        from horizons.reports.registry import Link

        if not self.may_run(user):
            return []
        return [
            Link(
                self.verbose_name,
                {
                    fmt: reverse("national:download", kwargs={"fmt": fmt.value})
                    for fmt in self.formats
                },
            )
        ]

    def tables(self, request: HttpRequest, target: Any) -> list[tabular.Table]:
        filters: selectors.NationalFilters = target
        minimum = min_group_size()
        year = academic_year.start_year(timezone.localdate())
        years = list(range(year - selectors.TREND_YEARS + 1, year + 1))
        total = selectors.rows(filters, start_year=year, group="all")
        if not total or total[0].schools < minimum:
            return [
                tabular.Table(
                    "National overview",
                    ["Note"],
                    [[f"Fewer than {minimum} schools match these filters: no figures."]],
                )
            ]
        rows = figures.apply_suppression(selectors.rows(filters, start_year=year), minimum)
        header = [
            selectors.GROUPS[filters.group],
            "Schools",
            "Audited",
            "Mean overall (latest audit)",
            *[f"Benchmark {n}" for n in BENCHMARK_NUMBERS],
            *[f"Mean overall {academic_year.label(y)}" for y in years],
            "Children reached in person",
            "Children reached online",
            "Share from high-FSM schools",
            "Programme pupils",
        ]
        body: list[list[Any]] = []
        for row in rows:
            if not row.shown:
                body.append([row.label, f"fewer than {minimum}"] + [""] * (len(header) - 2))
                continue
            share = row.high_fsm_share
            body.append(
                [
                    row.label,
                    row.schools,
                    row.audited,
                    _percent(row.mean_overall),
                    *[_percent(row.benchmarks.get(n)) for n in BENCHMARK_NUMBERS],
                    *[_percent(row.trend.get(y)) for y in years],
                    figures.children(row.in_person, minimum),
                    figures.children(row.online, minimum),
                    "" if share is None else f"{share:.1%}",
                    figures.children(row.programme_pupils, minimum),
                ]
            )
        preamble = [
            ["Schools", filters.described],
            ["Academic year", academic_year.label(year)],
            ["Groups of fewer than", f"{minimum} schools are not shown"],
        ]
        return [tabular.Table("National overview", header, body, preamble=preamble)]

    def filename(self, request: HttpRequest, target: Any) -> str:
        return "horizons-national-overview"
