"""The last pass for classes left out (reach.py): a volunteer moves from a class's second
encounter to a class that has met nobody, when that improves the plan, never breaking a rule."""

import time

import numpy as np

from horizons.allocation.engine.check import check_plan
from horizons.allocation.engine.instance import Instance
from horizons.allocation.engine.objective import breakdown_arrays
from horizons.allocation.engine.problem import Assignment, Plan, parse_problem
from horizons.allocation.engine.reach import reach_out
from tests.allocation.factories import SLOTS, klass, problem, school, volunteer

AM = SLOTS[0]


def _world():  # type: ignore[no-untyped-def]
    # Near: a class met twice (Wil in person, Ola online). Far: a class nobody can visit;
    # only Ola, online, could meet it, and she has one session.
    return parse_problem(problem(
        [school("near", 52.40, -1.50, 0.1, klass("near-5", slots=[AM, SLOTS[1]])),
         school("far", 54.90, -1.60, 0.5, klass("far-5", slots=[AM]))],
        [volunteer("wil", slots=[SLOTS[1]], max_sessions=1),
         volunteer("ola", online=True, in_person=False, slots=[AM], max_sessions=1)],
    ))  # fmt: skip


def _rows(inst, items):  # type: ignore[no-untyped-def]
    arr = np.array(
        [(inst.vol_ix[v], inst.class_ix[c], inst.slot_ix[s], o) for v, c, s, o in items],
        dtype=np.int64,
    )
    return arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3].astype(bool)


def _plan(p, inst, rows):  # type: ignore[no-untyped-def]
    v, c, s, o = rows
    return Plan("FEASIBLE", tuple(
        Assignment(p.volunteers[v[i]].id, p.classes[c[i]].id, p.slots[s[i]],
                   "online" if o[i] else "in_person") for i in range(len(v))
    ), 0, 0)  # fmt: skip


def test_a_volunteer_moves_to_the_class_that_met_nobody():
    p = _world()
    inst = Instance(p)
    start = _rows(inst, [("wil", "near-5", SLOTS[1], False), ("ola", "near-5", AM, True)])
    before = breakdown_arrays(inst, start[0], start[1], start[3]).total
    none = np.zeros(0, dtype=np.int64)
    rows, moved = reach_out(inst, inst.in_person_edges, start, none, time.perf_counter() + 5)
    assert moved == 1
    plan = _plan(p, inst, rows)
    assert check_plan(p, plan) == []
    assert {(a.volunteer, a.class_) for a in plan.assignments} == {
        ("wil", "near-5"),
        ("ola", "far-5"),
    }
    assert breakdown_arrays(inst, rows[0], rows[1], rows[3]).total > before


def test_a_locked_pairing_or_a_class_met_once_is_never_given_up():
    p = _world()
    inst = Instance(p)
    none = np.zeros(0, dtype=np.int64)
    # Ola's session is the near class's only encounter: she may go to the far class only if
    # someone takes over at the near one (here Wil, free that afternoon: a chain of two).
    alone = _rows(inst, [("ola", "near-5", AM, True)])
    rows, moved = reach_out(inst, inst.in_person_edges, alone, none, time.perf_counter() + 5)
    assert moved == 1 and {(a.volunteer, a.class_) for a in _plan(p, inst, rows).assignments} == {
        ("ola", "far-5"),
        ("wil", "near-5"),
    }
    assert check_plan(p, _plan(p, inst, rows)) == []
    # Without Wil nobody can take over: the near class keeps Ola.
    p = parse_problem(problem(
        [school("near", 52.40, -1.50, 0.1, klass("near-5", slots=[AM, SLOTS[1]])),
         school("far", 54.90, -1.60, 0.5, klass("far-5", slots=[AM]))],
        [volunteer("ola", online=True, in_person=False, slots=[AM], max_sessions=1)],
    ))  # fmt: skip
    inst = Instance(p)
    alone = _rows(inst, [("ola", "near-5", AM, True)])
    rows, moved = reach_out(inst, inst.in_person_edges, alone, none, time.perf_counter() + 5)
    assert moved == 0 and len(rows[0]) == 1 and rows[1][0] == inst.class_ix["near-5"]
    inst = Instance(_world())
    # Met twice, but the facilitator locked Ola's session there.
    twice = _rows(inst, [("wil", "near-5", SLOTS[1], False), ("ola", "near-5", AM, True)])
    lock = np.array([inst.key(inst.vol_ix["ola"], inst.class_ix["near-5"], 0)], dtype=np.int64)
    rows, moved = reach_out(inst, inst.in_person_edges, twice, lock, time.perf_counter() + 5)
    assert moved == 0


