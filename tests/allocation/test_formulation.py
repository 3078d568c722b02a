"""The exact model's formulation: tight where it can be, so HiGHS proves plans at the root."""

import numpy as np

from horizons.allocation.engine import flow as flow_module
from horizons.allocation.engine.flow import solve_flow
from horizons.allocation.engine.instance import Instance
from horizons.allocation.engine.lp import solve_lp
from horizons.allocation.engine.problem import parse_problem
from horizons.allocation.engine.solver import solve


def one_volunteer_two_places() -> dict:
    # One volunteer with one session, free on Monday morning, in reach of two schools: the
    # host of a four-round rotation event that has a single class there, and a school nearby
    # with a class free then. Whatever the volunteer does, one class meets them.
    return {
        "slots": ["mon AM"],
        "max_encounters_per_class": 1,
        "schools": [
            {"id": "host", "lat": 52.40, "lon": -1.50, "fsm": 0.0, "online": False,
             "classes": [{"id": "host-5", "year": 5, "pupils": 25, "slots": ["mon AM"]}]},
            {"id": "near", "lat": 52.41, "lon": -1.50, "fsm": 0.0, "online": False,
             "classes": [{"id": "near-5", "year": 5, "pupils": 25, "slots": ["mon AM"]}]},
        ],
        "volunteers": [
            {"id": "v", "employer": "E", "sector": "digital", "lat": 52.405, "lon": -1.50,
             "radius_km": 10, "online": False, "years": [5], "slots": ["mon AM"],
             "max_sessions": 1},
        ],
        "rotations": [{"host": "host", "slot": "mon AM", "rounds": 4}],
        "weights": {"sector_bonus": 0, "counter_stereotype_bonus": 0},
    }  # fmt: skip


def test_a_volunteer_is_not_a_quarter_present_at_a_rotation_event():
    # "Σ meetings at the event ≤ rounds × present" alone lets the relaxation have the
    # volunteer a quarter present, meet the host's class in full and spend the other three
    # quarters of the session at the other school: 1.75 classes met by one volunteer. Each
    # meeting at the event needs the volunteer there (x ≤ present), so the relaxation's bound
    # is the optimum itself.
    p = parse_problem(one_volunteer_two_places())
    inst = Instance(p)
    plan = solve(p, time_limit=10)
    assert plan.status == "OPTIMAL" and len(plan.assignments) == 1
    none = np.zeros(0, dtype=np.int64)
    lp = solve_lp(inst, inst.in_person_edges, none, time_limit=10)
    assert plan.objective <= lp.bound <= plan.objective + 1


def one_volunteer_two_classes_at_the_event() -> dict:
    # The same, but the rotation event has two rounds and two classes of the host school, and
    # meeting a sector is worth far more than meeting a class. Going to the event meets two
    # classes and earns the host one sector bonus; going next door meets one class and earns
    # that school one.
    problem = one_volunteer_two_places()
    problem["schools"][0]["classes"].append(
        {"id": "host-6", "year": 5, "pupils": 25, "slots": ["mon AM"]}
    )
    problem["rotations"][0]["rounds"] = 2
    problem["weights"] = {"sector_bonus": 50_000, "counter_stereotype_bonus": 0}
    return problem


def test_a_half_present_volunteer_earns_only_half_a_schools_sector_bonus():
    # Linking the host's sector bonus to the pairs alone lets the relaxation have the volunteer
    # half present, meet both host classes half each (together "one meeting", so the full
    # bonus) and spend the other half next door (half of that school's bonus too): about
    # 25,000 above the optimum. The bonus earned at the event is at most the volunteer's
    # presence there, so the relaxation's bound is the optimum itself.
    p = parse_problem(one_volunteer_two_classes_at_the_event())
    inst = Instance(p)
    plan = solve(p, time_limit=10)
    assert plan.status == "OPTIMAL" and len(plan.assignments) == 2
    assert {a.class_ for a in plan.assignments} == {"host-5", "host-6"}
    none = np.zeros(0, dtype=np.int64)
    lp = solve_lp(inst, inst.in_person_edges, none, time_limit=10)
    assert plan.objective <= lp.bound <= plan.objective + 1


def two_online_volunteers_of_different_kinds() -> dict:
    # Two online schools, one class each, and two online volunteers free the same morning for
    # the same year group: an engineer who challenges a stereotype and a digital worker who
    # does not. Whoever goes where, one school earns the counter-stereotype bonus, not both.
    school = {"fsm": 0.0, "online": True, "lat": 52.4, "lon": -1.5}
    return {
        "slots": ["mon AM"],
        "max_encounters_per_class": 1,
        "schools": [
            {**school, "id": "a", "classes": [{"id": "a-5", "year": 5, "pupils": 25,
                                               "slots": ["mon AM"]}]},
            {**school, "id": "b", "classes": [{"id": "b-5", "year": 5, "pupils": 25,
                                               "slots": ["mon AM"]}]},
        ],
        "volunteers": [
            {"id": v, "employer": "E", "sector": sector, "counter_stereotype": cs,
             "lat": 51.5, "lon": -0.1, "radius_km": 5, "online": True, "in_person": False,
             "years": [5], "slots": ["mon AM"], "max_sessions": 1}
            for v, sector, cs in (("eng", "engineering", True), ("dig", "digital", False))
        ],
    }  # fmt: skip


def test_an_online_class_is_credited_only_what_a_volunteer_of_its_hub_brings():
    # The flow's online encounters pass through hubs that hide which volunteer comes. One hub
    # per (slot, year) had to credit each class the best on offer in it (sector and
    # counter-stereotype prices 60 + 80 for both classes: bound 2,980). With a hub per kind
    # of volunteer (sector, counter-stereotype) too, each class earns what its own volunteer
    # brings, and at full prices the flow bound is the optimum: 2 × 1,500 for the classes,
    # 2 × 60 for the sectors, 80 for the role model, less 2 × 150 online.
    p = parse_problem(two_online_volunteers_of_different_kinds())
    inst = Instance(p)
    plan = solve(p, time_limit=10)
    assert plan.status == "OPTIMAL" and plan.objective == 2_900
    w = p.weights
    mu = np.full((inst.H, len(inst.sectors)), w.sector_bonus)
    nu = np.full(inst.H, w.counter_stereotype_bonus)
    none = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    flow = solve_flow(inst, inst.in_person_edges, none, bonus_price=(mu, nu))
    assert flow.bound == 2_900
    assert sorted(zip(flow.v.tolist(), flow.c.tolist(), strict=True)) in (
        [(0, 0), (1, 1)],
        [(0, 1), (1, 0)],
    )


def test_beyond_the_limit_online_kinds_share_a_hub_and_the_bound_is_looser(monkeypatch):
    # A national network caps the hubs per kind (memory); the kinds then share one hub per
    # (slot, year), and each class is credited the best kind on offer there: still a bound.
    p = parse_problem(two_online_volunteers_of_different_kinds())
    inst = Instance(p)
    w = p.weights
    mu = np.full((inst.H, len(inst.sectors)), w.sector_bonus)
    nu = np.full(inst.H, w.counter_stereotype_bonus)
    none = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    monkeypatch.setattr(flow_module, "TYPED_HUB_ARCS", 0)
    flow = solve_flow(inst, inst.in_person_edges, none, bonus_price=(mu, nu))
    assert flow.bound == 2_900 + 80
    assert len(flow.v) == 2
