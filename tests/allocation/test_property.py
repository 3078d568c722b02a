"""Property: whatever the (small, random) campaign, every plan obeys every hard rule."""

import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from horizons.allocation.engine import flow as flow_module
from horizons.allocation.engine.check import check_plan
from horizons.allocation.engine.flow import fill, flow_bound, solve_flow
from horizons.allocation.engine.greedy import first_come_first_served
from horizons.allocation.engine.instance import Edges, Instance
from horizons.allocation.engine.lp import solve_mip
from horizons.allocation.engine.objective import evaluate
from horizons.allocation.engine.problem import Assignment, LockError, Plan, parse_problem
from horizons.allocation.engine.solver import _with_rounds, solve

SLOTS = ["d1 AM", "d1 PM", "d2 AM"]
SECTORS = ["health-and-care", "engineering", "digital"]


def _key(t: dict) -> tuple:
    return (t["volunteer"], t["class"], t["slot"])


# Schools' wishes (a sector, a year group, a counter-stereotype role model, or a mix).
wish_lists = st.lists(
    st.fixed_dictionaries(
        {
            "sector": st.sampled_from([*SECTORS, None]),
            "year": st.sampled_from([None, 4, 5, 6]),
            "counter_stereotype": st.booleans(),
        }  # fmt: skip
    ).filter(lambda w: w["sector"] or w["year"] or w["counter_stereotype"]),
    unique_by=lambda w: (w["sector"], w["year"], w["counter_stereotype"]),
    max_size=3,
)


@st.composite
def campaigns(draw):
    slots = SLOTS[: draw(st.integers(1, 3))]
    subset = st.lists(st.sampled_from(slots), unique=True, max_size=len(slots))
    n_schools = draw(st.integers(1, 3))
    schools = []
    for i in range(n_schools):
        classes = [
            {"id": f"c{i}{j}", "year": draw(st.integers(1, 6)), "pupils": 20,
             "prior_encounters": draw(st.integers(0, 3)), "slots": draw(subset)}
            for j in range(draw(st.integers(0, 3)))
        ]  # fmt: skip
        schools.append(
            {
                "id": f"s{i}",
                "lat": 52.4 + draw(st.floats(-0.15, 0.15)),
                "lon": -1.5 + draw(st.floats(-0.2, 0.2)),
                "fsm": draw(st.floats(0, 0.6)),
                "online": draw(st.booleans()),
                "classes": classes,
                "wishes": draw(wish_lists),
            }  # fmt: skip
        )
    rotations = []
    if n_schools >= 2 and draw(st.booleans()):
        schools[1]["host"] = "s0"
        rotations.append(
            {"host": "s0", "slot": draw(st.sampled_from(slots)), "rounds": draw(st.integers(1, 3))}
        )
    volunteers = []
    for k in range(draw(st.integers(0, 4))):
        online = draw(st.booleans())
        volunteers.append(
            {
                "id": f"v{k}",
                "employer": "E",
                "sector": draw(st.sampled_from(SECTORS)),
                "lat": 52.4 + draw(st.floats(-0.15, 0.15)),
                "lon": -1.5 + draw(st.floats(-0.2, 0.2)),
                "radius_km": draw(st.floats(0, 25)),
                "online": online,
                "in_person": True if not online else draw(st.booleans()),
                "years": draw(st.lists(st.integers(1, 6), unique=True, max_size=6)),
                "slots": draw(subset),
                "max_sessions": draw(st.integers(0, 2)),
                "counter_stereotype": draw(st.booleans()),
            }  # fmt: skip
        )
    data = {"slots": slots, "schools": schools, "volunteers": volunteers,
            "max_encounters_per_class": draw(st.integers(1, 3)), "rotations": rotations}  # fmt: skip
    class_ids = [c["id"] for s in schools for c in s["classes"]]
    if class_ids and volunteers:
        triple = st.fixed_dictionaries({
            "volunteer": st.sampled_from([v["id"] for v in volunteers]),
            "class": st.sampled_from(class_ids), "slot": st.sampled_from(slots)})  # fmt: skip
        data["forbidden"] = draw(st.lists(triple, unique_by=_key, max_size=3))
        if draw(st.booleans()):  # arbitrary locks: often impossible, which must be said
            data["locked"] = [
                t
                for t in draw(st.lists(triple, unique_by=_key, max_size=2))
                if t not in data["forbidden"]
            ]
    return data


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(campaigns(), st.booleans())
def test_every_plan_obeys_every_hard_rule(data, lock_from_greedy):
    problem = parse_problem(data)
    if lock_from_greedy and not problem.locked:
        # Locks known to be feasible together: part of a valid plan.
        base = first_come_first_served(problem)
        assert check_plan(problem, base) == []
        data = {**data, "locked": [
            {"volunteer": a.volunteer, "class": a.class_, "slot": a.slot}
            for a in base.assignments[::2]
            if {"volunteer": a.volunteer, "class": a.class_, "slot": a.slot}
            not in data.get("forbidden", [])
        ]}  # fmt: skip
        problem = parse_problem(data)
    try:
        plan = solve(problem, time_limit=2)
    except LockError as exc:
        assert exc.errors and problem.locked  # only locks may make it impossible
        return
    assert check_plan(problem, plan) == []
    if plan.status != "EMPTY":
        assert plan.objective == evaluate(Instance(problem), plan.assignments)
        assert plan.objective <= plan.bound
        assert plan.objective >= evaluate(
            Instance(problem),
            [a for a in plan.assignments if (a.volunteer, a.class_, a.slot) in {
                (t.volunteer, t.class_, t.slot) for t in problem.locked}],
        ) or not problem.locked  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(campaigns())
