"""Plain-English reasons: why each pairing was made, and why a class or volunteer was left out.

These are what a coordinator reads next to the plan, so they name people, schools and days
and avoid the solver's vocabulary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from horizons.core.sectors import SECTORS as _SECTOR_LABELS  # a plain dict, no Django

from .geo import haversine_km, haversine_km_np
from .problem import Assignment, Plan, Problem, School, SchoolClass, Volunteer
from .wishes import Wish, WishOutcome, wish_outcomes


@dataclass(frozen=True)
class Unmatched:
    kind: str  # "class" or "volunteer"
    id: str
    code: str  # no_slots, no_volunteer_in_range, year_not_served, no_shared_slot, …
    message: str


def slot_label(slot: str) -> str:
    """'2026-03-03 AM' → 'Tue 3 Mar AM'; 'tue_am' → 'Tuesday morning'; else unchanged."""
    parts = slot.split()
    if len(parts) == 2:
        try:
            day = dt.date.fromisoformat(parts[0])
        except ValueError:
            return slot
        return f"{day:%a} {day.day} {day:%b} {parts[1]}"
    names = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
             "fri": "Friday", "am": "morning", "pm": "afternoon"}  # fmt: skip
    if "_" in slot:
        a, _, b = slot.partition("_")
        if a in names and b in names:
            return f"{names[a]} {names[b]}"
    return slot


def _slots_text(slots: tuple[str, ...] | list[str], limit: int = 4) -> str:
    labels = [slot_label(s) for s in slots[:limit]]
    more = len(slots) - limit
    return ", ".join(labels) + (f" and {more} more" if more > 0 else "")


def _who(v: Volunteer) -> str:
    name = v.name or v.id
    job = v.role or _SECTOR_LABELS.get(v.sector, v.sector).lower()
    return f"{name} ({job}, {v.employer})"


def _school_name(s: School) -> str:
    return s.name or s.id


def _class_name(c: SchoolClass) -> str:
    return c.name or f"Year {c.year}"


def reason_for(problem: Problem, assignment: Assignment) -> str:
    """Why this volunteer meets this class then, in one sentence a coordinator can repeat."""
    v = problem.volunteer_by_id[assignment.volunteer]
    c = problem.class_by_id[assignment.class_]
    school = problem.school_of[c.id]
    venue = problem.venue_of(school)
    when = slot_label(assignment.slot)
    if assignment.mode == "online":
        how = f"meets {_class_name(c)} at {_school_name(school)} online on {when}"
        km = haversine_km(v.lat, v.lon, venue.lat, venue.lon)
        where = (
            f"online, as the school is {km:.0f} km away, beyond their {v.radius_km:g} km"
            if v.in_person and km > v.radius_km
            else "online"
        )
    else:
        km = haversine_km(v.lat, v.lon, venue.lat, venue.lon)
        if venue.id != school.id:
            rot = problem.rotation_at.get((venue.id, assignment.slot))
            event = "rotation event" if rot else "event"
            how = (f"meets {_class_name(c)} from {_school_name(school)} at the {event} at "
                   f"{_school_name(venue)} on {when}")  # fmt: skip
        else:
            rot = problem.rotation_at.get((school.id, assignment.slot))
            place = "the rotation event at " if rot else ""
            how = f"visits {_class_name(c)} at {place}{_school_name(school)} on {when}"
        if assignment.round is not None:
            how += f" (round {assignment.round})"
        where = f"{km:.1f} km away"
    met = c.prior_encounters
    history = (
        "the class has met no one yet"
        if met == 0
        else f"the class has met {met} visitor{'s' if met != 1 else ''} before"
    )
    fsm = f"{round(school.fsm * 100)}% of pupils eligible for free school meals"
    extra = "; a role model who challenges stereotypes" if v.counter_stereotype else ""
    wished = [w for w in school.wishes if w.met_by(v, c)]
    # Name the most specific: "engineering for Year 6" already says "engineering".
    wished = [w for w in wished if not any(w != o and w.within(o) for o in wished)]
    if wished:
        extra += "; meets the school's wish for " + " and ".join(describe_wish(w) for w in wished)
    return f"{_who(v)} {how}: {where}, {history}, {fsm}{extra}."


def describe_wish(wish: Wish) -> str:
    """'engineering and manufacturing for Year 6, from someone who challenges stereotypes'."""
    return wish.describe(_SECTOR_LABELS)


def wish_report(problem: Problem, plan: Plan) -> list[WishOutcome]:
    """Every school's wishes, met (by whom, when) or not and why (wishes.wish_outcomes)."""
    return wish_outcomes(problem, plan, who=_who, slot_label=slot_label, describe=describe_wish)


