"""What a plan is worth, in integer points (CP-SAT and min-cost flow both need integers).

value = Σ over classes of  W_c · (e_1 + e_2 + … + e_d)          d = encounters the class gets
      + sector_bonus             × distinct (school, sector) pairs met
      + counter_stereotype_bonus × schools that meet a counter-stereotype volunteer
      − km_penalty × km travelled in person − online_penalty × online encounters
      + wish_bonus × wishes of its school each encounter meets (at most 3 each; wishes.py)

with W_c = (1 + fsm_weight · fsm) · (1 + prior_weight / (1 + prior_encounters)) and
e_1 ≥ e_2 ≥ … the `encounter_values` (default 1000, 400, 200). docs/allocation.md says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .geo import haversine_km_np
from .instance import Instance
from .problem import Assignment


@dataclass(frozen=True)
class Breakdown:
    reach: int  # the weighted, concave value of encounters per class
    sectors: int
    counter_stereotype: int
    travel: int  # points lost to travel and online sessions (≥ 0)
    wishes: int = 0  # points for schools' wishes met

    @property
    def total(self) -> int:
        return self.reach + self.sectors + self.counter_stereotype - self.travel + self.wishes


def as_arrays(
    inst: Instance, assignments: Iterable[Assignment]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(volunteer, class, slot, online) index arrays for assignments with known ids."""
    rows = [
        (
            inst.vol_ix[a.volunteer],
            inst.class_ix[a.class_],
            inst.slot_ix[a.slot],
            a.mode == "online",
        )
        for a in assignments
    ]
    if not rows:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, np.zeros(0, dtype=bool)
    arr = np.array(rows, dtype=np.int64)
    return arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3].astype(bool)


def class_values(inst: Instance, degree: np.ndarray) -> np.ndarray:
    """Reach value of each class given how many encounters it gets."""
    cum = np.concatenate([np.zeros((inst.C, 1), dtype=np.int64), np.cumsum(inst.marginal, 1)], 1)
    return cum[np.arange(inst.C), np.minimum(degree, inst.max_enc)]


def breakdown_arrays(inst: Instance, v: np.ndarray, c: np.ndarray, online: np.ndarray) -> Breakdown:
    w = inst.problem.weights
    if len(v) == 0:
        return Breakdown(0, 0, 0, 0)
    degree = np.bincount(c, minlength=inst.C)
    reach = int(class_values(inst, degree).sum())
    school = inst.c_school[c]
    pairs = np.unique(school * len(inst.sectors) + inst.v_sector[v])
    sectors = w.sector_bonus * len(pairs)
    cs = w.counter_stereotype_bonus * len(np.unique(school[inst.v_cs[v]]))
    venue = inst.c_venue[c]
    km = haversine_km_np(inst.v_lat[v], inst.v_lon[v], inst.h_lat[venue], inst.h_lon[venue])
    travel = int(inst.edge_cost_km(km)[~online].sum()) + w.online_penalty * int(online.sum())
    wishes = int(inst.wish_gain(v, c).sum())
    return Breakdown(reach, int(sectors), int(cs), travel, wishes)


def breakdown(inst: Instance, assignments: Iterable[Assignment]) -> Breakdown:
    v, c, _s, online = as_arrays(inst, assignments)
    return breakdown_arrays(inst, v, c, online)


def evaluate(inst: Instance, assignments: Iterable[Assignment]) -> int:
    """The objective of a set of assignments (it need not be feasible; see check_plan)."""
    return breakdown(inst, assignments).total
