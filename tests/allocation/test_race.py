"""The two-strategy race on the whole-campaign MIP (engine/race.py)."""

import multiprocessing
import os

import numpy as np
import pytest

from horizons.allocation.engine import idle, race, solver
from horizons.allocation.engine.check import check_plan
from horizons.allocation.engine.generate import generate
from horizons.allocation.engine.instance import Edges, Instance
from horizons.allocation.engine.lp import MipResult, solve_mip
from horizons.allocation.engine.solver import solve

NO_LOCKS = np.zeros(0, dtype=np.int64)


def small() -> tuple[Instance, Edges]:
    inst = Instance(generate(8, 16, 2, seed=5))
    return inst, Edges.concat([inst.in_person_edges, inst.online_edges()])


def assert_reaped(pid: int) -> None:
    # A zombie of ours would still be waitable; a reaped child is not our child any more.
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_the_race_proves_the_single_process_optimum_and_leaves_no_child():
    inst, cols = small()
    single = solve_mip(inst, cols, NO_LOCKS, time_limit=60)
    assert single.found and single.value == single.bound  # proven in one process

    raced = race.race_mip(inst, cols, NO_LOCKS, time_limit=60, cores=2)

    assert raced.strategy in {name for name, _ in race.STRATEGIES}
    assert raced.result.found and raced.result.value == single.value == raced.result.bound
    assert len(raced.pids) == 2 and os.getpid() not in raced.pids
    for pid in raced.pids:
        assert_reaped(pid)
    assert multiprocessing.active_children() == []


def test_with_one_core_no_child_is_started(monkeypatch):
    def no_fork(*args, **kwargs):
        raise AssertionError("a child process was started on one core")

    monkeypatch.setattr(race.multiprocessing, "get_context", no_fork)
    inst, cols = small()
    raced = race.race_mip(inst, cols, NO_LOCKS, time_limit=60, cores=1)
    assert raced.strategy == "single process" and raced.pids == ()
    assert raced.result.value == solve_mip(inst, cols, NO_LOCKS, time_limit=60).value

    problem = generate(8, 16, 2, seed=5)
    plan = solve(problem, time_limit=60, cores=1)
    assert plan.stats["mip_strategy"] == "single process"
    assert plan.status == "OPTIMAL" and check_plan(problem, plan) == []


def test_solve_races_a_whole_campaign_on_two_cores_to_the_same_optimum():
    problem = generate(8, 16, 2, seed=5)
    one = solve(problem, time_limit=60, cores=1)
    two = solve(problem, time_limit=60, cores=2)
    assert two.stats["method"] == "mip (whole campaign)"
    assert two.stats["mip_strategy"] in {name for name, _ in race.STRATEGIES}
    assert two.status == one.status == "OPTIMAL"
    assert two.objective == one.objective == two.bound
    assert check_plan(problem, two) == []


def test_children_that_die_leave_the_solve_to_this_process(monkeypatch):
    def dies(*args, **kwargs):
        os._exit(3)  # as if the child were killed (out of memory) before it answered

    monkeypatch.setattr(race, "_solve_in_child", dies)
    inst, cols = small()
    raced = race.race_mip(inst, cols, NO_LOCKS, time_limit=60, cores=2)
    assert raced.strategy == "single process"
    assert raced.result.value == solve_mip(inst, cols, NO_LOCKS, time_limit=60).value
    for pid in raced.pids:
        assert_reaped(pid)


def test_a_race_stopped_by_the_time_limit_keeps_a_valid_plan_and_bound():
    # City seed 40 takes either strategy about 7 s of CPU to prove: one second proves nothing,
    # but what comes back must still be a bound on the optimum (203,738) and a real plan.
    inst = Instance(generate(35, 80, 5, seed=40))
    cols = Edges.concat([inst.in_person_edges, inst.online_edges()])
    raced = race.race_mip(inst, cols, NO_LOCKS, time_limit=1.0, cores=2)
    assert raced.result.bound > raced.result.value  # not proven: the combined answer
    assert raced.result.bound >= 203_738
    if raced.result.found:
        assert raced.result.value <= 203_738 and raced.result.chosen.sum() > 0
    assert len(raced.pids) == 2
    for pid in raced.pids:
        assert_reaped(pid)


