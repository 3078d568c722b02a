"""The pure GIAS parser: encodings, odd rows, unknown values, filters and the grid conversion."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from horizons.organisations.gias import (
    REQUIRED_COLUMNS,
    GiasFile,
    GiasFormatError,
    GiasSchool,
    bng_to_wgs84,
    normalise_postcode,
    parse_number,
    read_gias,
)

REFERENCE = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "reference"
    / "gias"
    / "example_schools_data.csv"
)
needs_reference = pytest.mark.skipif(
    not REFERENCE.exists(), reason="the GIAS reference extract (../shared/reference) is absent"
)

# A cut-down GIAS header: the required columns in their real order among a few others,
# including zero-padded codes and dd-mm-yyyy dates that the importer must ignore.
FIXTURE_HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "CensusDate",
    "NumberOfPupils",
    "PercentageFSM",
    "Street",
    "Postcode",
    "Easting",
    "Northing",
    "UPRN",
]

DEFAULTS = {
    "URN": "100008",
    "LA (code)": "202",
    "LA (name)": "Camden",
    "EstablishmentNumber": "2999",
    "EstablishmentName": "Argyle Primary School",
    "TypeOfEstablishment (code)": "01",
    "TypeOfEstablishment (name)": "Community school",
    "EstablishmentStatus (code)": "1",
    "EstablishmentStatus (name)": "Open",
    "OpenDate": "01-09-1974",
    "PhaseOfEducation (code)": "2",
    "PhaseOfEducation (name)": "Primary",
    "CensusDate": "16-01-2025",
    "NumberOfPupils": "396",
    "PercentageFSM": "28.3",
    "Street": "Tonbridge Street",
    "Postcode": "WC1H 9EG",
    "Easting": "530238",
    "Northing": "182761",
    "UPRN": "5000123",
}


def school(**values: str) -> dict[str, str]:
    """A GIAS row as a dict: the defaults with some columns replaced, named by short aliases."""
    aliases = {
        "urn": "URN",
        "name": "EstablishmentName",
        "la": "LA (name)",
        "type": "TypeOfEstablishment (name)",
        "status": "EstablishmentStatus (name)",
        "phase": "PhaseOfEducation (name)",
        "pupils": "NumberOfPupils",
        "fsm": "PercentageFSM",
        "postcode": "Postcode",
        "easting": "Easting",
        "northing": "Northing",
    }
    row = dict(DEFAULTS)
    for key, value in values.items():
        row[aliases[key]] = value
    return row


def gias_bytes(
    rows: Sequence[dict[str, str] | list[str]],
    *,
    header: list[str] = FIXTURE_HEADER,
    encoding: str = "cp1252",
) -> bytes:
    """The CSV as GIAS serves it: every field quoted, CRLF line ends, Windows-1252 by default.

    A row given as a list is written as it is (for rows with extra or missing fields).
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row if isinstance(row, list) else [row.get(c, "") for c in header])
    return out.getvalue().encode(encoding)


def write_gias_csv(
    path: Path, rows: Sequence[dict[str, str] | list[str]], *, encoding: str = "cp1252"
) -> Path:
    path.write_bytes(gias_bytes(rows, encoding=encoding))
    return path


def by_urn(gias_file: GiasFile) -> dict[int, GiasSchool]:
    return {s.urn: s for s in gias_file.schools}


# --- the real extract ---------------------------------------------------------------------------


@needs_reference
def test_reference_extract_reads_every_row() -> None:
    result = read_gias(REFERENCE)
    assert result.rows_read == 19
    assert result.rows_with_extra_fields == 10
    assert result.skips == ()
    assert len(result.schools) == 19
    assert Counter(s.phase for s in result.schools) == {
        "Not applicable": 10,
        "16 plus": 4,
        "Primary": 2,
        "Nursery": 2,
        "Secondary": 1,
    }
    assert sum(s.is_closed for s in result.schools) == 3