def test_large_scale_path_obeys_every_hard_rule(data):
    problem = parse_problem(data)
    try:
        plan = solve(problem, time_limit=0.6, direct_limit=0, neighbourhood_classes=2)
    except LockError:
        return
    assert check_plan(problem, plan) == []
    assert plan.objective <= plan.bound


def _exact_optimum(problem) -> int:
    """The proven optimum over every feasible pair (whole MIP, no gap)."""
    inst = Instance(problem)
    pool = Edges.concat([inst.in_person_edges, inst.online_edges(dominance=False)])
    res = solve_mip(inst, pool, np.zeros(0, dtype=np.int64), time_limit=20)
    assert res.found and res.value == res.bound
    return res.value


def _random_wishes(rnd) -> list[dict]:
    wishes: list[dict] = []
    for _ in range(rnd.randint(0, 3)):
        wish = {"sector": rnd.choice([*SECTORS, None]), "year": rnd.choice([None, 4, 5, 6]),
                "counter_stereotype": rnd.random() < 0.4}  # fmt: skip
        if (wish["sector"] or wish["year"] or wish["counter_stereotype"]) and wish not in wishes:
            wishes.append(wish)
    return wishes


def _busy_campaign(rnd, online_share: float = 0.3) -> dict:
    """A small but crowded campaign: most volunteers can meet most classes, bonuses matter."""
    slots = SLOTS[: rnd.randint(2, 3)]
    schools, volunteers = [], []
    for i in range(rnd.randint(2, 4)):
        schools.append({
            "id": f"s{i}", "lat": 52.4 + rnd.uniform(-0.05, 0.05),
            "lon": -1.5 + rnd.uniform(-0.05, 0.05), "fsm": rnd.uniform(0, 0.6),
            "online": rnd.random() < 0.7,
            "classes": [{"id": f"c{i}{j}", "year": rnd.randint(4, 6), "pupils": 25,
                         "prior_encounters": rnd.randint(0, 2),
                         "slots": rnd.sample(slots, rnd.randint(1, len(slots)))}
                        for j in range(rnd.randint(1, 3))],
            "wishes": _random_wishes(rnd),
        })  # fmt: skip
    rotations = []
    if rnd.random() < 0.4:
        schools[1]["host"] = "s0"
        rotations.append({"host": "s0", "slot": rnd.choice(slots), "rounds": rnd.randint(2, 3)})
    for k in range(rnd.randint(3, 7)):
        online = rnd.random() < online_share
        volunteers.append({
            "id": f"v{k}", "employer": "E", "sector": rnd.choice(SECTORS),
            "lat": 52.4 + rnd.uniform(-0.05, 0.05), "lon": -1.5 + rnd.uniform(-0.05, 0.05),
            "radius_km": rnd.uniform(3, 15), "online": online,
            "in_person": not online or rnd.random() < 0.5, "years": [4, 5, 6],
            "slots": rnd.sample(slots, rnd.randint(1, len(slots))),
            "max_sessions": rnd.randint(1, 2), "counter_stereotype": rnd.random() < 0.4,
        })  # fmt: skip
    return {"slots": slots, "schools": schools, "volunteers": volunteers,
            "max_encounters_per_class": rnd.randint(1, 3), "rotations": rotations}  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_the_flow_bound_holds_for_any_lagrange_prices(rnd):
    # Any prices ≥ 0 on the bonuses, rotation events and "meet a class at most once" must keep
    # the flow an upper bound on the true optimum (found exhaustively by the MIP); so must the
    # solver's subgradient loop.
    problem = parse_problem(_busy_campaign(rnd))
    inst = Instance(problem)
    optimum = _exact_optimum(problem)
    w = problem.weights
    none = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    mu = np.array([[rnd.randint(0, w.sector_bonus) for _ in range(max(1, len(inst.sectors)))]
                   for _ in range(inst.H)])  # fmt: skip
    nu = np.array([rnd.randint(0, w.counter_stereotype_bonus) for _ in range(inst.H)])
    rot = {int(h * inst.S + s): rnd.uniform(0, 3000) for h, s in np.argwhere(inst.rot_rounds)}
    ip = inst.in_person_edges
    keys = np.unique(ip.v * inst.C + ip.c)
    pair = (keys, np.array([rnd.uniform(0, 2000) for _ in keys]))
    priced = solve_flow(inst, ip, none, rot_price=rot, bonus_price=(mu, nu), pair_price=pair)
    assert priced.bound >= optimum
    bound, best, _ = flow_bound(inst, inst.in_person_edges, none, time.perf_counter() + 5)
    assert bound >= optimum
    assert evaluate(inst, _as_assignments(problem, best)) <= optimum


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_the_flow_bound_holds_when_most_volunteers_are_online(rnd):
    # Online encounters pass through hubs per (slot, year group, kind of volunteer), and each
    # hub → class arc earns the class what a volunteer of that kind brings it (sector and
    # counter-stereotype prices, wishes). Crediting a class less than a real pairing earns
    # would make the flow no bound: with random prices the flow must stay above the optimum,
    # whoever goes online, and so must the solver's subgradient loop.
    problem = parse_problem(_busy_campaign(rnd, online_share=0.8))
    inst = Instance(problem)
    optimum = _exact_optimum(problem)
    w = problem.weights
    none = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    mu = np.array([[rnd.randint(0, w.sector_bonus) for _ in range(max(1, len(inst.sectors)))]
                   for _ in range(inst.H)])  # fmt: skip
    nu = np.array([rnd.randint(0, w.counter_stereotype_bonus) for _ in range(inst.H)])
    priced = solve_flow(inst, inst.in_person_edges, none, bonus_price=(mu, nu))
    assert priced.bound >= optimum
    # Beyond TYPED_HUB_ARCS the kinds of a sector share a hub, then all kinds share one per
    # (slot, year): looser each time, still a bound. Every limit takes one of the three.
    typed_limit = flow_module.TYPED_HUB_ARCS
    looser = []
    try:
        for limit in range(40, -1, -4):
            flow_module.TYPED_HUB_ARCS = limit
            looser.append(solve_flow(inst, inst.in_person_edges, none, bonus_price=(mu, nu)).bound)
    finally:
        flow_module.TYPED_HUB_ARCS = typed_limit
    assert priced.bound <= looser[0] and looser == sorted(looser)
    full = solve_flow(inst, inst.in_person_edges, none, bonus_price=(
        np.full_like(mu, w.sector_bonus), np.full_like(nu, w.counter_stereotype_bonus)))  # fmt: skip
    assert full.bound >= optimum
    bound, _, _ = flow_bound(inst, inst.in_person_edges, none, time.perf_counter() + 5)
    assert bound >= optimum


def _as_assignments(problem, rows) -> list[Assignment]:
    if not isinstance(rows, tuple):
        rows = (rows.v, rows.c, rows.s, rows.online)
    return [
        Assignment(problem.volunteers[v].id, problem.classes[c].id, problem.slots[s],
                   "online" if o else "in_person")
        for v, c, s, o in zip(*rows, strict=True)
    ]  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_filling_a_plan_keeps_every_rule_and_never_loses_value(rnd):
    problem = parse_problem(_busy_campaign(rnd))
    inst = Instance(problem)
    none = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    start = solve_flow(inst, inst.in_person_edges, none)
    keep = np.array([rnd.random() < 0.5 for _ in range(len(start.v))], dtype=bool)
    rows = tuple(a[keep] if len(keep) else a for a in (start.v, start.c, start.s, start.online))
    filled = fill(inst, inst.in_person_edges, *rows)
    assert all(np.array_equal(a[: len(rows[0])], b) for a, b in zip(filled, rows, strict=True))
    plan = Plan("FEASIBLE", _with_rounds(problem, _as_assignments(problem, filled)), 0, 0)
    assert check_plan(problem, plan) == []
    before = evaluate(inst, _as_assignments(problem, rows))
    assert evaluate(inst, plan.assignments) >= before
