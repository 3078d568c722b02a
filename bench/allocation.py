"""Benchmark the allocation engine on a generated campaign against first come, first served.

    .venv/bin/python -m bench.allocation --schools 35 --volunteers 80 --days 5 --seed 1

prints one JSON line: the solver's objective, bound, gap, seconds and reach, the same for the
greedy baseline, and the share of high-FSM classes (fsm ≥ 0.3) each reaches.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from horizons.allocation.engine.generate import generate
from horizons.allocation.engine.greedy import first_come_first_served
from horizons.allocation.engine.problem import Plan, Problem, plan_to_json, problem_to_json
from horizons.allocation.engine.solver import solve

HIGH_FSM = 0.3


def reach(problem: Problem, plan: Plan) -> dict[str, float]:
    reached = {a.class_ for a in plan.assignments}
    high = [c.id for s in problem.schools if s.fsm >= HIGH_FSM for c in s.classes]
    return {
        "classes_reached": len(reached),
        "high_fsm_share": round(sum(c in reached for c in high) / len(high), 4) if high else 0.0,
        "encounters": len(plan.assignments),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, default=35)
    ap.add_argument("--volunteers", type=int, default=80)
    ap.add_argument("--days", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--problem-out", type=Path)
    ap.add_argument("--plan-out", type=Path)
    ap.add_argument("--no-greedy", action="store_true", help="skip the baseline")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    problem = generate(args.schools, args.volunteers, args.days, seed=args.seed)
    generate_s = time.perf_counter() - t
    if args.problem_out:
        args.problem_out.write_text(json.dumps(problem_to_json(problem)))

    t = time.perf_counter()
    plan = solve(problem, time_limit=args.time_limit, seed=args.seed)
    seconds = time.perf_counter() - t
    if args.plan_out:
        args.plan_out.write_text(json.dumps(plan_to_json(plan)))
    out = {
        "schools": args.schools,
        "classes": len(problem.classes),
        "volunteers": args.volunteers,
        "slots": len(problem.slots),
        "seed": args.seed,
        "status": plan.status,
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": round(plan.gap, 6),
        "seconds": round(seconds, 2),
        **reach(problem, plan),
        "generate_seconds": round(generate_s, 2),
        "method": plan.stats.get("method"),
    }
    if not args.no_greedy:
        t = time.perf_counter()
        greedy = first_come_first_served(problem, seed=args.seed)
        g = reach(problem, greedy)
        out.update(
            greedy_objective=greedy.objective,
            greedy_gap=round((plan.bound - greedy.objective) / plan.bound, 6)
            if plan.bound
            else 0.0,
            greedy_seconds=round(time.perf_counter() - t, 2),
            greedy_classes_reached=g["classes_reached"],
            greedy_high_fsm_share=g["high_fsm_share"],
            greedy_encounters=g["encounters"],
        )
    out["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    # The bound tightened beside the search runs in a forked child (solver.py): its peak is
    # reported too. It shares the instance's pages with this process, so the sum of the two
    # overstates what was in memory at once.
    out["child_max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    out["stats"] = plan.stats
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
