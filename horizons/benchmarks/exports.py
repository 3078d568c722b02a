"""One audit with its action plan as a PDF for governors (WeasyPrint) and as XLSX (openpyxl)."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from horizons.accounts import permissions
from horizons.benchmarks import selectors
from horizons.benchmarks.models import Action, Audit
from horizons.benchmarks.results import AuditResults, build_results
from horizons.reports import tabular
from horizons.reports.registry import Export, Format, Scope, registry

# WeasyPrint logs every layout step at INFO; only its warnings are worth a log line.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def audit_pdf(results: AuditResults) -> bytes:
    import weasyprint  # imported here: it is slow to load and only PDFs need it

    html = render_to_string(
        "benchmarks/audit_pdf.html",
        {"results": results, "audit": results.audit, "generated": timezone.localtime()},
    )
    return weasyprint.HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def audit_xlsx(results: AuditResults) -> bytes:
    """Summary, answers and action plan as three sheets, written inert by ``reports.tabular``."""
    return tabular.tables_xlsx(audit_tables(results))


def audit_tables(results: AuditResults) -> list[tabular.Table]:
    """The audit's summary, answers and action plan as three tables."""
    audit = results.audit
    submitted = timezone.localtime(audit.submitted_at) if audit.submitted_at else None
    header = ["Benchmark", "Title", "Percentage", "Fully achieved", "Change since previous"]
    if results.has_average:
        header.append("Hub average")
    rows: list[list[Any]] = []
    for row in results.rows:
        line = [
            row.number,
            row.title,
            row.percentage,
            "Yes" if row.fully_achieved else "No",
            "" if row.change is None else row.change,
        ]
        if results.has_average:
            line.append(row.average)
        rows.append(line)
    summary = tabular.Table(
        "Summary",
        header,
        rows,
        preamble=[
            ["School", audit.school.name],
            ["URN", audit.school.urn],
            ["Term", audit.term],
            ["Submitted", submitted.date() if submitted else "Not submitted"],
            ["Framework version", audit.framework_version],
            ["Benchmarks fully achieved", f"{results.fully_achieved_count} of 8"],
            [],
        ],
        widths={1: 26, 2: 48, 3: 12, 4: 15, 5: 22, 6: 14},
    )
    answers = tabular.Table(
        "Answers",
        ["Benchmark", "Criterion", "Text", "State", "Evidence note"],
        [
            [
                criterion.benchmark,
                criterion.id,
                criterion.text,
                criterion.state.label if criterion.state else "Not answered",
                criterion.evidence_note,
            ]
            for criterion in results.criteria
        ],
        widths={1: 11, 2: 10, 3: 70, 4: 16, 5: 50},
        wrap=True,
    )
    plan = tabular.Table(
        "Action plan",
        [
            "Benchmark",
            "Criterion",
            "Action",
            "Owner",
            "Achieve by",
            "Status",
            "Overdue",
            "Evidence",
        ],
        [
            [
                action.benchmark,
                action.criterion_id,
                action.text,
                action.owner_label,
                action.achieve_by,
                Action.Status(action.status).label,
                "Yes" if action.is_overdue(results.today) else "",
                action.evidence,
            ]
            for action in results.actions
        ],
        widths={1: 11, 2: 10, 3: 60, 4: 20, 5: 13, 6: 13, 7: 9, 8: 40},
        wrap=True,
        date_columns=(5,),
    )
    return [summary, answers, plan]


def file_stem(audit: Audit) -> str:
    """The download's name without its suffix, e.g. ``benchmarks-oak-primary-spring-2026``."""
    return f"benchmarks-{slugify(audit.school.name)}-{slugify(audit.term)}"


@registry.register
class AuditExport(Export):
    """One submitted audit with its action plan (the PDF for governors is not a table)."""

    identifier = "benchmark-audit"
    verbose_name = "Benchmark audit and action plan"
    description = "A submitted audit's scores, answers and action plan, one sheet each."
    scope = Scope.SCHOOL
    formats = (Format.XLSX,)
    url_names = {Format.XLSX: "benchmarks:audit_xlsx"}

    def may_run(self, user: Any) -> bool:
        return (
            permissions.is_platform_admin(user)
            or bool(permissions.facilitated_hub_ids(user))
            or bool(permissions.school_ids_for_staff(user))
        )

    def target(self, request: HttpRequest, pk: int | None = None) -> Audit:
        return selectors.audit_for(request.user, int(pk or 0))

    def targets(self, user: Any) -> list[Audit]:
        return list(
            selectors.audits_visible_to(user)
            .filter(submitted_at__isnull=False)
            .select_related("school")
            .order_by("school__name", "-submitted_at")
        )

    def label(self, target: Audit) -> str:
        return f"{target.school.name}, {target.term}"

    def tables(self, request: HttpRequest, target: Audit) -> list[tabular.Table]:
        return audit_tables(build_results(target))

    def filename(self, request: HttpRequest, target: Audit) -> str:
        return file_stem(target)
