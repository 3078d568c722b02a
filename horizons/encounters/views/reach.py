"""Reach: a campaign's and a hub's year, as pages, XLSX, CSV and a printable summary."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.encounters import exports, selectors
from horizons.encounters.charts import stacked_bars
from horizons.encounters.models import Attendance, Campaign
from horizons.encounters.scheduling import academic_year_bounds, academic_year_label
from horizons.organisations.models import Hub
from horizons.reports import policy, suppression
from horizons.reports.registry import Format, registry


def _chart(title: str, reach: selectors.Reach, *, by_month: bool = False) -> str:
    """Children reached per day (or month), drawn only from the figures the table shows: a
    day's group of fewer than five is not drawn, so the bar total cannot reveal it."""
    minimum = policy.min_group_size()
    days = [
        (
            d.day,
            suppression.shown_count(d.in_person, minimum) or 0,
            suppression.shown_count(d.online, minimum) or 0,
        )
        for d in reach.by_day
    ]
    if not by_month:
        return stacked_bars(
            title=title,
            labels=[f"{day:%a %-d %b}" for day, _, _ in days],
            in_person=[in_person for _, in_person, _ in days],
            online=[online for _, _, online in days],
        )
    months: dict[str, list[int]] = {}
    for day, in_person, online in days:
        months.setdefault(f"{day:%b %y}", [0, 0])
        months[f"{day:%b %y}"][0] += in_person
        months[f"{day:%b %y}"][1] += online
    return stacked_bars(
        title=title,
        labels=list(months),
        in_person=[v[0] for v in months.values()],
        online=[v[1] for v in months.values()],
    )


# --- Campaign ---------------------------------------------------------------------------------


def _campaign_context(campaign: Campaign) -> dict[str, Any]:
    reach = selectors.campaign_reach(campaign)
    return {
        "campaign": campaign,
        "reach": reach,
        "chart": _chart(f"Children reached each day of {campaign.name}", reach),
        "quotes": selectors.consented_quotes(campaign),
    }


@login_required
def campaign_reach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for_managing(request.user, pk)
    return render(request, "encounters/campaign_reach.html", _campaign_context(campaign))


@login_required
def campaign_summary(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for_managing(request.user, pk)
    context = _campaign_context(campaign)
    context["schools"] = exports.by_school(Attendance.objects.filter(campaign=campaign))
    context["printed_on"] = timezone.localdate()
    return render(request, "encounters/campaign_summary.html", context)


@login_required
def campaign_reach_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return registry.get("campaign-reach").response(request, Format.XLSX, pk)


@login_required
def campaign_reach_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return registry.get("campaign-reach").response(request, Format.CSV, pk)


# --- Hub --------------------------------------------------------------------------------------


def _hub_name(hub_ids: list[int] | None) -> str:
    if hub_ids is None:
        return "All hubs"
    return ", ".join(
        Hub.objects.filter(pk__in=hub_ids).order_by("name").values_list("name", flat=True)
    )


@login_required
def hub_reach(request: AuthenticatedHttpRequest) -> HttpResponse:
    hub_ids = permissions.reach_hub_ids(request.user)
    year, current = exports.requested_year(request)
    reach = selectors.hub_reach(hub_ids=hub_ids, start_year=year)
    first, last = academic_year_bounds(year)
    campaigns = selectors.campaigns_managed_by(request.user).filter(starts_on__range=(first, last))
    return render(
        request,
        "encounters/hub_reach.html",
        {
            "reach": reach,
            "hub_name": _hub_name(hub_ids),
            "year": year,
            "year_label": academic_year_label(year),
            "previous": year - 1,
            "next": year + 1 if year < current else None,
            "chart": _chart(
                f"Children reached each month of {academic_year_label(year)}", reach, by_month=True
            ),
            "campaigns": campaigns,
        },
    )


@login_required
def hub_reach_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    return registry.get("hub-reach").response(request, Format.XLSX)


@login_required
def hub_reach_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    return registry.get("hub-reach").response(request, Format.CSV)
