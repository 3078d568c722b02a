"""`solve(problem) -> Plan`: the allocation engine's entry point.

1. Feasible triples are listed once (instance.py); locked triples are checked, alone and
   together, and a broken lock is a `LockError` saying why.
2. A min-cost-flow relaxation (flow.py, OR-Tools), with Lagrange prices on the rotation rule
   and the school bonuses, gives a proven upper bound at any scale and a first plan that is
   already feasible (topped up greedily by `fill`).
3. The exact model is a mixed-integer programme (lp.py) solved by HiGHS: over every pair when
   the campaign is small enough, when it is not, neighbourhood by neighbourhood
   (large-neighbourhood search over geographic clusters of venues), keeping the rest fixed.
   Mid-sized campaigns also get the LP relaxation with column generation, a tighter bound.
   On two cores the flow's price steps carry on in a forked child beside the search
   (beside.py), each bound it proves reported as it comes; a campaign solved whole is
   raced between two HiGHS strategies, one per core, the first proof winning (race.py).
4. The plan is checked against every hard rule before it is returned.

The bound is the smallest of the bounds proven on the way (flow, LP, and the MIP's own when it
saw every pair); docs/allocation.md explains why each is a bound.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable

import numpy as np

from .beside import BoundBeside, can_run_beside
from .check import check_plan, pair_violations
from .flow import Prices, fill, flow_bound, initial_prices, repair
from .geo import haversine_km_np, unit_vectors
from .idle import idle_cores, read_cpu_times
from .instance import Edges, Instance
from .lp import solve_lp, solve_mip
from .objective import as_arrays, breakdown_arrays
from .problem import Assignment, LockError, Plan, Problem
from .race import race_mip
from .reach import reach_out
from .rounds import colour_rounds

DIRECT_LIMIT = 40_000  # pairs up to which the MIP sees the whole campaign at once
LP_LIMIT = 250_000  # pairs up to which the LP relaxation is solved for a tighter bound
NEIGHBOURHOOD_CLASSES = 40  # classes per neighbourhood in the large-scale search
PRUNE_PER_VOLUNTEER_SLOT = 16  # candidate classes kept per (volunteer, slot) in a neighbourhood
FLOW_SHARE = 0.2  # of the time limit for the first round of Lagrangian flow bounds
BESIDE_FIRST_SHARE = 0.05  # the same when later rounds run beside the search (two cores)
FLOW_AGAIN_SHARE = 0.15  # kept at the end, at scale, to tighten the bound against the plan
SLOW_FLOW = 0.04  # a flow solve taking more than this share of the time limit is "slow"
SLOW_FLOW_SHARE = 0.85  # of the time limit the flow bound may use when its solves are slow
ONLINE_SAMPLE = 60  # online volunteers offered to a neighbourhood besides those already in it
REACH_SHARE, REACH_SECONDS = 0.03, 5.0  # kept from the search for classes left out (reach.py)
HOOD_SECONDS = 2.0  # most time one neighbourhood's exact solve may take


def empty_reasons(problem: Problem) -> list[str]:
    """Why a campaign has nothing to allocate, or [] if it has something."""
    out = []
    if not problem.slots:
        out.append("The campaign has no slots: add the days and half-days it runs.")
    if not problem.schools:
        out.append("No schools have signed up to the campaign.")
    elif not problem.classes:
        out.append("The schools have not entered any classes.")
    if not problem.volunteers:
        out.append("No volunteers have signed up to the campaign.")
    return out


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    direct_limit: int = DIRECT_LIMIT,
    neighbourhood_classes: int = NEIGHBOURHOOD_CLASSES,
    lp_limit: int = LP_LIMIT,
    beside: bool | None = None,
    cores: int | None = None,
) -> Plan:
    """Allocate volunteers to classes; see docs/allocation.md for the objective and rules.

    `beside`: tighten the bound in a second process while the search runs (beside.py); by
    default whenever there is a search and the machine has two cores.
    `cores`: how many cores a whole-campaign solve may use (default: the machine's); with
    two or more it races two HiGHS strategies in forked children (race.py). By default the
    race runs only if a core stood idle while the model was prepared (idle.py); a caller that
    names `cores` decides for itself.
    """
    started = time.perf_counter()
    cpu_at_start = read_cpu_times() if cores is None else None
    reasons = empty_reasons(problem)
    if reasons:
        return Plan("EMPTY", (), 0, 0, tuple(reasons), {"seconds": 0.0})

    inst = Instance(problem)
    locked = _check_locks(problem, inst)
    ip = inst.in_person_edges
    n_online = inst.count_online_edges()
    stats: dict[str, object] = {"in_person_pairs": len(ip), "online_pairs": n_online}

    prices = initial_prices(inst)
    searching = len(ip) + n_online > direct_limit
    beside = searching and (can_run_beside() if beside is None else beside)
    first = BESIDE_FIRST_SHARE if beside else FLOW_SHARE
    bound, flow, runs = flow_bound(inst, ip, locked, started + first * time_limit, prices=prices)
    stats["flow_arcs"] = flow.arcs
    stats["flow_runs"] = runs
    stats["flow_seconds"] = round(time.perf_counter() - started, 3)
    stats["flow_bound"] = bound
    rows: tuple[np.ndarray, ...] = fill(inst, ip, flow.v, flow.c, flow.s, flow.online)
    flow_plan = _value(inst, rows)
    stats["flow_plan"] = flow_plan
    per_run = (time.perf_counter() - started) / max(1, runs)
    slow_flow = searching and per_run > SLOW_FLOW * time_limit
    if slow_flow and not beside:
        # At national scale one flow solve takes minutes, and the first (capacity-relaxed)
        # bound is far above the plan while each priced solve tightens it by points, far more
        # than the neighbourhood search adds: give the subgradient steps most of the time.
        more, flow2, runs2 = flow_bound(
            inst, ip, locked, started + SLOW_FLOW_SHARE * time_limit, prices=prices,
            target=flow_plan,
        )  # fmt: skip
        bound = min(bound, more)
        runs += runs2
        stats["flow_runs"] = runs
        stats["flow_seconds"] = round(time.perf_counter() - started, 3)
        stats["flow_bound"] = bound
        if _value(inst, (flow2.v, flow2.c, flow2.s, flow2.online)) > _value(
            inst, (flow.v, flow.c, flow.s, flow.online)
        ):
            rows2 = fill(inst, ip, flow2.v, flow2.c, flow2.s, flow2.online)
            if _value(inst, rows2) > _value(inst, rows):
                rows = rows2
    if len(ip) + n_online == 0 and not problem.locked:
        return Plan(
            "EMPTY",
            (),
            0,
            0,
            ("No volunteer can meet any class: nobody is in reach, serves the year groups "
             "or is free at the same time. See the reasons per class.",),
            {**stats, "seconds": round(time.perf_counter() - started, 3)},
        )  # fmt: skip

    n_pairs = len(ip) + n_online
    if n_pairs <= direct_limit:
        pool = Edges.concat([ip, inst.online_edges()])
        idle = idle_cores(cpu_at_start, read_cpu_times(), os.cpu_count() or 1)
        if idle is not None:
            stats["idle_cores"] = idle
        rows, mip_bound, strategy = _solve_whole(
            inst, pool, locked, rows, time_limit, started, cores, idle
        )
        stats["mip_strategy"] = strategy
        bound = min(bound, mip_bound)  # the MIP saw every pair: its bound is a bound too
        stats["method"] = "mip (whole campaign)"
    else:
        background = BoundBeside(inst, ip, locked, prices, _value(inst, rows)) if beside else None
        try:
            rows, bound, sweeps = _search(
                inst, ip, locked, rows, bound, time_limit, started, seed,
                neighbourhood_classes, lp_limit, n_pairs, per_run, prices, background, stats,
            )  # fmt: skip
        finally:
            if background is not None:
                proven = background.stop()
                if proven is not None:
                    bound = min(bound, proven)
                stats["flow_runs"] = runs + background.solves
                stats["flow_beside"] = background.solves
        stats["search_plan"] = _value(inst, rows)
        stats["method"] = "flow + mip neighbourhood search"
        stats["sweeps"] = sweeps
    v, c, s, o = rows
    objective = breakdown_arrays(inst, v, c, o).total
    bound = max(bound, objective)  # never below a plan we hold (guards rounding in CP-SAT)
    assignments = _to_assignments(problem, inst, rows)
    plan = Plan(
        "OPTIMAL" if objective == bound else "FEASIBLE",
        assignments,
        objective,
        bound,
        (),
        {**stats, "seconds": round(time.perf_counter() - started, 3)},
    )
    violations = check_plan(problem, plan)
    if violations:  # a bug, never a plan: refuse loudly rather than publish it
        raise RuntimeError("solver produced an invalid plan: " + "; ".join(violations[:10]))
    return plan


def _search(
    inst: Instance,
    ip: Edges,
    locked: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    rows: tuple[np.ndarray, ...],
    bound: int,
    time_limit: float,
    started: float,
    seed: int,
    neighbourhood_classes: int,
    lp_limit: int,
    n_pairs: int,
    per_run: float,
    prices: Prices,
    background: BoundBeside | None,
    stats: dict[str, object],
) -> tuple[tuple[np.ndarray, ...], int, int]:
    """Improve the plan (LP rounding when mid-sized, then neighbourhood search) to the limit.

    Without a bound running beside it, the last 15% of the time goes back to the flow's
    subgradient steps, aimed at the plan found. Returns (plan, bound, sweeps).
    """
    if n_pairs <= lp_limit:
        lp_started = time.perf_counter()
        lp = solve_lp(inst, ip, _keys(inst, locked), time_limit=0.3 * time_limit)
        stats["lp_seconds"] = round(time.perf_counter() - lp_started, 3)
        stats["lp_rounds"] = lp.rounds
        bound = min(bound, lp.bound)
        chosen = lp.columns.take(np.flatnonzero(lp.x > 0.5))
        lv, lc, ls, lo = _prepend(locked, (chosen.v, chosen.c, chosen.s, chosen.online))
        rounded = fill(inst, ip, *repair(inst, lv, lc, ls, lo, n_locked=len(locked[0])))
        if _value(inst, rounded) > _value(inst, rows):
            rows = rounded
    again = FLOW_AGAIN_SHARE * time_limit
    if background is not None or again <= 3 * per_run:
        again = 0
    reserve = min(REACH_SHARE * time_limit, REACH_SECONDS)
    rows, sweeps = _neighbourhood_search(
        inst, ip, locked, rows, bound, started + time_limit - again - reserve, seed,
        neighbourhood_classes, progress=None if background is None else background.aim,
    )  # fmt: skip
    rows, reached = reach_out(
        inst, ip, rows, _keys(inst, locked), started + time_limit - again
    )  # fmt: skip
    stats["reach_moves"] = reached
    if again and _value(inst, rows) < bound:
        # More subgradient steps, now aiming at the plan the search found.
        more, _, runs = flow_bound(
            inst, ip, locked, started + time_limit - 1.2 * per_run, prices=prices,
            target=_value(inst, rows),
        )  # fmt: skip
        bound = min(bound, more)
        stats["flow_runs"] = int(stats["flow_runs"]) + runs  # type: ignore[call-overload]
    return rows, bound, sweeps


def _check_locks(
    problem: Problem, inst: Instance
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Index arrays of the locked triples, or LockError with every reason they cannot hold."""
    errors: list[str] = []
    items: list[Assignment] = []
    for i, t in enumerate(problem.locked):
        where = f"locked[{i}] ({t.volunteer}, {t.class_}, {t.slot})"
        trial = Assignment(t.volunteer, t.class_, t.slot, "in_person")
        bad = pair_violations(problem, trial, where)
        if bad and problem.volunteer_by_id[t.volunteer].online:
            online = Assignment(t.volunteer, t.class_, t.slot, "online")
            bad_online = pair_violations(problem, online, where)
            if not bad_online:
                trial, bad = online, []
            else:
                bad = sorted(set(bad) | set(bad_online))
        errors.extend(bad)
        items.append(trial)
    if not errors:
        together = check_plan(problem, Plan("FEASIBLE", _with_rounds(problem, items), 0, 0))
        errors.extend(f"locked pairings together: {m}" for m in together)
    if errors:
        raise LockError(errors)
    return as_arrays(inst, items)


def _with_rounds(problem: Problem, items: list[Assignment]) -> tuple[Assignment, ...]:
    """Number the rounds of every rotation event in a list of assignments."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, a in enumerate(items):
        venue = problem.venue_of(problem.school_of[a.class_]).id
        if a.mode == "in_person" and (venue, a.slot) in problem.rotation_at:
            groups[(venue, a.slot)].append(i)
    out = [Assignment(a.volunteer, a.class_, a.slot, a.mode, a.km) for a in items]
    for key, idx in groups.items():
        rounds = problem.rotation_at[key].rounds
        pairs = [(items[i].volunteer, items[i].class_) for i in idx]
        try:
            numbers = colour_rounds(pairs, rounds)
        except ValueError:
            continue  # too many meetings: check_plan names the culprit
        for i, r in zip(idx, numbers, strict=True):
            a = out[i]
            out[i] = Assignment(a.volunteer, a.class_, a.slot, a.mode, a.km, r)
    return tuple(out)


def _to_assignments(
    problem: Problem, inst: Instance, rows: tuple[np.ndarray, ...]
) -> tuple[Assignment, ...]:
    v, c, s, o = rows
    order = np.lexsort((v, c, s))
    venue = inst.c_venue[c]
    km = haversine_km_np(inst.v_lat[v], inst.v_lon[v], inst.h_lat[venue], inst.h_lon[venue])
    vols, classes = problem.volunteers, problem.classes
    items = [
        Assignment(
            vols[v[i]].id,
            classes[c[i]].id,
            problem.slots[s[i]],
            "online" if o[i] else "in_person",
            0.0 if o[i] else float(km[i]),
        )
        for i in order
    ]
    return _with_rounds(problem, items)


def _edge_mask_for(inst: Instance, edges: Edges, rows: tuple[np.ndarray, ...]) -> np.ndarray:
    """Bool per edge: is this (volunteer, class, slot, mode) in rows?"""
    if len(edges) == 0 or len(rows[0]) == 0:
        return np.zeros(len(edges), dtype=bool)
    ekey = inst.key(edges.v, edges.c, edges.s) * 2 + edges.online
    rkey = inst.key(rows[0], rows[1], rows[2]) * 2 + rows[3]
    return np.isin(ekey, rkey)


def _ensure(inst: Instance, edges: Edges, rows: tuple[np.ndarray, ...]) -> Edges:
    """Add edges for rows that are missing (e.g. pruned), so a hint or lock can be kept."""
    have = _edge_mask_for(inst, edges, rows)
    ekey = inst.key(edges.v, edges.c, edges.s) * 2 + edges.online
    rkey = inst.key(rows[0], rows[1], rows[2]) * 2 + rows[3]
    missing = np.flatnonzero(~np.isin(rkey, ekey[have]))
    if len(missing) == 0:
        return edges
    v, c, s, o = (a[missing] for a in rows)
    venue = inst.c_venue[c]
    km = np.where(
        o, 0.0, haversine_km_np(inst.v_lat[v], inst.v_lon[v], inst.h_lat[venue], inst.h_lon[venue])
    )
    cost = np.where(o, inst.problem.weights.online_penalty, inst.edge_cost_km(km))
    cost = cost - inst.wish_gain(v, c)  # (wishes: a school's wish met earns points)
    return Edges.concat([edges, Edges(v, c, s, km, o.astype(bool), cost.astype(np.int64))])


def _keys(inst: Instance, rows: tuple[np.ndarray, ...]) -> np.ndarray:
    return np.unique(inst.key(rows[0], rows[1], rows[2]))


def _value(inst: Instance, rows: tuple[np.ndarray, ...]) -> int:
    return breakdown_arrays(inst, rows[0], rows[1], rows[3]).total


def _prepend(first: tuple[np.ndarray, ...], then: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    return tuple(np.concatenate([a, b]) for a, b in zip(first, then, strict=True))


def _solve_whole(
    inst: Instance,
    pool: Edges,
    locked: tuple[np.ndarray, ...],
    start: tuple[np.ndarray, ...],
    time_limit: float,
    started: float,
    cores: int | None,
    idle: float | None,
) -> tuple[tuple[np.ndarray, ...], int, str]:
    edges = _ensure(inst, _ensure(inst, pool, start), locked)
    remaining = max(0.5, time_limit - (time.perf_counter() - started))
    race = race_mip(inst, edges, _keys(inst, locked), time_limit=remaining, cores=cores, idle=idle)
    res = race.result
    if res.found and res.value >= _value(inst, start):
        ch = edges.take(np.flatnonzero(res.chosen))
        return (ch.v, ch.c, ch.s, ch.online), res.bound, race.strategy
    return start, res.bound, race.strategy


def _partition(points: np.ndarray, weight: np.ndarray, limit: int) -> np.ndarray:
    """Label points by recursive coordinate bisection into groups of total weight ≤ limit."""
    labels = np.zeros(len(points), dtype=np.int64)
    stack = [np.arange(len(points))]
    nxt = 0
    while stack:
        idx = stack.pop()
        if weight[idx].sum() <= limit or len(idx) <= 1:
            labels[idx] = nxt
            nxt += 1
            continue
        axis = int(np.argmax(np.ptp(points[idx], axis=0)))
        order = idx[np.argsort(points[idx, axis], kind="stable")]
        cum = np.cumsum(weight[order])
        cut = int(np.clip(np.searchsorted(cum, cum[-1] / 2), 1, len(order) - 1))
        stack.extend([order[:cut], order[cut:]])
    return labels


def _neighbourhood_search(
    inst: Instance,
    ip: Edges,
    locked: tuple[np.ndarray, ...],
    rows: tuple[np.ndarray, ...],
    bound: int,
    deadline: float,
    seed: int,
    size: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[tuple[np.ndarray, ...], int]:
    """Improve the plan venue-cluster by venue-cluster with exact MIP solves.

    `progress` hears the plan's value after every sweep.
    """
    rng = np.random.default_rng(seed)
    venues = np.unique(inst.c_venue)
    class_count = np.bincount(inst.c_venue, minlength=inst.H)[venues]
    pts = unit_vectors(inst.h_lat[venues], inst.h_lon[venues])
    sweeps = 0
    while time.perf_counter() < deadline - 0.5 and _value(inst, rows) < bound:
        # Each sweep rotates the cutting directions so that cluster borders move.
        turn = _random_rotation(rng) if sweeps else np.eye(3)
        label_of_venue = np.full(inst.H, -1, dtype=np.int64)
        label_of_venue[venues] = _partition(pts @ turn, class_count, size)
        hood_of_class = label_of_venue[inst.c_venue]
        n_hoods = int(hood_of_class.max()) + 1
        by_hood_edges = np.argsort(hood_of_class[ip.c], kind="stable")
        starts = np.searchsorted(hood_of_class[ip.c][by_hood_edges], np.arange(n_hoods + 1))
        hoods = rng.permutation(n_hoods)
        for k, h in enumerate(hoods):
            now = time.perf_counter()
            if now >= deadline - 0.2:
                break
            share = (deadline - now) / (len(hoods) - k)
            rows = _improve_hood(
                inst,
                ip.take(by_hood_edges[starts[h] : starts[h + 1]]),
                np.flatnonzero(hood_of_class == h),
                hood_of_class,
                h,
                locked,
                rows,
                min(share, HOOD_SECONDS),
                rng,
            )
        sweeps += 1
        # A cheap top-up where the cluster borders left room.
        rows = fill(inst, ip, rows[0], rows[1], rows[2], rows[3])
        if progress is not None:
            progress(_value(inst, rows))
    return rows, sweeps


def _random_rotation(rng: np.random.Generator) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(3, 3)))
    return q * np.sign(np.diag(r))


def _improve_hood(
    inst: Instance,
    hood_ip: Edges,
    hood_classes: np.ndarray,
    hood_of_class: np.ndarray,
    h: int,
    locked: tuple[np.ndarray, ...],
    rows: tuple[np.ndarray, ...],
    time_limit: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, ...]:
    v, c, s, o = rows
    inside = hood_of_class[c] == h
    out_v, out_s = v[~inside], s[~inside]
    blocked = np.zeros((inst.V, inst.S), dtype=bool)
    blocked[out_v, out_s] = True
    sessions_left = inst.v_max - blocked.sum(axis=1)
    current = tuple(a[inside] for a in rows)

    # Volunteers who can still give time; prune each (volunteer, slot) to its best classes.
    e = hood_ip.take(
        np.flatnonzero(~blocked[hood_ip.v, hood_ip.s] & (sessions_left[hood_ip.v] > 0))
    )
    e = _prune(inst, e, PRUNE_PER_VOLUNTEER_SLOT)
    ov = inst.online_volunteers
    ov = ov[sessions_left[ov] > 0]
    if len(ov):
        mine = np.unique(current[0][current[3]])
        others = np.setdiff1d(ov, mine)
        if len(others) > ONLINE_SAMPLE:
            others = rng.choice(others, ONLINE_SAMPLE, replace=False)
        online = inst.online_edges(
            classes=hood_classes, volunteers=np.union1d(mine, others), dominance=False
        )
        online = online.take(np.flatnonzero(~blocked[online.v, online.s]))
        e = Edges.concat([e, _prune(inst, online, PRUNE_PER_VOLUNTEER_SLOT)])
    lk_in = hood_of_class[locked[1]] == h
    hood_locked = tuple(a[lk_in] for a in locked)
    e = _ensure(inst, _ensure(inst, e, current), hood_locked)
    if len(e) == 0:
        return rows
    res = solve_mip(
        inst, e, _keys(inst, hood_locked), time_limit=time_limit, sessions_left=sessions_left
    )
    if not res.found:
        return rows
    before = breakdown_arrays(inst, current[0], current[1], current[3]).total
    if res.value <= before:
        return rows
    ch = e.take(np.flatnonzero(res.chosen))
    keep = tuple(a[~inside] for a in rows)
    return tuple(
        np.concatenate([k, n]) for k, n in zip(keep, (ch.v, ch.c, ch.s, ch.online), strict=True)
    )


def _prune(inst: Instance, e: Edges, per: int) -> Edges:
    """Keep each (volunteer, slot)'s `per` most valuable first encounters (minus travel)."""
    if len(e) == 0:
        return e
    score = inst.marginal[e.c, 0] - e.cost
    group = e.v * inst.S + e.s
    order = np.lexsort((-score, group))
    g = group[order]
    first = np.searchsorted(g, g)  # index of each group's first row in sorted order
    rank = np.arange(len(g)) - first
    return e.take(np.sort(order[rank < per]))
