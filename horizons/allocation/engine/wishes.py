"""What schools ask for ("wishes"): parsing, their value per pairing, and whether a plan met them.

A school's wish is ``{"sector": "engineering" | null, "year": 6 | null,
"counter_stereotype": true | false}``: a volunteer from that sector (any, if null), meeting a
class of that year group (any, if null), who challenges stereotypes (if true). "Engineering;
women in engineering for Year 6" is two wishes: ``{"sector": "engineering"}`` and
``{"sector": "engineering", "year": 6, "counter_stereotype": true}``.

In the objective (docs/allocation.md) every encounter earns ``wish_bonus`` for each of its
school's wishes it meets, at most `MAX_WISHES_PER_PAIR` of them. That is a coefficient on the
pairing itself, so it lives in the edges' cost (instance.py) and the flow's online hubs, and
the flow bound, the LP and the MIP all see it without a new constraint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from .instance import Instance
    from .problem import Plan, Problem, School, SchoolClass, Volunteer, _Reader

# An encounter is credited for at most this many wishes, so that all the bonuses one
# encounter can bring (3 × 180 + 60 + 80 = 680) stay below a class's first encounter (1000).
MAX_WISHES_PER_PAIR = 3


@dataclass(frozen=True)
class Wish:
    sector: str | None = None
    year: int | None = None
    counter_stereotype: bool = False

    def met_by(self, volunteer: Volunteer, klass: SchoolClass) -> bool:
        return (
            (self.sector is None or volunteer.sector == self.sector)
            and (self.year is None or klass.year == self.year)
            and (not self.counter_stereotype or volunteer.counter_stereotype)
        )

    def within(self, other: Wish) -> bool:
        """True if every pairing that meets `other` meets this wish too."""
        return (
            self.sector in (None, other.sector)
            and self.year in (None, other.year)
            and (not self.counter_stereotype or other.counter_stereotype)
        )

    def describe(self, sector_labels: Mapping[str, str] | None = None) -> str:
        """'engineering for Year 6, from someone who challenges stereotypes'."""
        labels = sector_labels or {}
        what = (
            labels.get(self.sector, self.sector).lower()
            if self.sector
            else ("a visitor" if not self.counter_stereotype else "a role model")
        )
        if self.year is not None:
            what += f" for Year {self.year}"
        if self.counter_stereotype:
            what += ", from someone who challenges stereotypes"
        return what

    def to_json(self) -> dict[str, Any]:
        return {
            "sector": self.sector,
            "year": self.year,
            "counter_stereotype": self.counter_stereotype,
        }


def parse_wishes(r: _Reader, raw_schools: Any, schools: list[School]) -> list[School]:
    """Read each school's optional ``wishes`` list; the schools with their wishes attached."""
    if not isinstance(raw_schools, list | tuple):
        return schools
    by_id: dict[str, tuple[Wish, ...]] = {}
    for i, item in enumerate(raw_schools):
        if not isinstance(item, Mapping) or item.get("wishes") is None:
            continue
        p = f"schools[{i}]."
        out: list[Wish] = []
        for j, w in enumerate(r.items(item, "wishes", p, required=False)):
            wp = f"{p}wishes[{j}]"
            m = r.mapping(w, wp)
            if m is None:
                continue
            sector = r.string(m, "sector", f"{wp}.", default=None)
            year = r.number(m, "year", f"{wp}.", 1, 6, default=None, integer=True)
            cs = r.boolean(m, "counter_stereotype", f"{wp}.", False)
            for key in m:
                if key not in ("sector", "year", "counter_stereotype"):
                    r.error(
                        f"{wp}.{key}", "unknown field (a wish has sector, year, counter_stereotype)"
                    )
            if sector is None and year is None and not cs:
                r.error(wp, "asks for nothing: give a sector, a year group or counter_stereotype")
                continue
            wish = Wish(sector, year, bool(cs))
            if wish in out:
                r.error(wp, f"repeats {p}wishes[{out.index(wish)}]")
            else:
                out.append(wish)
        sid = item.get("id")
        if out and sid is not None:
            by_id[str(sid).strip()] = tuple(out)
    if not by_id:
        return schools
    return [replace(s, wishes=by_id[s.id]) if s.id in by_id else s for s in schools]


def wish_table(inst: Instance) -> np.ndarray:
    """(classes, sectors, 2) int64: wishes met when a volunteer of that sector (and
    counter-stereotype flag) meets that class, capped at MAX_WISHES_PER_PAIR."""
    p = inst.problem
    nsec = max(1, len(inst.sectors))
    table = np.zeros((inst.C, nsec, 2), dtype=np.int64)
    sector_ix = {s: i for i, s in enumerate(inst.sectors)}
    for school in p.schools:
        for wish in school.wishes:
            if wish.sector is not None and wish.sector not in sector_ix:
                continue  # no volunteer of that sector: it cannot be met
            rows = [
                inst.class_ix[c.id]
                for c in school.classes
                if wish.year is None or c.year == wish.year
            ]
            if not rows:
                continue
            secs = slice(None) if wish.sector is None else sector_ix[wish.sector]
            flags = slice(1, 2) if wish.counter_stereotype else slice(0, 2)
            for row in rows:
                table[row, secs, flags] += 1
    return np.minimum(table, MAX_WISHES_PER_PAIR)


def pair_gain(inst: Instance, v: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Points each (volunteer, class) pairing earns for the wishes it meets (int64)."""
    v = np.asarray(v, dtype=np.int64)
    c = np.asarray(c, dtype=np.int64)
    bonus = inst.problem.weights.wish_bonus
    if not inst.has_wishes or bonus == 0 or len(v) == 0:
        return np.zeros(len(v), dtype=np.int64)
    table = inst.wish_count
    return bonus * table[c, inst.v_sector[v], inst.v_cs[v].astype(np.int64)]


def hub_gain(
    inst: Instance,
    classes: np.ndarray,
    slots: np.ndarray,
    hub_v: np.ndarray,
    hub_s: np.ndarray,
    hub_y: np.ndarray,
) -> np.ndarray:
    """For the flow's online hubs, which hide who comes: the most any volunteer in the class's
    (slot, year) hub could earn it in wishes (so the flow stays an upper bound)."""
    out = np.zeros(len(classes), dtype=np.int64)
    bonus = inst.problem.weights.wish_bonus
    if not inst.has_wishes or bonus == 0 or len(classes) == 0 or len(hub_v) == 0:
        return out
    nsec = inst.wish_count.shape[1]
    offer = np.zeros((inst.S, 7, nsec, 2), dtype=bool)
    offer[hub_s, hub_y, inst.v_sector[hub_v], inst.v_cs[hub_v].astype(np.int64)] = True
    any_wish = np.asarray(inst.wish_count.any(axis=(1, 2)), dtype=bool)
    wished = np.flatnonzero(any_wish[classes])
    if len(wished):
        c, s = classes[wished], slots[wished]
        best = (inst.wish_count[c] * offer[s, inst.c_year[c]]).max(axis=(1, 2))
        out[wished] = bonus * best
    return out


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
