"""A school's encounter record for the year, and the children's quotes shown with consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Sum

from horizons.encounters.models import (
    Attendance,
    Campaign,
    ChildQuote,
    EventEmployer,
)
from horizons.encounters.scheduling import academic_year_bounds, academic_year_of
from horizons.organisations.models import School


@dataclass
class RecordRow:
    date: date
    class_name: str
    year_group: int
    pupils: int
    event_id: int
    event_title: str
    kind: str
    employers: list[str]


def school_record(*, school: School, start_year: int) -> list[RecordRow]:
    """Which classes had which encounters in an academic year: two queries."""
    first, last = academic_year_bounds(start_year)
    rows = list(
        Attendance.objects.filter(school=school, date__range=(first, last), pupils__gt=0)
        .select_related("event")
        .order_by("date", "year_group", "class_name")
    )
    names: dict[int, list[str]] = {}
    for event_id, name in (
        EventEmployer.objects.filter(event_id__in={r.event_id for r in rows})
        .order_by("employer__name")
        .values_list("event_id", "employer__name")
    ):
        names.setdefault(event_id, []).append(name)
    return [
        RecordRow(
            date=r.date,
            class_name=r.class_name,
            year_group=r.year_group,
            pupils=r.pupils,
            event_id=r.event_id,
            event_title=r.event.title,
            kind=r.event.get_kind_display(),
            employers=names.get(r.event_id, []),
        )
        for r in rows
    ]


def school_record_summary(*, school: School, start_year: int) -> dict[str, Any]:
    """Headline figures of a school's year of encounters: two aggregate queries."""
    first, last = academic_year_bounds(start_year)
    attendance = Attendance.objects.filter(school=school, date__range=(first, last), pupils__gt=0)
    totals = attendance.aggregate(
        encounters=Count("event", distinct=True),
        classes=Count("id"),
        pupils=Sum("pupils"),
    )
    years = sorted(set(attendance.values_list("year_group", flat=True)))
    employers = EventEmployer.objects.filter(event__attendance__in=attendance).aggregate(
        n=Count("employer", distinct=True)
    )["n"]
    return {
        "encounters": totals["encounters"],
        "classes": totals["classes"],
        "pupils": totals["pupils"] or 0,
        "year_groups": years,
        "employers": employers,
    }


def current_academic_year(today: date) -> int:
    """The school year ``today`` falls in (see `core.academic_year`)."""
    return academic_year_of(today)


def consented_quotes(campaign: Campaign, limit: int = 12) -> list[ChildQuote]:
    """Children's words, only where consent to share was given."""
    return list(
        ChildQuote.objects.filter(event__campaign=campaign, consent=True)
        .select_related("event")
        .order_by("created_at")[:limit]
    )
