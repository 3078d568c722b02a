"""Reach as tables: one definition feeds the XLSX workbook, the CSV file and the summary page.

Breakdown cells under the minimum group size (settings.HORIZONS_MIN_GROUP_SIZE) read
"fewer than 5" so no small group of children can be singled out; headline totals stay exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from horizons.encounters.models import Attendance
from horizons.encounters.scheduling import YEAR_GROUPS
from horizons.encounters.selectors import Reach
from horizons.organisations.models import FSM_BANDS, fsm_band
from horizons.reports import suppression, tabular

Table = tuple[str, list[str], list[list[Any]]]


def suppress(value: int) -> int | str:
    """A count of children, or "fewer than 5" (``reports.suppression`` decides)."""
    return suppression.display_count(value, settings.HORIZONS_MIN_GROUP_SIZE)


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
