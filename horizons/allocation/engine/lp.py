"""The linear-programming relaxation of the exact model: a tight, proven upper bound.

The exact model is a mixed-integer programme (`solve_mip`, HiGHS branch and bound through
scipy). Its relaxation with 0 ≤ x ≤ 1 (`solve_lp`) gives a tight bound. Only "a volunteer meets a class at most once" is left out,
which can only raise the bound, so it stays a bound.

Column generation keeps it small: it starts from each (volunteer, slot)'s most promising
pairs, then prices every other feasible pair (in person and online) with the LP duals and adds
those that could improve it, until none can. Should it stop early (time), the bound is still
valid: raising each (volunteer, slot) row's dual by the largest reduced cost left among its
pairs makes the duals feasible for all pairs, and the bound grows by exactly those amounts.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from .instance import Edges, Instance

TOLERANCE = 1e-6


@dataclass(frozen=True)
class LpResult:
    bound: int  # proven upper bound on the objective (integer: the objective is integral)
    value: float  # LP optimum over the columns used
    columns: Edges  # the pairs the LP ended with
    x: np.ndarray  # their LP values
    rounds: int  # pricing rounds
    correction: float  # added to cover pairs not priced out (0 when it converged)


class _Rows:
    """Row numbers for every constraint of the full problem (rows may have no column yet)."""

    def __init__(
        self,
        inst: Instance,
        reach_vs: np.ndarray,
        reach_hs: np.ndarray,
        reach_hcs: np.ndarray,
        rot_keys: np.ndarray,
        classes: np.ndarray | None = None,
    ):
        self.n = 0
        class_mask = np.ones(inst.C, dtype=bool) if classes is None else classes
        self.vs = self._block(reach_vs)  # (V, S) → row or −1
        self.v = self._block(np.asarray(reach_vs.any(axis=1)))
        self.rot_keys = rot_keys  # sorted (v·S + s)·H + venue
        self.rot = np.arange(self.n, self.n + len(rot_keys))
        self.n += len(rot_keys)
        self.cs = self._block(inst.c_avail & class_mask[:, None])
        self.c = self._block(class_mask)
        self.hs = self._block(reach_hs)  # (H, sectors)
        self.hcs = self._block(reach_hcs)

    def _block(self, mask: np.ndarray) -> np.ndarray:
        rows = np.full(mask.shape, -1, dtype=np.int64)
        k = int(mask.sum())
        rows[mask] = np.arange(self.n, self.n + k)
        self.n += k
        return rows


def solve_lp(
    inst: Instance,
    ip: Edges,
    locked_keys: np.ndarray,
    *,
    time_limit: float,
    initial_per_slot: int = 12,
    add_per_slot: int = 8,
) -> LpResult:
    """LP bound over all feasible pairs: in-person `ip` (all of them) and every online pair."""
    started = time.perf_counter()
    S, H = inst.S, inst.H
    nsec = max(1, len(inst.sectors))
    ov = inst.online_volunteers

    # Which rows exist: everything any feasible pair could touch.
    reach_vs = np.zeros((inst.V, S), dtype=bool)
    reach_vs[ip.v, ip.s] = True
    reach_vs[ov] |= inst.v_avail[ov]
    reach_hs = np.zeros((H, nsec), dtype=bool)
    reach_hs[inst.c_school[ip.c], inst.v_sector[ip.v]] = True
    reach_hcs = np.zeros(H, dtype=bool)
    reach_hcs[inst.c_school[ip.c[inst.v_cs[ip.v]]]] = True
    if len(ov):
        reach_hs[np.ix_(inst.h_online, np.unique(inst.v_sector[ov]))] = True
        if inst.v_cs[ov].any():
            reach_hcs |= inst.h_online
    ip_rounds = inst.rot_rounds[inst.c_venue[ip.c], ip.s]
    rot_keys = np.unique(((ip.v * S + ip.s) * H + inst.c_venue[ip.c])[ip_rounds > 0])
    rows = _Rows(inst, reach_vs, reach_hs, reach_hcs, rot_keys)

    # Start: all rotation pairs and locked pairs, plus each (volunteer, slot)'s best others.
    score = inst.marginal[ip.c, 0] - ip.cost
    start = _top_per_group(ip.v * S + ip.s, score, initial_per_slot)
    start |= ip_rounds > 0
    if len(locked_keys):
        start |= np.isin(inst.key(ip.v, ip.c, ip.s), locked_keys)
    cols = ip.take(np.flatnonzero(start))
    in_lp = start.copy()
    if len(ov):
        cols = Edges.concat([cols, _online_start(inst, initial_per_slot, locked_keys)])

    rounds = 0
    while True:
        rounds += 1
        remaining = time_limit - (time.perf_counter() - started)
        value, x, duals = _solve(inst, rows, cols, locked_keys, max(1.0, remaining))
        rc_ip = _reduced_costs(inst, rows, duals, ip, online=False)
        rc_ip[in_lp] = -np.inf
        add_ip = (rc_ip > TOLERANCE) & _top_per_group(ip.v * S + ip.s, rc_ip, add_per_slot)
        online_new = _price_online(inst, rows, duals, cols, add_per_slot)
        out_of_time = time.perf_counter() - started > time_limit * 0.8
        if (not add_ip.any() and len(online_new) == 0) or out_of_time:
            break
        in_lp |= add_ip
        cols = Edges.concat([cols, ip.take(np.flatnonzero(add_ip)), online_new])

    # Make the duals feasible for every pair not in the LP (zero when pricing converged).
    worst = np.zeros((inst.V, S))
    rc = np.maximum(rc_ip, 0)
    np.maximum.at(worst, (ip.v, ip.s), rc)
    np.maximum(worst, _online_worst(inst, rows, duals, cols), out=worst)
    correction = float(worst.sum())
    raw = value + correction
    bound = int(math.floor(raw + 1e-7 * abs(raw) + 0.01))
    return LpResult(bound, value, cols, x, rounds, correction)


def _top_per_group(group: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Mask of each group's k highest scores."""
    mask = np.zeros(len(group), dtype=bool)
    if len(group) == 0:
        return mask
    order = np.lexsort((-score, group))
    g = group[order]
    rank = np.arange(len(g)) - np.searchsorted(g, g)
    mask[order[rank < k]] = True
    return mask


