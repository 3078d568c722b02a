"""National figures: a handful of grouped aggregate queries, whatever the number of schools.

Every query is grouped by the same key (region, hub, local authority or FSM band) over the
schools that belong to a hub, after the filters. See `figures` for what may be shown.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from horizons.benchmarks.framework import BENCHMARK_NUMBERS
from horizons.benchmarks.models import Audit
from horizons.core import academic_year
from horizons.encounters.models import Attendance
from horizons.national.figures import GroupRow
from horizons.organisations.models import (
    FSM_AVERAGE_FROM,
    FSM_BANDS,
    FSM_HIGH_FROM,
    REGIONS,
    Hub,
    School,
)
from horizons.programmes.models import Pupil

GROUPS = {
    "region": "Region",
    "hub": "Hub",
    "la": "Local authority",
    "fsm": "FSM band",
}
REGION_LABELS = dict(REGIONS)
TREND_YEARS = 3


@dataclass(frozen=True)
class NationalFilters:
    region: str = ""
    la_name: str = ""
    fsm_band: str = ""
    group: str = "region"

    @property
    def described(self) -> str:
        parts = []
        if self.region:
            parts.append(REGION_LABELS.get(self.region, self.region))
        if self.la_name:
            parts.append(self.la_name)
        if self.fsm_band:
            parts.append(FSM_BANDS.get(self.fsm_band, self.fsm_band))
        return ", ".join(parts) or "England"


def _band(path: str) -> Case:
    fsm = f"{path}percentage_fsm"
    return Case(
        When(**{f"{fsm}__isnull": True}, then=Value("unknown")),
        When(**{f"{fsm}__lt": FSM_AVERAGE_FROM}, then=Value("low")),
        When(**{f"{fsm}__lt": FSM_HIGH_FROM}, then=Value("average")),
        default=Value("high"),
        output_field=CharField(),
    )


def _key(group: str, path: str) -> Any:
    """The grouping expression for a query whose school is reached through `path`."""
    if group == "region":
        return F(f"{path}hub__region")
    if group == "hub":
        return F(f"{path}hub_id")
    if group == "la":
        return F(f"{path}la_name")
    if group == "fsm":
        return _band(path)
    return Value("all", output_field=CharField())


def schools_in(filters: NationalFilters) -> QuerySet[School]:
    schools = School.objects.filter(hub__isnull=False)
    if filters.region:
        schools = schools.filter(hub__region=filters.region)
    if filters.la_name:
        schools = schools.filter(la_name=filters.la_name)
    if filters.fsm_band:
        schools = schools.annotate(band=_band("")).filter(band=filters.fsm_band)
    return schools


def _labels(group: str, keys: Iterable[Any]) -> dict[Any, str]:
    if group == "hub":
        return dict(Hub.objects.filter(pk__in=list(keys)).values_list("pk", "name"))
    if group == "region":
        return {k: REGION_LABELS.get(k, "No region set") for k in keys}
    if group == "fsm":
        return {k: FSM_BANDS.get(k, k) for k in keys}
    if group == "la":
        return {k: k or "Not known" for k in keys}
    return dict.fromkeys(keys, "All schools")


def rows(filters: NationalFilters, *, start_year: int, group: str | None = None) -> list[GroupRow]:
    """One row per group, unsuppressed (the caller applies `figures.apply_suppression`)."""
    group = group or filters.group
    schools = schools_in(filters)
    ids = schools.values("pk")
    per_benchmark = {f"b{n}": Avg(f"audit_summary__latest_b{n}") for n in BENCHMARK_NUMBERS}
    found: dict[Any, GroupRow] = {}
    for item in _grouped(
        schools.annotate(k=_key(group, ""))
        .values("k")
        .annotate(
            n=Count("pk"),
            audited=Count("audit_summary"),
            overall=Avg("audit_summary__latest_audit__overall_percentage"),
            **per_benchmark,
        )
        .order_by()  # no default ordering: it would join the GROUP BY on PostgreSQL
    ):
        found[item["k"]] = GroupRow(
            key=str(item["k"]),
            label="",
            schools=item["n"],
            audited=item["audited"],
            mean_overall=_round(item["overall"]),
            benchmarks={
                n: value for n in BENCHMARK_NUMBERS if (value := _round(item[f"b{n}"])) is not None
            },
        )
    for year in range(start_year - TREND_YEARS + 1, start_year + 1):
        first, last = academic_year.bounds(year)
        for item in _grouped(
            Audit.objects.filter(
                school__in=ids,
                submitted_at__date__range=(first, last),
                overall_percentage__isnull=False,
            )
            .annotate(k=_key(group, "school__"))
            .values("k")
            .annotate(mean=Avg("overall_percentage"))
            .order_by()
        ):
            if item["k"] in found and item["mean"] is not None:
                found[item["k"]].trend[year] = round(float(item["mean"]), 1)
    first, last = academic_year.bounds(start_year)
    for item in _grouped(
        Attendance.objects.filter(school__in=ids, date__range=(first, last))
        .annotate(k=_key(group, "school__"))
        .values("k")
        .annotate(
            in_person=Sum("pupils", filter=Q(online=False)),
            online=Sum("pupils", filter=Q(online=True)),
            high=Sum("pupils", filter=Q(high_fsm=True)),
        )
        .order_by()
    ):
        if item["k"] in found:
            row = found[item["k"]]
            row.in_person = item["in_person"] or 0
            row.online = item["online"] or 0
            row.high_fsm_pupils = item["high"] or 0
    for item in _grouped(
        Pupil.objects.filter(
            cohort__school__in=ids,
            cohort__created_at__date__range=(first, last),
            consent__applied_at__isnull=False,
            consent__parent_consent="granted",
        )
        .annotate(k=_key(group, "cohort__school__"))
        .values("k")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if item["k"] in found:
            found[item["k"]].programme_pupils = item["n"]
    labels = _labels(group, found)
    for key, row in found.items():
        row.label = labels.get(key, str(key))
    return sorted(found.values(), key=lambda r: r.label)


def cached_rows(
    filters: NationalFilters, *, start_year: int, group: str | None = None
) -> tuple[list[GroupRow], datetime]:
    """`rows`, kept for HORIZONS_NATIONAL_CACHE_SECONDS (5 minutes; 0 turns it off): national
    figures change slowly and the same few views are asked for by many people at once, so each
    web process computes a view at most once in that time. Returns when they were computed."""
    group = group or filters.group
    seconds = int(getattr(settings, "HORIZONS_NATIONAL_CACHE_SECONDS", 300))
    if seconds <= 0:
        return rows(filters, start_year=start_year, group=group), timezone.now()
    key = "national:" + ":".join(
        [str(start_year), group, filters.region, filters.la_name, filters.fsm_band]
    )
    found = cache.get(key)
    if found is None:
        found = (rows(filters, start_year=start_year, group=group), timezone.now())
        cache.set(key, found, seconds)
    fresh = [copy.copy(row) for row in found[0]]  # callers suppress in place
    return fresh, found[1]


def local_authorities(region: str = "") -> list[str]:
    schools = School.objects.filter(hub__isnull=False).exclude(la_name="")
    if region:
        schools = schools.filter(hub__region=region)
    return list(schools.order_by("la_name").values_list("la_name", flat=True).distinct())


def _grouped(query: Any) -> list[dict[str, Any]]:
    """The rows of a grouped aggregate query, typed loosely (each query has its own keys)."""
    return [dict(row) for row in query]


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)
