"""The allocation run as a background task: solve, compare with first come first served, explain."""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone
from django_tasks import task

from horizons.allocation.engine.explain import (
    describe_wish,
    reason_for,
    unmatched_reasons,
    wish_report,
)
from horizons.allocation.engine.greedy import first_come_first_served
from horizons.allocation.engine.problem import (
    Plan,
    Problem,
    ProblemError,
    parse_problem,
    plan_to_json,
)
from horizons.allocation.engine.solver import solve
from horizons.allocation.models import AllocationRun

logger = logging.getLogger(__name__)

HIGH_FSM = 0.3  # the same line as the "high" FSM band: 30% of pupils or more


def plan_figures(problem: Problem, plan: Plan) -> dict[str, Any]:
    reached = {a.class_ for a in plan.assignments}
    high = [c for s in problem.schools if s.fsm >= HIGH_FSM for c in s.classes]
    classes = problem.classes
    return {
        "classes": len(classes),
        "classes_reached": len(reached),
        "pupils_reached": sum(c.pupils for c in classes if c.id in reached),
        "high_fsm_classes": len(high),
        "high_fsm_reached": sum(1 for c in high if c.id in reached),
        "schools_reached": len({problem.school_of[c].id for c in reached}),
        "sessions": len(plan.assignments),
        "online_sessions": sum(1 for a in plan.assignments if a.mode == "online"),
        "volunteers_used": len({a.volunteer for a in plan.assignments}),
        "wishes": sum(len(s.wishes) for s in problem.schools),
        "wishes_met": sum(1 for o in wish_report(problem, plan) if o.met),
        "counter_stereotype_volunteers_used": len(
            {
                a.volunteer
                for a in plan.assignments
                if problem.volunteer_by_id[a.volunteer].counter_stereotype
            }
        ),
    }


def _save(run: AllocationRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=list(fields))


@task()
def run_allocation(run_id: int) -> None:
    run = AllocationRun.objects.get(pk=run_id)
    try:
        problem = parse_problem(run.problem)
    except ProblemError as exc:
        _save(
            run,
            status=AllocationRun.Status.FAILED,
            progress="The campaign's data has problems.",
            result={"errors": exc.errors},
            finished_at=timezone.now(),
        )
        return
    _save(
        run,
        status=AllocationRun.Status.RUNNING,
        progress=f"Matching {len(problem.classes)} classes with {len(problem.volunteers)} volunteers",
    )
    try:
        plan = solve(problem, time_limit=run.time_limit_seconds)
        greedy = first_come_first_served(problem)
    except ProblemError as exc:  # e.g. locks that break a rule together
        _save(
            run,
            status=AllocationRun.Status.FAILED,
            progress="The kept pairings cannot all be met.",
            result={"errors": exc.errors},
            finished_at=timezone.now(),
        )
        return
    result = plan_to_json(
        plan,
        extra={
            "reasons": [reason_for(problem, a) for a in plan.assignments],
            "unmatched": [
                {"kind": u.kind, "id": u.id, "code": u.code, "message": u.message}
                for u in unmatched_reasons(problem, plan)
            ],
            "wishes": [
                {
                    "school": o.school,
                    **o.wish.to_json(),
                    "label": describe_wish(o.wish),
                    "met": o.met,
                    "code": o.code,
                    "text": o.text,
                }
                for o in wish_report(problem, plan)
            ],
            "figures": plan_figures(problem, plan),
            "greedy": plan_figures(problem, greedy) | {"objective": greedy.objective},
        },
    )
    _save(
        run,
        status=AllocationRun.Status.DONE,
        progress="Ready to review",
        result=result,
        finished_at=timezone.now(),
    )