def unmatched_reasons(problem: Problem, plan: Plan) -> list[Unmatched]:
    """Every class the plan does not reach and every volunteer it does not use, with why.

    The reason is the first of these that holds: no free slot given; nobody in reach (in person
    or online); nobody in reach serves the year group; nobody in reach and serving it is free
    at the same time; only pairings the facilitator forbade; otherwise everyone suitable was
    already booked (reaching classes with more disadvantage or fewer encounters first).
    """
    reached = {a.class_ for a in plan.assignments}
    used = {a.volunteer for a in plan.assignments}
    out: list[Unmatched] = []
    vols = problem.volunteers
    v_lat = np.array([v.lat for v in vols], dtype=float)
    v_lon = np.array([v.lon for v in vols], dtype=float)
    v_rad = np.array([v.radius_km for v in vols], dtype=float)
    v_ip = np.array([v.in_person for v in vols], dtype=bool)
    v_on = np.array([v.online for v in vols], dtype=bool)
    forbidden = {(t.volunteer, t.class_, t.slot) for t in problem.forbidden}

    for school in problem.schools:
        missing = [c for c in school.classes if c.id not in reached]
        if not missing:
            continue
        venue = problem.venue_of(school)
        km = haversine_km_np(v_lat, v_lon, venue.lat, venue.lon) if vols else np.zeros(0)
        in_reach = (v_ip & (km <= v_rad)) | (v_on & school.online)
        for c in missing:
            out.append(_class_reason(problem, c, school, venue, km, v_rad, in_reach, forbidden))

    for v in vols:
        if v.id not in used:
            out.append(_volunteer_reason(problem, v, forbidden))
    return out


def _class_reason(
    problem: Problem,
    c: SchoolClass,
    school: School,
    venue: School,
    km: np.ndarray,
    v_rad: np.ndarray,
    in_reach: np.ndarray,
    forbidden: set[tuple[str, str, str]],
) -> Unmatched:
    def said(code: str, message: str) -> Unmatched:
        return Unmatched("class", c.id, code, f"{_class_name(c)} at {_school_name(school)}: "
                         f"{message}")  # fmt: skip

    if not c.slots:
        return said("no_slots", "the class has not given any free half-days.")
    vols = problem.volunteers
    near = np.flatnonzero(in_reach)
    if len(near) == 0:
        if len(vols) == 0:
            return said("no_volunteer_in_range", "no volunteers have signed up.")
        i = int(np.argmin(km - v_rad))
        return said(
            "no_volunteer_in_range",
            f"no volunteer is within reach of {_school_name(venue)} in person, and none who "
            f"works online can take it; the nearest, {vols[i].name or vols[i].id}, is "
            f"{km[i]:.1f} km away and travels up to {v_rad[i]:g} km.",
        )
    serving = [vols[i] for i in near if c.year in vols[i].years]
    if not serving:
        return said(
            "year_not_served",
            f"none of the {len(near)} volunteer{'s' if len(near) != 1 else ''} in reach "
            f"works with Year {c.year}.",
        )
    free = [v for v in serving if set(v.slots) & set(c.slots)]
    if not free:
        theirs = sorted({s for v in serving for s in v.slots}, key=problem.slots.index)
        return said(
            "no_shared_slot",
            f"the {len(serving)} volunteer{'s' if len(serving) != 1 else ''} in reach who work "
            f"with Year {c.year} are free at other times: the class is free "
            f"{_slots_text(list(c.slots))}; they are free "
            f"{_slots_text(theirs) if theirs else 'at no time'}.",
        )
    open_pairs = [
        (v, s) for v in free for s in v.slots if s in c.slots and (v.id, c.id, s) not in forbidden
    ]
    if not open_pairs:
        return said("forbidden", "every possible pairing was ruled out by the facilitator.")
    return said(
        "volunteers_full",
        f"all {len(free)} suitable volunteer{'s' if len(free) != 1 else ''} were booked "
        "elsewhere: the plan reaches classes with more pupils on free school meals or fewer "
        "previous encounters first, and spreads volunteers' limited sessions.",
    )


def _volunteer_reason(
    problem: Problem, v: Volunteer, forbidden: set[tuple[str, str, str]]
) -> Unmatched:
    def said(code: str, message: str) -> Unmatched:
        return Unmatched("volunteer", v.id, code, f"{v.name or v.id}: {message}")

    if not v.slots:
        return said("no_slots", "has not given any free half-days.")
    if v.max_sessions == 0:
        return said("no_sessions", "offers no sessions (max_sessions is 0).")
    reachable: list[tuple[SchoolClass, School]] = []
    for school in problem.schools:
        venue = problem.venue_of(school)
        near = v.in_person and haversine_km(v.lat, v.lon, venue.lat, venue.lon) <= v.radius_km
        if near or (v.online and school.online):
            reachable.extend((c, school) for c in school.classes)
    if not reachable:
        how = f"within {v.radius_km:g} km" if v.in_person else "online"
        return said("no_class_in_range", f"no school in the campaign is {how}.")
    years = [(c, s) for c, s in reachable if c.year in v.years]
    if not years:
        wanted = ", ".join(str(y) for y in v.years) or "none"
        return said(
            "year_not_served",
            f"the classes in reach are in year groups they do not work with (theirs: {wanted}).",
        )
    shared = [(c, s) for c, s in years if set(c.slots) & set(v.slots)]
    if not shared:
        return said(
            "no_shared_slot",
            f"no class in reach is free when they are ({_slots_text(list(v.slots))}).",
        )
    if all((v.id, c.id, s) in forbidden for c, _ in shared for s in set(c.slots) & set(v.slots)):
        return said("forbidden", "every possible pairing was ruled out by the facilitator.")
    return said(
        "not_needed",
        f"the {len(shared)} class{'es' if len(shared) != 1 else ''} they could meet were better "
        "served by others (nearer, or bringing a sector new to the school); they are free "
        "for a later round.",
    )
