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
"""

from __future__ import annotations

import time

import numpy as np

from .instance import Edges, Instance
from .objective import breakdown_arrays

Rows = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
CANDIDATES = 8  # moves per class valued exactly, the most promising first


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
    for ci in np.flatnonzero(degree == 0).tolist():
        if time.perf_counter() > deadline:
            break
        cand = Edges.concat(
            [
                in_person.take(np.flatnonzero(in_person.c == ci)),
                inst.online_edges(classes=np.array([ci]), dominance=False),
            ]
        )
        if not cand.online.all():
            at_rotation = inst.rot_rounds[inst.c_venue[ci], cand.s] > 0
            cand = cand.take(np.flatnonzero(cand.online | ~at_rotation))
        moves = _moves(inst, v, c, s, o, degree, locked_keys, ci, cand)
        best = None
        for _estimate, j, vi, si, oi in moves[:CANDIDATES]:
            trial = _apply((v, c, s, o), j, vi, ci, si, oi)
            gain = breakdown_arrays(inst, trial[0], trial[1], trial[3]).total - value
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, trial)
        if best is not None:
            value += best[0]
            v, c, s, o = best[1]
            degree = np.bincount(c, minlength=inst.C)
            added += 1
    return (v, c, s, o), added


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
