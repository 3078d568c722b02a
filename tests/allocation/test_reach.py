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
    # Ola's session is the near class's only encounter: moving it would leave that class out.
    alone = _rows(inst, [("ola", "near-5", AM, True)])
    rows, moved = reach_out(inst, inst.in_person_edges, alone, none, time.perf_counter() + 5)
    assert moved == 0 and len(rows[0]) == 1 and rows[1][0] == inst.class_ix["near-5"]
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
