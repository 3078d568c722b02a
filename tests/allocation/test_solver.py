"""The solver: locks, forbidden pairings, rotations, hard rules, and beating the baseline."""

import time

import numpy as np
import pytest

from horizons.allocation.engine.beside import BoundBeside
from horizons.allocation.engine.check import check_plan
from horizons.allocation.engine.flow import flow_bound, initial_prices, solve_flow
from horizons.allocation.engine.generate import generate
from horizons.allocation.engine.greedy import first_come_first_served
from horizons.allocation.engine.instance import Instance
from horizons.allocation.engine.objective import breakdown_arrays, evaluate
from horizons.allocation.engine.problem import Assignment, LockError, Plan, parse_problem
from horizons.allocation.engine.solver import solve
from tests.allocation.factories import SLOTS, coventry, klass, problem, school, volunteer


def lock(v: str, c: str, s: str) -> dict:
    return {"volunteer": v, "class": c, "slot": s}


def test_small_campaign_is_proven_optimal_and_valid():
    p = parse_problem(coventry())
    plan = solve(p, time_limit=10)
    assert plan.status == "OPTIMAL"
    assert plan.objective == plan.bound == evaluate(Instance(p), plan.assignments)
    assert check_plan(p, plan) == []
    # Oxford is 60 km away: only Ana (online) can take it.
    assert [a.mode for a in plan.assignments if a.class_ == "oxford-4"] == ["online"]


def test_a_lock_is_kept_even_when_it_costs_value():
    data = coventry()
    data["locked"] = [lock("maya", "hillside-6", SLOTS[2])]
    p = parse_problem(data)
    plan = solve(p, time_limit=10)
    assert ("maya", "hillside-6", SLOTS[2]) in {
        (a.volunteer, a.class_, a.slot) for a in plan.assignments
    }
    assert check_plan(p, plan) == []
    free = solve(parse_problem(coventry()), time_limit=10)
    assert plan.objective <= free.objective


def test_a_forbidden_pairing_is_avoided():
    data = coventry()
    data["forbidden"] = [lock("tom", "stmary-5", SLOTS[0])]
    plan = solve(parse_problem(data), time_limit=10)
    assert ("tom", "stmary-5", SLOTS[0]) not in {
        (a.volunteer, a.class_, a.slot) for a in plan.assignments
    }


def test_impossible_locks_raise_with_every_reason():
    data = coventry()
    data["locked"] = [
        lock("tom", "stmary-2", SLOTS[0]),  # Tom only serves Years 5–6
        lock("tom", "oxford-4", SLOTS[1]),  # Oxford is out of reach, Tom is not free then
    ]
    with pytest.raises(LockError) as info:
        solve(parse_problem(data), time_limit=5)
    text = " ".join(info.value.errors)
    assert "does not serve Year 2" in text
    assert "beyond the volunteer's 10 km" in text
    assert "not free in 2026-03-02 PM" in text


def test_locks_that_clash_together_raise():
    data = coventry()
    data["locked"] = [lock("maya", "stmary-5", SLOTS[0]), lock("maya", "hillside-6", SLOTS[0])]
    with pytest.raises(LockError, match="in 2 places"):
        solve(parse_problem(data), time_limit=5)


def test_a_volunteer_with_no_slots_is_simply_unused():
    data = coventry()
    data["volunteers"][0]["slots"] = []
    p = parse_problem(data)
    plan = solve(p, time_limit=5)
    assert "maya" not in {a.volunteer for a in plan.assignments}
    assert check_plan(p, plan) == []


def test_rotation_event_meets_several_classes_in_one_session_with_rounds():
    classes = [klass(f"host-{i}", 5, [SLOTS[0]]) for i in range(3)]
    guest = [klass("guest-1", 5, [SLOTS[0]])]
    data = problem(
        [school("host", 52.41, -1.52, 0.3, *classes),
         school("guest", 52.42, -1.53, 0.5, *guest, host="host")],
        [volunteer(f"v{i}", slots=[SLOTS[0]], max_sessions=1) for i in range(2)],
        rotations=[{"host": "host", "slot": SLOTS[0], "rounds": 4}],
        max_encounters_per_class=2,
    )  # fmt: skip
    p = parse_problem(data)
    plan = solve(p, time_limit=10)
    assert check_plan(p, plan) == []
    # Two volunteers, one session each, yet they meet all four classes, twice over.
    assert len(plan.assignments) == 8
    assert {a.round for a in plan.assignments} <= {1, 2, 3, 4}
    assert plan.status == "OPTIMAL"


def test_check_plan_names_each_broken_rule():
    p = parse_problem(coventry())
    bad = Plan(
        "FEASIBLE",
        (
            Assignment("tom", "stmary-2", SLOTS[1]),  # wrong year, Tom not free
            Assignment("maya", "oxford-4", SLOTS[0]),  # too far
            Assignment("maya", "stmary-5", SLOTS[0]),  # Maya twice in one slot
            Assignment("ana", "hillside-6", SLOTS[0], "online"),
            Assignment("tom", "hillside-6", SLOTS[0]),  # class twice in one slot
            Assignment("ghost", "stmary-5", SLOTS[0]),
        ),
        0,
        0,
    )
    text = "\n".join(check_plan(p, bad))
    assert "does not serve Year 2" in text
    assert "not free in 2026-03-02 PM" in text
    assert "beyond the volunteer's 10 km" in text
    assert "volunteer maya is in 2 places in 2026-03-02 AM" in text
    assert "class hillside-6 meets 2 volunteers in 2026-03-02 AM" in text
    assert "unknown volunteer 'ghost'" in text


