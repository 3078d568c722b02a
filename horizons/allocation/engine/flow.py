"""A min-cost-flow relaxation: a proven upper bound and a fast first plan, at any scale.

The flow network (one unit of flow = one encounter)::

    source → volunteer (cap: sessions left) → (volunteer, slot) (cap 1)
           → (class, slot) (cap 1, or the rounds of a rotation event) → class
           → school → sink

* class → school: one arc per possible k-th encounter, cap 1, cost −W_c·e_k. Because the
  e_k do not increase, the flow takes them in order: the concave reach value is exact.
* school → sink: `nsec` arcs worth the sector bonus (nsec = sectors of the volunteers who
  can reach the school), one arc via a "counter-stereotype pool" worth sector + counter-
  stereotype bonus (the pool's capacity is what counter-stereotype volunteers can give), and
  a free arc. Any real plan maps onto a flow at least as valuable, so the flow's optimum is an
  upper bound on the true optimum; it overestimates only the bonuses. `flow_bound` prices
  the bonuses instead (`bonus_price`, Lagrangian): each encounter's arc earns the price of
  the bonus it may bring, which is much tighter once the prices are stepped.
* a volunteer may meet a class once, but the network would need a node per (volunteer,
  class) and per (volunteer, slot) at once to say so; it is priced instead (`pair_price`),
  for the pairs the flow sends twice.
* online encounters pass through one hub per (slot, year group, kind of volunteer: sector and
  counter-stereotype): an online volunteer free in the slot who serves the year can meet any
  class of that year free then, and what the class earns besides its own value depends only
  on the kind, so the hub is an exact, compact stand-in for the (very many) online pairs.
* rotation events: the volunteer's single unit for the slot may go to a (volunteer, slot,
  venue) node that also gets up to rounds − 1 extra units straight from the source — a
  relaxation again (the extras are not tied to the volunteer being there).

Flow solutions are integral, so decoding the arcs that carry flow gives assignments; the few
that the relaxation allows but the rules do not (a volunteer meeting a class twice, rotation
extras without the volunteer) are repaired by dropping them, and `fill` then reuses the
sessions and places that frees.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from .instance import Edges, Instance
from .objective import breakdown_arrays


@dataclass(frozen=True)
class FlowResult:
    bound: int  # upper bound on the objective of any plan keeping the locked triples
    v: np.ndarray  # the decoded, repaired plan (index arrays, locked triples included)
    c: np.ndarray
    s: np.ndarray
    online: np.ndarray
    arcs: int
    # Per rotation event (H·S + s): units arriving as the volunteer's own slot and as extras.
    rot_main: dict[int, int] = field(default_factory=dict)
    rot_extra: dict[int, int] = field(default_factory=dict)
    # Encounters the flow sends, by (school, sector) and counter-stereotype ones by school,
    # and which bonuses were still open: what the bonus prices' subgradient needs.
    sector_count: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    cs_count: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    open_sec: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))
    open_cs: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # In-person (volunteer·C + class) pairs the flow sends, and how many times each.
    pair_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    pair_counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


class _Net:
    def __init__(self) -> None:
        self.n = 0
        self.count = 0
        self.tails: list[np.ndarray] = []
        self.heads: list[np.ndarray] = []
        self.caps: list[np.ndarray] = []
        self.costs: list[np.ndarray] = []

    def nodes(self, k: int) -> np.ndarray:
        ids = np.arange(self.n, self.n + k, dtype=np.int64)
        self.n += k
        return ids

    def arcs(self, tail: object, head: object, cap: object, cost: object) -> tuple[int, int]:
        """Add arcs (scalars broadcast); returns the range of their arc indices."""
        arrays = np.broadcast_arrays(
            *(np.atleast_1d(np.asarray(a, dtype=np.int64)) for a in (tail, head, cap, cost))
        )
        first = self.count
        for store, a in zip((self.tails, self.heads, self.caps, self.costs), arrays, strict=True):
            store.append(a.ravel().copy())
        self.count += len(arrays[0].ravel())
        return first, self.count


Locked = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
_NO_ARCS = (0, 0)
# Online hub → class arcs up to which the hubs are per kind of volunteer (exact); beyond, kinds
# share hubs (looser), which keeps a national network within its memory: nationally one hub
# per kind would add 8.2 million arcs to 31 million, one per sector about half that.
TYPED_HUB_ARCS = 5_000_000


@dataclass(frozen=True)
class _LockedUse:
    """What the locked triples already take: slots, sessions, class places and encounters."""

    slot: np.ndarray  # (V, S) bool: the volunteer is locked somewhere in the slot
    sessions_left: np.ndarray  # per volunteer
    class_slot: np.ndarray  # (C, S) places taken
    degree: np.ndarray  # encounters per class
    rotation: dict[tuple[int, int], int]  # (volunteer, slot) → venue locked at a rotation


def _locked_use(inst: Instance, locked: Locked) -> _LockedUse:
    lv, lc, ls, _ = locked
    slot = np.zeros((inst.V, inst.S), dtype=bool)
    slot[lv, ls] = True
    class_slot = np.zeros((inst.C, inst.S), dtype=np.int64)
    np.add.at(class_slot, (lc, ls), 1)
    rotation: dict[tuple[int, int], int] = {}
    for v, c, s in zip(lv, lc, ls, strict=True):
        if inst.rot_rounds[inst.c_venue[c], s]:
            rotation[(int(v), int(s))] = int(inst.c_venue[c])
    return _LockedUse(
        slot,
        np.maximum(0, inst.v_max - slot.sum(axis=1)),
        class_slot,
        np.bincount(lc, minlength=inst.C),
        rotation,
    )


def _edges_around_locks(inst: Instance, edges: Edges, used: _LockedUse) -> tuple[Edges, np.ndarray]:
    """The in-person edges still usable beside the locks, and each one's rotation rounds.

    A volunteer locked at a rotation may still meet more classes there, and only there.
    """
    e = edges
    e_rot = inst.rot_rounds[inst.c_venue[e.c], e.s] if len(e) else np.zeros(0, dtype=np.int64)
    free_vs = ~used.slot[e.v, e.s]
    if used.rotation:
        at_locked_rot = np.array(
            [used.rotation.get((int(v), int(s))) == inst.c_venue[c] for v, c, s in
             zip(e.v, e.c, e.s, strict=True)], dtype=bool,
        )  # fmt: skip
    else:
        at_locked_rot = np.zeros(len(e), dtype=bool)
    keep = (free_vs | at_locked_rot) & (used.class_slot[e.c, e.s] < inst.class_cap(e.c, e.s))
    if not keep.all():  # (without locks nothing is dropped: no copy of millions of edges)
        e = e.take(np.flatnonzero(keep))
        e_rot = e_rot[keep]
    return e, e_rot


def _open_bonuses(
    inst: Instance, e: Edges, locked: Locked, with_online: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(per (school, sector), per school): bonuses in reach and not already won by a lock."""
    lv, lc, _, _ = locked
    H = inst.H
    reach_sec = np.zeros((H, max(1, len(inst.sectors))), dtype=bool)
    reach_cs = np.zeros(H, dtype=bool)
    if len(e):
        reach_sec[inst.c_school[e.c], inst.v_sector[e.v]] = True
        reach_cs[inst.c_school[e.c[inst.v_cs[e.v]]]] = True
    if with_online and len(inst.online_volunteers):
        ov = inst.online_volunteers
        reach_sec[np.ix_(inst.h_online, np.unique(inst.v_sector[ov]))] = True
        if inst.v_cs[ov].any():
            reach_cs |= inst.h_online
    covered_sec = np.zeros_like(reach_sec)
    covered_cs = np.zeros(H, dtype=bool)
    if len(lv):
        covered_sec[inst.c_school[lc], inst.v_sector[lv]] = True
        covered_cs[inst.c_school[lc[inst.v_cs[lv]]]] = True
    return reach_sec & ~covered_sec, reach_cs & ~covered_cs


