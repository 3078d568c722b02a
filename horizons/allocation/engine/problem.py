"""The allocation problem and plan: frozen dataclasses, JSON parsing with every error listed.

`parse_problem` turns the JSON a coordinator's campaign produces into a `Problem`, or raises
`ProblemError` naming every fault with its path (``schools[3].classes[1].year: 7 is not 1–6``),
so a person can fix the whole file at once instead of one error per run.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .wish import Wish

YEARS = (1, 2, 3, 4, 5, 6)
STATUSES = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "EMPTY")
_MISSING: Any = object()


class ProblemError(ValueError):
    """A problem that cannot be solved as written; `errors` lists each fault with its path."""

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


class LockError(ProblemError):
    """Locked assignments that break a hard rule, alone or together."""


@dataclass(frozen=True)
class Weights:
    """How much each part of the objective is worth, in integer points (see docs/allocation.md)."""

    # Value of a class's 1st, 2nd, 3rd… encounter before weighting; must not increase
    # (concave), the last value repeats for later encounters.
    encounter_values: tuple[int, ...] = (1000, 400, 200)
    fsm_weight: float = 1.0  # a class at fsm 0.5 is worth 1.5× one at fsm 0
    prior_weight: float = 0.5  # × (1 + prior_weight / (1 + prior_encounters))
    sector_bonus: int = 60  # per distinct sector a school meets
    counter_stereotype_bonus: int = 80  # per school that meets a counter-stereotype volunteer
    km_penalty: float = 2.0  # per km travelled in person
    online_penalty: int = 150  # per online (rather than in-person) encounter
    # per wish of its school an encounter meets (at most 3 counted; see wishes.py and
    # docs/allocation.md for why this size)
    wish_bonus: int = 180

    def encounter_value(self, k: int) -> int:
        """Base value of a class's (k+1)-th encounter, k counted from 0."""
        values = self.encounter_values
        return values[k] if k < len(values) else values[-1]


@dataclass(frozen=True)
class SchoolClass:
    id: str
    year: int
    pupils: int
    prior_encounters: int
    slots: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class School:
    id: str
    lat: float
    lon: float
    fsm: float
    classes: tuple[SchoolClass, ...]
    name: str = ""
    host: str | None = None  # another school whose site this school's classes travel to
    online: bool = True  # can its classes take part in online sessions?
    wishes: tuple[Wish, ...] = ()  # what the school asked for (wishes.py)


@dataclass(frozen=True)
class Volunteer:
    id: str
    employer: str
    sector: str
    lat: float
    lon: float
    radius_km: float
    online: bool
    years: tuple[int, ...]
    slots: tuple[str, ...]
    max_sessions: int
    counter_stereotype: bool = False
    in_person: bool = True  # False with online=True: online only
    name: str = ""
    role: str = ""


@dataclass(frozen=True)
class Triple:
    volunteer: str
    class_: str
    slot: str


@dataclass(frozen=True)
class Rotation:
    """A rotation event: at `host`'s site in `slot`, volunteers rotate round the classes there.

    Each volunteer there meets up to `rounds` classes and each class up to `rounds` volunteers,
    one per round; it counts as one session for the volunteer.
    """

    host: str
    slot: str
    rounds: int


@dataclass(frozen=True)
class Busy:
    """A half-day a class or volunteer is already taken, e.g. by a booking made before the plan.

    Parsing takes busy half-days out of the class's or volunteer's free `slots`, so every solver
    plans around them; `check_plan` refuses any assignment in one."""

    kind: str  # "class" or "volunteer"
    id: str
    slot: str
    what: str = ""  # e.g. "Jarrow rotation event, 09:15–11:00"


