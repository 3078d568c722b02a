"""python manage.py allocate PROBLEM.json --out PLAN.json [--time-limit S] [--seed N]

A thin wrapper over the pure engine: read the problem, solve, write the plan with a reason for
each pairing and for everything left unmatched. Bad input stops with every fault listed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from horizons.allocation.engine.explain import reason_for, unmatched_reasons
from horizons.allocation.engine.problem import ProblemError, load_problem, plan_to_json
from horizons.allocation.engine.solver import solve


class Command(BaseCommand):
    help = "Allocate a campaign's volunteers to classes (problem and plan as JSON)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("problem", type=Path, help="the problem JSON (docs/allocation.md)")
        parser.add_argument("--out", type=Path, required=True, help="where to write the plan")
        parser.add_argument("--time-limit", type=float, default=60.0, help="seconds (60)")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["problem"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            problem = load_problem(path)
            plan = solve(problem, time_limit=opts["time_limit"], seed=opts["seed"])
        except ProblemError as exc:
            raise CommandError(
                f"{path} cannot be allocated:\n" + "\n".join(f"  - {e}" for e in exc.errors)
            ) from exc
        data = plan_to_json(
            plan,
            {
                "unmatched": [
                    {"kind": u.kind, "id": u.id, "code": u.code, "message": u.message}
                    for u in unmatched_reasons(problem, plan)
                ]
            },
        )
        for item, a in zip(data["assignments"], plan.assignments, strict=True):
            item["reason"] = reason_for(problem, a)
        opts["out"].write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        reached = len({a.class_ for a in plan.assignments})
        self.stdout.write(
            f"{plan.status}: {len(plan.assignments)} encounters reaching {reached} of "
            f"{len(problem.classes)} classes; objective {plan.objective}, bound {plan.bound} "
            f"(gap {plan.gap:.2%}); written to {opts['out']}"
        )