@pytest.mark.parametrize("seed", [1, 2])
def test_solver_beats_first_come_first_served(seed):
    p = generate(30, 60, 3, seed=seed)
    plan = solve(p, time_limit=10)
    greedy = first_come_first_served(p, seed=seed)
    assert check_plan(p, plan) == []
    assert check_plan(p, greedy) == []
    assert plan.objective >= greedy.objective
    assert plan.objective <= plan.bound
    assert len({a.class_ for a in plan.assignments}) >= len({a.class_ for a in greedy.assignments})


def test_large_campaign_paths_stay_valid():
    # Force the neighbourhood search (with and without the LP bound) on a small instance.
    p = generate(40, 80, 2, seed=4)
    exact = solve(p, time_limit=3)
    for lp_limit, beside in ((0, False), (0, True), (10**9, True)):
        plan = solve(
            p, time_limit=1.5, direct_limit=0, lp_limit=lp_limit, neighbourhood_classes=30,
            beside=beside,
        )  # fmt: skip
        assert check_plan(p, plan) == []
        assert ("flow_beside" in plan.stats) is beside
        assert 0 < plan.objective <= plan.bound
        assert plan.stats["method"] == "flow + mip neighbourhood search"
        # Each method's bound holds for the other's plan.
        assert exact.objective <= plan.bound
        assert plan.objective <= exact.bound


def test_weights_change_the_plan():
    data = coventry()
    plan = solve(parse_problem(data), time_limit=5)
    data["weights"] = {"online_penalty": 100000}
    expensive = solve(parse_problem(data), time_limit=5)
    assert any(a.mode == "online" for a in plan.assignments)
    assert not any(a.mode == "online" for a in expensive.assignments)


def test_priced_bonuses_tighten_the_flow_bound():
    # The capacity-relaxed flow counts a new sector for almost every encounter at a school;
    # pricing "the school meets the sector" (Lagrangian) must cut that slack clearly, while the
    # property tests check that it stays a bound.
    p = generate(35, 80, 5, seed=3)
    inst = Instance(p)
    none = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    relaxed = solve_flow(inst, inst.in_person_edges, none).bound
    priced, best, runs = flow_bound(inst, inst.in_person_edges, none, time.perf_counter() + 10)
    assert runs > 1
    assert priced <= 0.99 * relaxed
    assert breakdown_arrays(inst, best.v, best.c, best.online).total <= priced


def test_pricing_a_pair_met_twice_closes_the_flow_bound():
    # One volunteer with two sessions, one class free in both slots: the network alone lets
    # them meet twice (a second encounter the rules forbid), so its plain bound is too high;
    # the price on "meet at most once" must take most of that slack away.
    problem = parse_problem({
        "slots": ["d1 AM", "d1 PM"], "max_encounters_per_class": 2,
        "schools": [{"id": "s", "lat": 52.4, "lon": -1.5, "fsm": 0.2, "online": False,
                     "classes": [{"id": "c", "year": 5, "pupils": 20,
                                  "slots": ["d1 AM", "d1 PM"]}]}],
        "volunteers": [{"id": "v", "employer": "E", "sector": "digital", "lat": 52.41,
                        "lon": -1.5, "radius_km": 10, "online": False, "years": [5],
                        "slots": ["d1 AM", "d1 PM"], "max_sessions": 2}],
    })  # fmt: skip
    inst = Instance(problem)
    none = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    optimum = solve(problem, time_limit=5)
    assert optimum.status == "OPTIMAL" and len(optimum.assignments) == 1
    plain = solve_flow(inst, inst.in_person_edges, none).bound
    assert plain > optimum.objective
    bound, _, _ = flow_bound(inst, inst.in_person_edges, none, time.perf_counter() + 5)
    assert optimum.objective <= bound <= optimum.objective + 0.1 * (plain - optimum.objective)


def test_the_bound_tightened_beside_the_search_is_a_bound_and_stops():
    # The child process proves bounds from the prices it was given and reports each; they
    # must hold against the exact optimum, and stopping it must leave no process behind.
    p = generate(35, 80, 5, seed=3)
    inst = Instance(p)
    none = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    optimum = solve(p, time_limit=120)  # a proof in ~8 s of CPU; room for a shared machine
    assert optimum.status == "OPTIMAL"
    plain = solve_flow(inst, inst.in_person_edges, none).bound
    child = BoundBeside(inst, inst.in_person_edges, none, initial_prices(inst), target=0)
    until = time.perf_counter() + 20
    while child.solves_reported() < 3 and time.perf_counter() < until:
        time.sleep(0.05)
    proc = child._proc
    bound = child.stop()
    assert not proc.is_alive()
    assert bound is not None and child.solves >= 3
    assert optimum.objective <= bound < plain  # valid, and tighter than the unpriced flow