@dataclass(frozen=True)
class Problem:
    slots: tuple[str, ...]
    schools: tuple[School, ...]
    volunteers: tuple[Volunteer, ...]
    max_encounters_per_class: int
    locked: tuple[Triple, ...] = ()
    forbidden: tuple[Triple, ...] = ()
    rotations: tuple[Rotation, ...] = ()
    weights: Weights = field(default_factory=Weights)
    busy: tuple[Busy, ...] = ()

    @cached_property
    def busy_at(self) -> dict[tuple[str, str, str], Busy]:
        """("class"/"volunteer", id, slot) → what they are busy with then."""
        return {(b.kind, b.id, b.slot): b for b in self.busy}

    @cached_property
    def classes(self) -> tuple[SchoolClass, ...]:
        return tuple(c for s in self.schools for c in s.classes)

    @cached_property
    def class_by_id(self) -> dict[str, SchoolClass]:
        return {c.id: c for c in self.classes}

    @cached_property
    def school_of(self) -> dict[str, School]:
        """Class id → its school."""
        return {c.id: s for s in self.schools for c in s.classes}

    @cached_property
    def school_by_id(self) -> dict[str, School]:
        return {s.id: s for s in self.schools}

    @cached_property
    def volunteer_by_id(self) -> dict[str, Volunteer]:
        return {v.id: v for v in self.volunteers}

    @cached_property
    def rotation_at(self) -> dict[tuple[str, str], Rotation]:
        """(venue school id, slot) → rotation event there."""
        return {(r.host, r.slot): r for r in self.rotations}

    def venue_of(self, school: School) -> School:
        """The school whose site the school's classes meet volunteers at."""
        return self.school_by_id[school.host] if school.host else school


@dataclass(frozen=True)
class Assignment:
    volunteer: str
    class_: str
    slot: str
    mode: str = "in_person"  # or "online"
    km: float = 0.0  # great-circle distance to the venue (0 for online)
    round: int | None = None  # 1…rounds within a rotation event


