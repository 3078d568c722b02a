"""Tighten the flow bound in a second process while the search improves the plan.

The subgradient steps of flow.py (one national flow solve takes minutes) and the
neighbourhood search (thousands of small exact solves) need each other only through two
numbers: the best plan's value, which aims the bound's Polyak steps, and the best bound. So
on a machine with two cores they run side by side: the bound in a forked child, the search
in the caller. Every bound the child proves is valid on its own (see flow.py), so the caller
takes the best that has arrived when its time is up and stops the child; nothing waits.

Forking shares the instance's arrays with the child without copying them (they are only
read), which is what keeps a national campaign within its memory.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from .flow import Prices, flow_bound
from .instance import Edges, Instance

Locked = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def can_run_beside() -> bool:
    """Two cores or more, and a platform that can fork (Linux, macOS)."""
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


class BoundBeside:
    """A child process running `flow_bound` from `prices` until it is stopped."""

    def __init__(
        self, inst: Instance, edges: Edges, locked: Locked, prices: Prices, target: int
    ) -> None:
        ctx = multiprocessing.get_context("fork")
        self._target: Any = ctx.Value("q", int(target), lock=False)  # one writer: the caller
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(
            target=_tighten,
            args=(inst, edges, locked, prices, self._target, send),
            daemon=True,
        )
        self._proc.start()
        send.close()
        self.solves = 0  # flow solves the child has finished
        self.best: int | None = None  # the best bound it has proved

    def aim(self, value: int) -> None:
        """Tell the child the value of the best plan found so far (its step target)."""
        if value > self._target.value:
            self._target.value = int(value)

    def solves_reported(self) -> int:
        """Read what the child has reported so far; how many solves it has finished."""
        # If the child has ended (or died), what arrived before is still valid.
        with contextlib.suppress(EOFError, OSError):
            while self._recv.poll():
                bound = int(self._recv.recv())
                self.solves += 1
                self.best = bound if self.best is None else min(self.best, bound)
        return self.solves

    def stop(self) -> int | None:
        """Stop the child; the best bound it proved, or None if it proved none in time."""
        self.solves_reported()
        self._proc.terminate()
        self._proc.join(2)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
        self._recv.close()
        return self.best


def _tighten(
    inst: Instance, edges: Edges, locked: Locked, prices: Prices, target: Any, send: Connection
) -> None:
    # The caller may be a task worker with its own SIGTERM handler (graceful shutdown): the
    # child must simply die when stopped.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    flow_bound(
        inst,
        edges,
        locked,
        deadline=float("inf"),
        iterations=1_000_000,
        prices=prices,
        target=lambda: int(target.value),
        on_solve=send.send,
    )
    send.close()
