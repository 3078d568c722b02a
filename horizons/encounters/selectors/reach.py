"""Reach: children, classes and schools met, by day, FSM band and year group."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum

from horizons.core.sectors import SECTORS
from horizons.encounters.models import (
    Attendance,
    Campaign,
    Event,
    EventEmployer,
    EventVolunteer,
)
from horizons.encounters.scheduling import academic_year_bounds
from horizons.organisations.models import PARTNER_KINDS, Employer, School

HIGH_FSM_PERCENT = 30  # the "high" band of organisations.models.fsm_band


@dataclass
class DayReach:
    day: date
    in_person: int
    online: int
    classes: int


@dataclass
class Reach:
    """Who an encounter campaign (or a hub's year) reached. See docs/encounters.md for the rules."""

    children_in_person: int = 0
    children_online: int = 0
    schools: int = 0
    host_schools: int = 0
    employers: int = 0
    # Colleges, universities and training providers (benchmark 7), counted apart from employers.
    partners: int = 0
    partner_kinds: list[tuple[str, str, int]] = field(default_factory=list)
    children_meeting_partners: int = 0
    volunteers: int = 0
    events: int = 0
    classes: int = 0
    high_fsm_pupils: int = 0
    sectors: list[tuple[str, str, int]] = field(default_factory=list)
    by_day: list[DayReach] = field(default_factory=list)
    by_year_group: list[tuple[int, int]] = field(default_factory=list)

    @property
    def children(self) -> int:
        return self.children_in_person + self.children_online

    @property
    def high_fsm_share(self) -> float | None:
        return round(self.high_fsm_pupils / self.children, 3) if self.children else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "children_in_person": self.children_in_person,
            "children_online": self.children_online,
            "children": self.children,
            "schools": self.schools,
            "host_schools": self.host_schools,
            "employers": self.employers,
            "partners": self.partners,
            "partner_kinds": [{"kind": label, "partners": n} for _, label, n in self.partner_kinds],
            "children_meeting_partners": self.children_meeting_partners,
            "volunteers": self.volunteers,
            "events": self.events,
            "classes": self.classes,
            "sectors": len(self.sectors),
            "sector_list": [{"sector": label, "employers": n} for _, label, n in self.sectors],
            "high_fsm_pupils": self.high_fsm_pupils,
            "high_fsm_share": self.high_fsm_share,
            "by_day": [
                {
                    "date": d.day.isoformat(),
                    "in_person": d.in_person,
                    "online": d.online,
                    "classes": d.classes,
                }
                for d in self.by_day
            ],
            "by_year_group": [{"year_group": y, "pupils": n} for y, n in self.by_year_group],
        }


def _event_filter(prefix: str, **lookups: Any) -> Q:
    return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})


def reach(**scope: Any) -> Reach:
    """Reach of the events matching `scope` (Event lookups such as campaign_id=3 or
    date__range=(a, b), hub_id__in=[1]); Attendance carries the same columns.

    Five queries, whatever the size:
    1. pupils and classes grouped by day, year group and in person/online (a covering index
       serves it without reading the table); totals, days and year groups are summed from
       those few hundred rows in Python;
    2. schools that attended and schools that hosted, as EXISTS probes per school;
    3. events; 4. employers and partners with their sectors and kinds; 5. volunteers — joined
       to their event, so each is one pass over the links, with no long IN list;
    6. only when a college, university or training provider took part: the children at their
       events (benchmark 7).
    """
    attendance = Attendance.objects.filter(**scope)
    attended = Q(pupils_attended__gt=0) & _event_filter("", **scope)
    groups = list(
        attendance.values("date", "year_group", "online")
        .annotate(
            n_pupils=Sum("pupils"),
            n_high=Sum("pupils", filter=Q(high_fsm=True)),
            n_classes=Count("id"),
        )
        .order_by()
    )
    hosted = Event.objects.filter(attended, host_school=OuterRef("pk")).exclude(
        kind=Event.Kind.ONLINE
    )
    schools = School.objects.aggregate(
        schools=Count("pk", filter=Q(Exists(attendance.filter(school=OuterRef("pk"))))),
        hosts=Count("pk", filter=Q(Exists(hosted))),
    )
    event_count = Event.objects.filter(attended).count()
    linked = Q(event__pupils_attended__gt=0) & _event_filter("event__", **scope)
    organisations = (
        EventEmployer.objects.filter(linked)
        .values_list("employer_id", "employer__sector", "employer__kind")
        .distinct()
    )
    per_sector: dict[str, int] = {}
    per_kind: dict[str, int] = {}
    for _, sector, kind in organisations:
        if kind in PARTNER_KINDS:
            per_kind[kind] = per_kind.get(kind, 0) + 1
        else:
            per_sector[sector] = per_sector.get(sector, 0) + 1
    sector_rows = sorted(
        ((key, SECTORS.get(key, key), n) for key, n in per_sector.items()),
        key=lambda r: (-r[2], r[1]),
    )
    volunteers = EventVolunteer.objects.filter(linked).values("volunteer_id").distinct().count()
    days: dict[date, DayReach] = {}
    years: dict[int, int] = {}
    result = Reach(
        schools=schools["schools"],
        host_schools=schools["hosts"],
        employers=sum(n for _, _, n in sector_rows),
        partners=sum(per_kind.values()),
        partner_kinds=[
            (kind.value, kind.label, per_kind[kind.value])
            for kind in Employer.Kind
            if kind.value in per_kind
        ],
        volunteers=volunteers,
        events=event_count,
        sectors=sector_rows,
    )
    for g in groups:
        pupils = g["n_pupils"] or 0
        day = days.setdefault(g["date"], DayReach(g["date"], 0, 0, 0))
        if g["online"]:
            result.children_online += pupils
            day.online += pupils
        else:
            result.children_in_person += pupils
            day.in_person += pupils
        day.classes += g["n_classes"]
        result.classes += g["n_classes"]
        result.high_fsm_pupils += g["n_high"] or 0
        years[g["year_group"]] = years.get(g["year_group"], 0) + pupils
    if result.partners:
        with_partner = EventEmployer.objects.filter(
            event_id=OuterRef("event_id"), employer__kind__in=PARTNER_KINDS
        )
        result.children_meeting_partners = (
            attendance.filter(Exists(with_partner)).aggregate(n=Sum("pupils"))["n"] or 0
        )
    result.by_day = [days[d] for d in sorted(days)]
    result.by_year_group = sorted(years.items())
    return result


def campaign_reach(campaign: Campaign) -> Reach:
    return reach(campaign_id=campaign.pk)


def hub_reach(*, hub_ids: list[int] | None, start_year: int) -> Reach:
    """Reach over an academic year for some hubs (None: every hub, the national picture)."""
    scope: dict[str, Any] = {"date__range": academic_year_bounds(start_year)}
    if hub_ids is not None:
        scope["hub_id__in"] = hub_ids
    return reach(**scope)
