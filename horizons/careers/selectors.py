"""Reads for the careers library: role models, local jobs and what children say they want.

The library is public (a teacher can put it on the class board without signing in), so nothing
here returns anything private: role models are consenting volunteers' first names, job titles
and employers; children's aspirations are counts for a school, with small groups suppressed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.careers.library import (
    BarChart,
    Tag,
    bar_chart,
    catalogue,
    interleave,
    sector_tag,
)
from horizons.careers.models import LabourMarketFigure
from horizons.careers.moderation import redact
from horizons.organisations.models import Hub, Volunteer
from horizons.reports import policy, suppression

# --- People like me -------------------------------------------------------------------------

ROLE_MODELS_SHOWN = 6
# Enough candidates to find every gender among them without loading a whole region.
ROLE_MODEL_CANDIDATES = 60


@dataclass(frozen=True)
class RoleModel:
    """What children may see of a volunteer: never a surname, email or anything to contact."""

    first_name: str
    job_title: str
    employer: str

    @property
    def job_title_in_sentence(self) -> str:
        """ "Maya, engineer at …": capitalised words lower-cased, acronyms ("NHS") kept."""
        return " ".join(
            word.lower() if word[:1].isupper() and word[1:].islower() else word
            for word in self.job_title.split()
        )


def role_models(*, slug: str, limit: int = ROLE_MODELS_SHOWN) -> list[RoleModel]:
    """Volunteers who do this job and agreed to be shown, genders taking turns. One query."""
    volunteers = (
        Volunteer.objects.filter(job_profile_slug=slug, show_as_role_model=True)
        .exclude(first_name="")
        .order_by("pk")
        .values_list("first_name", "job_title", "employer__name", "gender")[:ROLE_MODEL_CANDIDATES]
    )
    # Adults typed these, but they go on a classroom screen: redact just in case.
    people = [
        (RoleModel(redact(first), redact(title), redact(employer)), gender)
        for first, title, employer, gender in volunteers
    ]
    return [person for person, _ in interleave(people, key=lambda pair: pair[1])][:limit]


# --- Jobs near us ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SectorRow:
    sector: Tag
    jobs: int
    change_pct: Decimal | None
    children: int | None = None  # children at the school who want a job in this sector
    children_suppressed: bool = False

    @property
    def trend(self) -> str:
        if self.change_pct is None:
            return "not known"
        if self.change_pct > 0:
            return "growing"
        if self.change_pct < 0:
            return "shrinking"
        return "steady"


@dataclass(frozen=True)
class WantedJob:
    slug: str
    title: str
    icon: str
    children: int


@dataclass(frozen=True)
class Aspirations:
    """What a school's children say they want, as counts; groups under the minimum are hidden."""

    children: int
    by_sector: dict[str, int | None]  # None: fewer than the minimum group size
    top_jobs: list[WantedJob]
    min_group: int


@dataclass(frozen=True)
class JobsNearUs:
    area: str
    areas: list[str]
    year: int | None
    rows: list[SectorRow]
    total_jobs: int
    sources: list[str]
    chart: BarChart | None
    aspirations: Aspirations | None


def labour_market_areas() -> list[str]:
    return list(
        LabourMarketFigure.objects.order_by("area").values_list("area", flat=True).distinct()
    )


def _user_areas(user: AnyUser) -> list[str]:
    """Areas of the hubs the user works in (their own hub, their school's, their employer's)."""
    hub_ids: set[int] = set()
    for membership in permissions.memberships(user):
        if membership.hub_id:
            hub_ids.add(membership.hub_id)
        if membership.school is not None and membership.school.hub_id:
            hub_ids.add(membership.school.hub_id)
        if membership.employer is not None and membership.employer.hub_id:
            hub_ids.add(membership.employer.hub_id)
    if not hub_ids:
        return []
    return list(
        Hub.objects.filter(pk__in=hub_ids)
        .exclude(area="")
        .order_by("name")
        .values_list("area", flat=True)
    )


