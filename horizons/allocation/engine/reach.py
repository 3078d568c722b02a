"""A last pass for classes the plan leaves out: take them a volunteer from a class's second
encounter where that makes the plan better (pure, no Django).

The neighbourhood search re-solves one patch of the map at a time, so it cannot see a move
whose two ends lie in different patches: an online volunteer giving a class far away its
second encounter, while a class here has met nobody. Such a move usually pays (a first
encounter is worth 1,000 × the class's weight, a second 400 × the other's), and reaching
every class that can be reached is the allocation's first aim. Each move is valued exactly
(the whole objective before and after) and kept only if the plan improves; the rules stay
kept because a move only ever replaces one of the volunteer's sessions by another in the same
place in their timetable, and `check_plan` checks the result again.

Where no single move helps, a chain may: the one volunteer who can reach the class is at a
class met once, but another volunteer could take over there from a class met twice. The
chain search looks, breadth first, for such a path of volunteers moving one class along
(at most `MAX_CHAIN` of them, through at most `CHAIN_CLASSES` classes): every class on the
way keeps one encounter, the class left out gains its first, and the last volunteer comes
from a free session or from a class's second (or later) encounter. Each chain is valued
exactly like a single move. Rotation events are left alone (a volunteer there meets several
classes in one session). At region scale, seed 3, the search left 29 of 3,201 classes out,
none reachable by a single move that pays; chains reached one in the 1.6 s the pass has
(three with ten volunteers per chain and 47 s).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .instance import Edges, Instance
from .objective import breakdown_arrays

Rows = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
CANDIDATES = 8  # moves per class valued exactly, the most promising first
MAX_CHAIN = 4  # volunteers moved by one chain
CHAIN_CLASSES = 150  # classes a chain search may pass through, per class left out


@dataclass(frozen=True)
class Step:
    """Volunteer `volunteer` meets `klass` in `slot`, giving up plan row `row` (None: a free
    session)."""

    row: int | None
    volunteer: int
    klass: int
    slot: int
    online: bool


def reach_out(
    inst: Instance,
    in_person: Edges,
    rows: tuple[np.ndarray, ...],
    locked_keys: np.ndarray,
    deadline: float,
) -> tuple[Rows, int]:
    """Improve `rows` by giving unreached classes a volunteer; (plan, classes newly reached)."""
    v, c, s, o = (a.copy() for a in rows)
    degree = np.bincount(c, minlength=inst.C)
    value = breakdown_arrays(inst, v, c, o).total
    added = 0
    candidates = _Candidates(inst, in_person)
    for ci in np.flatnonzero(degree == 0).tolist():
        if time.perf_counter() > deadline:
            break
        cand = candidates(ci)
        moves = _moves(inst, v, c, s, o, degree, locked_keys, ci, cand)
        best = None
        for _estimate, j, vi, si, oi in moves[:CANDIDATES]:
            trial = _apply((v, c, s, o), j, vi, ci, si, oi)
            gain = breakdown_arrays(inst, trial[0], trial[1], trial[3]).total - value
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, trial)
        if best is None:
            chains = _chains(inst, (v, c, s, o), degree, locked_keys, ci, candidates, deadline)
            for chain in chains:
                trial = _apply_chain((v, c, s, o), chain)
                gain = breakdown_arrays(inst, trial[0], trial[1], trial[3]).total - value
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, trial)
        if best is not None:
            value += best[0]
            v, c, s, o = best[1]
            degree = np.bincount(c, minlength=inst.C)
            added += 1
    return (v, c, s, o), added


class _Candidates:
    """The pairs that could meet a class (in person, not at a rotation event, or online).

    Looked up class by class and kept: the pass asks about a few hundred classes at most,
    and a sorted copy of every in-person pair would cost a gigabyte nationally (30 million).
    """

    def __init__(self, inst: Instance, in_person: Edges):
        self.inst = inst
        self.in_person = in_person
        self.cache: dict[int, Edges] = {}

    def __call__(self, ci: int) -> Edges:
        if ci not in self.cache:
            inst = self.inst
            here = self.in_person.take(np.flatnonzero(self.in_person.c == ci))
            cand = Edges.concat([here, inst.online_edges(classes=np.array([ci]), dominance=False)])
            if not cand.online.all():
                at_rotation = inst.rot_rounds[inst.c_venue[ci], cand.s] > 0
                cand = cand.take(np.flatnonzero(cand.online | ~at_rotation))
            self.cache[ci] = cand
        return self.cache[ci]


def _chains(
    inst: Instance,
    rows: Rows,
    degree: np.ndarray,
    locked_keys: np.ndarray,
    ci: int,
    candidates: Callable[[int], Edges],
    deadline: float,
) -> list[tuple[Step, ...]]:
    """Chains of two or more volunteers that reach class `ci`, shortest first (at most
    CANDIDATES of them)."""
    v, c, s, _o = rows
    rows_of: dict[int, list[int]] = {}
    for j, vi in enumerate(v.tolist()):
        rows_of.setdefault(vi, []).append(j)
    movable = ~np.isin(inst.key(v, c, s), locked_keys)
    movable &= inst.rot_rounds[inst.c_venue[c], s] == 0  # never take anyone off an event
    found: list[tuple[Step, ...]] = []
    queue: deque[tuple[int, tuple[Step, ...]]] = deque([(ci, ())])
    seen = {ci}
    looked = 0
    while queue and looked < CHAIN_CLASSES and len(found) < CANDIDATES:
        if time.perf_counter() > deadline:
            break
        x, path = queue.popleft()
        looked += 1
        moved = {step.volunteer for step in path}
        cand = candidates(x)
        pairs = zip(cand.v.tolist(), cand.s.tolist(), cand.online.tolist(), strict=True)
        for vi, si, oi in pairs:
            if vi in moved:
                continue
            mine = rows_of.get(vi, [])
            in_slot = [j for j in mine if s[j] == si]
            if len(in_slot) > 1:
                continue
            if not in_slot and len({int(s[k]) for k in mine}) < inst.v_max[vi]:
                if path:  # a free session at the end of a chain (alone: a single move)
                    found.append((*path, Step(None, vi, x, si, oi)))
                continue
            for j in in_slot or mine:
                if not movable[j] or sum(1 for k in mine if s[k] == s[j]) != 1:
                    continue
                d = int(c[j])
                step = Step(j, vi, x, si, oi)
                if degree[d] >= 2:
                    if path:  # the chain ends at a class that keeps another encounter
                        found.append((*path, step))
                elif d not in seen and len(path) + 1 < MAX_CHAIN:
                    seen.add(d)  # class d, met once by vi, would need someone else
                    queue.append((d, (*path, step)))
            if len(found) >= CANDIDATES:
                break
    return found[:CANDIDATES]


def _apply_chain(rows: Rows, chain: tuple[Step, ...]) -> Rows:
    out = rows
    for step in chain:
        out = _apply(out, step.row, step.volunteer, step.klass, step.slot, step.online)
    return out


def _moves(
    inst: Instance,
    v: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    o: np.ndarray,
    degree: np.ndarray,
    locked_keys: np.ndarray,
    ci: int,
    cand: Edges,
) -> list[tuple[float, int | None, int, int, bool]]:
    """(estimated gain, row to give up or None, volunteer, slot, online), best first."""
    out: list[tuple[float, int | None, int, int, bool]] = []
    first = float(inst.marginal[ci, 0])
    rows_of: dict[int, list[int]] = {}
    for j in np.flatnonzero(np.isin(v, np.unique(cand.v))).tolist():
        rows_of.setdefault(int(v[j]), []).append(j)
    locked_row = np.isin(inst.key(v, c, s), locked_keys)
    for vi, si, oi, cost in zip(
        cand.v.tolist(), cand.s.tolist(), cand.online.tolist(), cand.cost.tolist(), strict=True
    ):
        mine = rows_of.get(vi, [])
        in_slot = [j for j in mine if s[j] == si]
        gain = first - cost
        sessions = len({int(s[k]) for k in mine})
        if not in_slot and sessions < inst.v_max[vi]:
            out.append((gain, None, vi, si, oi))  # a free session: simply add
            continue
        # Give up one session (same slot if busy then, else any) of a class met twice or more.
        options = in_slot if in_slot else mine
        if len(in_slot) > 1:
            continue  # at a rotation event with several classes: leave it be
        for j in options:
            d = int(c[j])
            alone = sum(1 for k in mine if s[k] == s[j]) == 1
            if degree[d] < 2 or not alone or locked_row[j]:
                continue
            loss = float(inst.marginal[d, min(degree[d], inst.max_enc) - 1])
            out.append((gain - loss, j, vi, si, oi))
    out.sort(key=lambda m: -m[0])
    return [m for m in out if m[0] > 0]


def _apply(rows: Rows, j: int | None, vi: int, ci: int, si: int, oi: bool) -> Rows:
    v, c, s, o = (a.copy() for a in rows)
    if j is None:
        return (
            np.append(v, vi),
            np.append(c, ci),
            np.append(s, si),
            np.append(o, oi),
        )
    v[j], c[j], s[j], o[j] = vi, ci, si, oi
    return v, c, s, o
