"""Results (chart + table, change, hub average), the action plan and the PDF / XLSX exports."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from horizons.benchmarks.models import Action
from horizons.benchmarks.scoring import State
from tests.benchmarks.factories import submitted_audit

pytestmark = pytest.mark.django_db


def test_results_show_chart_and_table_with_the_same_figures(world, client_for) -> None:  # type: ignore[no-untyped-def]
    submitted_audit(world.school, world.lead, State.NOT_STARTED, term="Spring 2026")
    latest = submitted_audit(
        world.school, world.lead, State.IN_PROGRESS, term="Summer 2026", **{"1_1": "fully_achieved"}
    )
    page = (
        client_for("lead")
        .get(reverse("benchmarks:audit_results", args=[latest.pk]))
        .content.decode()
    )
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group(0) and "<title" in svg.group(0)
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">(\d)\. .*?</th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)%</td>',
        page,
    )
    assert len(rows) == 8
    for number, percentage in rows:
        # Every table figure is in the chart too, as text beside its bar.
        assert f">{percentage}%</text>" in svg.group(0)
        if number != "1":
            assert percentage == "50"
    assert "up 50 points" in page  # since Spring 2026, when everything was not started
    assert "compared with Spring 2026" in page


def test_hub_average_needs_three_schools(world, client_for) -> None:  # type: ignore[no-untyped-def]
    from horizons.organisations.models import School

    mine = submitted_audit(world.school, world.lead, State.FULLY_ACHIEVED)
    submitted_audit(world.other_school, world.admin, State.NOT_STARTED)
    page = (
        client_for("lead").get(reverse("benchmarks:audit_results", args=[mine.pk])).content.decode()
    )
    assert "appears once at least three schools" in page
    third = School.objects.create(urn=100003, name="Third Primary", hub=world.hub)
    submitted_audit(third, world.admin, State.IN_PROGRESS)
    page = (
        client_for("lead").get(reverse("benchmarks:audit_results", args=[mine.pk])).content.decode()
    )
    assert "50.0%" in page  # (100 + 0 + 50) / 3
    assert "Hub average</text>" in page


def test_pdf_and_spreadsheet_downloads(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit = submitted_audit(world.school, world.lead, State.IN_PROGRESS)
    client = client_for("teacher")
    pdf = client.get(reverse("benchmarks:audit_pdf", args=[audit.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    xlsx = client.get(reverse("benchmarks:audit_xlsx", args=[audit.pk]))
    book = load_workbook(BytesIO(xlsx.content))
    assert book.sheetnames == ["Summary", "Answers", "Action plan"]
    summary = [row[:3] for row in book["Summary"].iter_rows(values_only=True)]
    assert ("School", "Felling Primary School", None) in summary
    assert summary[-1][0] == 8 and summary[-1][2] == 50
    plan = list(book["Action plan"].iter_rows(values_only=True))
    assert len(plan) - 1 == Action.objects.filter(audit=audit).count()


def test_downloads_wait_for_submission(world, client_for) -> None:  # type: ignore[no-untyped-def]
    from horizons.benchmarks import services

    draft = services.audit_start(school=world.school, by=world.lead, term="Autumn 2026")
    response = client_for("lead").get(reverse("benchmarks:audit_pdf", args=[draft.pk]))
    assert response["Location"] == reverse("benchmarks:audit_detail", args=[draft.pk])


def test_action_plan_marks_overdue_actions(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit = submitted_audit(
        world.school, world.lead, State.FULLY_ACHIEVED, **{"6_1": "not_started"}
    )
    late = Action.objects.filter(audit=audit).first()
    assert late is not None
    Action.objects.filter(pk=late.pk).update(achieve_by=date.today() - timedelta(days=3))
    page = (
        client_for("lead").get(reverse("benchmarks:action_plan", args=[audit.pk])).content.decode()
    )
    assert "1 overdue" in page
    assert page.count('govuk-tag--red">Overdue') == 1
    assert "hz-action--overdue" in page


def test_careers_leader_adds_edits_and_completes_actions(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit = submitted_audit(world.school, world.lead, State.FULLY_ACHIEVED)
    client = client_for("lead")
    response = client.post(
        reverse("benchmarks:action_add", args=[audit.pk]),
        {
            "benchmark": "5",
            "criterion_id": "",
            "text": "Book a fire station visit",
            "owner": "Mr Khan",
            "achieve_by": "15/01/2027",
            "status": "not_started",
            "evidence": "",
        },
    )
    assert response["Location"] == reverse("benchmarks:action_plan", args=[audit.pk])
    action = Action.objects.get(audit=audit, text="Book a fire station visit")
    assert action.achieve_by == date(2027, 1, 15) and action.benchmark == 5
    response = client.post(
        reverse("benchmarks:action_edit", args=[action.pk]),
        {"benchmark": "5", "criterion_id": "6.1", "text": "Book a visit", "status": "in_progress"},
    )
    assert response.status_code == 400
    assert "Criterion 6.1 belongs to benchmark 6" in response.content.decode()
    client.post(reverse("benchmarks:action_complete", args=[action.pk]))
    action.refresh_from_db()
    assert action.status == "done"
    assert (
        client_for("teacher")
        .post(reverse("benchmarks:action_complete", args=[action.pk]))
        .status_code
        == 404
    )
