"""`check_plan`: every hard rule a plan breaks, in words — independent of how it was made.

Deliberately written pair by pair in plain Python, not with the solver's arrays, so that it is a
second opinion on the solver rather than a copy of it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .geo import haversine_km
from .problem import Assignment, Plan, Problem

_KM_TOLERANCE = 1e-6


def check_plan(problem: Problem, plan: Plan) -> list[str]:
    """Hard-rule violations of `plan` for `problem`; an empty list means the plan is valid."""
    out: list[str] = []
    slots = set(problem.slots)
    vols, classes = problem.volunteer_by_id, problem.class_by_id
    valid: list[Assignment] = []
    for i, a in enumerate(plan.assignments):
        where = f"assignments[{i}] ({a.volunteer}, {a.class_}, {a.slot})"
        bad = False
        if a.volunteer not in vols:
            out.append(f"{where}: unknown volunteer {a.volunteer!r}")
            bad = True
        if a.class_ not in classes:
            out.append(f"{where}: unknown class {a.class_!r}")
            bad = True
        if a.slot not in slots:
            out.append(f"{where}: unknown slot {a.slot!r}")
            bad = True
        if a.mode not in ("in_person", "online"):
            out.append(f"{where}: mode {a.mode!r} is neither in_person nor online")
            bad = True
        if not bad:
            out.extend(pair_violations(problem, a, where))
            valid.append(a)

    triples = Counter((a.volunteer, a.class_, a.slot) for a in valid)
    for (v, c, s), n in triples.items():
        if n > 1:
            out.append(f"{v} is assigned to {c} in {s} {n} times")
    for (v, c), n in Counter((a.volunteer, a.class_) for a in valid).items():
        if n > 1:
            out.append(f"{v} meets class {c} {n} times (at most once)")
    chosen = {(a.volunteer, a.class_, a.slot) for a in valid}
    for t in problem.forbidden:
        if (t.volunteer, t.class_, t.slot) in chosen:
            out.append(f"forbidden pairing used: {t.volunteer} with {t.class_} in {t.slot}")
    for t in problem.locked:
        if (t.volunteer, t.class_, t.slot) not in chosen:
            out.append(f"locked pairing missing: {t.volunteer} with {t.class_} in {t.slot}")

    out.extend(_class_rules(problem, valid))
    out.extend(_volunteer_rules(problem, valid))
    return out


def _rotation_rounds(problem: Problem, class_id: str, slot: str) -> int:
    venue = problem.venue_of(problem.school_of[class_id])
    rot = problem.rotation_at.get((venue.id, slot))
    return rot.rounds if rot else 0


def pair_violations(problem: Problem, a: Assignment, where: str) -> list[str]:
    out = []
    v = problem.volunteer_by_id[a.volunteer]
    c = problem.class_by_id[a.class_]
    school = problem.school_of[c.id]
    for kind, who, free in (("volunteer", v.id, v.slots), ("class", c.id, c.slots)):
        busy = problem.busy_at.get((kind, who, a.slot))
        if busy is not None:
            with_what = f" ({busy.what})" if busy.what else ""
            out.append(f"{where}: {kind} {who} is already busy in {a.slot}{with_what}")
        elif a.slot not in free:
            out.append(f"{where}: {kind} {who} is not free in {a.slot}")
    if c.year not in v.years:
        out.append(f"{where}: volunteer {v.id} does not serve Year {c.year}")
    rounds = _rotation_rounds(problem, c.id, a.slot)
    if a.mode == "online":
        if not v.online:
            out.append(f"{where}: volunteer {v.id} does not work online")
        if not school.online:
            out.append(f"{where}: school {school.id} does not take online sessions")
        if rounds:
            out.append(f"{where}: the class is at a rotation event in {a.slot}, not online")
    else:
        if not v.in_person:
            out.append(f"{where}: volunteer {v.id} works online only")
        venue = problem.venue_of(school)
        km = haversine_km(v.lat, v.lon, venue.lat, venue.lon)
        if km > v.radius_km + _KM_TOLERANCE:
            out.append(
                f"{where}: {venue.id} is {km:.1f} km away, beyond the volunteer's "
                f"{v.radius_km:g} km"
            )
    if a.round is not None and not rounds:
        out.append(f"{where}: a round is given but there is no rotation event there")
    if a.round is not None and rounds and not 1 <= a.round <= rounds:
        out.append(f"{where}: round {a.round} is not 1–{rounds}")
    return out


def _class_rules(problem: Problem, valid: list[Assignment]) -> list[str]:
    out = []
    per_class: dict[str, list[Assignment]] = defaultdict(list)
    for a in valid:
        per_class[a.class_].append(a)
    for cid, items in per_class.items():
        if len(items) > problem.max_encounters_per_class:
            out.append(
                f"class {cid} meets {len(items)} volunteers, more than "
                f"max_encounters_per_class {problem.max_encounters_per_class}"
            )
        for slot, n in Counter(a.slot for a in items).items():
            cap = max(1, _rotation_rounds(problem, cid, slot))
            if n > cap:
                out.append(f"class {cid} meets {n} volunteers in {slot} (at most {cap})")
            elif n > 1 and any(a.round is None for a in items if a.slot == slot):
                out.append(f"class {cid} needs a different round for each volunteer in {slot}")
        rounds = Counter((a.slot, a.round) for a in items if a.round is not None)
        for (slot, rnd), n in rounds.items():
            if n > 1:
                out.append(f"class {cid} meets {n} volunteers in {slot} round {rnd}")
    return out


def _volunteer_rules(problem: Problem, valid: list[Assignment]) -> list[str]:
    out = []
    per_vol: dict[str, list[Assignment]] = defaultdict(list)
    for a in valid:
        per_vol[a.volunteer].append(a)
    for vid, items in per_vol.items():
        v = problem.volunteer_by_id[vid]
        by_slot: dict[str, list[Assignment]] = defaultdict(list)
        for a in items:
            by_slot[a.slot].append(a)
        for slot, group in by_slot.items():
            if len(group) == 1:
                continue
            venues = {problem.venue_of(problem.school_of[a.class_]).id for a in group}
            rounds = _rotation_rounds(problem, group[0].class_, slot)
            at_rotation = (
                len(venues) == 1 and rounds > 0 and all(a.mode == "in_person" for a in group)
            )
            if not at_rotation:
                out.append(f"volunteer {vid} is in {len(group)} places in {slot}")
            elif len(group) > rounds:
                out.append(
                    f"volunteer {vid} meets {len(group)} classes at the rotation in {slot}, "
                    f"more than its {rounds} rounds"
                )
            else:
                rnds = [a.round for a in group]
                if None in rnds or len(set(rnds)) < len(rnds):
                    out.append(
                        f"volunteer {vid} needs a different round for each class at the "
                        f"rotation in {slot}"
                    )
        if len(by_slot) > v.max_sessions:
            out.append(f"volunteer {vid} has {len(by_slot)} sessions, more than {v.max_sessions}")
    return out