def choose_area(*, user: AnyUser, asked: str, areas: Sequence[str]) -> str:
    """The area asked for, else the user's hub's area, else the first with figures ("" if none)."""
    by_fold = {area.casefold(): area for area in areas}
    if asked and asked.casefold() in by_fold:
        return by_fold[asked.casefold()]
    for area in _user_areas(user):
        if area.casefold() in by_fold:
            return by_fold[area.casefold()]
    return areas[0] if areas else ""


def jobs_near_us(*, user: AnyUser, asked_area: str = "") -> JobsNearUs:
    """The latest figures for one area, biggest sectors first, with children's wishes beside."""
    areas = labour_market_areas()
    area = choose_area(user=user, asked=asked_area, areas=areas)
    figures = list(
        LabourMarketFigure.objects.filter(area=area).order_by("-year", "-jobs", "sector")
    )
    year = figures[0].year if figures else None
    latest = [f for f in figures if f.year == year]
    aspirations = aspirations_for(user)
    rows = []
    for figure in latest:
        children: int | None = None
        suppressed = False
        if aspirations is not None:
            children = aspirations.by_sector.get(figure.sector, 0)
            suppressed = children is None
        rows.append(
            SectorRow(
                sector_tag(figure.sector), figure.jobs, figure.change_pct, children, suppressed
            )
        )
    chart = bar_chart([(row.sector.label, row.jobs) for row in rows]) if rows else None
    return JobsNearUs(
        area=area,
        areas=areas,
        year=year,
        rows=rows,
        total_jobs=sum(row.jobs for row in rows),
        sources=sorted({f.source for f in latest}),
        chart=chart,
        aspirations=aspirations,
    )


# --- What children say they want: supplied by other apps ------------------------------------

# A source is given the ids of the schools whose children's answers may be shown and returns
# {job profile slug: number of children who named that job}. Programmes registers one.
AspirationSource = Callable[[Sequence[int]], Mapping[str, int]]
_ASPIRATION_SOURCES: list[AspirationSource] = []


def register_aspiration_source(source: AspirationSource) -> None:
    """Let another app (programmes) say what children want, without careers importing it."""
    if source not in _ASPIRATION_SOURCES:
        _ASPIRATION_SOURCES.append(source)


def unregister_aspiration_source(source: AspirationSource) -> None:
    if source in _ASPIRATION_SOURCES:
        _ASPIRATION_SOURCES.remove(source)


def aspirations_for(user: AnyUser) -> Aspirations | None:
    """What children at the user's school(s) say they want; None for anyone but school staff,
    when no app supplies answers, or when too few children answered to show anything."""
    school_ids = sorted(set(permissions.school_ids_for_staff(user)))
    if not school_ids or not _ASPIRATION_SOURCES:
        return None
    counts: Counter[str] = Counter()
    for source in _ASPIRATION_SOURCES:
        for slug, number in source(school_ids).items():
            if number > 0:
                counts[slug] += int(number)
    books = catalogue()
    known = {slug: n for slug, n in counts.items() if books.get(slug) is not None}
    minimum = policy.min_group_size()
    total = sum(known.values())
    if total < minimum:
        return None
    sectors: Counter[str] = Counter()
    for slug, number in known.items():
        profile = books.get(slug)
        if profile is not None:
            sectors[profile.sector] += number
    by_sector: dict[str, int | None] = {
        sector: suppression.shown_count(number, minimum) for sector, number in sectors.items()
    }
    top = sorted(
        ((n, slug) for slug, n in known.items() if n >= minimum),
        key=lambda item: (-item[0], item[1]),
    )[:8]
    top_jobs = []
    for number, slug in top:
        profile = books.get(slug)
        if profile is not None:
            top_jobs.append(WantedJob(slug, profile.title, profile.icon, number))
    return Aspirations(total, by_sector, top_jobs, minimum)
