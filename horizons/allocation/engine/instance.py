"""A `Problem` as numpy arrays, and its feasible (volunteer, class, slot) triples ("edges").

Every hard rule that concerns one pairing alone — both free in the slot, the year group served,
in reach in person or online, not forbidden — is applied here, once, vectorised. The solvers
then only choose among edges; the rules that concern several pairings (one class per slot,
`max_sessions`, …) are theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .geo import pairs_within
from .problem import Problem
from .wish import MAX_WISHES_PER_PAIR

_CHUNK = 2_000_000  # pairs expanded to slots at a time, to bound memory


@dataclass(frozen=True)
class Edges:
    """Parallel arrays, one entry per feasible triple."""

    v: np.ndarray  # volunteer index
    c: np.ndarray  # class index
    s: np.ndarray  # slot index
    km: np.ndarray  # distance to the venue (0 online)
    online: np.ndarray  # bool
    cost: np.ndarray  # int64 points lost: travel or online penalty, less wishes met

    def __len__(self) -> int:
        return len(self.v)

    def take(self, idx: np.ndarray) -> Edges:
        return Edges(*(a[idx] for a in (self.v, self.c, self.s, self.km, self.online, self.cost)))

    @staticmethod
    def concat(parts: list[Edges]) -> Edges:
        if not parts:
            return Edges.empty()
        return Edges(
            *(np.concatenate(arrs) for arrs in zip(*(_fields(p) for p in parts), strict=True))
        )

    @staticmethod
    def empty() -> Edges:
        i = np.zeros(0, dtype=np.int64)
        return Edges(i, i, i, np.zeros(0), np.zeros(0, dtype=bool), i)


def _fields(e: Edges) -> tuple[np.ndarray, ...]:
    return (e.v, e.c, e.s, e.km, e.online, e.cost)


class Instance:
    """Index numbers and arrays for one problem."""

    def __init__(self, problem: Problem):
        self.problem = p = problem
        w = p.weights
        self.slot_ix = {s: i for i, s in enumerate(p.slots)}
        self.S = S = len(p.slots)
        self.school_ix = {s.id: i for i, s in enumerate(p.schools)}
        self.H = H = len(p.schools)
        classes = p.classes
        self.class_ix = {c.id: i for i, c in enumerate(classes)}
        self.C = C = len(classes)
        self.vol_ix = {v.id: i for i, v in enumerate(p.volunteers)}
        self.V = V = len(p.volunteers)

        self.h_lat = np.array([s.lat for s in p.schools], dtype=float)
        self.h_lon = np.array([s.lon for s in p.schools], dtype=float)
        self.h_fsm = np.array([s.fsm for s in p.schools], dtype=float)
        self.h_online = np.array([s.online for s in p.schools], dtype=bool)
        self.h_venue = np.array(
            [self.school_ix[s.host] if s.host else i for i, s in enumerate(p.schools)],
            dtype=np.int64,
        )

        self.c_school = np.array(
            [self.school_ix[p.school_of[c.id].id] for c in classes], dtype=np.int64
        )
        self.c_year = np.array([c.year for c in classes], dtype=np.int64)
        self.c_prior = np.array([c.prior_encounters for c in classes], dtype=np.int64)
        self.c_pupils = np.array([c.pupils for c in classes], dtype=np.int64)
        self.c_avail = np.zeros((C, S), dtype=bool)
        for i, c in enumerate(classes):
            self.c_avail[i, [self.slot_ix[s] for s in c.slots]] = True
        self.c_venue = self.h_venue[self.c_school] if C else np.zeros(0, dtype=np.int64)

        vols = p.volunteers
        self.v_lat = np.array([v.lat for v in vols], dtype=float)
        self.v_lon = np.array([v.lon for v in vols], dtype=float)
        self.v_radius = np.array([v.radius_km for v in vols], dtype=float)
        self.v_online = np.array([v.online for v in vols], dtype=bool)
        self.v_in_person = np.array([v.in_person for v in vols], dtype=bool)
        self.v_max = np.array([v.max_sessions for v in vols], dtype=np.int64)
        self.v_cs = np.array([v.counter_stereotype for v in vols], dtype=bool)
        sectors = sorted({v.sector for v in vols})
        self.sectors = sectors
        sector_ix = {s: i for i, s in enumerate(sectors)}
        self.v_sector = np.array([sector_ix[v.sector] for v in vols], dtype=np.int64)
        self.v_years = np.zeros((V, 7), dtype=bool)  # column y: serves year y
        self.v_avail = np.zeros((V, S), dtype=bool)
        for i, v in enumerate(vols):
            self.v_years[i, list(v.years)] = True
            self.v_avail[i, [self.slot_ix[s] for s in v.slots]] = True

        # Rotation rounds by (venue school, slot); 0 where there is no rotation event.
        self.rot_rounds = np.zeros((H, S), dtype=np.int64)
        for r in p.rotations:
            self.rot_rounds[self.school_ix[r.host], self.slot_ix[r.slot]] = r.rounds

        # Objective data (see objective.py for the reasoning behind the shape).
        self.max_enc = p.max_encounters_per_class
        base = np.array([w.encounter_value(k) for k in range(self.max_enc)], dtype=float)
        fsm_c = self.h_fsm[self.c_school] if C else np.zeros(0)
        self.c_weight = (1 + w.fsm_weight * fsm_c) * (1 + w.prior_weight / (1 + self.c_prior))
        self.marginal = np.rint(self.c_weight[:, None] * base[None, :]).astype(np.int64)

        self._forbidden_keys = np.array(
            sorted(
                self.key(self.vol_ix[t.volunteer], self.class_ix[t.class_], self.slot_ix[t.slot])
                for t in p.forbidden
            ),
            dtype=np.int64,
        )

    @cached_property
    def has_wishes(self) -> bool:
        return any(s.wishes for s in self.problem.schools)

    @cached_property
    def wish_count(self) -> np.ndarray:
        """(class, sector, counter-stereotype) → wishes such a pairing meets (wishes.py)."""
        return _wish_table(self)

    def wish_gain(self, v: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Points a pairing earns for its school's wishes; edge costs subtract it."""
        return _pair_gain(self, v, c)

    def key(self, v: np.ndarray | int, c: np.ndarray | int, s: np.ndarray | int) -> np.ndarray:
        """One int64 per triple, for set operations on edges."""
        return (np.asarray(v, dtype=np.int64) * self.C + c) * self.S + s

    def class_cap(self, c: np.ndarray, s: np.ndarray) -> np.ndarray:
        """Volunteers a class may meet in a slot: the rounds of a rotation at its venue, else 1."""
        return np.maximum(1, self.rot_rounds[self.c_venue[c], s])

    def edge_cost_km(self, km: np.ndarray) -> np.ndarray:
        return np.rint(km * self.problem.weights.km_penalty).astype(np.int64)

    def _drop_forbidden(self, e: Edges) -> Edges:
        if len(self._forbidden_keys) == 0 or len(e) == 0:
            return e
        return e.take(np.flatnonzero(~np.isin(self.key(e.v, e.c, e.s), self._forbidden_keys)))

    @cached_property
    def in_person_edges(self) -> Edges:
        """Every feasible in-person triple: the venue within the volunteer's radius."""
        if self.C == 0 or self.V == 0 or self.S == 0:
            return Edges.empty()
        venues = np.unique(self.c_venue)
        able = np.flatnonzero(self.v_in_person & self.v_avail.any(axis=1) & (self.v_max > 0))
        vi, si, km = pairs_within(
            self.h_lat[venues], self.h_lon[venues], self.v_lat[able], self.v_lon[able],
            self.v_radius[able],
        )  # fmt: skip
        vi, site = able[vi], venues[si]
        # Classes grouped by venue (CSR) so a (volunteer, venue) pair expands to its classes.
        order = np.argsort(self.c_venue, kind="stable")
        starts = np.searchsorted(self.c_venue[order], np.arange(self.H + 1))
        counts = starts[site + 1] - starts[site]
        pv = np.repeat(vi, counts)
        pkm = np.repeat(km, counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        pc = order[np.repeat(starts[site], counts) + offsets]
        keep = self.v_years[pv, self.c_year[pc]]
        pv, pc, pkm = pv[keep], pc[keep], pkm[keep]
        parts = []
        for a in range(0, len(pv), _CHUNK):
            v, c, d = pv[a : a + _CHUNK], pc[a : a + _CHUNK], pkm[a : a + _CHUNK]
            row, s = np.nonzero(self.v_avail[v] & self.c_avail[c])
            parts.append(
                Edges(
                    v[row],
                    c[row],
                    s.astype(np.int64),
                    d[row],
                    np.zeros(len(row), dtype=bool),
                    self.edge_cost_km(d[row]) - self.wish_gain(v[row], c[row]),
                )  # fmt: skip
            )
        return self._drop_forbidden(Edges.concat(parts))

    @property
    def reach_shape(self) -> tuple[int, int]:
        """Shape of a (school, sector) table such as the bonus prices."""
        return (self.H, max(1, len(self.sectors)))

    @cached_property
    def online_volunteers(self) -> np.ndarray:
        return np.flatnonzero(self.v_online & self.v_avail.any(axis=1) & (self.v_max > 0))

    def count_online_edges(self) -> int:
        """How many online triples there are, without listing them (they can be many)."""
        ov = self.online_volunteers
        if len(ov) == 0 or self.C == 0:
            return 0
        ok_c = self.h_online[self.c_school]
        total = 0
        for y in range(1, 7):
            cy = self.c_avail[ok_c & (self.c_year == y)].sum(axis=0)  # classes free per slot
            vy = self.v_avail[ov[self.v_years[ov, y]]].sum(axis=0)
            total += int((cy * vy).sum())
        return total

    def online_edges(
        self,
        classes: np.ndarray | None = None,
        volunteers: np.ndarray | None = None,
        dominance: bool = True,
    ) -> Edges:
        """Online triples, optionally only for some classes or volunteers.

        Online is offered where it adds something: a volunteer who could come in person is not
        also offered online to the same class, and a class at a rotation event in that slot is
        there in person.
        """
        ov = self.online_volunteers if volunteers is None else volunteers
        ov = ov[self.v_online[ov]]
        cs = np.arange(self.C) if classes is None else np.asarray(classes, dtype=np.int64)
        cs = cs[self.h_online[self.c_school[cs]]]
        if len(ov) == 0 or len(cs) == 0:
            return Edges.empty()
        parts = []
        step = max(1, _CHUNK // max(1, len(cs)))
        for a in range(0, len(ov), step):
            vb = ov[a : a + step]
            v = np.repeat(vb, len(cs))
            c = np.tile(cs, len(vb))
            keep = self.v_years[v, self.c_year[c]]
            v, c = v[keep], c[keep]
            row, s = np.nonzero(self.v_avail[v] & self.c_avail[c])
            v, c, s = v[row], c[row], s.astype(np.int64)
            keep = self.rot_rounds[self.c_venue[c], s] == 0
            v, c, s = v[keep], c[keep], s[keep]
            n = len(v)
            parts.append(
                Edges(
                    v,
                    c,
                    s,
                    np.zeros(n),
                    np.ones(n, dtype=bool),
                    np.full(n, self.problem.weights.online_penalty, dtype=np.int64)
                    - self.wish_gain(v, c),
                )  # fmt: skip
            )
        e = Edges.concat(parts)
        ip = self.in_person_edges
        if dominance and len(ip) and len(e):
            # Offering online where the same pairing works in person for less is pointless.
            # (a wish earns the same online or in person: compare travel with the penalty)
            travel = ip.cost + self.wish_gain(ip.v, ip.c) if self.has_wishes else ip.cost
            cheap = travel <= self.problem.weights.online_penalty
            dominated = self.key(ip.v[cheap], ip.c[cheap], ip.s[cheap])
            e = e.take(np.flatnonzero(~np.isin(self.key(e.v, e.c, e.s), dominated)))
        return self._drop_forbidden(e)


def _wish_table(inst: Instance) -> np.ndarray:
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


def _pair_gain(inst: Instance, v: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Points each (volunteer, class) pairing earns for the wishes it meets (int64)."""
    v = np.asarray(v, dtype=np.int64)
    c = np.asarray(c, dtype=np.int64)
    bonus = inst.problem.weights.wish_bonus
    if not inst.has_wishes or bonus == 0 or len(v) == 0:
        return np.zeros(len(v), dtype=np.int64)
    table = inst.wish_count
    return bonus * table[c, inst.v_sector[v], inst.v_cs[v].astype(np.int64)]
