"""The exact model in OR-Tools CP-SAT, for a whole small campaign or one neighbourhood of a big one.

A neighbourhood is a set of whole venues (every class meeting at them is free to change); the
rest of the plan is fixed and enters only as what each volunteer has left: slots already taken
and sessions already used. Because every term of the objective belongs to one class or one
school, the neighbourhood's objective plus the fixed part's is the plan's objective.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .instance import Edges, Instance


@dataclass(frozen=True)
class CpResult:
    status: str  # OPTIMAL, FEASIBLE or UNKNOWN (no solution in time)
    value: int  # objective of the chosen edges (neighbourhood part only)
    bound: int  # CP-SAT's proven upper bound on that part
    chosen: np.ndarray  # bool per edge


def solve_cpsat(
    inst: Instance,
    edges: Edges,
    *,
    sessions_left: np.ndarray,
    blocked: np.ndarray,
    locked: np.ndarray,
    hint: np.ndarray | None,
    time_limit: float,
    workers: int = 2,
    seed: int = 0,
    upper: int | None = None,
) -> CpResult:
    """Optimise over `edges` (all feasible triples of some venues' classes).

    sessions_left: per volunteer; blocked: (V, S) bool, slots used elsewhere;
    locked / hint: bool per edge; upper: a known bound on the objective (lets CP-SAT stop as
    soon as it reaches it).
    """
    w = inst.problem.weights
    ok = ~blocked[edges.v, edges.s] | locked
    idx = np.flatnonzero(ok)
    e = edges.take(idx)
    lk = locked[idx]
    n = len(e)
    m = cp_model.CpModel()
    x = [m.new_bool_var(f"x{i}") for i in range(n)]
    for i in np.flatnonzero(lk):
        m.add(x[i] == 1)

    venue = inst.c_venue[e.c]
    rounds = np.where(e.online, 0, inst.rot_rounds[venue, e.s])
    by_vs: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_vc: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_cs: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_c: dict[int, list[int]] = defaultdict(list)
    by_h_sec: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_h_cs: dict[int, list[int]] = defaultdict(list)
    school = inst.c_school[e.c]
    for i in range(n):
        vi, ci, si = int(e.v[i]), int(e.c[i]), int(e.s[i])
        by_vs[(vi, si)].append(i)
        by_vc[(vi, ci)].append(i)
        by_cs[(ci, si)].append(i)
        by_c[ci].append(i)
        h = int(school[i])
        by_h_sec[(h, int(inst.v_sector[vi]))].append(i)
        if inst.v_cs[vi]:
            by_h_cs[h].append(i)

    sessions: dict[int, list] = defaultdict(list)
    hint_extra: list[tuple[cp_model.IntVar, int]] = []
    for (vi, si), items in by_vs.items():
        plain = [i for i in items if rounds[i] == 0]
        at_rot: dict[int, list[int]] = defaultdict(list)
        for i in items:
            if rounds[i]:
                at_rot[int(venue[i])].append(i)
        here = [x[i] for i in plain]
        for h, group in at_rot.items():
            y = m.new_bool_var(f"rot{vi}_{si}_{h}")
            k = int(inst.rot_rounds[h, si])
            m.add(sum(x[i] for i in group) <= k * y)
            m.add(y <= sum(x[i] for i in group))
            here.append(y)
            if hint is not None:
                hint_extra.append((y, int(any(hint[idx[i]] for i in group))))
        if len(here) > 1:
            m.add(sum(here) <= 1)
        sessions[vi].extend(here)
    for vi, items in sessions.items():
        if len(items) > sessions_left[vi]:
            m.add(sum(items) <= int(sessions_left[vi]))
    for items in by_vc.values():
        if len(items) > 1:
            m.add(sum(x[i] for i in items) <= 1)
    for (ci, si), items in by_cs.items():
        cap = int(max(1, inst.rot_rounds[inst.c_venue[ci], si]))
        if len(items) > cap:
            m.add(sum(x[i] for i in items) <= cap)

    terms: list = []
    coefs: list[int] = []
    for ci, items in by_c.items():
        k_max = min(inst.max_enc, len(items))
        t = [m.new_bool_var(f"t{ci}_{k}") for k in range(k_max)]
        m.add(sum(t) == sum(x[i] for i in items))
        for a, b in zip(t, t[1:], strict=False):
            m.add_implication(b, a)
        terms.extend(t)
        coefs.extend(int(inst.marginal[ci, k]) for k in range(k_max))
        if hint is not None:
            d = sum(int(hint[idx[i]]) for i in items)
            hint_extra.extend((t[k], int(k < d)) for k in range(k_max))
    for bonus, groups in ((w.sector_bonus, by_h_sec), (w.counter_stereotype_bonus, by_h_cs)):
        if not bonus:
            continue
        for key, items in groups.items():
            y = m.new_bool_var(f"b{key}")
            m.add(y <= sum(x[i] for i in items))
            terms.append(y)
            coefs.append(int(bonus))
            if hint is not None:
                hint_extra.append((y, int(any(hint[idx[i]] for i in items))))
    terms.extend(x)
    coefs.extend(-int(c) for c in e.cost)
    objective = cp_model.LinearExpr.weighted_sum(terms, coefs)
    if upper is not None:
        m.add(objective <= int(upper))
    m.maximize(objective)
    if hint is not None:
        for i in range(n):
            m.add_hint(x[i], int(hint[idx[i]]))
        for var, val in hint_extra:
            m.add_hint(var, val)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, float(time_limit))
    solver.parameters.num_workers = max(1, int(workers))
    solver.parameters.random_seed = int(seed)
    code = solver.solve(m)
    chosen = np.zeros(len(edges), dtype=bool)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if code == cp_model.INFEASIBLE:
            return CpResult("INFEASIBLE", 0, 0, chosen)
        return CpResult("UNKNOWN", 0, _floor(solver.best_objective_bound), chosen)
    chosen[idx] = np.array([solver.boolean_value(v) for v in x], dtype=bool)
    status = "OPTIMAL" if code == cp_model.OPTIMAL else "FEASIBLE"
    return CpResult(
        status, int(round(solver.objective_value)), _floor(solver.best_objective_bound), chosen
    )


def _floor(bound: float) -> int:
    # The objective is integral, so the integer below a fractional bound is still a bound.
    return int(math.floor(bound + 1e-6))