class _Pricing:
    """The Lagrange prices as they fall on arcs: what an encounter earns and costs."""

    def __init__(
        self,
        inst: Instance,
        open_sec: np.ndarray,
        open_cs: np.ndarray,
        bonus_price: tuple[np.ndarray, np.ndarray] | None,
        pair_price: tuple[np.ndarray, np.ndarray] | None,
    ) -> None:
        w = inst.problem.weights
        self.inst = inst
        self.priced = bonus_price is not None
        self.mu: np.ndarray = np.zeros(open_sec.shape, dtype=np.int64)
        self.nu: np.ndarray = np.zeros(open_cs.shape, dtype=np.int64)
        if bonus_price is not None:
            mu = np.where(open_sec, np.clip(bonus_price[0], 0, w.sector_bonus), 0)
            nu = np.where(open_cs, np.clip(bonus_price[1], 0, w.counter_stereotype_bonus), 0)
            self.mu, self.nu = mu.astype(np.int64), nu.astype(np.int64)
        self.pair_keys = np.zeros(0, dtype=np.int64) if pair_price is None else pair_price[0]
        pp = np.zeros(0, dtype=np.int64) if pair_price is None else np.rint(pair_price[1])
        self.pair_values = np.maximum(pp, 0).astype(np.int64)

    def gain(self, school: np.ndarray, vol: np.ndarray) -> np.ndarray:
        """What an encounter of these volunteers at these schools earns under the prices."""
        if not self.priced:
            return np.zeros(len(school), dtype=np.int64)
        return self.mu[school, self.inst.v_sector[vol]] + self.nu[school] * self.inst.v_cs[vol]

    def pair_cost(self, vol: np.ndarray, cls: np.ndarray) -> np.ndarray:
        """π of each (volunteer, class) pair: "meet at most once", priced."""
        pk = self.pair_keys
        if len(pk) == 0 or len(vol) == 0:
            return np.zeros(len(vol), dtype=np.int64)
        key = vol * self.inst.C + cls
        at = np.minimum(np.searchsorted(pk, key), len(pk) - 1)
        return np.where(pk[at] == key, self.pair_values[at], 0)


@dataclass
class _Layers:
    """The network's fixed layers: volunteers, (volunteer, slot), (class, slot), classes."""

    vs_mask: np.ndarray  # (V, S): the volunteer can still give this slot
    vs_node: np.ndarray  # (V, S) → node or −1
    cs_node: np.ndarray  # (C, S) → node or −1
    cs_c: np.ndarray  # the (class, slot) nodes, as index arrays
    cs_s: np.ndarray
    c_nodes: np.ndarray
    h_nodes: np.ndarray


def _add_layers(net: _Net, inst: Instance, source: int, used: _LockedUse) -> _Layers:
    """source → volunteer → (volunteer, slot); (class, slot) → class; school nodes."""
    V, S, C = inst.V, inst.S, inst.C
    v_nodes = net.nodes(V)
    net.arcs(source, v_nodes, used.sessions_left, 0)
    vs_node = np.full((V, S), -1, dtype=np.int64)
    vs_mask = inst.v_avail & ~used.slot & (used.sessions_left > 0)[:, None]
    vs_v, vs_s = np.nonzero(vs_mask)
    vs_node[vs_v, vs_s] = net.nodes(len(vs_v))
    net.arcs(v_nodes[vs_v], vs_node[vs_v, vs_s], 1, 0)

    cs_node = np.full((C, S), -1, dtype=np.int64)
    cap_cs = np.where(inst.c_avail, inst.class_cap(*np.indices((C, S))) - used.class_slot, 0)
    cs_c, cs_s = np.nonzero(cap_cs > 0)
    cs_node[cs_c, cs_s] = net.nodes(len(cs_c))
    c_nodes = net.nodes(C)
    h_nodes = net.nodes(inst.H)
    net.arcs(cs_node[cs_c, cs_s], c_nodes[cs_c], cap_cs[cs_c, cs_s], 0)
    return _Layers(vs_mask, vs_node, cs_node, cs_c, cs_s, c_nodes, h_nodes)


