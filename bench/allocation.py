"""Benchmark the allocation engine on a generated campaign against first come, first served.

    .venv/bin/python -m bench.allocation --schools 35 --volunteers 80 --days 5 --seed 1

prints one JSON line: the solver's objective, bound, gap, seconds and reach, the same for the
greedy baseline, and the share of high-FSM classes (fsm ≥ 0.3) each reaches.

    .venv/bin/python -m bench.allocation --schools 35 --volunteers 80 --days 5 --seeds 1-50

runs many seeds (`A-B`, or a list `1,6,11`) without the baseline: one line per seed (status,
gap, wall-clock seconds, CPU seconds of this process and the children it started, and which
HiGHS strategy won the race on the whole-campaign MIP), then the distribution: median, 90th
percentile and maximum wall seconds, and how many were proven optimal (with the seeds that
were not, and the slowest). On a shared machine the wall-clock seconds include waiting for a
core; the CPU seconds do not. `--cores 1` solves as on a one-core machine (no race).
"""

from __future__ import annotations

import argparse
import json
import math
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


def parse_seeds(text: str) -> list[int]:
    """`"1-50"` → 1…50; `"1,6,11"` → [1, 6, 11]; both may mix (`"1-3,9"`)."""
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        first, dash, last = part.partition("-")
        try:
            a = int(first)
            b = int(last) if dash else a
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{part!r} is not a seed or a range of seeds such as 1-50"
            ) from None
        if b < a:
            raise argparse.ArgumentTypeError(f"{part!r}: the range must go upwards, e.g. 1-50")
        seeds.extend(range(a, b + 1))
    return seeds


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    rank = max(1, math.ceil(round(len(ordered) * share, 9)))  # round: 0.9 · 10 is not 9.0…01
    return ordered[rank - 1]


def distribution(runs: list[dict[str, object]]) -> dict[str, object]:
    """Median, p90 and max seconds over seed runs, and how many were proven optimal."""
    seconds = [float(r["seconds"]) for r in runs]  # type: ignore[arg-type]
    ordered = sorted(seconds)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    slowest = max(runs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    cpu = sorted(float(r.get("cpu_seconds", 0.0)) for r in runs)  # type: ignore[arg-type]
    return {
        "runs": len(runs),
        "seeds": f"{runs[0]['seed']}-{runs[-1]['seed']}",
        "median_seconds": round(median, 2),
        "p90_seconds": round(percentile(seconds, 0.9), 2),
        "max_seconds": round(ordered[-1], 2),
        "slowest_seed": slowest["seed"],
        "median_cpu_seconds": round(cpu[mid] if len(cpu) % 2 else (cpu[mid - 1] + cpu[mid]) / 2, 2),
        "max_cpu_seconds": round(cpu[-1], 2),
        "proven_optimal": sum(r["status"] == "OPTIMAL" for r in runs),
        "not_proven": [r["seed"] for r in runs if r["status"] != "OPTIMAL"],
    }


def _cpu() -> float:
    """CPU seconds of this process and of every child it has reaped (the race's solvers)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_seeds(args: argparse.Namespace) -> int:
    """One short line per seed, then the distribution (one JSON line each)."""
    runs: list[dict[str, object]] = []
    for seed in args.seeds:
        problem = generate(args.schools, args.volunteers, args.days, seed=seed)
        t, cpu = time.perf_counter(), _cpu()
        plan = solve(problem, time_limit=args.time_limit, seed=seed, cores=args.cores)
        run: dict[str, object] = {
            "seed": seed,
            "status": plan.status,
            "gap": round(plan.gap, 6),
            "seconds": round(time.perf_counter() - t, 2),
            # CPU time of this process and its (finished) children: what the solve cost
            "cpu_seconds": round(_cpu() - cpu, 2),
            "strategy": plan.stats.get("mip_strategy"),
            # cores that stood idle while the model was prepared (None: not measured)
            "idle_cores": plan.stats.get("idle_cores"),
            "objective": plan.objective,
            "classes": len(problem.classes),
            "classes_reached": reach(problem, plan)["classes_reached"],
        }
        runs.append(run)
        print(json.dumps(run), flush=True)
    summary = {
        "schools": args.schools,
        "volunteers": args.volunteers,
        "days": args.days,
        "time_limit": args.time_limit,
        **distribution(runs),
    }
    print(json.dumps(summary))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, default=35)
    ap.add_argument("--volunteers", type=int, default=80)
    ap.add_argument("--days", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--seeds", type=parse_seeds, help="many seeds, e.g. 1-50: prints their distribution"
    )
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--cores", type=int, help="cores the solver may use (default: all)")
    ap.add_argument("--problem-out", type=Path)
    ap.add_argument("--plan-out", type=Path)
    ap.add_argument("--no-greedy", action="store_true", help="skip the baseline")
    args = ap.parse_args(argv)
    if args.seeds:
        return run_seeds(args)

    t = time.perf_counter()
    problem = generate(args.schools, args.volunteers, args.days, seed=args.seed)
    generate_s = time.perf_counter() - t
    if args.problem_out:
        args.problem_out.write_text(json.dumps(problem_to_json(problem)))

    t = time.perf_counter()
    plan = solve(problem, time_limit=args.time_limit, seed=args.seed, cores=args.cores)
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
