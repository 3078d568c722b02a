"""export_audits, import_audits and audit_scores."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from horizons.benchmarks import services
from horizons.benchmarks.framework import load_framework
from horizons.benchmarks.models import Audit, AuditAnswer, SchoolAuditSummary
from horizons.benchmarks.scoring import State
from tests.benchmarks.factories import submitted_audit

pytestmark = pytest.mark.django_db
CRITERIA = len(load_framework().criteria)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    return path


def test_export_has_one_row_per_school_and_criterion_of_the_latest_audit(world) -> None:  # type: ignore[no-untyped-def]
    submitted_audit(world.school, world.lead, State.NOT_STARTED, term="Spring 2026")
    submitted_audit(
        world.school, world.lead, State.IN_PROGRESS, term="Summer 2026", **{"3_2": "fully_achieved"}
    )
    submitted_audit(world.foreign_school, world.outsider)  # another hub: not exported
    services.audit_start(
        school=world.school, by=world.lead, term="Autumn 2026"
    )  # a draft: not exported
    rows = list(
        csv.DictReader(io.StringIO(run("export_audits", "--hub", "Tyne Hub", "--format", "csv")))
    )
    assert len(rows) == CRITERIA
    assert {"urn", "school", "submitted", "benchmark", "criterion", "state"} <= set(rows[0])
    assert {row["urn"] for row in rows} == {str(world.school.urn)}
    assert {row["term"] for row in rows} == {"Summer 2026"}
    by_id = {row["criterion"]: row for row in rows}
    assert by_id["3.2"]["state"] == "fully_achieved" and by_id["3.2"]["benchmark"] == "3"
    assert by_id["1.1"]["state"] == "in_progress"


def test_export_xlsx_and_unknown_hub(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    submitted_audit(world.school, world.lead)
    target = tmp_path / "audits.xlsx"
    run("export_audits", "--hub", "tyne", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("urn", "school", "submitted")
    assert len(values) == CRITERIA + 1
    with pytest.raises(CommandError, match="No hub called 'Atlantis'"):
        run("export_audits", "--hub", "Atlantis")


def test_an_exported_file_imports_back_with_the_same_scores(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original = submitted_audit(
        world.school,
        world.lead,
        State.IN_PROGRESS,
        **{"2_1": "fully_achieved", "7_3": "not_started"},
    )
    expected = json.loads(run("audit_scores", "--urn", str(world.school.urn)))
    path = tmp_path / "audits.csv"
    run("export_audits", "--hub", "Tyne Hub", "--output", str(path))
    # Move the data to another school, as a hub moving from spreadsheets would.
    text = path.read_text().replace(str(world.school.urn), str(world.other_school.urn))
    path.write_text(text)
    message = run("import_audits", str(path))
    assert "Imported 1 audits" in message
    imported = Audit.objects.get(school=world.other_school)
    assert imported.is_submitted and imported.term == original.term
    assert imported.answers.count() == CRITERIA
    got = json.loads(run("audit_scores", "--urn", str(world.other_school.urn)))
    assert got["benchmarks"] == expected["benchmarks"]
    assert got["fully_achieved_count"] == expected["fully_achieved_count"]
    assert SchoolAuditSummary.objects.get(school=world.other_school).latest_audit == imported
    # Importing the same file twice is refused rather than doubling the audit.
    with pytest.raises(CommandError, match="already has an audit submitted on"):
        run("import_audits", str(path))


def test_audit_scores_prints_the_documented_shape(world) -> None:  # type: ignore[no-untyped-def]
    framework = load_framework()
    overrides = {
        c.id.replace(".", "_"): "fully_achieved"
        for b in (1, 2, 3)
        for c in framework.benchmark(b).criteria
    }
    submitted_audit(world.school, world.lead, State.IN_PROGRESS, **overrides)
    data = json.loads(run("audit_scores", "--urn", str(world.school.urn), "--format", "json"))
    assert data["urn"] == world.school.urn
    assert data["fully_achieved_count"] == 3
    assert data["benchmarks"]["1"] == {"percentage": 100, "fully_achieved": True}
    assert data["benchmarks"]["8"] == {"percentage": 50, "fully_achieved": False}
    assert set(data["benchmarks"]) == {str(n) for n in range(1, 9)}
    with pytest.raises(CommandError, match="no submitted audit"):
        run("audit_scores", "--urn", str(world.other_school.urn))
    with pytest.raises(CommandError, match="No school with URN 999"):
        run("audit_scores", "--urn", "999")


HEADER = ["urn", "school", "submitted", "benchmark", "criterion", "state"]


def test_an_import_with_a_wrong_header_changes_nothing(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["urn", "submited", "benchmark", "critera", "state"],
            ["100001", "2026-05-01", "1", "1.1", "in_progress"],
        ],
    )
    with pytest.raises(CommandError) as caught:
        run("import_audits", str(path))
    message = str(caught.value)
    assert "Nothing was imported" in message
    assert "Row 1 (header): missing column(s) submitted, criterion" in message
    assert "unknown column(s) submited, critera" in message
    assert not Audit.objects.exists()


def test_an_import_reports_every_bad_row_and_is_all_or_nothing(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = [
        HEADER,
        ["100001", "Felling", "2026-05-01", "1", "1.1", "in_progress"],  # fine
        ["100002", "Dunston", "01/05/2026", "1", "1.1", "Fully achieved"],  # fine (label, UK date)
        ["123456", "Nowhere", "2026-05-01", "1", "1.1", "in_progress"],  # unknown URN
        ["100001", "Felling", "2026-05-01", "2", "1.2", "in_progress"],  # wrong benchmark
        ["100001", "Felling", "2026-05-01", "9", "9.9", "in_progress"],  # no such criterion
        ["100001", "Felling", "yesterday", "1", "1.3", "in_progress"],  # bad date
        ["100001", "Felling", "2026-05-01", "1", "1.4", "done"],  # bad state
        ["100001", "Felling", "2026-05-01", "1", "1.1", "not_started"],  # duplicate criterion
    ]
    path = write_csv(tmp_path / "audits.csv", rows)
    with pytest.raises(CommandError) as caught:
        run("import_audits", str(path))
    message = str(caught.value)
    assert "Row 4: no school with URN 123456" in message
    assert "Row 5: criterion 1.2 is in benchmark 1, not '2'" in message
    assert "Row 6: no criterion '9.9'" in message
    assert "Row 7: submitted 'yesterday' is not a date" in message
    assert "Row 8: state 'done' is not one of" in message
    assert "Row 9: criterion 1.1 appears twice" in message
    assert "Row 2" not in message and "Row 3" not in message
    assert not Audit.objects.exists() and not AuditAnswer.objects.exists()


def test_a_clean_spreadsheet_imports(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["URN", "Submitted", "Benchmark", "Criterion", "State", "Evidence_note"])
    for criterion in load_framework().benchmark(5).criteria:
        sheet.append(
            [world.school.urn, "14/05/2026", 5, criterion.id, "in progress", "Careers fair"]
        )
    path = tmp_path / "audits.xlsx"
    book.save(path)
    run("import_audits", str(path))
    audit = Audit.objects.get(school=world.school)
    assert audit.term == "Summer 2026"  # taken from the date when the file has no term
    assert set(audit.answers.values_list("state", "evidence_note")) == {
        ("in_progress", "Careers fair")
    }
    data = json.loads(run("audit_scores", "--urn", str(world.school.urn)))
    assert data["benchmarks"]["5"]["percentage"] == 50
    assert (
        data["benchmarks"]["1"]["percentage"] == 0
    )  # criteria not in the file count as not started


def test_an_xlsx_that_is_not_a_zip_is_a_clear_error_and_changes_nothing(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "audits.xlsx"
    path.write_text("urn,submitted,benchmark,criterion,state\n100001,14/05/2026,5,5.1,achieved\n")
    with pytest.raises(CommandError, match="not a real Excel workbook"):
        run("import_audits", str(path))
    assert not Audit.objects.exists()


def test_an_xlsx_that_unpacks_too_large_is_refused_before_it_is_read(
    world, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A small file that expands hugely (a zip bomb) is refused from the zip's own directory."""
    import zipfile

    from horizons.core import uploads

    monkeypatch.setattr(uploads, "MAX_XLSX_EXPANDED_BYTES", 1024 * 1024)
    path = tmp_path / "audits.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<c>" + b"0" * 5_000_000 + b"</c>")
    assert path.stat().st_size < 100_000
    with pytest.raises(CommandError, match="expands to 4.8 MB when opened"):
        run("import_audits", str(path))
    assert not Audit.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_a_clear_error(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    path = tmp_path / "audits.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(CommandError, match="not a real Excel workbook"):
        run("import_audits", str(path))


def test_an_oversized_import_is_refused(world, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from horizons.core import uploads

    # Every upload shares one limit (10 MB); a smaller one here keeps the test file small.
    monkeypatch.setitem(uploads.check_upload.__kwdefaults__, "max_bytes", 1024)
    path = write_csv(tmp_path / "audits.csv", [["urn", "submitted"]] + [["1", "2"]] * 500)
    with pytest.raises(CommandError, match="the limit is 0.0 MB"):
        run("import_audits", str(path))
