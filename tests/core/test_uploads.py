"""Every upload: a size limit, a workbook expansion limit, and a clear word for a fake .xlsx."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from horizons.core import uploads
from horizons.core.uploads import UploadRejected, check_upload
from tests.programmes.factories import make_cohort


def _bomb(expanded_mb: int = 46) -> bytes:
    """A zip shaped like a workbook whose sheet expands to ``expanded_mb`` MB (about a tenth
    of that compressed: a 4.8 MB file that opens as 46 MB)."""
    rng = random.Random(1)
    words = [f"<c r='A{i}' t='s'><v>{i}</v></c>" for i in range(200)]
    target = expanded_mb * 1024 * 1024
    parts = []
    size = 0
    while size < target:
        chunk = "".join(rng.choice(words) for _ in range(4000))
        parts.append(chunk)
        size += len(chunk)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "".join(parts))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb()


def _workbook() -> bytes:
    book = Workbook()
    book.active.append(["urn", "submitted"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_real_workbook_passes() -> None:
    check_upload(_workbook(), name="audits.xlsx")


def test_a_workbook_that_expands_too_far_is_refused_before_it_is_read(bomb: bytes) -> None:
    assert len(bomb) < 10 * 1024 * 1024
    with pytest.raises(UploadRejected, match=r"expands to 4\d\.\d MB when opened"):
        check_upload(bomb, name="audits.xlsx")


def test_a_file_called_xlsx_that_is_not_a_zip_gets_a_clear_message() -> None:
    with pytest.raises(UploadRejected, match="not a real Excel workbook"):
        check_upload(b"urn,submitted\n100001,2026-01-01\n", name="audits.xlsx")
    with pytest.raises(UploadRejected, match="not a real Excel workbook"):
        check_upload(b"PK\x03\x04 broken", name="upload")


def test_a_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(UploadRejected, match="the limit is 1.0 MB"):
        check_upload(b"x" * (1024 * 1024 + 1), max_bytes=1024 * 1024)


def test_a_single_part_that_expands_like_a_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (uploads.MAX_XLSX_EXPANDED_BYTES // 2))
    with pytest.raises(UploadRejected, match="times when opened"):
        check_upload(buffer.getvalue(), name="x.xlsx")


def test_the_audit_import_refuses_a_fake_and_an_expanding_workbook(
    tmp_path: Path, bomb: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    fake = tmp_path / "audits.xlsx"
    fake.write_text("urn,submitted\n")
    with pytest.raises(CommandError, match="not a real Excel workbook"):
        call_command("import_audits", str(fake))
    big = tmp_path / "big.xlsx"
    big.write_bytes(bomb)
    with pytest.raises(CommandError, match="expands to"):
        call_command("import_audits", str(big))


@pytest.mark.django_db
def test_the_assessment_import_refuses_an_expanding_workbook(tmp_path: Path, bomb: bytes) -> None:
    big = tmp_path / "answers.csv"
    big.write_bytes(bomb)
    with pytest.raises(CommandError, match="expands to"):
        call_command("import_assessments", str(big), "--school", "100001")


@pytest.mark.django_db
def test_a_class_list_upload_that_expands_is_refused_with_a_message(
    world, client_for, bomb: bytes
) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    response = client_for("lead").post(
        reverse("programmes:cohort_import", args=[cohort.pk]),
        {"file": SimpleUploadedFile("class.xlsx", bomb, "application/zip")},
    )
    assert response.status_code == 200
    assert "expands to" in response.content.decode()
