"""Everything the results page, the PDF and the spreadsheet show about one audit.

Built once here so the three always agree. Scores come from the pure scoring module with the
audit's own framework version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from horizons.benchmarks import selectors
from horizons.benchmarks.charts import bars_from, results_chart
from horizons.benchmarks.framework import Framework, load_framework
from horizons.benchmarks.models import Action, Audit, AuditAnswer
from horizons.benchmarks.scoring import AuditScore, State, change_since


@dataclass(frozen=True)
class BenchmarkRow:
    number: int
    title: str
    percentage: int
    fully_achieved: bool
    achieved: int
    in_progress: int
    total: int
    change: int | None
    average: float | None


@dataclass(frozen=True)
class CriterionRow:
    id: str
    benchmark: int
    text: str
    state: State | None
    evidence_note: str


@dataclass(frozen=True)
class AuditResults:
    audit: Audit
    framework: Framework
    score: AuditScore
    previous: Audit | None
    previous_score: AuditScore | None
    rows: list[BenchmarkRow]
    criteria: list[CriterionRow]
    actions: list[Action]
    has_average: bool
    chart: SafeString
    today: date

    @property
    def fully_achieved_count(self) -> int:
        return self.score.fully_achieved_count

    @property
    def previous_fully_achieved_count(self) -> int | None:
        return None if self.previous_score is None else self.previous_score.fully_achieved_count

    @property
    def overdue_count(self) -> int:
        return sum(1 for action in self.actions if action.is_overdue(self.today))

    def criteria_for(self, number: int) -> list[CriterionRow]:
        return [row for row in self.criteria if row.benchmark == number]


def build_results(audit: Audit) -> AuditResults:
    framework = load_framework(audit.framework_version)
    answers: dict[str, AuditAnswer] = selectors.answers_by_criterion(audit=audit)
    current = selectors.audit_score(audit=audit)
    previous = selectors.previous_submitted_audit(audit=audit)
    previous_score = selectors.audit_score(audit=previous) if previous is not None else None
    changes = change_since(previous_score, current)
    averages = selectors.hub_average(hub=audit.school.hub)
    rows = [
        BenchmarkRow(
            number=benchmark.number,
            title=benchmark.title,
            percentage=current.benchmarks[benchmark.number].percentage,
            fully_achieved=current.benchmarks[benchmark.number].fully_achieved,
            achieved=current.benchmarks[benchmark.number].achieved,
            in_progress=current.benchmarks[benchmark.number].in_progress,
            total=current.benchmarks[benchmark.number].total,
            change=changes.get(benchmark.number),
            average=None if averages is None else averages.get(benchmark.number),
        )
        for benchmark in framework.benchmarks
    ]
    criteria = [
        CriterionRow(
            id=criterion.id,
            benchmark=criterion.benchmark,
            text=criterion.text,
            state=State(answers[criterion.id].state) if criterion.id in answers else None,
            evidence_note=answers[criterion.id].evidence_note if criterion.id in answers else "",
        )
        for criterion in framework.criteria
    ]
    chart = results_chart(
        bars_from(
            {b.number: b.title for b in framework.benchmarks},
            {row.number: row.percentage for row in rows},
            averages,
        ),
        title=f"{audit.school.name}, {audit.term}: percentage achieved for each benchmark",
    )
    return AuditResults(
        audit=audit,
        framework=framework,
        score=current,
        previous=previous,
        previous_score=previous_score,
        rows=rows,
        criteria=criteria,
        actions=selectors.action_plan(audit=audit),
        has_average=averages is not None,
        chart=mark_safe(chart),  # noqa: S308 - built from escaped text in charts.py
        today=timezone.localdate(),
    )
