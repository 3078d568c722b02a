"""The baseline Horizons replaces: first come, first served booking.

Schools ask in a random order ("who asks first"); each in turn books, for each of its classes,
the nearest volunteer still free at a time the class is free, up to the campaign's limit of
encounters per class, before the next school asks. Online volunteers are booked only when no
one can come in person. It obeys every hard rule (a rotation is booked as ordinary visits), so
it is a fair comparison for the solver.
"""

from __future__ import annotations

import time

import numpy as np

from .instance import Instance
from .objective import breakdown_arrays
from .problem import Plan, Problem
from .solver import _check_locks, _to_assignments, empty_reasons


def first_come_first_served(problem: Problem, seed: int = 0) -> Plan:
    """A plan made the manual way; `objective` is scored like the solver's, `bound` is 0."""
    started = time.perf_counter()
    reasons = empty_reasons(problem)
    if reasons:
        return Plan("EMPTY", (), 0, 0, tuple(reasons))
    inst = Instance(problem)
    lv, lc, ls, lo = _check_locks(problem, inst)
    rng = np.random.default_rng(seed)

    ip = inst.in_person_edges
    order = np.lexsort((ip.km, ip.c))
    by_class = np.searchsorted(ip.c[order], np.arange(inst.C + 1))
    sessions: list[set[int]] = [set() for _ in range(inst.V)]  # slots each volunteer is booked in
    class_slots: list[set[int]] = [set() for _ in range(inst.C)]
    met: set[tuple[int, int]] = set()
    rows: list[tuple[int, int, int, bool]] = []
    online_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def book(v: int, c: int, s: int, online: bool) -> None:
        sessions[v].add(s)
        class_slots[c].add(s)
        met.add((v, c))
        rows.append((v, c, s, online))

    for v, c, s, o in zip(lv, lc, ls, lo, strict=True):
        book(int(v), int(c), int(s), bool(o))

    def free(v: int, c: int, s: int) -> bool:
        return (
            s not in sessions[v]
            and len(sessions[v]) < inst.v_max[v]
            and s not in class_slots[c]
            and (v, c) not in met
        )

    for h in rng.permutation(inst.H):
        for c in np.flatnonzero(inst.c_school == h):
            c = int(c)
            while len(class_slots[c]) < inst.max_enc:
                pick = None
                for i in order[by_class[c] : by_class[c + 1]]:
                    v, s = int(ip.v[i]), int(ip.s[i])
                    if free(v, c, s):
                        pick = (v, s, False)
                        break
                if pick is None:
                    if c not in online_cache:
                        e = inst.online_edges(classes=np.array([c]), dominance=False)
                        online_cache[c] = (e.v, e.s)
                    for v, s in zip(*online_cache[c], strict=True):
                        if free(int(v), c, int(s)):
                            pick = (int(v), int(s), True)
                            break
                if pick is None:
                    break
                book(pick[0], c, pick[1], pick[2])

    arr = np.array(rows, dtype=np.int64).reshape(-1, 4)
    v, c, s, o = arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3].astype(bool)
    value = breakdown_arrays(inst, v, c, o).total
    return Plan(
        "FEASIBLE",
        _to_assignments(problem, inst, (v, c, s, o)),
        value,
        0,
        ("First come, first served baseline: not optimised, no bound.",),
        {"seconds": round(time.perf_counter() - started, 3)},
    )