@needs_reference
def test_reference_extract_locates_sir_john_cass_in_the_city() -> None:
    cass = by_urn(read_gias(REFERENCE))[100000]
    assert cass.name == "Sir John Cass's Foundation Primary School"
    assert cass.la_name == "City of London"
    assert cass.postcode == "EC3A 5DE"
    assert (cass.easting, cass.northing) == (533498, 181201)
    assert cass.latitude == pytest.approx(51.51, abs=0.01)
    assert cass.longitude == pytest.approx(-0.08, abs=0.01)
    assert cass.number_of_pupils == 276
    assert cass.percentage_fsm == Decimal("12.0")


@needs_reference
def test_reference_rows_from_another_layout_keep_early_columns_and_clear_misplaced_ones() -> None:
    result = read_gias(REFERENCE)
    academy = by_urn(result)[105135]
    # URN to FSM line up in both layouts; postcode and grid columns moved, so they are cleared.
    assert academy.name == "St Paul's Academy"
    assert academy.phase == "Secondary"
    assert academy.number_of_pupils == 1119
    assert academy.percentage_fsm == Decimal("35.6")
    assert academy.postcode == ""
    assert academy.latitude is None and academy.easting is None
    cleared = {(c.urn, c.column) for c in result.corrections}
    assert (105135, "Postcode") in cleared
    assert (105135, "Easting/Northing") in cleared
    assert all(c.row_number >= 11 for c in result.corrections)  # only the longer rows


@needs_reference
def test_reference_extract_reads_the_same_from_its_real_windows_1252_encoding() -> None:
    utf8 = read_gias(REFERENCE)
    cp1252 = read_gias(REFERENCE.read_text(encoding="utf-8").encode("cp1252"))
    assert cp1252.schools == utf8.schools


# --- encodings ----------------------------------------------------------------------------------

NAMES = ["St Mary’s Catholic Primary School", "Ysgol Gymraeg Llundain", "Café Crème Nursery"]


def test_windows_1252_names_are_decoded() -> None:
    rows = [school(urn=str(200000 + i), name=n) for i, n in enumerate(NAMES)]
    result = read_gias(gias_bytes(rows, encoding="cp1252"))
    assert result.encoding == "cp1252"
    assert [s.name for s in result.schools] == NAMES


def test_utf8_with_byte_order_mark_is_decoded() -> None:
    rows = [school(urn=str(200000 + i), name=n) for i, n in enumerate(NAMES)]
    result = read_gias(gias_bytes(rows, encoding="utf-8-sig"))
    assert result.encoding == "utf-8"
    assert [s.name for s in result.schools] == NAMES


def test_bytes_undefined_in_windows_1252_still_decode() -> None:
    data = gias_bytes([school(name="Odd School")]).replace(b"Odd", b"O\x81dd")
    result = read_gias(data)
    assert result.encoding == "latin-1"
    assert result.schools[0].name == "O\x81dd School"


def test_reads_from_a_path(tmp_path: Path) -> None:
    path = write_gias_csv(tmp_path / "edubase.csv", [school(urn="123456")])
    assert [s.urn for s in read_gias(path).schools] == [123456]
    assert [s.urn for s in read_gias(str(path)).schools] == [123456]


# --- rows and values ----------------------------------------------------------------------------


def test_unknown_numbers_become_none() -> None:
    rows = [
        school(urn="1", pupils="..", fsm=".."),
        school(urn="2", pupils="", fsm=""),
        school(urn="3", pupils="x", fsm="SUPP"),
        school(urn="4", easting="..", northing=".."),
    ]
    result = read_gias(gias_bytes(rows))
    schools = by_urn(result)
    for urn in (1, 2, 3):
        assert schools[urn].number_of_pupils is None
        assert schools[urn].percentage_fsm is None
    assert schools[4].easting is None and schools[4].latitude is None
    assert result.corrections == ()  # unknown is not wrong


