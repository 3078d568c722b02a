"""The GIAS import: the service and the `import_gias` command against a real database."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from horizons.organisations.gias import GiasFormatError
from horizons.organisations.gias_import import import_gias
from horizons.organisations.models import Hub, School
from tests.organisations.test_gias_parse import REFERENCE, needs_reference, school, write_gias_csv

pytestmark = pytest.mark.django_db


def run_command(*args: str) -> list[str]:
    out = StringIO()
    call_command("import_gias", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def camden_file(tmp_path: Path) -> Path:
    return write_gias_csv(
        tmp_path / "edubase.csv",
        [
            school(urn="100008", name="Argyle Primary School"),
            school(urn="100009", name="St Mary’s Kilburn", pupils="..", fsm=""),
            school(urn="100010", name="Café Secondary", phase="Secondary"),
            school(urn=""),
            school(urn="100008", name="Argyle again"),
            school(urn="100011", name="Old Nursery", phase="Nursery", status="Closed"),
            school(urn="100012", name="Ysgol Gymraeg Llundain", postcode="Ms"),
        ],
    )


def test_command_creates_schools_and_reports_each_skip(camden_file: Path) -> None:
    lines = run_command(str(camden_file))
    assert lines[0] == "created 4, updated 0, skipped 3"
    assert lines[1] == "unchanged 0, filtered out 0 (by --phase or --la), rows read 7"
    assert lines[2:] == [
        "skipped 1: no URN (row 5)",
        "skipped 1: URN already seen earlier in the file (row 6)",
        "skipped 1: closed (use --include-closed to import closed establishments) (row 7)",
        "corrected 1: Postcode not a UK postcode; left blank (row 8)",
    ]
    assert sorted(School.objects.values_list("urn", flat=True)) == [
        100008,
        100009,
        100010,
        100012,
    ]
    argyle = School.objects.get(urn=100008)
    assert argyle.name == "Argyle Primary School"
    assert (argyle.la_name, argyle.phase, argyle.status) == ("Camden", "Primary", "Open")
    assert argyle.establishment_type == "Community school"
    assert argyle.postcode == "WC1H 9EG"
    assert (argyle.easting, argyle.northing) == (530238, 182761)
    assert argyle.latitude == pytest.approx(51.5287, abs=0.001)
    assert argyle.longitude == pytest.approx(-0.1239, abs=0.001)
    assert argyle.number_of_pupils == 396
    assert argyle.percentage_fsm == Decimal("28.3")
    kilburn = School.objects.get(urn=100009)
    assert kilburn.name == "St Mary’s Kilburn"
    assert kilburn.number_of_pupils is None and kilburn.percentage_fsm is None
    assert School.objects.get(urn=100012).postcode == ""


def test_reimporting_updates_instead_of_duplicating(camden_file: Path, tmp_path: Path) -> None:
    run_command(str(camden_file))
    first = School.objects.get(urn=100008)

    assert run_command(str(camden_file))[:2] == [
        "created 0, updated 0, skipped 3",
        "unchanged 4, filtered out 0 (by --phase or --la), rows read 7",
    ]
    assert School.objects.get(urn=100008).updated_at == first.updated_at

    changed = write_gias_csv(
        tmp_path / "next-year.csv",
        [
            school(urn="100008", name="Argyle Primary School", pupils="401", fsm="30.1"),
            school(urn="100009", name="St Mary’s Kilburn", pupils="..", fsm=""),
            school(urn="100013", name="New Free School"),
        ],
    )
    assert run_command(str(changed))[0] == "created 1, updated 1, skipped 0"
    assert School.objects.count() == 5
    argyle = School.objects.get(urn=100008)
    assert (argyle.number_of_pupils, argyle.percentage_fsm) == (401, Decimal("30.1"))
    assert argyle.pk == first.pk
    assert argyle.created_at == first.created_at
    assert argyle.updated_at > first.updated_at


def test_filters_by_phase_and_la(tmp_path: Path) -> None:
    path = write_gias_csv(
        tmp_path / "gias.csv",
        [
            school(urn="1", la="Camden", phase="Primary"),
            school(urn="2", la="Camden", phase="Middle deemed primary"),
            school(urn="3", la="Camden", phase="Secondary"),
            school(urn="4", la="Islington", phase="Primary"),
            school(urn="5", la="Newcastle upon Tyne", phase="Primary"),
        ],
    )
    lines = run_command(str(path), "--phase", "Primary", "--la", "camden", "--la", "Islington")
    assert lines[0] == "created 3, updated 0, skipped 0"
    assert lines[1].startswith("unchanged 0, filtered out 2 ")
    assert sorted(School.objects.values_list("urn", flat=True)) == [1, 2, 4]


def test_a_filter_that_matches_nothing_says_so(camden_file: Path) -> None:
    lines = run_command(str(camden_file), "--la", "Camdem")
    assert lines[0] == "created 0, updated 0, skipped 2"  # no URN, and a URN seen before
    assert lines[2].startswith("nothing matched --phase or --la")
    assert not School.objects.exists()
    assert not any(
        line.startswith("nothing matched")
        for line in run_command(str(camden_file), "--la", "camden")
    )


def test_a_file_that_is_not_gias_fails_and_writes_nothing(tmp_path: Path) -> None:
    School.objects.create(urn=100000, name="Already here")
    path = tmp_path / "contacts.csv"
    path.write_bytes("name,email\r\nZoë,zoe@example.org\r\n".encode("cp1252"))
    with pytest.raises(CommandError, match="does not look like a GIAS establishment export"):
        run_command(str(path))
    with pytest.raises(GiasFormatError):
        import_gias(path=path)
    assert list(School.objects.values_list("urn", flat=True)) == [100000]


def test_an_xlsx_or_zip_given_as_gias_is_a_clear_error(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "edubasealldata.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("edubasealldata.csv", "URN,EstablishmentName\r\n1,A\r\n")
    with pytest.raises(CommandError, match="not CSV"):
        run_command(str(path))
    assert not School.objects.exists()


def test_an_oversized_gias_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from horizons.organisations import gias

    monkeypatch.setattr(gias, "MAX_GIAS_BYTES", 1024)
    path = write_gias_csv(tmp_path / "big.csv", [school(urn=str(n)) for n in range(1, 60)])
    with pytest.raises(CommandError, match="a GIAS establishment export is under"):
        run_command(str(path))
    assert not School.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run_command(str(tmp_path / "nowhere.csv"))


def test_closed_schools_are_created_only_when_asked_but_known_ones_are_updated(
    tmp_path: Path,
) -> None:
    open_then = write_gias_csv(tmp_path / "2024.csv", [school(urn="7", status="Open")])
    closed_now = write_gias_csv(
        tmp_path / "2025.csv",
        [school(urn="7", status="Closed"), school(urn="8", status="Closed")],
    )
    import_gias(path=open_then)
    result = import_gias(path=closed_now)
    assert (result.created, result.updated) == (0, 1)
    assert [(s.urn, s.row_number) for s in result.skipped] == [(8, 3)]
    assert School.objects.get(urn=7).status == "Closed"
    assert not School.objects.filter(urn=8).exists()

    result = import_gias(path=closed_now, include_closed=True)
    assert (result.created, result.updated, result.unchanged) == (1, 0, 1)
    assert School.objects.get(urn=8).status == "Closed"


def test_hub_is_given_to_new_and_hubless_schools_but_never_moves_a_school(
    tmp_path: Path,
) -> None:
    north = Hub.objects.create(name="North East", slug="north-east")
    south = Hub.objects.create(name="South Coast", slug="south-coast")
    School.objects.create(urn=1, name="Argyle Primary School", hub=south)
    School.objects.create(urn=2, name="Argyle Primary School")
    path = write_gias_csv(
        tmp_path / "gias.csv", [school(urn="1"), school(urn="2"), school(urn="3")]
    )
    result = import_gias(path=path, hub=north)
    assert (result.created, result.updated) == (1, 2)
    hubs = dict(School.objects.values_list("urn", "hub__slug"))
    assert hubs == {1: "south-coast", 2: "north-east", 3: "north-east"}


def test_a_large_import_costs_a_few_queries_per_thousand_schools(
    tmp_path: Path, django_assert_max_num_queries
) -> None:
    rows = [school(urn=str(100000 + i), name=f"School {i}") for i in range(3000)]
    path = write_gias_csv(tmp_path / "gias.csv", rows)
    # Never a query per school: 4 lookups of 900 URNs, then inserts of 1000 rows (on SQLite,
    # whose 999-parameter limit caps an insert at 66 rows, 46 of them), and the savepoint.
    with django_assert_max_num_queries(len(rows) // 50):
        result = import_gias(path=path)
    assert result.created == 3000
    assert School.objects.count() == 3000


@needs_reference
def test_the_real_extract_imports(tmp_path: Path) -> None:
    # Written as the real download is encoded.
    path = tmp_path / "edubase.csv"
    path.write_bytes(REFERENCE.read_text(encoding="utf-8").encode("cp1252"))
    lines = run_command(str(path))
    assert lines[0] == "created 16, updated 0, skipped 3"
    assert "skipped 3: closed (use --include-closed to import closed establishments)" in lines[2]
    cass = School.objects.get(urn=100000)
    assert cass.latitude == pytest.approx(51.51, abs=0.01)
    assert cass.longitude == pytest.approx(-0.08, abs=0.01)
    assert run_command(str(path), "--phase", "primary")[:2] == [
        "created 0, updated 0, skipped 0",
        "unchanged 2, filtered out 17 (by --phase or --la), rows read 19",
    ]