@dataclass(frozen=True)
class Plan:
    status: str
    assignments: tuple[Assignment, ...]
    objective: int
    bound: int
    messages: tuple[str, ...] = ()
    stats: Mapping[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Relative distance to the proven upper bound (0 = proven optimal)."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)


class _Reader:
    """Reads JSON-like values, collecting every error with its path instead of stopping."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def mapping(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.error(path, f"expected an object, got {_kind(value)}")
        return None

    def items(self, data: Mapping[str, Any], key: str, path: str, required: bool) -> list[Any]:
        value = data.get(key, _MISSING)
        if value is _MISSING or (value is None and not required):
            if required:
                self.error(f"{path}{key}", "is required")
            return []
        if isinstance(value, list | tuple):
            return list(value)
        self.error(f"{path}{key}", f"expected a list, got {_kind(value)}")
        return []

    def string(self, data: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if default is _MISSING:
                self.error(f"{path}{key}", "is required")
            return default
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # ids such as URNs often arrive as numbers
        if not isinstance(value, str) or not value.strip():
            self.error(f"{path}{key}", f"expected a non-empty text, got {_kind(value)}")
            return default if default is not _MISSING else None
        return value.strip()

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        lo: float,
        hi: float,
        default: Any = _MISSING,
        integer: bool = False,
        label: str = "",
    ) -> Any:
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if default is _MISSING:
                self.error(f"{path}{key}", "is required")
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(f"{path}{key}", f"expected a number, got {_kind(value)}")
            return None
        if not math.isfinite(value):
            self.error(f"{path}{key}", f"{value} is not a finite number")
            return None
        if integer and value != int(value):
            self.error(f"{path}{key}", f"{value} is not a whole number")
            return None
        if not lo <= value <= hi:
            span = label or f"{_fmt(lo)}–{_fmt(hi)}"
            self.error(f"{path}{key}", f"{_fmt(value)} is not {span}")
            return None
        return int(value) if integer else float(value)

    def boolean(self, data: Mapping[str, Any], key: str, path: str, default: Any) -> Any:
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if default is _MISSING:
                self.error(f"{path}{key}", "is required")
            return default
        if not isinstance(value, bool):
            self.error(f"{path}{key}", f"expected true or false, got {_kind(value)}")
            return default if default is not _MISSING else False
        return value

    def slot_list(
        self, data: Mapping[str, Any], key: str, path: str, known: set[str]
    ) -> tuple[str, ...]:
        out: list[str] = []
        for i, slot in enumerate(self.items(data, key, path, required=True)):
            if not isinstance(slot, str):
                self.error(f"{path}{key}[{i}]", f"expected a slot id, got {_kind(slot)}")
            elif slot not in known:
                self.error(f"{path}{key}[{i}]", f"unknown slot {slot!r}")
            elif slot not in out:
                out.append(slot)
        return tuple(out)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, int | float):
        return f"number {value}"
    return type(value).__name__


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _parse_weights(r: _Reader, data: Any) -> Weights:
    if data is None:
        return Weights()
    m = r.mapping(data, "weights")
    if m is None:
        return Weights()
    default = Weights()
    known = {f.name for f in fields(Weights)}
    for key in m:
        if key not in known:
            r.error(f"weights.{key}", f"unknown weight (known: {', '.join(sorted(known))})")
    values: list[int] = []
    raw = m.get("encounter_values", default.encounter_values)
    if not isinstance(raw, list | tuple) or not raw:
        r.error("weights.encounter_values", "expected a non-empty list of whole numbers")
    else:
        for i, v in enumerate(raw):
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 1_000_000:
                r.error(f"weights.encounter_values[{i}]", f"{v!r} is not a whole number 1–1000000")
            elif values and v > values[-1]:
                r.error(
                    f"weights.encounter_values[{i}]",
                    "must not exceed the value before it (later encounters are worth less)",
                )
            else:
                values.append(v)
    p = "weights."
    return Weights(
        encounter_values=tuple(values) or default.encounter_values,
        fsm_weight=r.number(m, "fsm_weight", p, 0, 10, default.fsm_weight) or 0.0,
        prior_weight=r.number(m, "prior_weight", p, 0, 10, default.prior_weight) or 0.0,
        sector_bonus=r.number(m, "sector_bonus", p, 0, 100_000, default.sector_bonus, True) or 0,
        counter_stereotype_bonus=r.number(
            m, "counter_stereotype_bonus", p, 0, 100_000, default.counter_stereotype_bonus, True
        )
        or 0,
        km_penalty=r.number(m, "km_penalty", p, 0, 1000, default.km_penalty) or 0.0,
        online_penalty=r.number(m, "online_penalty", p, 0, 100_000, default.online_penalty, True)
        or 0,
        wish_bonus=r.number(m, "wish_bonus", p, 0, 100_000, default.wish_bonus, True) or 0,
    )


def _parse_triples(
    r: _Reader,
    data: Mapping[str, Any],
    key: str,
    volunteers: set[str],
    classes: set[str],
    slots: set[str],
) -> tuple[Triple, ...]:
    out: list[Triple] = []
    for i, item in enumerate(r.items(data, key, "", required=False)):
        path = f"{key}[{i}]"
        m = r.mapping(item, path)
        if m is None:
            continue
        v = r.string(m, "volunteer", f"{path}.")
        c = r.string(m, "class", f"{path}.")
        s = r.string(m, "slot", f"{path}.")
        ok = True
        for value, known, what, k in (
            (v, volunteers, "volunteer", "volunteer"),
            (c, classes, "class", "class"),
            (s, slots, "slot", "slot"),
        ):
            if value is None:
                ok = False
            elif value not in known:
                r.error(f"{path}.{k}", f"unknown {what} {value!r}")
                ok = False
        if ok:
            triple = Triple(v, c, s)
            if triple in out:
                r.error(path, f"repeats {key}[{out.index(triple)}]")
            else:
                out.append(triple)
    return tuple(out)


# A problem nests about six levels deep (problem → schools → school → classes → class → slots);
# anything far deeper is not a problem file, and reading it would exhaust Python's stack.
MAX_NESTING = 32
# The national instance (16,800 schools, 48,000 volunteers) is well under this.
MAX_PROBLEM_BYTES = 512 * 1024 * 1024


def nesting_beyond(data: Any, limit: int = MAX_NESTING) -> bool:
    """True if lists/objects in `data` nest deeper than `limit`; iterative, so any depth is safe."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list | tuple):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


_TOP_FIELDS = frozenset(
    {
        "slots",
        "schools",
        "volunteers",
        "max_encounters_per_class",
        "locked",
        "forbidden",
        "rotations",
        "busy",
        "weights",
        "name",
        "campaign",
    }
)


@dataclass
class _Parsed:
    """What the parse steps have read so far; each step adds its part and its errors."""

    slots: list[str] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    school_ids: dict[str, str] = field(default_factory=dict)  # id → path of its first use
    class_ids: dict[str, str] = field(default_factory=dict)
    hosts: list[tuple[str, str]] = field(default_factory=list)  # (path, host id)
    volunteers: list[Volunteer] = field(default_factory=list)
    volunteer_ids: dict[str, str] = field(default_factory=dict)
    rotations: list[Rotation] = field(default_factory=list)
    busy: list[Busy] = field(default_factory=list)

    @property
    def host_of(self) -> dict[str, str | None]:
        return {s.id: s.host for s in self.schools}


def parse_problem(data: Any) -> Problem:
    """Validate JSON-like data and build a `Problem`; raise `ProblemError` listing every fault.

    One step per part of the file, each collecting its faults, so a file with several faults
    gets them all in one answer."""
    if nesting_beyond(data):
        raise ProblemError(
            [f"problem: lists and objects nest more than {MAX_NESTING} levels deep; "
             "a problem file needs about six (see docs/allocation.md)"]
        )  # fmt: skip
    r = _Reader()
    root = r.mapping(data, "problem")
    if root is None:
        raise ProblemError(r.errors)
    for key in root:
        if key not in _TOP_FIELDS:
            r.error(str(key), "unknown field")
    parsed = _Parsed()
    _parse_slots(r, root, parsed)
    _parse_schools(r, root, parsed)
    parsed.schools = _parse_wishes(r, root.get("schools"), parsed.schools)  # (wish.py)
    _check_hosts(r, parsed)
    _parse_volunteers(r, root, parsed)
    max_enc = r.number(root, "max_encounters_per_class", "", 1, 100, integer=True)
    _parse_rotations(r, root, parsed)
    _parse_busy(r, root, parsed)
    locked, forbidden = _parse_decisions(r, root, parsed)
    weights = _parse_weights(r, root.get("weights"))
    if r.errors:
        raise ProblemError(r.errors)
    schools, volunteers = _without_busy(parsed)
    return Problem(
        slots=tuple(parsed.slots),
        schools=schools,
        volunteers=volunteers,
        max_encounters_per_class=max_enc,
        locked=locked,
        forbidden=forbidden,
        rotations=tuple(parsed.rotations),
        weights=weights,
        busy=tuple(parsed.busy),
    )


def _parse_slots(r: _Reader, root: Mapping[str, Any], parsed: _Parsed) -> None:
    for i, s in enumerate(r.items(root, "slots", "", required=True)):
        if not isinstance(s, str) or not s.strip():
            r.error(f"slots[{i}]", f"expected a slot id such as '2026-03-02 AM', got {_kind(s)}")
        elif s in parsed.slots:
            r.error(f"slots[{i}]", f"repeats slot {s!r}")
        else:
            parsed.slots.append(s)


def _parse_schools(r: _Reader, root: Mapping[str, Any], parsed: _Parsed) -> None:
    for i, item in enumerate(r.items(root, "schools", "", required=True)):
        path = f"schools[{i}]"
        m = r.mapping(item, path)
        if m is None:
            continue
        p = f"{path}."
        sid = r.string(m, "id", p)
        if sid is not None:
            if sid in parsed.school_ids:
                r.error(f"{p}id", f"repeats the id of {parsed.school_ids[sid]}")
            parsed.school_ids.setdefault(sid, path)
        lat = r.number(m, "lat", p, -90, 90, label="a latitude (−90 to 90)")
        lon = r.number(m, "lon", p, -180, 180, label="a longitude (−180 to 180)")
        fsm = r.number(m, "fsm", p, 0, 1)
        host = r.string(m, "host", p, default=None)
        if host is not None and sid is not None:
            parsed.hosts.append((f"{p}host", host))
        classes = _parse_classes(r, m, p, parsed)
        name = r.string(m, "name", p, default="")
        online = r.boolean(m, "online", p, True)
        if None not in (sid, lat, lon, fsm):
            parsed.schools.append(School(sid, lat, lon, fsm, tuple(classes), name, host, online))


def _parse_classes(r: _Reader, m: Mapping[str, Any], p: str, parsed: _Parsed) -> list[SchoolClass]:
    slot_set = set(parsed.slots)
    classes: list[SchoolClass] = []
    for j, citem in enumerate(r.items(m, "classes", p, required=True)):
        cpath = f"{p}classes[{j}]"
        cm = r.mapping(citem, cpath)
        if cm is None:
            continue
        cp = f"{cpath}."
        cid = r.string(cm, "id", cp)
        if cid is not None:
            if cid in parsed.class_ids:
                r.error(f"{cp}id", f"repeats the id of {parsed.class_ids[cid]}")
            parsed.class_ids.setdefault(cid, cpath)
        year = r.number(cm, "year", cp, 1, 6, integer=True)
        pupils = r.number(cm, "pupils", cp, 1, 200, integer=True)
        prior = r.number(cm, "prior_encounters", cp, 0, 1000, 0, integer=True)
        cslots = r.slot_list(cm, "slots", cp, slot_set)
        cname = r.string(cm, "name", cp, default="")
        if None not in (cid, year, pupils, prior):
            classes.append(SchoolClass(cid, year, pupils, prior, cslots, cname))
    return classes


def _parse_wishes(r: _Reader, raw_schools: Any, schools: list[School]) -> list[School]:
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


def _check_hosts(r: _Reader, parsed: _Parsed) -> None:
    host_of = parsed.host_of
    for path, host in parsed.hosts:
        if host not in parsed.school_ids:
            r.error(path, f"unknown school {host!r}")
        elif host_of.get(host):
            r.error(path, f"school {host!r} itself travels to {host_of[host]!r}; name the host")


def _parse_volunteers(r: _Reader, root: Mapping[str, Any], parsed: _Parsed) -> None:
    slot_set = set(parsed.slots)
    for i, item in enumerate(r.items(root, "volunteers", "", required=True)):
        path = f"volunteers[{i}]"
        m = r.mapping(item, path)
        if m is None:
            continue
        p = f"{path}."
        vid = r.string(m, "id", p)
        if vid is not None:
            if vid in parsed.volunteer_ids:
                r.error(f"{p}id", f"repeats the id of {parsed.volunteer_ids[vid]}")
            parsed.volunteer_ids.setdefault(vid, path)
        years: list[int] = []
        for j, y in enumerate(r.items(m, "years", p, required=True)):
            if isinstance(y, bool) or not isinstance(y, int) or y not in YEARS:
                r.error(f"{p}years[{j}]", f"{y!r} is not a year group 1–6")
            elif y not in years:
                years.append(y)
        values: dict[str, Any] = {
            "id": vid,
            "employer": r.string(m, "employer", p),
            "sector": r.string(m, "sector", p),
            "lat": r.number(m, "lat", p, -90, 90, label="a latitude (−90 to 90)"),
            "lon": r.number(m, "lon", p, -180, 180, label="a longitude (−180 to 180)"),
            "radius_km": r.number(m, "radius_km", p, 0, 1000),
            "online": r.boolean(m, "online", p, False),
            "years": tuple(sorted(years)),
            "slots": r.slot_list(m, "slots", p, slot_set),
            "max_sessions": r.number(m, "max_sessions", p, 0, 1000, integer=True),
            "counter_stereotype": r.boolean(m, "counter_stereotype", p, False),
            "in_person": r.boolean(m, "in_person", p, True),
            "name": r.string(m, "name", p, default=""),
            "role": r.string(m, "role", p, default=""),
        }
        if values["in_person"] is False and values["online"] is False:
            r.error(f"{p}in_person", "a volunteer who is not in person must be online")
        if None not in values.values():
            parsed.volunteers.append(Volunteer(**values))


def _parse_rotations(r: _Reader, root: Mapping[str, Any], parsed: _Parsed) -> None:
    slot_set, host_of = set(parsed.slots), parsed.host_of
    seen_rot: set[tuple[str, str]] = set()
    for i, item in enumerate(r.items(root, "rotations", "", required=False)):
        path = f"rotations[{i}]"
        m = r.mapping(item, path)
        if m is None:
            continue
        host = r.string(m, "host", f"{path}.")
        slot = r.string(m, "slot", f"{path}.")
        rounds = r.number(m, "rounds", f"{path}.", 1, 12, integer=True)
        if host is not None and host not in parsed.school_ids:
            r.error(f"{path}.host", f"unknown school {host!r}")
        elif host is not None and host_of.get(host):
            r.error(f"{path}.host", f"school {host!r} travels to {host_of[host]!r}")
        if slot is not None and slot not in slot_set:
            r.error(f"{path}.slot", f"unknown slot {slot!r}")
        if host is not None and slot is not None and (host, slot) in seen_rot:
            r.error(path, f"a second rotation at {host!r} in {slot!r}")
        if None not in (host, slot, rounds):
            seen_rot.add((host, slot))
            parsed.rotations.append(Rotation(host, slot, rounds))


def _parse_busy(r: _Reader, root: Mapping[str, Any], parsed: _Parsed) -> None:
    """`busy`: half-days a class or a volunteer is already taken (an existing booking or event).

    Each entry names exactly one of `class` or `volunteer`, and a `slot`; `what` (optional)
    says what they are busy with, for people reading the plan."""
    slot_set = set(parsed.slots)
    for i, item in enumerate(r.items(root, "busy", "", required=False)):
        path = f"busy[{i}]"
        m = r.mapping(item, path)
        if m is None:
            continue
        for key in m:
            if key not in ("class", "volunteer", "slot", "what"):
                r.error(f"{path}.{key}", "unknown field (known: class, volunteer, slot, what)")
        if ("class" in m) == ("volunteer" in m):
            r.error(path, "name either a class or a volunteer (one of them)")
            continue
        kind = "class" if "class" in m else "volunteer"
        known = parsed.class_ids if kind == "class" else parsed.volunteer_ids
        who = r.string(m, kind, f"{path}.")
        slot = r.string(m, "slot", f"{path}.")
        what = r.string(m, "what", f"{path}.", default="")
        ok = who is not None and slot is not None
        if who is not None and who not in known:
            r.error(f"{path}.{kind}", f"unknown {kind} {who!r}")
            ok = False
        if slot is not None and slot not in slot_set:
            r.error(f"{path}.slot", f"unknown slot {slot!r}")
            ok = False
        if ok:
            entry = Busy(kind, who, slot, what)
            if any(b.kind == kind and b.id == who and b.slot == slot for b in parsed.busy):
                continue  # two bookings in one half-day: busy once is enough
            parsed.busy.append(entry)


def _parse_decisions(
    r: _Reader, root: Mapping[str, Any], parsed: _Parsed
) -> tuple[tuple[Triple, ...], tuple[Triple, ...]]:
    """The facilitator's `locked` and `forbidden` pairings; a lock may not be in a busy half-day."""
    vset, cset, slot_set = set(parsed.volunteer_ids), set(parsed.class_ids), set(parsed.slots)
    locked = _parse_triples(r, root, "locked", vset, cset, slot_set)
    forbidden = _parse_triples(r, root, "forbidden", vset, cset, slot_set)
    for t in set(locked) & set(forbidden):
        r.error(
            f"locked[{locked.index(t)}]",
            f"is also forbidden (forbidden[{forbidden.index(t)}]); a pairing cannot be both",
        )
    busy_at = {(b.kind, b.id, b.slot): (i, b) for i, b in enumerate(parsed.busy)}
    for i, t in enumerate(locked):
        for kind, who in (("class", t.class_), ("volunteer", t.volunteer)):
            hit = busy_at.get((kind, who, t.slot))
            if hit is not None:
                j, b = hit
                with_what = f" ({b.what})" if b.what else ""
                r.error(
                    f"locked[{i}]",
                    f"{kind} {who!r} is already busy in {t.slot!r}{with_what} (busy[{j}]); "
                    "remove the lock or choose another half-day",
                )
    return locked, forbidden


def _without_busy(parsed: _Parsed) -> tuple[tuple[School, ...], tuple[Volunteer, ...]]:
    """Schools and volunteers with their busy half-days taken out of the slots they are free."""
    if not parsed.busy:
        return tuple(parsed.schools), tuple(parsed.volunteers)
    taken: dict[tuple[str, str], set[str]] = defaultdict(set)
    for b in parsed.busy:
        taken[(b.kind, b.id)].add(b.slot)

    def free(kind: str, who: str, slots: tuple[str, ...]) -> tuple[str, ...]:
        gone = taken.get((kind, who))
        return tuple(s for s in slots if s not in gone) if gone else slots

    schools = tuple(
        replace(
            s,
            classes=tuple(replace(c, slots=free("class", c.id, c.slots)) for c in s.classes),
        )
        for s in parsed.schools
    )
    volunteers = tuple(
        replace(v, slots=free("volunteer", v.id, v.slots)) for v in parsed.volunteers
    )
    return schools, volunteers


def load_problem(path: str | Path) -> Problem:
    """Read a problem JSON file; a file that is not JSON is a `ProblemError` too."""
    size = Path(path).stat().st_size
    if size > MAX_PROBLEM_BYTES:
        raise ProblemError(
            [f"{path}: {size:,} bytes is more than the {MAX_PROBLEM_BYTES:,} a problem may be"]
        )
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ProblemError([f"{path}: not valid JSON ({exc})"]) from exc
    except UnicodeDecodeError as exc:
        raise ProblemError([f"{path}: not UTF-8 text ({exc.reason})"]) from exc
    except RecursionError as exc:  # the JSON parser recurses once per nesting level
        raise ProblemError(
            [f"{path}: lists and objects nest far more than {MAX_NESTING} levels deep"]
        ) from exc
    return parse_problem(data)


def _triple_json(t: Triple) -> dict[str, str]:
    return {"volunteer": t.volunteer, "class": t.class_, "slot": t.slot}


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """The JSON form of a problem; `parse_problem(problem_to_json(p)) == p`."""

    def school(s: School) -> dict[str, Any]:
        out: dict[str, Any] = {"id": s.id, "lat": s.lat, "lon": s.lon, "fsm": s.fsm}
        if s.name:
            out["name"] = s.name
        if s.host:
            out["host"] = s.host
        if not s.online:
            out["online"] = False
        out["classes"] = [
            {
                "id": c.id,
                **({"name": c.name} if c.name else {}),
                "year": c.year,
                "pupils": c.pupils,
                "prior_encounters": c.prior_encounters,
                "slots": list(c.slots),
            }
            for c in s.classes
        ]
        if s.wishes:
            out["wishes"] = [w.to_json() for w in s.wishes]
        return out

    def volunteer(v: Volunteer) -> dict[str, Any]:
        out: dict[str, Any] = {"id": v.id}
        if v.name:
            out["name"] = v.name
        if v.role:
            out["role"] = v.role
        out.update(
            employer=v.employer,
            sector=v.sector,
            lat=v.lat,
            lon=v.lon,
            radius_km=v.radius_km,
            online=v.online,
            years=list(v.years),
            slots=list(v.slots),
            max_sessions=v.max_sessions,
            counter_stereotype=v.counter_stereotype,
        )
        if not v.in_person:
            out["in_person"] = False
        return out

    w = problem.weights
    data: dict[str, Any] = {
        "slots": list(problem.slots),
        "max_encounters_per_class": problem.max_encounters_per_class,
        "schools": [school(s) for s in problem.schools],
        "volunteers": [volunteer(v) for v in problem.volunteers],
    }
    if problem.rotations:
        data["rotations"] = [
            {"host": r.host, "slot": r.slot, "rounds": r.rounds} for r in problem.rotations
        ]
    if problem.locked:
        data["locked"] = [_triple_json(t) for t in problem.locked]
    if problem.forbidden:
        data["forbidden"] = [_triple_json(t) for t in problem.forbidden]
    if problem.busy:
        data["busy"] = [
            {b.kind: b.id, "slot": b.slot, **({"what": b.what} if b.what else {})}
            for b in problem.busy
        ]
    if w != Weights():
        data["weights"] = {f.name: getattr(w, f.name) for f in fields(Weights)}
        data["weights"]["encounter_values"] = list(w.encounter_values)
    return data


def assignment_to_json(a: Assignment) -> dict[str, Any]:
    out: dict[str, Any] = {
        "volunteer": a.volunteer,
        "class": a.class_,
        "slot": a.slot,
        "mode": a.mode,
        "km": round(a.km, 2),
    }
    if a.round is not None:
        out["round"] = a.round
    return out


def plan_to_json(plan: Plan, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The JSON form of a plan; `extra` adds fields such as reasons for what was unmatched."""
    data: dict[str, Any] = {
        "status": plan.status,
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": round(plan.gap, 6),
        "assignments": [assignment_to_json(a) for a in plan.assignments],
        "messages": list(plan.messages),
        "stats": dict(plan.stats),
    }
    if extra:
        data.update(extra)
    return data


def plan_from_json(data: Mapping[str, Any]) -> Plan:
    """Read a plan back (for checking a plan someone edited by hand)."""
    r = _Reader()
    assignments: list[Assignment] = []
    for i, item in enumerate(r.items(data, "assignments", "", required=True)):
        path = f"assignments[{i}]."
        m = r.mapping(item, path[:-1])
        if m is None:
            continue
        v = r.string(m, "volunteer", path)
        c = r.string(m, "class", path)
        s = r.string(m, "slot", path)
        mode = r.string(m, "mode", path, "in_person")
        if mode not in ("in_person", "online"):
            r.error(f"{path}mode", f"{mode!r} is not in_person or online")
        km = r.number(m, "km", path, 0, 40_000, 0.0)
        rnd = r.number(m, "round", path, 1, 12, None, integer=True)
        if None not in (v, c, s, km):
            assignments.append(Assignment(v, c, s, mode, km, rnd))
    status = r.string(data, "status", "", "FEASIBLE")
    if status not in STATUSES:
        r.error("status", f"{status!r} is not one of {', '.join(STATUSES)}")
    objective = r.number(data, "objective", "", -1e18, 1e18, 0, integer=True)
    bound = r.number(data, "bound", "", -1e18, 1e18, 0, integer=True)
    if r.errors:
        raise ProblemError(r.errors)
    return Plan(
        status=status,
        assignments=tuple(assignments),
        objective=objective,
        bound=bound,
        messages=tuple(str(m) for m in data.get("messages", ())),
        stats=dict(data.get("stats", {})),
    )