def test_numbers_are_read_tolerantly() -> None:
    rows = [
        school(urn="1", pupils="1,119", fsm="35.60"),
        school(urn="2", pupils="276.0", fsm="12.5"),
        school(urn="3", pupils=" 19 ", fsm="12.25"),
        school(urn="4", fsm="7%", easting="533498.4", northing="181201.6"),
    ]
    schools = by_urn(read_gias(gias_bytes(rows)))
    assert schools[1].number_of_pupils == 1119
    assert schools[1].percentage_fsm == Decimal("35.6")
    assert schools[2].number_of_pupils == 276
    assert schools[2].percentage_fsm == Decimal("12.5")
    assert schools[3].number_of_pupils == 19
    assert schools[3].percentage_fsm == Decimal("12.3")  # half up, as the database keeps it
    assert schools[4].percentage_fsm == Decimal("7.0")
    assert (schools[4].easting, schools[4].northing) == (533498, 181202)


def test_impossible_values_are_cleared_with_a_reason() -> None:
    rows = [
        school(urn="1", fsm="150"),
        school(urn="2", fsm="-1"),
        school(urn="3", pupils="-4"),
        school(urn="4", pupils="many"),
        school(urn="5", postcode="Ms"),
        school(urn="6", easting="Greenwich", northing="E05014072"),
        school(urn="7", easting="533498", northing=""),
        school(urn="8", easting="900000", northing="181201"),
    ]
    result = read_gias(gias_bytes(rows))
    schools = by_urn(result)
    assert len(schools) == 8  # the schools are kept
    assert schools[1].percentage_fsm is None and schools[2].percentage_fsm is None
    assert schools[3].number_of_pupils is None and schools[4].number_of_pupils is None
    assert schools[5].postcode == ""
    for urn in (6, 7, 8):
        assert schools[urn].easting is None and schools[urn].northing is None
        assert schools[urn].latitude is None and schools[urn].longitude is None
    reasons = {c.urn: (c.column, c.reason) for c in result.corrections}
    assert reasons == {
        1: ("PercentageFSM", "outside 0-100; left unknown"),
        2: ("PercentageFSM", "outside 0-100; left unknown"),
        3: ("NumberOfPupils", "is negative; left unknown"),
        4: ("NumberOfPupils", "is not a number; left unknown"),
        5: ("Postcode", "not a UK postcode; left blank"),
        6: ("Easting/Northing", "not a number; location left unknown"),
        7: ("Easting/Northing", "only one of the pair given; location left unknown"),
        8: ("Easting/Northing", "outside the British National Grid; location left unknown"),
    }
    assert [c.row_number for c in result.corrections] == list(range(2, 10))


def test_bad_and_missing_urns_are_skipped_with_reasons() -> None:
    rows = [
        school(urn="100001"),
        school(urn=""),
        school(urn="abc"),
        school(urn="0"),
        school(urn="-5"),
        school(urn="12.5"),
        school(urn="99999999999"),
        school(urn="100002", name="   "),
    ]
    result = read_gias(gias_bytes(rows))
    assert [s.urn for s in result.schools] == [100001]
    assert [(s.row_number, s.urn, s.reason) for s in result.skips] == [
        (3, None, "no URN"),
        (4, None, "URN is not a positive whole number"),
        (5, None, "URN is not a positive whole number"),
        (6, None, "URN is not a positive whole number"),
        (7, None, "URN is not a positive whole number"),
        (8, None, "URN is not a positive whole number"),
        (9, 100002, "no establishment name"),
    ]


def test_duplicate_urn_keeps_the_first() -> None:
    rows = [
        school(urn="100001", name="First"),
        school(urn="100002", name="Other"),
        school(urn="100001", name="Second"),
    ]
    result = read_gias(gias_bytes(rows))
    assert by_urn(result)[100001].name == "First"
    assert [(s.row_number, s.urn, s.reason) for s in result.skips] == [
        (4, 100001, "URN already seen earlier in the file")
    ]