def test_a_free_online_session_is_simply_used():
    p = _world()
    inst = Instance(p)
    start = _rows(inst, [("wil", "near-5", SLOTS[1], False)])
    none = np.zeros(0, dtype=np.int64)
    rows, moved = reach_out(inst, inst.in_person_edges, start, none, time.perf_counter() + 5)
    assert moved == 1 and len(rows[0]) == 2
    assert check_plan(p, _plan(p, inst, rows)) == []


def _line(cat: bool = True):  # type: ignore[no-untyped-def]
    # Three schools 6.8 km apart on a line; each volunteer reaches the two nearest (5 km).
    # Ann alone can reach "west" and is at "mid" (its only encounter); Bob could take over at
    # "mid" from "east", which Cat also meets. No single move reaches "west"; a chain does.
    am, pm = SLOTS[0], SLOTS[1]
    return parse_problem(problem(
        [school("west", 52.40, -1.60, 0.3, klass("west-5", slots=[am])),
         school("mid", 52.40, -1.50, 0.1, klass("mid-5", slots=[am, pm])),
         school("east", 52.40, -1.40, 0.1, klass("east-5", slots=[am, pm]))],
        [volunteer("ann", lon=-1.55, radius_km=5, slots=[am], max_sessions=1),
         volunteer("bob", lon=-1.45, radius_km=5, slots=[pm], max_sessions=1),
         *([volunteer("cat", lon=-1.40, radius_km=5, slots=[am], max_sessions=1)] if cat else [])],
    ))  # fmt: skip


def test_a_chain_of_volunteers_reaches_a_class_no_single_move_can():
    p = _line()
    inst = Instance(p)
    am, pm = SLOTS[0], SLOTS[1]
    start = _rows(
        inst,
        [("ann", "mid-5", am, False), ("bob", "east-5", pm, False), ("cat", "east-5", am, False)],
    )
    before = breakdown_arrays(inst, start[0], start[1], start[3]).total
    none = np.zeros(0, dtype=np.int64)
    rows, moved = reach_out(inst, inst.in_person_edges, start, none, time.perf_counter() + 5)
    assert moved == 1
    plan = _plan(p, inst, rows)
    assert check_plan(p, plan) == []
    assert {(a.volunteer, a.class_, a.slot) for a in plan.assignments} == {
        ("ann", "west-5", am),
        ("bob", "mid-5", pm),
        ("cat", "east-5", am),
    }
    assert breakdown_arrays(inst, rows[0], rows[1], rows[3]).total > before


def test_a_chain_never_moves_a_locked_pairing_or_leaves_a_class_out():
    p = _line()
    inst = Instance(p)
    am, pm = SLOTS[0], SLOTS[1]
    none = np.zeros(0, dtype=np.int64)
    # Bob's session is locked at "east": the chain cannot end there.
    start = _rows(
        inst,
        [("ann", "mid-5", am, False), ("bob", "east-5", pm, False), ("cat", "east-5", am, False)],
    )
    lock = np.array([inst.key(inst.vol_ix["bob"], inst.class_ix["east-5"], 1)], dtype=np.int64)
    rows, moved = reach_out(inst, inst.in_person_edges, start, lock, time.perf_counter() + 5)
    assert moved == 0 and len(rows[0]) == 3
    # Without Cat, "east" is met once by Bob: moving him would leave it out, so nothing moves.
    p = _line(cat=False)
    inst = Instance(p)
    start = _rows(inst, [("ann", "mid-5", am, False), ("bob", "east-5", pm, False)])
    rows, moved = reach_out(inst, inst.in_person_edges, start, none, time.perf_counter() + 5)
    assert moved == 0 and sorted(rows[1].tolist()) == sorted(start[1].tolist())


def test_on_crowded_campaigns_the_last_pass_keeps_every_rule_and_never_loses_value():
    # First come, first served leaves classes out; the pass (single moves and chains) must
    # give a plan that keeps every rule and is worth at least as much.
    from horizons.allocation.engine.generate import generate
    from horizons.allocation.engine.greedy import first_come_first_served

    none = np.zeros(0, dtype=np.int64)
    improved = 0
    for seed in range(1, 13):
        p = generate(30, 25, 2, seed=seed, participation=0.9)
        inst = Instance(p)
        greedy = first_come_first_served(p, seed=seed)
        start = _rows(
            inst,
            [(a.volunteer, a.class_, a.slot, a.mode == "online") for a in greedy.assignments],
        )
        before = breakdown_arrays(inst, start[0], start[1], start[3]).total
        rows, moved = reach_out(inst, inst.in_person_edges, start, none, time.perf_counter() + 10)
        assert check_plan(p, _plan(p, inst, rows)) == [], seed
        after = breakdown_arrays(inst, rows[0], rows[1], rows[3]).total
        assert after >= before
        assert (after > before) == (moved > 0)
        improved += moved > 0
    assert improved >= 3  # the crowded campaigns do leave classes a move or chain can reach