def test_without_a_proof_the_better_plan_and_the_lower_bound_are_taken():
    plan_a, plan_b = np.array([True, False]), np.array([False, True])
    combined, name = race._combine(
        [("presolve on", MipResult(True, 90, 120, plan_a)),
         ("presolve off", MipResult(True, 100, 130, plan_b))]
    )  # fmt: skip
    assert name == "presolve off"
    assert (combined.found, combined.value, combined.bound) == (True, 100, 120)
    assert list(combined.chosen) == [False, True]

    nothing, name = race._combine(
        [("presolve on", MipResult(False, 0, 150, np.zeros(2, dtype=bool))),
         ("presolve off", MipResult(True, 70, 140, plan_a))]
    )  # fmt: skip
    assert (name, nothing.value, nothing.bound) == ("presolve off", 70, 140)


# --- racing only when a core is free (idle.py) ---

STAT_BEFORE = "cpu  1000 0 500 8000 100 0 20 0 0 0\ncpu0 500 0 250 4000 50 0 10 0 0 0\n"


def stat_after(busy: int, idle: int) -> str:
    # `busy` more user ticks and `idle` more idle ticks than STAT_BEFORE, machine-wide
    return f"cpu  {1000 + busy} 0 500 {8000 + idle} 100 0 20 0 0 0\n"


def test_idle_cores_are_the_idle_share_of_the_interval_times_the_cores():
    before = idle.parse_stat(STAT_BEFORE)
    assert before == idle.CpuTimes(idle=8100, total=9620)
    # two cores for half a second (100 ticks): one busy with the solver, the other idle
    assert idle.idle_cores(before, idle.parse_stat(stat_after(50, 50)), 2) == 1.0
    # both busy: someone else is using the second core
    assert idle.idle_cores(before, idle.parse_stat(stat_after(97, 3)), 2) == 0.06
    # too short an interval, or no reading (not Linux): unknown
    assert idle.idle_cores(before, idle.parse_stat(stat_after(3, 3)), 2) is None
    assert idle.idle_cores(None, before, 2) is None
    assert idle.parse_stat("intr 1 2 3\n") is None


def test_guest_time_is_not_counted_twice():
    # guest and guest_nice (fields 9 and 10) are already inside user and nice
    text = "cpu  100 0 0 100 0 0 0 0 50 50\n"
    assert idle.parse_stat(text) == idle.CpuTimes(idle=100, total=200)


def test_on_a_busy_machine_the_model_is_solved_in_one_process(monkeypatch):
    def no_fork(*args, **kwargs):
        raise AssertionError("a racer was started although no core was idle")

    monkeypatch.setattr(race.multiprocessing, "get_context", no_fork)
    inst, cols = small()
    busy = race.race_mip(inst, cols, NO_LOCKS, time_limit=60, cores=2, idle=0.1)
    assert busy.strategy == race.BUSY and busy.pids == ()
    assert busy.result.value == solve_mip(inst, cols, NO_LOCKS, time_limit=60).value


def test_solve_measures_the_idle_cores_and_races_only_when_one_is_free(monkeypatch):
    problem = generate(8, 16, 2, seed=5)
    readings = iter([STAT_BEFORE, stat_after(97, 3)])  # the other core was busy throughout
    monkeypatch.setattr(solver, "read_cpu_times", lambda: idle.parse_stat(next(readings)))
    monkeypatch.setattr(solver.os, "cpu_count", lambda: 2)
    busy = solve(problem, time_limit=60)
    assert busy.stats["idle_cores"] == 0.06
    assert busy.stats["mip_strategy"] == race.BUSY
    assert busy.status == "OPTIMAL" and check_plan(problem, busy) == []

    readings = iter([STAT_BEFORE, stat_after(50, 50)])  # one core idle: race
    free = solve(problem, time_limit=60)
    assert free.stats["idle_cores"] == 1.0
    expected = {name for name, _ in race.STRATEGIES} if race.can_race() else {"single process"}
    assert free.stats["mip_strategy"] in expected
    assert free.objective == busy.objective == free.bound
