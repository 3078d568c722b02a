"""Class lists from SIMS, Arbor and Bromcom: minimum data, all-or-nothing, clear errors."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from horizons.programmes.mis_import import (
    Pupil,
    detect_source,
    parse_class_list,
    propose_mapping,
)

SIMS = """Adno,UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Year,Reg,Gender,FSM Eligible,Pupil Premium Indicator,SEN Status,Address Line 1,Postcode
001234,A801234567890,O'Brien,Jonathan,Jon,01/02/2015,Year 5,5B,M,Yes,Y,K,1 High Street,TN34 1AA
001235,A801234567891,Smith,Olivia,,03/04/2015,Year 5,5B,F,No,N,N,2 High Street,TN34 1AB
001236,A801234567892,Nowak,Zuzanna,Zuza,11/09/2014,Year 6,6H,F,No,N,E,3 High Street,TN34 1AC
"""

ARBOR = """First Name,Preferred First Name,Last Name,Date of Birth,UPN,Year Group,Registration Form,Gender,Pupil Premium,SEN Status,Ethnicity
Amira,,Haddad,2015-05-01,B801234567890,Year 5,5 Oak,Female,Yes,SEN Support,Any other Arab background
Tomasz,Tom,Lewandowski,2015-06-12,B801234567891,Year 5,5 Oak,Male,No,No Special Educational Need,White - Polish
Ellis,,Jones,2015-07-30,B801234567892,Year 5,5 Ash,Other,No,EHC Plan,White - British
"""

BROMCOM = """Surname,Forename,Preferred Forename,NC Year,Reg Group,Sex,PP,SEN Need,UPN,DOB
Evans,Ffion,,4,4W,F,Y,,C801234567890,2016-02-02
Patel,Arjun,,4,4W,M,N,K,C801234567891,2016-03-03
Ahmed,Yusuf,,4,4E,M,Y,E,C801234567892,2016-04-04
"""

FORBIDDEN_VALUES = (
    "A801234567890",
    "01/02/2015",
    "1 High Street",
    "TN34 1AA",
    "001234",
    "2015-05-01",
    "White - Polish",
    "C801234567890",
)


def all_values(pupils: tuple[Pupil, ...]) -> set[str]:
    return {str(value) for p in pupils for value in dataclasses.astuple(p)}


def test_sims_export() -> None:
    result = parse_class_list(SIMS)
    assert result.ok and result.source == "sims"
    assert result.pupils == (
        Pupil("Jon", "O", 5, "5B", pupil_premium=True, send=True, gender="boy"),
        Pupil("Olivia", "S", 5, "5B", pupil_premium=False, send=False, gender="girl"),
        Pupil("Zuza", "N", 6, "6H", pupil_premium=False, send=True, gender="girl"),
    )
    # Pupil premium is read from its own column, not from free school meals.
    assert result.mapping["pupil_premium"] == "Pupil Premium Indicator"


def test_arbor_export() -> None:
    result = parse_class_list(ARBOR.encode("utf-8"))
    assert result.ok and result.source == "arbor"
    assert [(p.first_name, p.last_initial, p.class_name) for p in result.pupils] == [
        ("Amira", "H", "5 Oak"),
        ("Tom", "L", "5 Oak"),
        ("Ellis", "J", "5 Ash"),
    ]
    assert [p.send for p in result.pupils] == [True, False, True]
    assert [p.gender for p in result.pupils] == ["girl", "boy", "other"]


def test_bromcom_export_with_windows_line_ends() -> None:
    result = parse_class_list(BROMCOM.replace("\n", "\r\n").encode("cp1252"))
    assert result.ok and result.source == "bromcom"
    assert [(p.first_name, p.year_group, p.pupil_premium, p.send) for p in result.pupils] == [
        ("Ffion", 4, True, False),
        ("Arjun", 4, False, True),
        ("Yusuf", 4, True, True),
    ]


@pytest.mark.parametrize("export", [SIMS, ARBOR, BROMCOM])
def test_nothing_but_the_minimum_is_kept(export: str) -> None:
    result = parse_class_list(export)
    assert result.ok
    assert {f.name for f in dataclasses.fields(Pupil)} == {
        "first_name",
        "last_initial",
        "year_group",
        "class_name",
        "pupil_premium",
        "send",
        "gender",
        "row",  # where in the file, for messages; nothing about the child, and never stored
    }
    kept = all_values(result.pupils)
    assert not kept & set(FORBIDDEN_VALUES)
    assert all(len(p.last_initial) == 1 for p in result.pupils)
    assert "O'Brien" not in kept and "Haddad" not in kept and "Evans" not in kept


def test_optional_data_is_only_read_when_the_school_opts_in() -> None:
    # An unusual SEN value would be an error, but the school has not opted in to SEND data.
    text = SIMS.replace("Y,K,1 High", "Y,Monitoring,1 High")
    result = parse_class_list(text, keep_optional={"gender"})
    assert result.ok
    assert {(p.pupil_premium, p.send) for p in result.pupils} == {(None, None)}
    assert [p.gender for p in result.pupils] == ["boy", "girl", "girl"]
    nothing_optional = parse_class_list(text, keep_optional=set())
    assert nothing_optional.ok
    assert {(p.pupil_premium, p.send, p.gender) for p in nothing_optional.pupils} == {
        (None, None, None)
    }
    assert parse_class_list(text).errors[0].field == "send"  # opted in, the value is checked


def test_a_missing_optional_column_is_a_warning() -> None:
    text = "Forename,Surname,Year,Class\nAda,Lovelace,3,3L\n"
    result = parse_class_list(text)
    assert result.ok
    assert result.pupils[0] == Pupil("Ada", "L", 3, "3L")
    assert any("gender" in w for w in result.warnings)


def test_explicit_mapping_for_unfamiliar_headers() -> None:
    text = "Child,Family,Yr,Group,Boy or girl\nSam,Taylor,Y3,Kestrels,Girl\n"
    assert propose_mapping(text) is None  # no header the parser recognises
    assert not parse_class_list(text).ok
    mapping = {
        "first_name": "Child",
        "last_name": "Family",
        "year_group": "Yr",
        "class_name": "Group",
        "gender": "Boy or girl",
    }
    result = parse_class_list(text, mapping=mapping)
    assert result.ok
    assert result.pupils == (Pupil("Sam", "T", 3, "Kestrels", gender="girl"),)


def test_a_mapping_cannot_pull_in_forbidden_columns() -> None:
    mapping = {
        "first_name": "UPN",
        "last_name": "Legal Surname",
        "year_group": "Year",
        "class_name": "Postcode",
    }
    result = parse_class_list(SIMS, mapping=mapping)
    assert not result.ok and result.pupils == ()
    assert {e.field for e in result.errors} == {"first_name", "class_name"}
    assert all(e.row == 1 and "must not keep" in e.message for e in result.errors)


def test_a_mapping_to_a_missing_column_says_which() -> None:
    mapping = {
        "first_name": "Forename",
        "last_name": "Surname",
        "year_group": "Year",
        "class_name": "Form",
    }
    result = parse_class_list(BROMCOM, mapping=mapping)
    messages = [e.message for e in result.errors]
    assert "There is no column called 'Year'." in messages
    assert "There is no column called 'Form'." in messages


def test_proposal_for_the_mapping_screen() -> None:
    proposal = propose_mapping(BROMCOM)
    assert proposal is not None
    assert proposal.source == "bromcom"
    assert proposal.header_row == 1
    assert proposal.mapping == {
        "preferred_name": "Preferred Forename",
        "first_name": "Forename",
        "last_name": "Surname",
        "year_group": "NC Year",
        "class_name": "Reg Group",
        "pupil_premium": "PP",
        "send": "SEN Need",
        "gender": "Sex",
    }
    assert detect_source(["Name", "Score"]) == "unknown"


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("Year 5", 5),
        ("Y5", 5),
        ("5", 5),
        ("Yr 5", 5),
        ("05", 5),
        ("year5", 5),
        ("Year 1", 1),
        ("NC Year 6", 6),
    ],
)
def test_year_groups_are_read_in_any_usual_form(value: str, year: int) -> None:
    result = parse_class_list(f"Forename,Surname,Year,Class\nAda,Lovelace,{value},C1\n")
    assert result.ok, result.errors
    assert result.pupils[0].year_group == year


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("R", "Reception children (R) cannot join"),
        ("Reception", "Reception children"),
        ("YR", "Reception children"),
        ("0", "Reception children"),
        ("N2", "Nursery"),
        ("7", "Year 7 is not a primary year"),
        ("five", "not recognised"),
        ("", "Year group is blank"),
    ],
)
def test_year_groups_outside_1_to_6_are_refused(value: str, fragment: str) -> None:
    result = parse_class_list(f"Forename,Surname,Year,Class\nAda,Lovelace,{value},C1\n")
    assert result.pupils == ()
    (error,) = result.errors
    assert (error.row, error.field) == (2, "year_group")
    assert fragment in error.message


@pytest.mark.parametrize(
    ("value", "send"),
    [
        ("K", True),
        ("E", True),
        ("SEN Support", True),
        ("EHCP", True),
        ("EHC Plan", True),
        ("S", True),
        ("SpLD", True),
        ("SEN Support (K)", True),
        ("N", False),
        ("", False),
        ("None", False),
        ("No Special Educational Need", False),
    ],
)
def test_send_values(value: str, send: bool) -> None:
    result = parse_class_list(
        f"Forename,Surname,Year,Class,SEN Status\nAda,Lovelace,4,4L,{value}\n"
    )
    assert result.ok, result.errors
    assert result.pupils[0].send is send


@pytest.mark.parametrize(
    ("value", "gender"),
    [
        ("M", "boy"),
        ("Male", "boy"),
        ("F", "girl"),
        ("female", "girl"),
        ("X", "other"),
        ("Non-binary", "other"),
        ("", "not_given"),
        ("Unknown", "not_given"),
    ],
)
def test_gender_values(value: str, gender: str) -> None:
    result = parse_class_list(f"Forename,Surname,Year,Class,Gender\nAda,Lovelace,4,4L,{value}\n")
    assert result.pupils[0].gender == gender


def test_every_bad_row_is_listed_and_nothing_is_imported() -> None:
    text = (
        "Forename,Surname,Year,Class,PP\n"  # row 1
        "Ada,Lovelace,4,4L,Y\n"  # row 2: fine
        ",Babbage,4,4L,N\n"  # row 3: no first name
        "\n"  # row 4: blank, ignored but still counted
        "Grace,Hopper,R,4L,maybe\n"  # row 5: two problems
        "Alan,Turing,4,4L,N\n"  # row 6: fine
        "Mary,,4,,N\n"  # row 7: two problems
    )
    result = parse_class_list(text)
    assert result.pupils == ()
    assert [(e.row, e.field) for e in result.errors] == [
        (3, "first_name"),
        (5, "year_group"),
        (5, "pupil_premium"),
        (7, "last_name"),
        (7, "class_name"),
    ]
    assert str(result.errors[0]) == "Row 3: First name is blank."


def test_a_title_line_above_the_header_keeps_spreadsheet_row_numbers() -> None:
    text = "Class list 5B - printed 01/09/2025\n\nForename,Surname,Year,Class\nAda,Lovelace,9,5B\n"
    result = parse_class_list(text)
    assert [(e.row, e.field) for e in result.errors] == [(4, "year_group")]
    # A valid file's pupils carry the same numbering, blank lines counted, for later messages.
    ok = parse_class_list(text.replace(",9,", ",5,") + "\nGrace,Hopper,5,5B\n")
    assert [(p.first_name, p.row) for p in ok.pupils] == [("Ada", 4), ("Grace", 6)]


def test_duplicates_are_flagged_with_both_rows() -> None:
    text = "Forename,Surname,Year,Class\nOlivia,Smith,5,5B\nJon,Ng,5,5B\nolivia,Sharma,5,5B\nOlivia,Smith,5,5C\n"
    result = parse_class_list(text)
    assert result.pupils == ()
    (error,) = result.errors
    assert error.row == 4 and error.code == "duplicate"
    assert "Same pupil as row 2 (olivia S. in 5B)" in error.message


def test_names_that_are_not_names_point_at_the_column() -> None:
    result = parse_class_list(
        "Forename,Surname,Year,Class\n=HYPERLINK(1),Lovelace,4,4L\nA1234,B,4,4L\n"
    )
    assert [(e.row, e.field) for e in result.errors] == [(2, "first_name"), (3, "first_name")]
    assert "check that the right column" in result.errors[0].message


def test_byte_order_mark_and_windows_1252_are_handled() -> None:
    text = "Forename,Surname,Year,Class\nZoë,Ångström,4,4L\nRenée,Ó Súilleabháin,4,4L\n"
    for data in (
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("cp1252"),
        text.encode("utf-16"),
        "\ufeff" + text,
    ):
        result = parse_class_list(data)
        assert result.ok, result.errors
        assert [(p.first_name, p.last_initial) for p in result.pupils] == [
            ("Zoë", "Å"),
            ("Renée", "Ó"),
        ]


def test_trailing_blank_rows_are_ignored() -> None:
    text = "Forename,Surname,Year,Class\nAda,Lovelace,4,4L\n,,,\n\n,,,\n"
    result = parse_class_list(text)
    assert result.ok and len(result.pupils) == 1


def test_semicolon_separated_exports() -> None:
    result = parse_class_list("Forename;Surname;Year;Class\nAda;Lovelace;4;4L\n")
    assert result.ok and result.pupils[0].first_name == "Ada"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("Name,Score\nBob,3\n", "does not look like a class list"),
        (b"PK\x03\x04\x14\x00rest-of-a-workbook", "spreadsheet workbook"),
        ("", "The file is empty"),
        ("\n\n", "The file is empty"),
        ("Forename,Surname,Year,Class\n,,,\n", "no pupils"),
        (b"Forename,Surname\x00", "not a CSV"),
    ],
)
def test_the_wrong_file_is_refused_with_one_clear_message(data: str | bytes, fragment: str) -> None:
    result = parse_class_list(data)
    assert result.pupils == ()
    (error,) = result.errors
    assert fragment in error.message


def test_unknown_optional_field_names_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_class_list(SIMS, keep_optional={"upn"})


name = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéöñ", min_size=1, max_size=12).map(
    str.capitalize
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            name, name, st.integers(min_value=1, max_value=6), st.sampled_from(["A", "B", "Oak"])
        ),
        min_size=1,
        max_size=30,
        unique_by=lambda row: (row[0].casefold(), row[1][0].casefold(), row[3]),
    )
)
def test_any_valid_class_list_round_trips(rows: list[tuple[str, str, int, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Legal Forename", "Legal Surname", "Year", "Reg", "UPN"])
    for first, last, year, form in rows:
        writer.writerow([first, last, f"Year {year}", f"{year}{form}", "A123"])
    result = parse_class_list(buffer.getvalue().encode("cp1252", errors="strict"))
    assert result.ok, result.errors
    assert [(p.first_name, p.last_initial, p.year_group, p.class_name) for p in result.pupils] == [
        (first, last[0].upper(), year, f"{year}{form}") for first, last, year, form in rows
    ]
