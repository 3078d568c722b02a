"""Compare the MIS's class list with a programme group's pupils: what would change.

Pure module: no Django. The rules, so a careers leader is never surprised:

- A pupil is matched by the MIS id kept as their reference. A pupil added before the school
  connected its MIS (no reference) is linked when exactly one MIS pupil has the same first
  name, surname initial and class; otherwise they are left as they are and listed.
- A linked pupil the MIS no longer has (deleted, marked to be deleted, or left the school,
  as Year 6 do in September) is a leaver: removed with everything recorded about them.
- A linked pupil with another class, name or year group in the MIS is updated.
- The group follows its children: when its pupils have all moved up a year (the September
  rollover) the group's year group and classes move with them.
- A joiner is an MIS pupil in the group's year group and one of its classes (any class when
  the group lists none) who is not yet in it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from horizons.programmes.mis.records import MisPupil


@dataclass(frozen=True)
class Held:
    """A pupil as the group holds them now."""

    pk: int
    reference: str
    first_name: str
    last_initial: str
    year_group: int
    class_name: str

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_initial}."


@dataclass(frozen=True)
class Update:
    before: Held
    after: MisPupil

    @property
    def what(self) -> list[str]:
        out = []
        b, a = self.before, self.after
        if (b.first_name, b.last_initial) != (a.first_name, a.last_initial):
            out.append(f"renamed {b.display_name} to {a.display_name}")
        if b.year_group != a.year_group:
            out.append(f"Year {b.year_group} to Year {a.year_group}")
        if b.class_name != a.class_name:
            out.append(f"class {b.class_name} to {a.class_name}")
        if not b.reference:
            out.append("linked to the MIS")
        return out


@dataclass(frozen=True)
class Plan:
    joiners: tuple[MisPupil, ...] = ()
    leavers: tuple[Held, ...] = ()
    updates: tuple[Update, ...] = ()
    not_found: tuple[Held, ...] = ()  # no reference and no single match: left as they are
    year_group: int = 0
    classes: tuple[str, ...] = ()
    old_year_group: int = 0
    old_classes: tuple[str, ...] = field(default=())

    @property
    def changes(self) -> int:
        group = (self.year_group, self.classes) != (self.old_year_group, self.old_classes)
        return len(self.joiners) + len(self.leavers) + len(self.updates) + int(group)


def _name_key(first: str, initial: str, class_name: str) -> tuple[str, str, str]:
    return (first.casefold(), initial.casefold(), class_name.casefold())


def plan(
    *,
    held: Sequence[Held],
    records: Sequence[MisPupil],
    year_group: int,
    classes: Sequence[str],
) -> Plan:
    by_id = {r.external_id: r for r in records}
    by_name: dict[tuple[str, str, str], list[MisPupil]] = {}
    for r in records:
        by_name.setdefault(_name_key(r.first_name, r.last_initial, r.class_name), []).append(r)
    claimed = {h.reference for h in held if h.reference}
    leavers: list[Held] = []
    updates: list[Update] = []
    not_found: list[Held] = []
    matched: list[MisPupil] = []
    for h in held:
        if h.reference:
            record = by_id.get(h.reference)
            if record is None:
                leavers.append(h)
                continue
        else:
            candidates = [
                r
                for r in by_name.get(_name_key(h.first_name, h.last_initial, h.class_name), [])
                if r.external_id not in claimed
            ]
            if len(candidates) != 1:
                not_found.append(h)
                continue
            record = candidates[0]
            claimed.add(record.external_id)
        matched.append(record)
        if Update(h, record).what:
            updates.append(Update(h, record))
    new_year, new_classes = year_group, tuple(classes)
    if matched:
        common_year, _ = Counter(r.year_group for r in matched).most_common(1)[0]
        if common_year != year_group:
            new_year = common_year
            new_classes = tuple(sorted({r.class_name for r in matched if r.year_group == new_year}))
    wanted = {c.casefold() for c in new_classes}
    joiners = tuple(
        r
        for r in records
        if r.external_id not in claimed
        and r.year_group == new_year
        and (not wanted or r.class_name.casefold() in wanted)
    )
    return Plan(
        joiners=joiners,
        leavers=tuple(leavers),
        updates=tuple(updates),
        not_found=tuple(not_found),
        year_group=new_year,
        classes=new_classes,
        old_year_group=year_group,
        old_classes=tuple(classes),
    )


def fingerprint(plan: Plan) -> str:
    """A short digest of a plan: the page previews one, and applies only if the MIS still
    gives the same plan (so no pupil data is kept between the two requests)."""
    return hashlib.sha256(repr(plan).encode()).hexdigest()[:32]
