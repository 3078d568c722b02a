"""Building audits for tests through the real services."""

from __future__ import annotations

from typing import Any

from horizons.benchmarks import services
from horizons.benchmarks.framework import load_framework
from horizons.benchmarks.models import Audit
from horizons.benchmarks.scoring import State


def answer_all(
    audit: Audit, by: Any, state: State | str = State.IN_PROGRESS, **overrides: str
) -> None:
    """Answer every criterion (``overrides`` maps "1_1"-style ids to states)."""
    framework = load_framework(audit.framework_version)
    for criterion in framework.criteria:
        chosen = overrides.get(criterion.id.replace(".", "_"), state)
        services.audit_answer_save(
            audit=audit, by=by, criterion_id=criterion.id, state=str(State(chosen).value)
        )


def submitted_audit(
    school: Any,
    by: Any,
    state: State | str = State.IN_PROGRESS,
    term: str = "Summer 2026",
    **overrides: str,
) -> Audit:
    audit = services.audit_start(school=school, by=by, term=term)
    answer_all(audit, by, state, **overrides)
    return services.audit_submit(audit=audit, by=by)
