"""Labour market figures: the CSV reader (all or nothing, with row numbers) and the loader."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from horizons.careers import labour_market
from horizons.careers.labour_market import LabourMarketFileError, decode, parse
from horizons.careers.models import LabourMarketFigure
from horizons.careers.services import CareersError, labour_market_load, labour_market_load_file
from horizons.core.sectors import SECTORS
from horizons.demo.careers import DEMO_CSV, seed

HEADER = "area,sector,jobs,change_pct,year,source\n"


def test_a_good_file_reads_every_row() -> None:
    figures = parse(
        HEADER
        + 'Tyne and Wear,health-and-care,"86,500",2.4,2024,ONS BRES\n'
        + "Tyne and Wear,Retail and customer service,64000,-1.25%,2024,ONS BRES\n"
        + "Tyne and Wear,energy,9500,,2024,ONS BRES\n"
    )
    assert [(f.sector, f.jobs, f.change_pct) for f in figures] == [
        ("health-and-care", 86500, Decimal("2.4")),
        ("retail", 64000, Decimal("-1.2")),
        ("energy", 9500, None),
    ]
    assert {f.area for f in figures} == {"Tyne and Wear"} and {f.year for f in figures} == {2024}


def test_columns_can_come_in_any_order_and_case() -> None:
    figures = parse("Source,YEAR,Jobs,Sector,Area\nBRES,2023,10,sport,Leeds\n")
    assert (
        figures[0].sector == "sport"
        and figures[0].area == "Leeds"
        and figures[0].change_pct is None
    )


def test_every_problem_is_reported_with_its_row_number_and_nothing_is_kept() -> None:
    text = (
        HEADER
        + "Tyne and Wear,health-and-care,100,1,2024,BRES\n"  # row 2: fine
        + "Tyne and Wear,spaceships,100,1,2024,BRES\n"  # row 3
        + "Tyne and Wear,retail,lots,1,2024,BRES\n"  # row 4
        + "Tyne and Wear,energy,-5,abc,24,\n"  # row 5: four problems
        + "\n"  # row 6: blank, ignored
        + "Tyne and Wear,health-and-care,200,1,2024,BRES\n"  # row 7: repeats row 2
        + ",sport,5,1,2024,BRES\n"  # row 8: no area
    )
    with pytest.raises(LabourMarketFileError) as caught:
        parse(text)
    problems = caught.value.problems
    assert any(p.startswith("Row 3:") and "'spaceships'" in p for p in problems)
    assert any(p.startswith("Row 4:") and "jobs" in p for p in problems)
    assert sum(p.startswith("Row 5:") for p in problems) == 4
    assert any(p.startswith("Row 7:") and "row 2" in p for p in problems)
    assert any(p.startswith("Row 8:") and "area" in p for p in problems)
    assert not any(p.startswith(("Row 2:", "Row 6:")) for p in problems)
    assert "Nothing was loaded" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Row 1: the file is empty"),
        ("area,sector,jobs\nX,sport,1\n", "missing column(s) year, source"),
        (HEADER, "no figures"),
        (HEADER + "X,sport,1,200000,2024,BRES\n", "change_pct must be between"),
        (HEADER + "X,sport,1,NaN,2024,BRES\n", "change_pct must be between"),
        (HEADER + "X,sport,1.5,1,2024,BRES\n", "jobs must be a whole number"),
        (HEADER + "X,sport,1,1,1850,BRES\n", "year must be"),
    ],
)
def test_bad_files_say_what_to_fix(text: str, expected: str) -> None:
    with pytest.raises(
        LabourMarketFileError, match=expected.replace("(", r"\(").replace(")", r"\)")
    ):
        parse(text)


def test_area_option_picks_one_area_or_fills_a_missing_column() -> None:
    text = HEADER + "Leeds,sport,1,1,2024,BRES\nTyne and Wear,sport,2,1,2024,BRES\n"
    assert [f.jobs for f in parse(text, area="tyne and wear")] == [2]
    assert parse(text, area="tyne and wear")[0].area == "tyne and wear"
    no_area = "sector,jobs,year,source\nsport,3,2024,BRES\n"
    assert parse(no_area, area="Tyne and Wear")[0].area == "Tyne and Wear"
    with pytest.raises(LabourMarketFileError, match="missing column"):
        parse(no_area)
    with pytest.raises(LabourMarketFileError, match="no figures for the area 'Bristol'"):
        parse(text, area="Bristol")


def test_bad_rows_of_other_areas_do_not_block_the_chosen_area() -> None:
    text = HEADER + "Leeds,spaceships,1,1,2024,BRES\nTyne and Wear,sport,2,1,2024,BRES\n"
    assert len(parse(text, area="Tyne and Wear")) == 1


def test_decode_handles_excel_files() -> None:
    assert decode("\ufeffarea".encode()) == "area"
    assert decode("Caf\xe9".encode("cp1252")) == "Café"


def test_sector_names_and_keys_are_both_accepted() -> None:
    for key, label in SECTORS.items():
        assert labour_market.sector_key(key) == key
        assert labour_market.sector_key(label.upper()) == key
    assert labour_market.sector_key("Spaceships") is None


def test_the_demo_file_is_valid_covers_every_sector_and_says_it_is_invented() -> None:
    figures = parse(decode(DEMO_CSV.read_bytes()))
    assert {f.sector for f in figures} == set(SECTORS)
    assert {f.area for f in figures} == {"Tyne and Wear"}
    assert all("DEMO" in f.source and "not real" in f.source for f in figures)


# --- Loading into the database --------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_loading_replaces_the_same_area_and_year_only(tmp_path: Path) -> None:
    labour_market_load_file(
        path=_write(
            tmp_path,
            HEADER
            + "Tyne and Wear,sport,10,1,2023,A\nTyne and Wear,retail,20,1,2024,A\nTyne and Wear,energy,5,1,2024,A\n",
        )
    )
    result = labour_market_load_file(
        path=_write(tmp_path, HEADER + "tyne and wear,retail,25,2,2024,B\n")
    )
    assert result.loaded == 1 and result.replaced == 2
    rows = {(f.area, f.sector, f.year): f.jobs for f in LabourMarketFigure.objects.all()}
    assert rows == {("Tyne and Wear", "sport", 2023): 10, ("Tyne and Wear", "retail", 2024): 25}


@pytest.mark.django_db
def test_a_bad_file_loads_nothing(tmp_path: Path) -> None:
    labour_market_load_file(path=_write(tmp_path, HEADER + "Tyne and Wear,sport,10,1,2024,A\n"))
    bad = _write(
        tmp_path, HEADER + "Tyne and Wear,sport,11,1,2024,B\nTyne and Wear,spaceships,1,1,2024,B\n"
    )
    with pytest.raises(CareersError, match="Row 3:"):
        labour_market_load_file(path=bad)
    assert list(LabourMarketFigure.objects.values_list("jobs", flat=True)) == [10]


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CareersError, match="Cannot read"):
        labour_market_load_file(path=tmp_path / "nope.csv")


@pytest.mark.django_db
def test_the_command_loads_and_reports(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "sector,jobs,change_pct,year,source\nsport,9000,1.4,2024,BRES\n")
    call_command("load_labour_market", str(path), "--area", "Tyne and Wear")
    assert "Loaded 1 figure(s) for Tyne and Wear (2024)" in capsys.readouterr().out
    assert LabourMarketFigure.objects.get().area == "Tyne and Wear"


@pytest.mark.django_db
def test_the_command_refuses_a_bad_file_naming_rows(tmp_path: Path) -> None:
    path = _write(
        tmp_path, HEADER + "Tyne and Wear,sport,1,1,2024,A\nTyne and Wear,moon,1,1,2024,A\n"
    )
    with pytest.raises(CommandError, match=r"Row 3: sector 'moon'"):
        call_command("load_labour_market", str(path))
    assert not LabourMarketFigure.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_sector_and_a_repeat() -> None:
    LabourMarketFigure.objects.create(area="X", sector="sport", jobs=1, year=2024, source="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        LabourMarketFigure.objects.create(area="X", sector="moon", jobs=1, year=2024, source="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        LabourMarketFigure.objects.create(area="X", sector="sport", jobs=2, year=2024, source="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        LabourMarketFigure.objects.create(area="X", sector="retail", jobs=2, year=1800, source="A")


@pytest.mark.django_db
def test_loading_nothing_is_refused() -> None:
    with pytest.raises(CareersError):
        labour_market_load(figures=[])


@pytest.mark.django_db
def test_demo_seed_loads_the_hub_area() -> None:
    class Hub:
        area = "Tyne and Wear"

    class Region:
        hub = Hub()

    result = seed(Region())
    assert result.loaded == len(SECTORS) and result.areas == ("Tyne and Wear",)
    assert LabourMarketFigure.objects.filter(area="Tyne and Wear").count() == len(SECTORS)
