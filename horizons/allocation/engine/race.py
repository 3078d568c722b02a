"""Race two HiGHS strategies on the same whole-campaign MIP, one per core: the first proof wins.

A city campaign is one integer model solved by HiGHS in one process, so on a two-core
machine the second core sat idle. HiGHS's settings each make some campaigns much faster and
others much slower (with presolve off, seeds 3, 7 and 23 of the city bench are proven in a
few seconds while seed 11 takes 27; with it on, seed 11 is proven at the root). Rather than
tune to seeds, both settings run at once on the identical model, each in a forked child, and
the first that proves its plan optimal is taken; the other is killed. This is the portfolio
technique of CP-SAT's workers. If neither proves within the time limit, the better plan and
the better (lower) bound are taken: both are valid for the same model.

Both strategies run in children rather than one in the caller: a HiGHS solve cannot be
interrupted from Python, so a solve in the caller would hold the race until it ended. The
caller only waits on the pipes. Forking shares the model's arrays with the children without
copying them (they are only read), as in beside.py.

With one core, no `fork`, or a caller that is itself a daemon process (which may not start
children), the model is solved in the current process with presolve on, exactly as before.
So it is when the caller measured that less than `MIN_IDLE_CORES` of a core stood idle while
it prepared the model (idle.py): on a busy machine a race only halves each racer's share.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, cast

import numpy as np

from .instance import Edges, Instance
from .lp import MipResult, solve_mip

# Measured on city seeds 1–50 (docs/allocation.md, "City, many seeds, fourth round"): of the
# settings scipy passes to HiGHS, presolve on and presolve off are the pair whose faster
# member proves every seed soonest. The first is the single-process default.
STRATEGIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("presolve on", {"presolve": True}),
    ("presolve off", {"presolve": False}),
)
GRACE = 10.0  # seconds past the time limit before a child that has not answered is killed
# A race needs a core nobody else is using; half a core idle on average is the least that
# gives the second racer a fair share (below it, racing costs more than it can win).
MIN_IDLE_CORES = 0.5
BUSY = "single process (machine busy)"


@dataclass(frozen=True)
class RaceResult:
    result: MipResult
    strategy: str  # whose plan was taken: a strategy's name, or "single process"
    pids: tuple[int, ...]  # the children started (none when solved in this process)


def can_race(cores: int | None = None) -> bool:
    """Two cores or more, a platform that can fork, and a caller allowed to start children."""
    if cores is None:  # the cores this process may run on (a container may allow fewer)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        (cores or 1) >= 2
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def race_mip(
    inst: Instance,
    cols: Edges,
    locked_keys: np.ndarray,
    *,
    time_limit: float,
    cores: int | None = None,
    idle: float | None = None,
) -> RaceResult:
    """`solve_mip` over `cols`, raced between STRATEGIES when the machine has two cores.

    `idle`: cores that stood idle while the caller prepared the model (idle.py), if known.
    """
    if len(cols) == 0 or not can_race(cores):
        return RaceResult(
            solve_mip(inst, cols, locked_keys, time_limit=time_limit), "single process", ()
        )
    if idle is not None and idle < MIN_IDLE_CORES:
        return RaceResult(solve_mip(inst, cols, locked_keys, time_limit=time_limit), BUSY, ())
    started = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    procs: list[Any] = []
    pending: dict[Connection, str] = {}
    try:
        for name, options in STRATEGIES:
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(
                target=_solve_in_child,
                args=(inst, cols, locked_keys, time_limit, options, send),
                daemon=True,
            )
            proc.start()
            send.close()
            procs.append(proc)
            pending[recv] = name
        results: list[tuple[str, MipResult]] = []
        deadline = started + time_limit + GRACE
        while pending:
            ready = wait(list(pending), timeout=max(0.0, deadline - time.perf_counter()))
            if not ready:
                break  # a child overran its own time limit: keep what has arrived
            for item in ready:
                conn = cast(Connection, item)  # only our pipes are waited on
                name = pending.pop(conn)
                with contextlib.suppress(EOFError, OSError):  # a child that died has no result
                    results.append((name, cast(MipResult, conn.recv())))
                conn.close()
            proofs = [(name, res) for name, res in results if res.found and res.value >= res.bound]
            if proofs:
                return RaceResult(proofs[0][1], proofs[0][0], tuple(p.pid for p in procs))
        if not results:  # both children died: solve here with what time is left
            left = max(0.5, time_limit - (time.perf_counter() - started))
            res = solve_mip(inst, cols, locked_keys, time_limit=left)
            return RaceResult(res, "single process", tuple(p.pid for p in procs))
        return RaceResult(*_combine(results), tuple(p.pid for p in procs))
    finally:
        for conn in pending:
            conn.close()
        for proc in procs:
            _stop(proc)


def _combine(results: list[tuple[str, MipResult]]) -> tuple[MipResult, str]:
    """Neither proved optimality: the best plan found, with the lowest bound either proved."""
    bound = min(res.bound for _, res in results)
    found = [(name, res) for name, res in results if res.found]
    if not found:
        return MipResult(False, 0, bound, results[0][1].chosen), "none"
    name, best = max(found, key=lambda item: item[1].value)
    return MipResult(True, best.value, max(bound, best.value), best.chosen), name


def _stop(proc: Any) -> None:
    """Kill the child if it still runs, and reap it so that no zombie is left."""
    if proc.is_alive():
        proc.terminate()
        proc.join(2)
    if proc.is_alive():
        proc.kill()
    proc.join()
    proc.close()


def _solve_in_child(
    inst: Instance,
    cols: Edges,
    locked_keys: np.ndarray,
    time_limit: float,
    options: dict[str, Any],
    send: Connection,
) -> None:
    # The caller may be a task worker with its own SIGTERM handler (graceful shutdown): the
    # child must simply die when stopped.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    send.send(solve_mip(inst, cols, locked_keys, time_limit=time_limit, **options))
    send.close()