def test_rows_with_extra_or_missing_fields_are_read_by_header_name() -> None:
    full = [DEFAULTS[c] for c in FIXTURE_HEADER]
    longer = [*full[:-1], "200000071925", "spare", "E02000001", ""]
    longer[0] = "100010"
    shorter = full[: FIXTURE_HEADER.index("NumberOfPupils") + 1]
    shorter[0] = "100011"
    result = read_gias(gias_bytes([longer, shorter, []]))
    schools = by_urn(result)
    assert result.rows_read == 2  # the blank line is not a row
    assert result.rows_with_extra_fields == 1
    assert schools[100010].postcode == "WC1H 9EG"
    assert schools[100010].latitude == pytest.approx(51.5287, abs=0.001)
    assert schools[100011].number_of_pupils == 396
    assert schools[100011].percentage_fsm is None
    assert schools[100011].postcode == "" and schools[100011].easting is None
    assert result.corrections == ()


def test_columns_are_found_by_name_whatever_the_order_case_or_spacing() -> None:
    header = ["Easting", "northing", "LA(name)", "PercentageFSM", " urn ", "Postcode", "Extra"]
    header += ["EstablishmentName", "TypeOfEstablishment  (name)", "EstablishmentStatus (Name)"]
    header += ["PhaseOfEducation (name)", "NumberOfPupils"]
    row = ["533498", "181201", "City of London", "12", "100000", "ec3a5de", "?", "Sir John Cass"]
    row += ["Voluntary aided school", "Open", "Primary", "276"]
    only = read_gias(gias_bytes([row], header=header)).schools[0]
    assert (only.urn, only.name, only.la_name, only.postcode) == (
        100000,
        "Sir John Cass",
        "City of London",
        "EC3A 5DE",
    )
    assert (only.establishment_type, only.status, only.phase) == (
        "Voluntary aided school",
        "Open",
        "Primary",
    )
    assert only.latitude == pytest.approx(51.514, abs=0.001)


def test_long_names_are_cut_to_fit() -> None:
    result = read_gias(gias_bytes([school(name="A" * 250)]))
    assert result.schools[0].name == "A" * 200
    assert [(c.column, c.reason) for c in result.corrections] == [
        ("EstablishmentName", "longer than 200 characters; cut short")
    ]


def test_closed_establishments_are_read_and_flagged() -> None:
    rows = [school(urn="1", status="Closed"), school(urn="2", status="Open, but proposed to close")]
    schools = by_urn(read_gias(gias_bytes(rows)))
    assert schools[1].is_closed
    assert not schools[2].is_closed


# --- files that are not GIAS exports ------------------------------------------------------------


def test_a_csv_without_the_gias_columns_is_refused() -> None:
    with pytest.raises(GiasFormatError) as error:
        read_gias(b"name,email\r\nAda,ada@example.org\r\n")
    message = str(error.value)
    assert "does not look like a GIAS establishment export" in message
    for column in REQUIRED_COLUMNS:
        assert f"'{column}'" in message


def test_a_file_missing_one_column_names_it() -> None:
    header = [c for c in FIXTURE_HEADER if c != "Northing"]
    with pytest.raises(GiasFormatError, match=r"no 'Northing' column\."):
        read_gias(gias_bytes([school()], header=header))