def _online_candidates(inst: Instance, v: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, ...]:
    """For online (volunteer, slot) rows v, s: all classes they could meet online then."""
    ok_c = inst.h_online[inst.c_school] & (inst.C > 0)
    out_v, out_c, out_s = [], [], []
    for slot in np.unique(s):
        vols = v[s == slot]
        classes = np.flatnonzero(
            ok_c & inst.c_avail[:, slot] & (inst.rot_rounds[inst.c_venue, slot] == 0)
        )
        if len(vols) == 0 or len(classes) == 0:
            continue
        step = max(1, 2_000_000 // len(classes))
        for a in range(0, len(vols), step):
            vb = vols[a : a + step]
            vv = np.repeat(vb, len(classes))
            cc = np.tile(classes, len(vb))
            keep = inst.v_years[vv, inst.c_year[cc]]
            out_v.append(vv[keep])
            out_c.append(cc[keep])
            out_s.append(np.full(int(keep.sum()), slot, dtype=np.int64))
    if not out_v:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z
    return np.concatenate(out_v), np.concatenate(out_c), np.concatenate(out_s)


def _online_edges(inst: Instance, v: np.ndarray, c: np.ndarray, s: np.ndarray) -> Edges:
    n = len(v)
    e = Edges(v, c, s, np.zeros(n), np.ones(n, dtype=bool),
              np.full(n, inst.problem.weights.online_penalty, dtype=np.int64)
              - inst.wish_gain(v, c))  # fmt: skip  # (wishes: a school's wish met earns points)
    if len(inst._forbidden_keys):
        e = e.take(np.flatnonzero(~np.isin(inst.key(v, c, s), inst._forbidden_keys)))
    return e


def _online_rows(inst: Instance) -> tuple[np.ndarray, np.ndarray]:
    ov = inst.online_volunteers
    r, s = np.nonzero(inst.v_avail[ov])
    return ov[r], s


def _online_start(inst: Instance, k: int, locked_keys: np.ndarray) -> Edges:
    v, s = _online_rows(inst)
    cv, cc, cs = _online_candidates(inst, v, s)
    score = inst.marginal[cc, 0].astype(float)
    keep = _top_per_group(cv * inst.S + cs, score, k)
    if len(locked_keys):
        keep |= np.isin(inst.key(cv, cc, cs), locked_keys)
    return _online_edges(inst, cv[keep], cc[keep], cs[keep])


def _reduced_costs(
    inst: Instance, rows: _Rows, d: np.ndarray, e: Edges, online: bool
) -> np.ndarray:
    """Reduced cost (maximisation) of pairs as plain (non-rotation) columns."""
    if len(e) == 0:
        return np.zeros(0)
    h = inst.c_school[e.c]
    rc = (
        -e.cost.astype(float)
        - d[rows.vs[e.v, e.s]]
        - d[rows.v[e.v]]
        - d[rows.cs[e.c, e.s]]
        + d[rows.c[e.c]]
        + d[rows.hs[h, inst.v_sector[e.v]]]
    )
    cs = inst.v_cs[e.v]
    rc[cs] += d[rows.hcs[h[cs]]]
    if not online:
        rot = inst.rot_rounds[inst.c_venue[e.c], e.s] > 0
        rc[rot] = -np.inf  # rotation pairs are all in the LP from the start
    return rc


def _price_online(inst: Instance, rows: _Rows, d: np.ndarray, cols: Edges, k: int) -> Edges:
    if len(inst.online_volunteers) == 0:
        return Edges.empty()
    v, s = _online_rows(inst)
    cv, cc, cs = _online_candidates(inst, v, s)
    e = _online_edges(inst, cv, cc, cs)
    rc = _reduced_costs(inst, rows, d, e, online=True)
    have = cols.online
    if have.any():
        rc[
            np.isin(inst.key(e.v, e.c, e.s), inst.key(cols.v[have], cols.c[have], cols.s[have]))
        ] = -np.inf  # noqa: E501
    keep = (rc > TOLERANCE) & _top_per_group(e.v * inst.S + e.s, rc, k)
    return e.take(np.flatnonzero(keep))


def _online_worst(inst: Instance, rows: _Rows, d: np.ndarray, cols: Edges) -> np.ndarray:
    worst = np.zeros((inst.V, inst.S))
    if len(inst.online_volunteers) == 0:
        return worst
    v, s = _online_rows(inst)
    cv, cc, cs = _online_candidates(inst, v, s)
    e = _online_edges(inst, cv, cc, cs)
    rc = _reduced_costs(inst, rows, d, e, online=True)
    have = cols.online
    if have.any():
        rc[np.isin(inst.key(e.v, e.c, e.s), inst.key(cols.v[have], cols.c[have], cols.s[have]))] = 0  # noqa: E501
    np.maximum.at(worst, (e.v, e.s), np.maximum(rc, 0))
    return worst


def _build(
    inst: Instance,
    rows: _Rows,
    cols: Edges,
    locked_keys: np.ndarray,
    once: bool,
    sessions_left: np.ndarray | None = None,
) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray, np.ndarray, np.ndarray]:
    """(objective to maximise, A, b, lower, upper) of A·z ≤ b over z = [x, t, y, z, r].

    `once` adds the rows "a volunteer meets a class at most once" (needed for integer plans;
    the LP leaves them out, which can only raise its bound).
    """
    w = inst.problem.weights
    S, H = inst.S, inst.H
    n = len(cols)
    venue = inst.c_venue[cols.c]
    rounds = np.where(cols.online, 0, inst.rot_rounds[venue, cols.s])
    plain = rounds == 0
    h = inst.c_school[cols.c]
    r_i, r_j, r_v = [], [], []

    def put(row: np.ndarray, col: np.ndarray, val: float | np.ndarray) -> None:
        r_i.append(row)
        r_j.append(col)
        r_v.append(np.broadcast_to(np.asarray(val, dtype=float), row.shape))

    j = np.arange(n)
    put(rows.vs[cols.v[plain], cols.s[plain]], j[plain], 1.0)
    put(rows.v[cols.v[plain]], j[plain], 1.0)
    if (~plain).any():
        key = (cols.v * S + cols.s) * H + venue
        put(rows.rot[np.searchsorted(rows.rot_keys, key[~plain])], j[~plain], 1.0)
    put(rows.cs[cols.c, cols.s], j, 1.0)
    put(rows.c[cols.c], j, -1.0)
    # A school meets a sector (or a counter-stereotype role model) through a plain pair, or
    # through a volunteer at a rotation event meeting one of its classes there: q below.
    put(rows.hs[h[plain], inst.v_sector[cols.v[plain]]], j[plain], -1.0)
    cs = inst.v_cs[cols.v]
    put(rows.hcs[h[cs & plain]], j[cs & plain], -1.0)
    obj = [-cols.cost.astype(float)]
    ub = [np.ones(n)]
    lb = [np.zeros(n)]
    if len(locked_keys):
        lb[0][np.isin(inst.key(cols.v, cols.c, cols.s), locked_keys)] = 1.0

    nxt = n
    K = inst.max_enc  # t[c, k]
    with_row = np.flatnonzero(rows.c >= 0)
    tc = np.repeat(with_row, K)
    tk = np.tile(np.arange(K), len(with_row))
    put(rows.c[tc], np.arange(nxt, nxt + len(tc)), 1.0)
    obj.append(inst.marginal[tc, tk].astype(float))
    nxt += len(tc)
    hy, sy = np.nonzero(rows.hs >= 0)  # y[h, sector]
    put(rows.hs[hy, sy], np.arange(nxt, nxt + len(hy)), 1.0)
    obj.append(np.full(len(hy), float(w.sector_bonus)))
    nxt += len(hy)
    hz = np.flatnonzero(rows.hcs >= 0)  # z[h]
    put(rows.hcs[hz], np.arange(nxt, nxt + len(hz)), 1.0)
    obj.append(np.full(len(hz), float(w.counter_stereotype_bonus)))
    nxt += len(hz)
    keys = rows.rot_keys  # r[v, s, venue]
    r_first = nxt
    if len(keys):
        rv, rs, rh = keys // (S * H), (keys // H) % S, keys % H
        rcol = np.arange(nxt, nxt + len(keys))
        put(rows.vs[rv, rs], rcol, 1.0)
        put(rows.v[rv], rcol, 1.0)
        put(rows.rot, rcol, -inst.rot_rounds[rh, rs].astype(float))
        obj.append(np.zeros(len(keys)))
        nxt += len(keys)
    if (~plain).any():
        # q[event, school]: the volunteer at a rotation event meets a class of that school
        # there. It earns the school's sector (and role-model) bonus, and is at most the
        # volunteer's presence r and at most the pairs with that school's classes there (rows
        # added below). Linking the bonus to the pairs alone let a volunteer half present meet
        # two classes of one school half each and earn that school's bonus in full.
        ev = np.searchsorted(rows.rot_keys, key[~plain])
        eh, q_of = np.unique(ev * H + h[~plain], return_inverse=True)
        qe, qh = eh // H, eh % H
        qv = rows.rot_keys[qe] // (S * H)
        qcol = np.arange(nxt, nxt + len(eh))
        put(rows.hs[qh, inst.v_sector[qv]], qcol, -1.0)
        qcs = inst.v_cs[qv]
        put(rows.hcs[qh[qcs]], qcol[qcs], -1.0)
        obj.append(np.zeros(len(eh)))
        nxt += len(eh)
    for block in obj[1:]:
        lb.append(np.zeros(len(block)))
        ub.append(np.ones(len(block)))

    b = np.zeros(rows.n)
    b[rows.vs[rows.vs >= 0]] = 1.0
    vv = np.flatnonzero(rows.v >= 0)
    b[rows.v[vv]] = (inst.v_max if sessions_left is None else sessions_left)[vv]
    cc, ss = np.nonzero(rows.cs >= 0)
    b[rows.cs[cc, ss]] = inst.class_cap(cc, ss)
    n_rows = rows.n
    if once:
        pair = cols.v * inst.C + cols.c
        uniq, inv, count = np.unique(pair, return_inverse=True, return_counts=True)
        multi = count[inv] > 1
        _, row_of = np.unique(inv[multi], return_inverse=True)
        put(n_rows + row_of, j[multi], 1.0)
        extra = int(row_of.max()) + 1 if len(row_of) else 0
        b = np.concatenate([b, np.ones(extra)])
        n_rows += extra
    if (~plain).any():
        # A volunteer meets a class at a rotation event only if they are there: x ≤ r for
        # each pair. The row above alone (Σ x ≤ rounds · r) lets r be a fraction, so the
        # relaxation could have a volunteer a quarter present yet meeting one class in full:
        # on city seed 6 that slack was 40% of the gap between the LP and the optimum, and
        # with it the MIP is proven at the root instead of after minutes of branching.
        at = n_rows + np.arange(int((~plain).sum()))
        put(at, j[~plain], 1.0)
        put(at, r_first + np.searchsorted(rows.rot_keys, key[~plain]), -1.0)
        b = np.concatenate([b, np.zeros(len(at))])
        n_rows += len(at)
        # q ≤ r and q ≤ Σ pairs of the event with the school's classes.
        put(n_rows + np.arange(len(eh)), qcol, 1.0)
        put(n_rows + np.arange(len(eh)), r_first + qe, -1.0)
        n_rows += len(eh)
        put(n_rows + np.arange(len(eh)), qcol, 1.0)
        put(n_rows + q_of, j[~plain], -1.0)
        n_rows += len(eh)
        b = np.concatenate([b, np.zeros(2 * len(eh))])
    A = sp.csr_matrix(
        (np.concatenate(r_v), (np.concatenate(r_i), np.concatenate(r_j))), shape=(n_rows, nxt)
    )
    return np.concatenate(obj), A, b, np.concatenate(lb), np.concatenate(ub)