@dataclass
class _PlainArcs:
    v: np.ndarray
    c: np.ndarray
    s: np.ndarray
    span: tuple[int, int]


def _add_plain_arcs(
    net: _Net, e: Edges, e_rot: np.ndarray, layers: _Layers, pricing: _Pricing
) -> _PlainArcs:
    """(volunteer, slot) → (class, slot) for in-person pairs outside rotation events.

    A price π per (volunteer, class) on "meet at most once" makes each of its arcs cost π
    more (and the bound π more, once).
    """
    plain = np.flatnonzero((e_rot == 0) & (layers.vs_node[e.v, e.s] >= 0))
    pv, pc, ps = e.v[plain], e.c[plain], e.s[plain]
    span = net.arcs(
        layers.vs_node[pv, ps], layers.cs_node[pc, ps],
        1, e.cost[plain] - pricing.gain(pricing.inst.c_school[pc], pv) + pricing.pair_cost(pv, pc),
    )  # fmt: skip
    return _PlainArcs(pv, pc, ps, span)


@dataclass
class _RotationArcs:
    idx: np.ndarray  # edges (of e) at a rotation event
    event: np.ndarray  # per (volunteer, slot, venue) node: its event, venue·S + slot
    main: np.ndarray  # which of those nodes get the volunteer's own unit
    locked_here: np.ndarray  # the volunteer is locked at this event
    extra: np.ndarray  # extra units the node may take from the source
    main_span: tuple[int, int] = _NO_ARCS
    extra_span: tuple[int, int] = _NO_ARCS
    span: tuple[int, int] = _NO_ARCS  # the pair arcs


def _add_rotation_arcs(
    net: _Net,
    inst: Instance,
    source: int,
    e: Edges,
    e_rot: np.ndarray,
    layers: _Layers,
    used: _LockedUse,
    locked: Locked,
    pricing: _Pricing,
    rot_price: dict[int, float] | None,
) -> _RotationArcs:
    """Rotation events through (volunteer, slot, venue) nodes, priced by λ per event.

    The volunteer's own unit arrives on the main arc (earning λ·(rounds − 1)); up to
    rounds − 1 extras come straight from the source at λ each.
    """
    S, H = inst.S, inst.H
    rot_idx = np.flatnonzero(e_rot > 0)
    none = np.zeros(0, dtype=np.int64)
    if not len(rot_idx):
        return _RotationArcs(rot_idx, none, none.astype(bool), none.astype(bool), none)
    lv, lc, ls, _ = locked
    venue = inst.c_venue[e.c[rot_idx]]
    trip = (e.v[rot_idx] * S + e.s[rot_idx]) * H + venue
    uniq, inv = np.unique(trip, return_inverse=True)
    rn = net.nodes(len(uniq))
    uv, us, uh = uniq // (S * H), (uniq // H) % S, uniq % H
    rounds = inst.rot_rounds[uh, us]
    locked_here = np.array(
        [used.rotation.get((int(a), int(b))) == int(h) for a, b, h in zip(uv, us, uh, strict=True)],
        dtype=bool,
    )
    used_here = np.zeros(len(uniq), dtype=np.int64)
    if used.rotation:
        lvenue = inst.c_venue[lc]
        for a, b, h in zip(lv, ls, lvenue, strict=True):
            hit = np.flatnonzero((uv == a) & (us == b) & (uh == h))
            used_here[hit] += 1
    main = ~locked_here & (layers.vs_node[uv, us] >= 0)
    event = uh * S + us
    price = np.array([(rot_price or {}).get(int(k), 0.0) for k in event])
    price = np.rint(np.where(locked_here, 0.0, price)).astype(np.int64)
    main_span = net.arcs(
        layers.vs_node[uv[main], us[main]], rn[main], 1, -price[main] * (rounds[main] - 1)
    )
    extra = np.where(locked_here, rounds - used_here, rounds - 1)
    extra_span = net.arcs(source, rn, np.maximum(extra, 0), price)
    rot_gain = pricing.gain(inst.c_school[e.c[rot_idx]], e.v[rot_idx])
    span = net.arcs(
        rn[inv],
        layers.cs_node[e.c[rot_idx], e.s[rot_idx]],
        1,
        e.cost[rot_idx] - rot_gain + pricing.pair_cost(e.v[rot_idx], e.c[rot_idx]),
    )
    return _RotationArcs(rot_idx, event, main, locked_here, extra, main_span, extra_span, span)


@dataclass
class _HubArcs:
    """Online encounters through one hub per (slot, year group, sector, counter-stereotype)."""

    in_rows: tuple[np.ndarray, ...] = (np.zeros(0, dtype=np.int64),) * 4  # (v, slot, year, type)
    out_rows: tuple[np.ndarray, ...] = (np.zeros(0, dtype=np.int64),) * 3  # (class, slot, type)
    in_span: tuple[int, int] = _NO_ARCS
    out_span: tuple[int, int] = _NO_ARCS