def test_an_empty_or_binary_file_is_refused() -> None:
    with pytest.raises(GiasFormatError, match="empty"):
        read_gias(b"")
    with pytest.raises(GiasFormatError, match="does not look like a GIAS"):
        read_gias(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb2\x9c\x8f\xff")


# --- filters ------------------------------------------------------------------------------------

PHASES = ["Primary", "Middle deemed primary", "All-through", "Secondary", "Nursery"]


def test_phase_filter_matches_names_containing_it() -> None:
    rows = [school(urn=str(i + 1), phase=p) for i, p in enumerate(PHASES)]
    result = read_gias(gias_bytes(rows), phase="primary")
    assert [s.phase for s in result.schools] == ["Primary", "Middle deemed primary"]
    assert result.filtered == 3
    several = read_gias(gias_bytes(rows), phase=["PRIMARY", "all-through"])
    assert [s.phase for s in several.schools] == PHASES[:3]


def test_la_filter_matches_the_whole_name_ignoring_case() -> None:
    las = ["York", "North Yorkshire", "Camden", "camden "]
    rows = [school(urn=str(i + 1), la=la) for i, la in enumerate(las)]
    assert [s.la_name for s in read_gias(gias_bytes(rows), la="york").schools] == ["York"]
    camden = read_gias(gias_bytes(rows), la=["Camden"], phase="Primary")
    assert [s.urn for s in camden.schools] == [3, 4]
    assert camden.filtered == 2


def test_filtered_rows_are_counted_not_skipped() -> None:
    rows = [school(urn="1", phase="Secondary"), school(urn="", phase="Secondary")]
    result = read_gias(gias_bytes(rows), phase="Primary")
    assert result.filtered == 1
    assert [s.reason for s in result.skips] == ["no URN"]  # a bad row is reported regardless


# --- coordinates and small helpers --------------------------------------------------------------


def test_grid_conversion_matches_the_ordnance_survey_worked_example() -> None:
    # OS's worked example: TR 143 599 (614300 E, 159900 N) is 51.297880 N, 1.072628 E (ETRS89,
    # within a metre of WGS84). Reading it as OSGB36 latitude/longitude would be ~120 m out.
    latitudes, longitudes = bng_to_wgs84([614300.0], [159900.0])
    assert latitudes[0] == pytest.approx(51.297880, abs=0.0001)
    assert longitudes[0] == pytest.approx(1.072628, abs=0.0001)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(100_000, 650_000), st.integers(10_000, 650_000)),
        min_size=1,
        max_size=30,
    )
)
def test_england_grid_references_land_in_great_britain_the_right_way_round(points) -> None:
    eastings = [e for e, _ in points]
    northings = [n for _, n in points]
    latitudes, longitudes = bng_to_wgs84(eastings, northings)
    assert ((latitudes > 49.7) & (latitudes < 56.0)).all()
    assert ((longitudes > -7.7) & (longitudes < 2.6)).all()
    # A kilometre north is further north; a kilometre east is further east.
    north_latitudes, _ = bng_to_wgs84(eastings, [n + 1000 for n in northings])
    _, east_longitudes = bng_to_wgs84([e + 1000 for e in eastings], northings)
    assert (north_latitudes > latitudes).all()
    assert (east_longitudes > longitudes).all()
    # Converting all at once gives the same answers as converting each point alone.
    for i, (e, n) in enumerate(points):
        lat, lon = bng_to_wgs84([e], [n])
        assert (lat[0], lon[0]) == pytest.approx((latitudes[i], longitudes[i]), abs=1e-9)


cp1252_text = st.text(
    alphabet=st.characters(codec="cp1252", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(name=cp1252_text, encoding=st.sampled_from(["cp1252", "utf-8", "utf-8-sig"]))
def test_any_windows_1252_name_survives_the_round_trip(name: str, encoding: str) -> None:
    # The encoding is decided for the whole file. A lone name such as "Â¡" is also valid UTF-8
    # (for "¡") when written in cp1252, but a national file always has curly apostrophes or
    # accents that are not, as this second school stands for.
    rows = [school(urn="1", name=name), school(urn="2", name="St Mary’s")]
    result = read_gias(gias_bytes(rows, encoding=encoding))
    assert [s.name for s in result.schools] == [" ".join(name.split()), "St Mary’s"]


def test_postcodes_are_normalised() -> None:
    assert normalise_postcode("ec3a5de") == "EC3A 5DE"
    assert normalise_postcode(" nw1  3ex ") == "NW1 3EX"
    assert normalise_postcode("M1 1AE") == "M1 1AE"
    assert normalise_postcode("") == ""
    assert normalise_postcode("Principal") is None
    assert normalise_postcode("12345") is None


def test_parse_number() -> None:
    assert parse_number("..") is None
    assert parse_number(" ") is None
    assert parse_number("1,234.5") == Decimal("1234.5")
    with pytest.raises(ValueError):
        parse_number("NaN")
    with pytest.raises(ValueError):
        parse_number("twelve")
