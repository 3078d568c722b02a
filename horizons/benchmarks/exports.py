"""One audit with its action plan as a PDF for governors (WeasyPrint) and as XLSX (openpyxl)."""

from __future__ import annotations

import logging
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from horizons.benchmarks.models import Action
from horizons.benchmarks.results import AuditResults

# WeasyPrint logs every layout step at INFO; only its warnings are worth a log line.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def audit_pdf(results: AuditResults) -> bytes:
    import weasyprint  # imported here: it is slow to load and only PDFs need it

    html = render_to_string(
        "benchmarks/audit_pdf.html",
        {"results": results, "audit": results.audit, "generated": timezone.localtime()},
    )
    return weasyprint.HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def _autosize(sheet, widths: dict[int, int]) -> None:  # type: ignore[no-untyped-def]
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def audit_xlsx(results: AuditResults) -> bytes:
    audit = results.audit
    book = Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    summary = book.active
    summary.title = "Summary"
    submitted = timezone.localtime(audit.submitted_at) if audit.submitted_at else None
    summary.append(["School", audit.school.name])
    summary.append(["URN", audit.school.urn])
    summary.append(["Term", audit.term])
    summary.append(["Submitted", submitted.date() if submitted else "Not submitted"])
    summary.append(["Framework version", audit.framework_version])
    summary.append(["Benchmarks fully achieved", f"{results.fully_achieved_count} of 8"])
    summary.append([])
    header = ["Benchmark", "Title", "Percentage", "Fully achieved", "Change since previous"]
    if results.has_average:
        header.append("Hub average")
    summary.append(header)
    for cell in summary[summary.max_row]:
        cell.font = bold
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
        summary.append(line)
    _autosize(summary, {1: 26, 2: 48, 3: 12, 4: 15, 5: 22, 6: 14})

    answers = book.create_sheet("Answers")
    answers.append(["Benchmark", "Criterion", "Text", "State", "Evidence note"])
    for cell in answers[1]:
        cell.font = bold
    for criterion in results.criteria:
        answers.append(
            [
                criterion.benchmark,
                criterion.id,
                criterion.text,
                criterion.state.label if criterion.state else "Not answered",
                criterion.evidence_note,
            ]
        )
        for cell in answers[answers.max_row]:
            cell.alignment = wrap
    _autosize(answers, {1: 11, 2: 10, 3: 70, 4: 16, 5: 50})

    plan = book.create_sheet("Action plan")
    plan.append(
        ["Benchmark", "Criterion", "Action", "Owner", "Achieve by", "Status", "Overdue", "Evidence"]
    )
    for cell in plan[1]:
        cell.font = bold
    for action in results.actions:
        plan.append(
            [
                action.benchmark,
                action.criterion_id,
                action.text,
                action.owner,
                action.achieve_by,
                Action.Status(action.status).label,
                "Yes" if action.is_overdue(results.today) else "",
                action.evidence,
            ]
        )
        for cell in plan[plan.max_row]:
            cell.alignment = wrap
        plan.cell(row=plan.max_row, column=5).number_format = "DD/MM/YYYY"
    _autosize(plan, {1: 11, 2: 10, 3: 60, 4: 20, 5: 13, 6: 13, 7: 9, 8: 40})

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