def _add_online_hubs(net: _Net, inst: Instance, layers: _Layers, pricing: _Pricing) -> _HubArcs:
    """Online volunteers → hub (slot, year, kind) → online classes of that year free then.

    A volunteer's kind is their sector and whether they challenge a stereotype: everything
    an online encounter earns besides the class's own value (the sector price μ, the
    counter-stereotype price ν and the school's wishes) depends on the class and the kind
    only, so each hub → class arc carries exactly what any volunteer of the hub would earn
    the class. Should that take more than `TYPED_HUB_ARCS` arcs, the kinds of a sector share
    a hub, and failing that all kinds share one hub per (slot, year); a shared hub credits
    each class the best kind on offer in it: a looser bound, still a bound
    (docs/allocation.md, "How honest is the bound?").
    """
    ov = inst.online_volunteers
    ov_v, ov_s = np.nonzero(layers.vs_mask[ov])
    ov_v = ov[ov_v]
    if not len(ov_v):
        return _HubArcs()
    kinds = 2 * max(1, len(inst.sectors))
    rows_v, rows_y = np.nonzero(inst.v_years[ov_v])
    hv, hs, hy = ov_v[rows_v], ov_s[rows_v], rows_y
    ht = inst.v_sector[hv] * 2 + inst.v_cs[hv].astype(np.int64)
    cs_c, cs_s = layers.cs_c, layers.cs_s
    ok = (inst.h_online[inst.c_school[cs_c]]) & (inst.rot_rounds[inst.c_venue[cs_c], cs_s] == 0)
    oc, os_ = cs_c[ok], cs_s[ok]
    for members in (1, 2, kinds):  # kinds per hub: one, the two of a sector, all
        groups = kinds // members
        hg = ht // members
        hub_key = np.unique((hs * 7 + hy) * groups + hg)
        # Each online (class, slot) joins every hub of its slot and year.
        first = (os_ * 7 + inst.c_year[oc]) * groups
        lo = np.searchsorted(hub_key, first)
        n_of = np.searchsorted(hub_key, first + groups) - lo
        if int(n_of.sum()) <= TYPED_HUB_ARCS:
            break
    hubs = net.nodes(len(hub_key))
    hub_of = np.searchsorted(hub_key, (hs * 7 + hy) * groups + hg)
    in_span = net.arcs(layers.vs_node[hv, hs], hubs[hub_of], 1, inst.problem.weights.online_penalty)
    row = np.repeat(np.arange(len(oc)), n_of)
    at = np.repeat(lo - np.cumsum(n_of) + n_of, n_of) + np.arange(int(n_of.sum()))
    oc, os_, og = oc[row], os_[row], hub_key[at] % groups
    if members == 1:
        gain = _kind_gain(inst, pricing, oc, og // 2, og % 2)
    else:  # the best kind of the group on offer in the hub
        offer = np.zeros((inst.S, 7, kinds), dtype=bool)
        offer[hs, hy, ht] = True
        gain = np.zeros(len(oc), dtype=np.int64)
        oy = inst.c_year[oc]
        for m in range(members):
            t = og * members + m
            here = offer[os_, oy, t]
            if here.any():
                k = _kind_gain(inst, pricing, oc[here], t[here] // 2, t[here] % 2)
                gain[here] = np.maximum(gain[here], k)
    out_span = net.arcs(hubs[at], layers.cs_node[oc, os_], 1, -gain)
    return _HubArcs((hv, hs, hy, hg), (oc, os_, og), in_span, out_span)


def _kind_gain(
    inst: Instance, pricing: _Pricing, oc: np.ndarray, sec: np.ndarray, cs: np.ndarray
) -> np.ndarray:
    """What a volunteer of this sector (and counter-stereotype flag) earns these classes online."""
    gain = np.zeros(len(oc), dtype=np.int64)
    if pricing.priced and len(oc):
        oh = inst.c_school[oc]
        gain = pricing.mu[oh, sec] + pricing.nu[oh] * cs
    bonus = inst.problem.weights.wish_bonus
    if inst.has_wishes and bonus and len(oc):  # (wishes: what the kind meets of the school's)
        gain = gain + bonus * inst.wish_count[oc, sec, cs].astype(np.int64)
    return gain


def _add_values_and_sink(
    net: _Net,
    inst: Instance,
    source: int,
    sink: int,
    pool: int,
    layers: _Layers,
    used: _LockedUse,
    locked: Locked,
    open_sec: np.ndarray,
    open_cs: np.ndarray,
    e: Edges,
    e_rot: np.ndarray,
    rot: _RotationArcs,
    priced: bool,
) -> int:
    """Class → school arcs worth the concave values, school → sink bonuses; the total supply.

    Unpriced, each school has one arc per open sector worth the sector bonus and one via the
    counter-stereotype pool (capacity: what counter-stereotype volunteers can give); priced,
    the bonuses are on the encounters instead.
    """
    w = inst.problem.weights
    lv = locked[0]
    h_nodes, c_nodes = layers.h_nodes, layers.c_nodes
    ks = np.arange(inst.max_enc)
    cc, kk = np.nonzero(ks[None, :] >= used.degree[:, None])
    net.arcs(c_nodes[cc], h_nodes[inst.c_school[cc]], 1, -inst.marginal[cc, kk])

    nsec = open_sec.sum(axis=1)
    if priced:
        nsec = np.zeros(inst.H, dtype=np.int64)
    if w.sector_bonus:
        has = np.flatnonzero(nsec > 0)
        net.arcs(h_nodes[has], sink, nsec[has], -w.sector_bonus)
    cs_bonus = w.counter_stereotype_bonus
    cs_h = np.flatnonzero(open_cs)
    if cs_bonus and len(cs_h) and not priced:
        net.arcs(h_nodes[cs_h], pool, 1, -(w.sector_bonus + cs_bonus))
        cs_vol = np.flatnonzero(inst.v_cs)
        kmax = np.ones(inst.V, dtype=np.int64)
        if len(rot.idx):
            np.maximum.at(kmax, e.v[rot.idx], e_rot[rot.idx])
        pool_cap = int((used.sessions_left[cs_vol] * kmax[cs_vol]).sum()) + int(
            (inst.v_cs[lv]).sum() * inst.rot_rounds.max(initial=1)
        )
        net.arcs(pool, sink, pool_cap, 0)
    total = int(used.sessions_left.sum())
    if len(rot.idx):
        total += int(np.maximum(rot.extra, 0).sum())
    big = total + 1
    net.arcs(h_nodes, sink, big, 0)
    net.arcs(source, sink, big, 0)
    return total


def _run(net: _Net, source: int, sink: int, total: int) -> min_cost_flow.SimpleMinCostFlow:
    """Hand the network to OR-Tools and solve it to optimality."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    # OR-Tools copies the arcs: each array is freed as soon as it is handed over, so that a
    # national network (tens of millions of arcs) is not held three times over.
    arrays = [_take_all(net.tails), _take_all(net.heads), _take_all(net.caps), _take_all(net.costs)]
    smcf.add_arcs_with_capacity_and_unit_cost(*arrays)
    del arrays
    supplies = np.zeros(net.n, dtype=np.int64)
    supplies[source], supplies[sink] = total, -total
    smcf.set_nodes_supplies(np.arange(net.n, dtype=np.int64), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return smcf


def _bound_of(
    inst: Instance,
    smcf: min_cost_flow.SimpleMinCostFlow,
    locked: Locked,
    open_sec: np.ndarray,
    open_cs: np.ndarray,
    pricing: _Pricing,
) -> int:
    """The flow optimum as a bound: the locks' value, minus the cost, plus the prices' constants."""
    w = inst.problem.weights
    lv, lc, _, lon = locked
    bound = breakdown_arrays(inst, lv, lc, lon).total - int(smcf.optimal_cost())
    if pricing.priced:
        bound += int((w.sector_bonus - pricing.mu)[open_sec].sum())
        bound += int((w.counter_stereotype_bonus - pricing.nu)[open_cs].sum())
    return bound + int(pricing.pair_values.sum())


def _carrying(smcf: min_cost_flow.SimpleMinCostFlow, span: tuple[int, int]) -> np.ndarray:
    """Bool per arc of the span: does it carry flow?"""
    if span[1] == span[0]:
        return np.zeros(0, dtype=bool)
    return smcf.flows(np.arange(span[0], span[1], dtype=np.int64)) > 0


def _decode(
    inst: Instance,
    smcf: min_cost_flow.SimpleMinCostFlow,
    locked: Locked,
    e: Edges,
    plain: _PlainArcs,
    rot: _RotationArcs,
    hub: _HubArcs,
) -> tuple[tuple[np.ndarray, ...], dict[int, int], dict[int, int]]:
    """The encounters the flow sends (locked first), and per rotation event its units."""
    lv, lc, ls, lon = locked
    parts_v, parts_c, parts_s, parts_o = [lv], [lc], [ls], [lon]
    f = _carrying(smcf, plain.span)
    gv, gc, gs = plain.v[f], plain.c[f], plain.s[f]
    parts_v.append(gv)
    parts_c.append(gc)
    parts_s.append(gs)
    parts_o.append(np.zeros(len(gv), dtype=bool))
    rot_main: dict[int, int] = {}
    rot_extra: dict[int, int] = {}
    if len(rot.idx):
        fm = smcf.flows(np.arange(*rot.main_span, dtype=np.int64))
        fe = smcf.flows(np.arange(*rot.extra_span, dtype=np.int64))
        for k, n in zip(rot.event[rot.main], fm, strict=True):
            rot_main[int(k)] = rot_main.get(int(k), 0) + int(n)
        for k, n, lk in zip(rot.event, fe, rot.locked_here, strict=True):
            if not lk:
                rot_extra[int(k)] = rot_extra.get(int(k), 0) + int(n)
        f = _carrying(smcf, rot.span)
        parts_v.append(e.v[rot.idx][f])
        parts_c.append(e.c[rot.idx][f])
        parts_s.append(e.s[rot.idx][f])
        parts_o.append(np.zeros(int(f.sum()), dtype=bool))
    if hub.in_span[1] > hub.in_span[0]:
        fin, fout = _carrying(smcf, hub.in_span), _carrying(smcf, hub.out_span)
        ov_pairs = _pair_hub(inst, hub.in_rows, fin, hub.out_rows, fout)
        parts_v.append(ov_pairs[0])
        parts_c.append(ov_pairs[1])
        parts_s.append(ov_pairs[2])
        parts_o.append(np.ones(len(ov_pairs[0]), dtype=bool))
    rows = tuple(np.concatenate(p) for p in (parts_v, parts_c, parts_s, parts_o))
    return rows, rot_main, rot_extra


def solve_flow(
    inst: Instance,
    edges: Edges,
    locked: Locked,
    with_online: bool = True,
    rot_price: dict[int, float] | None = None,
    bonus_price: tuple[np.ndarray, np.ndarray] | None = None,
    pair_price: tuple[np.ndarray, np.ndarray] | None = None,
) -> FlowResult:
    """Solve the relaxation over in-person `edges` (+ online via hubs) around locked triples.

    `rot_price` (per rotation event, key venue·S + slot) is a Lagrange multiplier λ ≥ 0 on
    "extras ≤ (rounds − 1) × volunteers present": each extra unit costs λ and each volunteer
    present earns λ·(rounds − 1). Any λ ≥ 0 keeps the optimum an upper bound; a good λ
    makes it much tighter (see `flow_bound`).

    `bonus_price` = (μ per (school, sector), ν per school), integers in [0, bonus], prices
    "the school meets the sector only if some encounter brings it" instead of relaxing it:
    each encounter earns μ[h, its sector] (+ ν[h] if counter-stereotype) and the bound adds
    Σ max(0, sector_bonus − μ) + Σ max(0, counter_stereotype_bonus − ν) over what is in
    reach. For a plan meeting sector σ at school h n ≥ 1 times, bonus = (bonus − μ) + μ ≤
    (bonus − μ) + μ·n, so any prices keep the bound (see `flow_bound` for how they are set).

    `pair_price` = (sorted keys v·C + c, π ≥ 0) prices "a volunteer meets a class at most
    once" for those pairs, which the network cannot enforce (it would need a node per pair
    and per slot at once): each in-person encounter of the pair costs π and the bound adds
    π. A plan meeting the pair n ≤ 1 times loses π·n ≤ π, so any π ≥ 0 keeps the bound.

    The steps, each a function below: what the locks use; the edges left beside them; the
    bonuses still open; the prices on arcs; the network's layers, plain, rotation and online
    arcs, the class values and the sink; the solve; the bound; decoding; the counts the
    subgradient needs; repair.
    """
    used = _locked_use(inst, locked)
    e, e_rot = _edges_around_locks(inst, edges, used)
    open_sec, open_cs = _open_bonuses(inst, e, locked, with_online)
    pricing = _Pricing(inst, open_sec, open_cs, bonus_price, pair_price)

    net = _Net()
    source, sink, pool = (int(n) for n in net.nodes(3))
    layers = _add_layers(net, inst, source, used)
    plain = _add_plain_arcs(net, e, e_rot, layers, pricing)
    rot = _add_rotation_arcs(net, inst, source, e, e_rot, layers, used, locked, pricing, rot_price)
    hub = _add_online_hubs(net, inst, layers, pricing) if with_online else _HubArcs()
    total = _add_values_and_sink(
        net, inst, source, sink, pool, layers, used, locked, open_sec, open_cs, e, e_rot, rot,
        pricing.priced,
    )  # fmt: skip
    n_arcs = net.count
    smcf = _run(net, source, sink, total)

    bound = _bound_of(inst, smcf, locked, open_sec, open_cs, pricing)
    (v, c, s, o), rot_main, rot_extra = _decode(inst, smcf, locked, e, plain, rot, hub)
    n_locked = len(locked[0])
    pair_keys, pair_counts, sector_count, cs_count = _sent_counts(
        inst, v[n_locked:], c[n_locked:], o[n_locked:], open_sec.shape
    )
    v, c, s, o = repair(inst, v, c, s, o, n_locked=n_locked)
    return FlowResult(
        bound, v, c, s, o, n_arcs, rot_main, rot_extra,
        sector_count, cs_count, open_sec, open_cs, pair_keys, pair_counts,
    )  # fmt: skip


def _sent_counts(
    inst: Instance, v: np.ndarray, c: np.ndarray, o: np.ndarray, sec_shape: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What the subgradient steps read off the flow's encounters (before repair).

    (in-person pair keys v·C + c and how often each is sent, encounters per (school, sector),
    counter-stereotype encounters per school).
    """
    in_person = ~o
    pair_keys, pair_counts = np.unique(v[in_person] * inst.C + c[in_person], return_counts=True)
    sector_count = np.zeros(sec_shape, dtype=np.int64)
    cs_count = np.zeros(inst.H, dtype=np.int64)
    fh = inst.c_school[c]
    np.add.at(sector_count, (fh, inst.v_sector[v]), 1)
    np.add.at(cs_count, fh[inst.v_cs[v]], 1)
    return pair_keys, pair_counts, sector_count, cs_count


def _take_all(parts: list[np.ndarray]) -> np.ndarray:
    """Concatenate the parts and empty the list, so that only one copy stays alive."""
    out = np.concatenate(parts)
    parts.clear()
    return out


@dataclass
class Prices:
    """Lagrange multipliers of the flow relaxation, kept between calls to `flow_bound`."""

    rot: dict[int, float]  # per rotation event (venue·S + slot)
    mu: np.ndarray | None = None  # per (school, sector): None until the bonuses are priced
    nu: np.ndarray | None = None  # per school (counter-stereotype)
    alpha: float = 0.2  # Polyak step factor, halved when the bound stalls
    # per (volunteer·C + class) pair the flow sent twice or more: "meet at most once"
    pair: dict[int, float] = field(default_factory=dict)


def initial_prices(inst: Instance) -> Prices:
    """Zero prices: the plain relaxation, which the subgradient steps then tighten.

    Rotation prices used to start near what an encounter at the event is worth; that paid
    every volunteer in reach to turn up whether or not the event had classes for the extras,
    and put the first bound 4.6% (region) to 10% (4,000 schools) higher than zero prices do.
    """
    return Prices({int(h * inst.S + s): 0.0 for h, s in np.argwhere(inst.rot_rounds > 0)})


def flow_bound(
    inst: Instance,
    edges: Edges,
    locked: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    deadline: float,
    iterations: int = 30,
    prices: Prices | None = None,
    target: int | Callable[[], int] = 0,
    on_solve: Callable[[int], None] | None = None,
) -> tuple[int, FlowResult, int]:
    """Tighten the relaxation by subgradient steps on its Lagrange multipliers.

    The school bonuses are priced (`bonus_price`) from full prices down; the rotation events'
    prices from zero up, and the pairs the flow has meet twice from zero up, all in the same
    Polyak steps towards the best plan's value, or `target` if higher (a plan found
    elsewhere; a callable is asked before each step, for a search running beside this).
    A solve starts only if it is expected to end by `deadline` (each is assumed
    to take as long as the last), except the first. Pass `prices` to continue
    from an earlier call; they are updated in place. `on_solve` hears the best bound so far
    after every solve. Returns (best bound, the flow result whose decoded plan is best,
    iterations run). Every iterate's bound is valid, so stopping at any time is safe.
    """
    aim = target if callable(target) else (lambda: int(target))  # type: ignore[arg-type]
    w = inst.problem.weights
    events = np.argwhere(inst.rot_rounds > 0)
    if prices is None:
        prices = initial_prices(inst)
    price = prices.rot
    has_bonus = bool(w.sector_bonus or w.counter_stereotype_bonus)
    best: FlowResult | None = None
    best_value = -(2**62)
    bound = 2**62
    runs = 0
    if has_bonus and (prices.mu is None or prices.nu is None):
        # Full prices: every encounter earns its sector's bonus (and the counter-stereotype
        # one), about what the capacity relaxation gives; the steps then lower the prices of
        # bonuses the flow wins twice. (Prices read off a first plan started about 1% higher at
        # 4,000 schools, and the capacity-relaxed solve has no gradient to step along.)
        prices.mu = np.full(inst.reach_shape, float(w.sector_bonus))
        prices.nu = np.full(inst.H, float(w.counter_stereotype_bonus))
    mu, nu = prices.mu, prices.nu
    stale = 0
    for _ in range(max(1, iterations if (len(events) or has_bonus) else 1)):
        t0 = time.perf_counter()
        runs += 1
        bonus = None if mu is None or nu is None else (np.rint(mu), np.rint(nu))
        keys = np.array(sorted(prices.pair), dtype=np.int64)
        pair = (keys, np.array([prices.pair[k] for k in keys.tolist()], dtype=float))
        fr = solve_flow(inst, edges, locked, rot_price=price, bonus_price=bonus, pair_price=pair)
        if fr.bound < bound:
            bound, stale = fr.bound, 0
        else:
            stale += 1
            if stale >= 2:
                prices.alpha, stale = prices.alpha / 2, 0
        if on_solve is not None:
            on_solve(bound)
        value = breakdown_arrays(inst, fr.v, fr.c, fr.online).total
        if value > best_value:
            best, best_value = fr, value
        goal = max(best_value, aim())
        if bound <= goal:
            break
        # g = (rounds − 1)·present − extras: negative where extras outrun the volunteers.
        grad = {
            k: (int(inst.rot_rounds[k // inst.S, k % inst.S]) - 1) * fr.rot_main.get(k, 0)
            - fr.rot_extra.get(k, 0)
            for k in price
        }
        g_sec = g_cs = None
        if has_bonus and mu is not None and nu is not None:
            # ∂/∂μ of the dual = encounters bringing the sector − [the bonus is still counted].
            g_sec = np.where(fr.open_sec, fr.sector_count - (mu < w.sector_bonus), 0)
            g_cs = np.where(fr.open_cs, fr.cs_count - (nu < w.counter_stereotype_bonus), 0)
        # ∂/∂π = 1 − times the flow has the pair meet (pairs sent twice join the priced ones).
        for k in fr.pair_keys[fr.pair_counts >= 2].tolist():
            prices.pair.setdefault(int(k), 0.0)
        pkeys = np.array(sorted(prices.pair), dtype=np.int64)
        at = np.minimum(np.searchsorted(fr.pair_keys, pkeys), max(0, len(fr.pair_keys) - 1))
        sent = np.where(
            (len(fr.pair_keys) > 0) & (fr.pair_keys[at] == pkeys), fr.pair_counts[at], 0
        ) if len(fr.pair_keys) else np.zeros(len(pkeys), dtype=np.int64)  # fmt: skip
        g_pair = 1 - sent
        norm = float(sum(g * g for g in grad.values())) + float((g_pair**2).sum())
        if g_sec is not None and g_cs is not None:
            norm += float((g_sec.astype(float) ** 2).sum() + (g_cs.astype(float) ** 2).sum())
        if norm == 0:
            break
        if norm:
            step = prices.alpha * max(fr.bound - goal, 1) / norm
            price = {k: max(0.0, p - step * grad[k]) for k, p in price.items()}
            for k, g in zip(pkeys.tolist(), g_pair.tolist(), strict=True):
                prices.pair[k] = max(0.0, prices.pair[k] - step * g)
            if mu is not None and nu is not None and g_sec is not None and g_cs is not None:
                mu = np.clip(mu - step * g_sec, 0, w.sector_bonus)
                nu = np.clip(nu - step * g_cs, 0, w.counter_stereotype_bonus)
        prices.rot, prices.mu, prices.nu = price, mu, nu
        # Stop when another solve like this one would overrun (the prices are kept for a
        # later call to continue from).
        now = time.perf_counter()
        if now + (now - t0) > deadline:
            break
    assert best is not None
    return bound, best, runs


def _pair_hub(
    inst: Instance,
    hub_in_rows: tuple[np.ndarray, ...],
    fin: np.ndarray,
    hub_out_rows: tuple[np.ndarray, ...],
    fout: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Match the volunteers and classes that met in each (slot, year, kind) hub."""
    hv, hs, hy, ht = (a[fin] for a in hub_in_rows)
    oc, os_, ot = (a[fout] for a in hub_out_rows)
    waiting: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for c, s, t in zip(oc, os_, ot, strict=True):
        waiting[(int(s), int(inst.c_year[c]), int(t))].append(int(c))
    forbidden = set(inst._forbidden_keys.tolist())
    out_v, out_c, out_s = [], [], []
    for v, s, y, t in zip(hv, hs, hy, ht, strict=True):
        queue = waiting.get((int(s), int(y), int(t)), [])
        # Any class in the hub will do, except one the facilitator forbade for this volunteer
        # (repair later drops a volunteer meeting the same class twice).
        for i, c in enumerate(queue):
            if int(inst.key(v, c, s)) not in forbidden:
                out_v.append(int(v))
                out_c.append(queue.pop(i))
                out_s.append(int(s))
                break
    as_arr = lambda x: np.array(x, dtype=np.int64)  # noqa: E731
    return as_arr(out_v), as_arr(out_c), as_arr(out_s)


def repair(
    inst: Instance,
    v: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    online: np.ndarray,
    n_locked: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Drop assignments that break a rule the relaxation does not enforce.

    The first `n_locked` rows are locked and always kept (they were checked beforehand).
    Rules restored: one class per volunteer per slot except at one rotation venue (≤ rounds),
    `max_sessions`, a volunteer meets a class once, class capacities.
    """
    keep = np.zeros(len(v), dtype=bool)
    sessions: dict[int, set[int]] = defaultdict(set)
    at: dict[tuple[int, int], tuple[int, int]] = {}  # (v, s) → (venue or −1, count)
    met: set[tuple[int, int]] = set()
    class_slot: dict[tuple[int, int], int] = defaultdict(int)
    degree: dict[int, int] = defaultdict(int)
    # Locked rows first, then the rest with plain/online before rotation extras so that the
    # volunteer's own slot decides where they are.
    order = list(range(n_locked)) + sorted(
        range(n_locked, len(v)), key=lambda i: inst.rot_rounds[inst.c_venue[c[i]], s[i]] > 0
    )
    for i in order:
        vi, ci, si = int(v[i]), int(c[i]), int(s[i])
        venue = int(inst.c_venue[ci])
        rounds = 0 if online[i] else int(inst.rot_rounds[venue, si])
        place = (venue, 1) if rounds else (-1, 1)
        current = at.get((vi, si))
        if i >= n_locked:
            if (vi, ci) in met or degree[ci] >= inst.max_enc:
                continue
            if class_slot[(ci, si)] >= int(inst.class_cap(np.array(ci), np.array(si))):
                continue
            if current is not None:
                if not rounds or current[0] != venue or current[1] >= rounds:
                    continue
            elif si not in sessions[vi] and len(sessions[vi]) >= inst.v_max[vi]:
                continue
        keep[i] = True
        met.add((vi, ci))
        degree[ci] += 1
        class_slot[(ci, si)] += 1
        sessions[vi].add(si)
        at[(vi, si)] = (place[0], (current[1] + 1) if current else 1)
    idx = np.flatnonzero(keep)
    return v[idx], c[idx], s[idx], online[idx]


_FILL_CHUNK = 4_000_000  # edges scored at a time, to bound memory at national scale


def fill(
    inst: Instance,
    edges: Edges,
    v: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    online: np.ndarray,
    passes: int = 6,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Add in-person encounters greedily wherever a plan leaves room, never removing any.

    Decoding and repairing a relaxation leaves volunteer sessions and class places unused
    (a pair the flow sent twice is dropped, for instance); each pass adds, best first, the
    pairs that still fit every rule, at most one new encounter per class so that its value
    is known. Rotation events are left alone (their timetable is the exact model's job).
    """
    w = inst.problem.weights
    nsec = max(1, len(inst.sectors))
    used = np.zeros((inst.V, inst.S), dtype=bool)
    used[v, s] = True
    class_slot = np.zeros((inst.C, inst.S), dtype=np.int64)
    np.add.at(class_slot, (c, s), 1)
    degree = np.bincount(c, minlength=inst.C)
    met = set((v * inst.C + c).tolist())
    h = inst.c_school[c]
    have_sec = np.zeros((inst.H, nsec), dtype=bool)
    have_sec[h, inst.v_sector[v]] = True
    have_cs = np.zeros(inst.H, dtype=bool)
    have_cs[h[inst.v_cs[v]]] = True
    add_v: list[int] = []
    add_c: list[int] = []
    add_s: list[int] = []
    for _ in range(passes):
        sessions = used.sum(axis=1)
        cand_parts = []
        for a in range(0, len(edges), _FILL_CHUNK):
            e = edges.take(np.arange(a, min(a + _FILL_CHUNK, len(edges))))
            ok = (
                ~used[e.v, e.s]
                & (sessions[e.v] < inst.v_max[e.v])
                & (class_slot[e.c, e.s] == 0)
                & (degree[e.c] < inst.max_enc)
                & (inst.rot_rounds[inst.c_venue[e.c], e.s] == 0)
            )
            idx = np.flatnonzero(ok)
            if len(idx) == 0:
                continue
            e = e.take(idx)
            eh = inst.c_school[e.c]
            gain = (
                inst.marginal[e.c, np.minimum(degree[e.c], inst.max_enc - 1)]
                - e.cost
                + w.sector_bonus * ~have_sec[eh, inst.v_sector[e.v]]
                + w.counter_stereotype_bonus * (inst.v_cs[e.v] & ~have_cs[eh])
            )
            good = np.flatnonzero(gain > 0)
            cand_parts.append((e.v[good], e.c[good], e.s[good], gain[good]))
        if not cand_parts:
            break
        cv, cc, cs, cg = (np.concatenate(p) for p in zip(*cand_parts, strict=True))
        order = np.argsort(-cg, kind="stable")
        taken_class: set[int] = set()
        added = 0
        for i in order.tolist():
            vi, ci, si = int(cv[i]), int(cc[i]), int(cs[i])
            if ci in taken_class or used[vi, si] or vi * inst.C + ci in met:
                continue
            if used[vi].sum() >= inst.v_max[vi] or class_slot[ci, si]:
                continue
            used[vi, si] = True
            class_slot[ci, si] += 1
            taken_class.add(ci)
            met.add(vi * inst.C + ci)
            add_v.append(vi)
            add_c.append(ci)
            add_s.append(si)
            added += 1
        if not added:
            break
        new_c = np.array(add_c[-added:], dtype=np.int64)
        new_v = np.array(add_v[-added:], dtype=np.int64)
        np.add.at(degree, new_c, 1)
        have_sec[inst.c_school[new_c], inst.v_sector[new_v]] = True
        have_cs[inst.c_school[new_c[inst.v_cs[new_v]]]] = True
    if not add_v:
        return v, c, s, online
    n = len(add_v)
    return (
        np.concatenate([v, np.array(add_v, dtype=np.int64)]),
        np.concatenate([c, np.array(add_c, dtype=np.int64)]),
        np.concatenate([s, np.array(add_s, dtype=np.int64)]),
        np.concatenate([online, np.zeros(n, dtype=bool)]),
    )