def _solve(
    inst: Instance, rows: _Rows, cols: Edges, locked_keys: np.ndarray, time_limit: float
) -> tuple[float, np.ndarray, np.ndarray]:
    """Solve the LP over `cols`; returns (optimum, x, duals ≥ 0 per row)."""
    obj, A, b, lb, ub = _build(inst, rows, cols, locked_keys, once=False)
    res = linprog(
        -obj,
        A_ub=A,
        b_ub=b,
        bounds=np.column_stack((lb, ub)),
        method="highs",
        options={"time_limit": float(time_limit), "presolve": True},
    )
    if res.status != 0 or res.x is None:
        raise RuntimeError(f"LP relaxation failed: {res.message}")
    duals = np.maximum(0.0, -np.asarray(res.ineqlin.marginals))
    return float(-res.fun), np.asarray(res.x[: len(cols)]), duals


@dataclass(frozen=True)
class MipResult:
    found: bool
    value: int
    bound: int  # HiGHS's proven bound for the model over these columns
    chosen: np.ndarray  # bool per column


def solve_mip(
    inst: Instance,
    cols: Edges,
    locked_keys: np.ndarray,
    *,
    time_limit: float,
    gap: float = 0.0,
    sessions_left: np.ndarray | None = None,
    presolve: bool = True,
) -> MipResult:
    """The exact integer model over `cols`, by HiGHS branch and bound.

    For a neighbourhood, `cols` holds only pairs whose volunteer is free in that slot, and
    `sessions_left` what each volunteer has left after the rest of the plan. Presolve stays
    on: with the rotation rows "x ≤ r" (see `_build`) HiGHS's presolve and root cuts close
    the city campaigns' gap at the root (seed 6: 1 node, 3.7 s of CPU; without either of the
    two, 28–100 nodes and no proof in 60 s on a loaded machine).
    """
    if len(cols) == 0:  # nothing to choose: the empty plan is optimal
        return MipResult(True, 0, 0, np.zeros(0, dtype=bool))
    rows = _rows_for(inst, cols)
    obj, A, b, lb, ub = _build(inst, rows, cols, locked_keys, True, sessions_left)
    # A class's row reads (encounter steps taken) − (pairs chosen) ≤ 0. In the integer model
    # it must be an equality, or sector and role-model bonuses would reward pairs beyond
    # max_encounters_per_class. (The LP keeps the inequality: a relaxation is still a bound.)
    lower = np.full(A.shape[0], -np.inf)
    lower[rows.c[rows.c >= 0]] = 0.0
    res = milp(
        -obj,
        constraints=LinearConstraint(A, lower, b),
        bounds=Bounds(lb, ub),
        integrality=np.ones(len(obj)),
        options={
            "time_limit": max(0.1, float(time_limit)),
            "presolve": presolve,
            "mip_rel_gap": gap,
        },
    )
    dual = getattr(res, "mip_dual_bound", None)
    bound = int(math.floor(-dual + 1e-6 * abs(dual) + 0.01)) if dual is not None else 2**62
    if res.x is None:
        return MipResult(False, 0, bound, np.zeros(len(cols), dtype=bool))
    chosen = np.asarray(res.x[: len(cols)]) > 0.5
    return MipResult(True, int(round(-res.fun)), bound, chosen)


def _rows_for(inst: Instance, cols: Edges) -> _Rows:
    """Rows for a model over just these columns."""
    nsec = max(1, len(inst.sectors))
    reach_vs = np.zeros((inst.V, inst.S), dtype=bool)
    reach_vs[cols.v, cols.s] = True
    reach_hs = np.zeros((inst.H, nsec), dtype=bool)
    reach_hs[inst.c_school[cols.c], inst.v_sector[cols.v]] = True
    reach_hcs = np.zeros(inst.H, dtype=bool)
    reach_hcs[inst.c_school[cols.c[inst.v_cs[cols.v]]]] = True
    rounds = np.where(cols.online, 0, inst.rot_rounds[inst.c_venue[cols.c], cols.s])
    key = (cols.v * inst.S + cols.s) * inst.H + inst.c_venue[cols.c]
    classes = np.zeros(inst.C, dtype=bool)
    classes[cols.c] = True
    return _Rows(inst, reach_vs, reach_hs, reach_hcs, np.unique(key[rounds > 0]), classes)
