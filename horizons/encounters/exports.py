"""Reach as tables: one definition feeds the XLSX workbook, the CSV file and the summary page.

Breakdown cells under the minimum group size (settings.HORIZONS_MIN_GROUP_SIZE) read
"fewer than 5" so no small group of children can be singled out; headline totals stay exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from horizons.accounts import permissions
from horizons.encounters import selectors
from horizons.encounters.models import Attendance, Campaign
from horizons.encounters.scheduling import YEAR_GROUPS, academic_year_bounds, academic_year_label
from horizons.encounters.selectors import Reach
from horizons.organisations.models import FSM_BANDS, fsm_band
from horizons.reports import policy, suppression, tabular
from horizons.reports.registry import Export, Format, Scope, registry

Table = tuple[str, list[str], list[list[Any]]]


def suppress(value: int) -> int | str:
    """A count of children, or "fewer than 5" (``reports.suppression`` decides)."""
    return suppression.display_count(value, policy.min_group_size())


def by_school(attendance: QuerySet[Attendance]) -> list[dict[str, Any]]:
    """Per-school figures in one grouped query."""
    return [
        dict(row)
        for row in attendance.values("school__urn", "school__name", "school__percentage_fsm")
        .annotate(
            in_person=Sum("pupils", filter=Q(online=False)),
            online=Sum("pupils", filter=Q(online=True)),
            classes=Count("id"),
            events=Count("event", distinct=True),
        )
        .order_by("school__name")
    ]


def reach_tables(title: str, reach: Reach, schools: Sequence[dict[str, Any]]) -> list[Table]:
    share = reach.high_fsm_share
    summary: list[list[Any]] = [
        ["Children reached in person", reach.children_in_person],
        ["Children reached online", reach.children_online],
        ["Schools", reach.schools],
        ["Host schools", reach.host_schools],
        ["Employers", reach.employers],
        ["Colleges, universities and training providers (benchmark 7)", reach.partners],
        [
            "Children who met a college, university or training provider (benchmark 7)",
            suppress(reach.children_meeting_partners),
        ],
        ["Volunteers", reach.volunteers],
        ["Sectors", len(reach.sectors)],
        ["Events", reach.events],
        ["Class visits", reach.classes],
        [
            "Share of pupils from high-FSM schools (30% FSM or more)",
            "" if share is None else f"{share:.1%}",
        ],
    ]
    days = [
        [d.day.strftime("%d/%m/%Y"), suppress(d.in_person), suppress(d.online), d.classes]
        for d in reach.by_day
    ]
    years = [[YEAR_GROUPS.get(y, str(y)), suppress(n)] for y, n in reach.by_year_group]
    sectors = [[label, n] for _, label, n in reach.sectors]
    school_rows = [
        [
            s["school__urn"],
            s["school__name"],
            FSM_BANDS[fsm_band(s["school__percentage_fsm"])],
            suppress(s["in_person"] or 0),
            suppress(s["online"] or 0),
            s["classes"],
            s["events"],
        ]
        for s in schools
    ]
    return [
        (f"Summary – {title}"[:31], ["Figure", "Value"], summary),
        ("By day", ["Date", "Children in person", "Children online", "Class visits"], days),
        ("By year group", ["Year group", "Children"], years),
        ("Sectors", ["Sector", "Employers"], sectors),
        (
            "Schools",
            [
                "URN",
                "School",
                "Free school meals",
                "Children in person",
                "Children online",
                "Class visits",
                "Events",
            ],
            school_rows,
        ),
    ]


def _tables(tables: list[Table]) -> list[tabular.Table]:
    return [tabular.Table(name, header, rows) for name, header, rows in tables]


def to_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table, written by ``reports.tabular`` (inert text, bold headers)."""
    return tabular.tables_xlsx(_tables(tables))


def to_csv(tables: list[Table]) -> str:
    """All tables in one CSV, each under its own heading row, separated by a blank line."""
    return tabular.tables_csv(_tables(tables))


# --- The registered exports (see reports/registry.py) ------------------------------------------


def requested_year(request: HttpRequest) -> tuple[int, int]:
    """The academic year asked for in ``?year=`` (kept between 2000 and next year), and the
    current one."""
    current = selectors.current_academic_year(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    return min(max(year, 2000), current + 1), current


@registry.register
class CampaignReachExport(Export):
    identifier = "campaign-reach"
    verbose_name = "Campaign reach"
    description = "Children, schools, employers and volunteers a campaign reached, by day."
    scope = Scope.CAMPAIGN
    url_names = {
        Format.CSV: "encounters:campaign_reach_csv",
        Format.XLSX: "encounters:campaign_reach_xlsx",
    }

    def may_run(self, user: Any) -> bool:
        return permissions.is_platform_admin(user) or bool(permissions.facilitated_hub_ids(user))

    def target(self, request: HttpRequest, pk: int | None = None) -> Campaign:
        return selectors.campaign_for_managing(request.user, int(pk or 0))

    def targets(self, user: Any) -> list[Campaign]:
        return list(selectors.campaigns_managed_by(user).order_by("-starts_on", "name"))

    def label(self, target: Campaign) -> str:
        return target.name

    def tables(self, request: HttpRequest, target: Campaign) -> list[tabular.Table]:
        reach = selectors.campaign_reach(target)
        schools = by_school(Attendance.objects.filter(campaign=target))
        return _tables(reach_tables(target.name, reach, schools))

    def filename(self, request: HttpRequest, target: Campaign) -> str:
        return f"{slugify(target.name)}-reach"


@registry.register
class HubReachExport(Export):
    identifier = "hub-reach"
    verbose_name = "Encounters reach for the year"
    description = "Every campaign and event in your hubs over an academic year (?year=2026)."
    scope = Scope.HUB
    url_names = {Format.CSV: "encounters:hub_reach_csv", Format.XLSX: "encounters:hub_reach_xlsx"}

    def may_run(self, user: Any) -> bool:
        return permissions.is_platform_admin(user) or bool(permissions.facilitated_hub_ids(user))

    def target(self, request: HttpRequest, pk: int | None = None) -> list[int] | None:
        """The hubs (None: all, for platform admins); 404 for anyone who facilitates none."""
        return permissions.reach_hub_ids(request.user)

    def url_kwargs(self, target: Any) -> dict[str, Any]:
        return {}

    def tables(self, request: HttpRequest, target: list[int] | None) -> list[tabular.Table]:
        year, _ = requested_year(request)
        first, last = academic_year_bounds(year)
        attendance = Attendance.objects.filter(date__range=(first, last))
        if target is not None:
            attendance = attendance.filter(hub_id__in=target)
        reach = selectors.hub_reach(hub_ids=target, start_year=year)
        label = academic_year_label(year)
        return _tables(reach_tables(label, reach, by_school(attendance)))

    def filename(self, request: HttpRequest, target: list[int] | None) -> str:
        year, _ = requested_year(request)
        return f"encounters-reach-{year}"
