"""What schools ask for ("wishes"): whether a plan met them, and why not.

A school's wish is ``{"sector": "engineering" | null, "year": 6 | null,
"counter_stereotype": true | false}``: a volunteer from that sector (any, if null), meeting a
class of that year group (any, if null), who challenges stereotypes (if true). "Engineering;
women in engineering for Year 6" is two wishes: ``{"sector": "engineering"}`` and
``{"sector": "engineering", "year": 6, "counter_stereotype": true}``.

In the objective (docs/allocation.md) every encounter earns ``wish_bonus`` for each of its
school's wishes it meets, at most `MAX_WISHES_PER_PAIR` of them. That is a coefficient on the
pairing itself, so it lives in the edges' cost (instance.py) and on the flow's online hub arcs
(flow.py: one hub per kind of volunteer, so exactly), and the flow bound, the LP and the MIP all
see it without a new constraint. The wish itself is in
wish.py and is read with the rest of the problem (problem.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .wish import Wish

if TYPE_CHECKING:  # pragma: no cover
    from .problem import Plan, Problem, School, SchoolClass, Volunteer


def met_by_pair(school: School, volunteer: Volunteer, klass: SchoolClass) -> list[Wish]:
    return [w for w in school.wishes if w.met_by(volunteer, klass)]


@dataclass(frozen=True)
class WishOutcome:
    school: str  # school id
    wish: Wish
    met: bool
    text: str  # what was met and by whom, or why not
    code: str  # met, no_sector, no_class, no_year, no_slot, no_reach, needed_elsewhere


def wish_outcomes(
    problem: Problem,
    plan: Plan,
    *,
    who: Any,
    slot_label: Any,
    describe: Any,
) -> list[WishOutcome]:
    """For every school's wish: met (by which encounter) or not, and why not.

    The reason is the first of these that holds: no volunteer of that kind takes part; the
    school sent no class of that year; none of them works with the year group; none is free
    on the school's half-days; none is within reach (in person or online); otherwise all who
    could come were given to other classes (reaching classes that had met no one comes first).
    """
    out: list[WishOutcome] = []
    by_class: dict[str, list[Any]] = {}
    for a in plan.assignments:
        by_class.setdefault(a.class_, []).append(a)
    for school in problem.schools:
        if not school.wishes:
            continue
        for wish in school.wishes:
            text = describe(wish)
            hits = [
                (a, c)
                for c in school.classes
                for a in by_class.get(c.id, [])
                if wish.met_by(problem.volunteer_by_id[a.volunteer], c)
            ]
            if hits:
                a, c = hits[0]
                more = f" (and {len(hits) - 1} more)" if len(hits) > 1 else ""
                v = problem.volunteer_by_id[a.volunteer]
                out.append(
                    WishOutcome(
                        school.id,
                        wish,
                        True,
                        f"Met: {who(v)} with {c.name or f'Year {c.year}'} on "
                        f"{slot_label(a.slot)}{more}.",
                        "met",
                    )  # fmt: skip
                )
                continue

            code, why = _why_not(problem, school, wish, text)
            out.append(WishOutcome(school.id, wish, False, f"Not met: {why}", code))
    return out


def _why_not(problem: Problem, school: School, wish: Wish, text: str) -> tuple[str, str]:
    from .geo import haversine_km  # local: keeps this module light for the solver

    venue = problem.venue_of(school)
    kind = [
        v
        for v in problem.volunteers
        if (wish.sector is None or v.sector == wish.sector)
        and (not wish.counter_stereotype or v.counter_stereotype)
    ]
    classes = [c for c in school.classes if wish.year is None or c.year == wish.year]
    if not kind:
        return "no_sector", f"no volunteer like that ({text}) takes part in the campaign."
    if not classes:
        return "no_class", f"the school sent no Year {wish.year} class."
    serve = [v for v in kind if any(c.year in v.years for c in classes)]
    if not serve:
        return "no_year", f"none of the {_n(kind)} works with those year groups."
    free = [v for v in serve if any(set(v.slots) & set(c.slots) for c in classes)]
    if not free:
        return "no_slot", f"none of the {_n(serve)} was free on the half-days the school chose."
    near = [
        v
        for v in free
        if (v.in_person and haversine_km(v.lat, v.lon, venue.lat, venue.lon) <= v.radius_km)
        or (v.online and school.online)
    ]
    if not near:
        return "no_reach", (
            f"none of the {_n(free)} free then was within reach of {venue.name or venue.id}, "
            "in person or online."
        )
    return "needed_elsewhere", (
        f"the {_n(near)} who could come were all given to other classes "
        "(reaching classes that had met no one comes first)."
    )


def _n(vols: Sequence[Any]) -> str:
    return f"{len(vols)} volunteer{'s' if len(vols) != 1 else ''}"
