"""The OneRoster 1.1 and Wonde connectors against local fake services (no Django, no network
beyond 127.0.0.1): pagination, deletions, 401/429/500, a pupil deleted between pages, and the
record checks that make a sync whole or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from horizons.programmes.mis import records
from horizons.programmes.mis.http import JsonClient
from horizons.programmes.mis.oneroster import OneRosterConnector
from horizons.programmes.mis.records import MisAuthError, MisError, RawPupil
from horizons.programmes.mis.wonde import WondeConnector
from tests.programmes.fake_http import serve
from tests.programmes.fake_oneroster import FakeOneRoster
from tests.programmes.fake_wonde import FakeWonde

FORBIDDEN = ("A123456789012", "2016-03-14", "SW1A", "High Street", "@pupils", "020 7946")


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def oneroster() -> Iterator[FakeOneRoster]:
    fake = FakeOneRoster()
    fake.add_class("c5b", "5B")
    fake.add_class("c5c", "5C")
    fake.add_class("old4b", "4B", term="ay2025")
    for i in range(5):
        fake.add_pupil(f"u{i}", f"Child{i}", "Taylor", "05", "c5b" if i < 3 else "c5c")
    with serve(fake):
        yield fake


def _or(fake: FakeOneRoster, *, secret: str = "s3cret", sleeps: Sleeps | None = None):  # type: ignore[no-untyped-def]
    client = JsonClient(service="The OneRoster service", sleep=sleeps or Sleeps())
    return OneRosterConnector(
        base_url=fake.base_url,
        client_id="horizons",
        client_secret=secret,
        client=client,
        today=lambda: date(2026, 12, 4),
        page_size=2,
    )


def test_oneroster_reads_every_page_of_users_with_their_homeroom_class(oneroster) -> None:  # type: ignore[no-untyped-def]
    oneroster.add_pupil("u9", "Ava", "Khan", "Year 5", "old4b")
    oneroster.data["enrollments"].append(
        {
            "sourcedId": "e-u9-now",
            "status": "active",
            "role": "student",
            "user": {"sourcedId": "u9"},
            "class": {"sourcedId": "c5c"},
        }
    )
    connector = _or(oneroster)
    pupils = list(connector.pupils())
    assert [(p.external_id, p.first_name, p.surname, p.year, p.class_name) for p in pupils] == [
        ("u0", "Child0", "Taylor", "05", "5B"),
        ("u1", "Child1", "Taylor", "05", "5B"),
        ("u2", "Child2", "Taylor", "05", "5B"),
        ("u3", "Child3", "Taylor", "05", "5C"),
        ("u4", "Child4", "Taylor", "05", "5C"),
        # last year's class 4B is ignored: this year's 5C is the class
        ("u9", "Ava", "Khan", "Year 5", "5C"),
    ]
    # token + 2 pages of sessions (2 rows: a full page, then an empty one) + classes + ...
    assert connector.requests_made == len(oneroster.requests)
    assert sum(1 for _, path in oneroster.requests if "/users" in path) == 4  # 6 users, 2 a page


def test_oneroster_never_reads_upn_birth_date_email_or_phone(oneroster) -> None:  # type: ignore[no-untyped-def]
    text = repr(list(_or(oneroster).pupils()))
    assert "Child0" in text
    for value in FORBIDDEN:
        assert value not in text
    assert set(RawPupil.__dataclass_fields__) == {
        "external_id",
        "first_name",
        "surname",
        "year",
        "class_name",
    }


def test_oneroster_preferred_first_name_wins_and_tobedeleted_records_are_gone(oneroster) -> None:  # type: ignore[no-untyped-def]
    oneroster.data["users"][0]["preferredFirstName"] = "Alfie"
    oneroster.data["users"][1]["status"] = "tobedeleted"
    oneroster.data["enrollments"][2]["status"] = "tobedeleted"
    pupils = {p.external_id: p for p in _or(oneroster).pupils()}
    assert pupils["u0"].first_name == "Alfie"
    assert "u1" not in pupils
    assert pupils["u2"].class_name == ""  # enrolment withdrawn: no class (refused by validate)


def test_oneroster_bad_credentials_give_a_clear_message(oneroster) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MisAuthError, match="refused Horizons' credentials .HTTP 401.*client id"):
        list(_or(oneroster, secret="wrong").pupils())


def test_oneroster_429_is_retried_after_the_wait_it_asks_for(oneroster) -> None:  # type: ignore[no-untyped-def]
    oneroster.faults = [429, 429]
    sleeps = Sleeps()
    pupils = list(_or(oneroster, sleeps=sleeps).pupils())
    assert len(pupils) == 5
    assert sleeps.waits == [7.0, 7.0]


def test_oneroster_429_without_end_gives_up_with_a_message(oneroster) -> None:  # type: ignore[no-untyped-def]
    oneroster.faults = [429] * 10
    sleeps = Sleeps()
    with pytest.raises(MisError, match="limiting requests.*Try again in a few minutes"):
        list(_or(oneroster, sleeps=sleeps).pupils())
    assert len(sleeps.waits) == 4


def test_oneroster_500_gives_a_clear_message(oneroster) -> None:  # type: ignore[no-untyped-def]
    oneroster.faults = [500]
    with pytest.raises(MisError, match=r"had a problem \(HTTP 500\).*Nothing was changed"):
        list(_or(oneroster).pupils())


def test_oneroster_pupil_deleted_between_pages_is_read_again_so_nobody_is_missed(
    oneroster,  # type: ignore[no-untyped-def]
) -> None:
    oneroster.delete_after_first_users_page = "u0"
    pupils = [p.external_id for p in _or(oneroster).pupils()]
    # Without the re-read, u2 would slide onto the page already read and be missed.
    assert pupils == ["u1", "u2", "u3", "u4"]


def test_oneroster_unreachable_service_gives_a_clear_message() -> None:
    connector = OneRosterConnector(
        base_url="http://127.0.0.1:9", client_id="x", client_secret="y", page_size=2
    )
    with pytest.raises(MisError, match="could not reach The OneRoster service"):
        list(connector.pupils())


@pytest.fixture
def wonde() -> Iterator[FakeWonde]:
    fake = FakeWonde()
    for i in range(5):
        fake.add_pupil(f"W{i}", f"Child{i}", "Taylor", "5", "5B")
    with serve(fake):
        yield fake


def _wonde(fake: FakeWonde, *, token: str = "wonde-token", sleeps: Sleeps | None = None):  # type: ignore[no-untyped-def]
    return WondeConnector(
        base_url=fake.base_url,
        school_id=fake.school_id,
        token=token,
        client=JsonClient(service="Wonde", sleep=sleeps or Sleeps()),
        page_size=2,
    )


def test_wonde_follows_next_links_and_reads_only_five_fields(wonde) -> None:  # type: ignore[no-untyped-def]
    pupils = list(_wonde(wonde).pupils())
    assert [(p.external_id, p.year, p.class_name) for p in pupils] == [
        (f"W{i}", "5", "5B") for i in range(5)
    ]
    assert sum(1 for _, path in wonde.requests if "/students" in path) == 3
    assert "include=classes%2Cyear" in wonde.requests[0][1]
    text = repr(pupils)
    for value in FORBIDDEN:
        assert value not in text


def test_wonde_bad_token_gives_a_clear_message(wonde) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MisAuthError, match="Wonde refused Horizons' credentials"):
        list(_wonde(wonde, token="nope").pupils())


def test_wonde_429_retried_and_500_refused(wonde) -> None:  # type: ignore[no-untyped-def]
    wonde.faults = [429]
    sleeps = Sleeps()
    assert len(list(_wonde(wonde, sleeps=sleeps).pupils())) == 5
    assert sleeps.waits == [7.0]
    wonde.faults = [500]
    with pytest.raises(MisError, match=r"Wonde had a problem \(HTTP 500\)"):
        list(_wonde(wonde).pupils())


def test_wonde_pupil_deleted_between_pages_is_read_again(wonde) -> None:  # type: ignore[no-untyped-def]
    wonde.delete_after_first_page = "W0"
    pupils = [p.external_id for p in _wonde(wonde).pupils()]
    assert pupils == ["W1", "W2", "W3", "W4"]
    assert sum(1 for _, path in wonde.requests if "/deletions" in path) == 2


def test_wonde_malformed_page_is_refused(wonde) -> None:  # type: ignore[no-untyped-def]
    wonde.raw_pages[1] = {"students": "oops"}
    with pytest.raises(MisError, match="does not recognise"):
        list(_wonde(wonde).pupils())


def _raw(ext: str, first: str = "Sam", surname: str = "Taylor", year: str = "5", cls: str = "5B"):  # type: ignore[no-untyped-def]
    return RawPupil(ext, first, surname, year, cls)


def test_validate_keeps_the_minimum_and_skips_reception() -> None:
    pupils = records.validate([_raw("a", " Sam  ", "taylor", "Year 5"), _raw("r", year="R")])
    assert pupils == [records.MisPupil("a", "Sam", "T", 5, "5B")]


def test_validate_names_every_bad_record_at_once() -> None:
    with pytest.raises(records.MisRecordsError) as caught:
        records.validate(
            [
                _raw("a"),
                _raw("a", first="Ava"),
                _raw("b", year="7", first="Zed", surname="Young"),
                _raw("c", first=""),
                _raw("d", year="five"),
                _raw("e", cls=""),
                _raw("A123456789012"),
            ]
        )
    messages = [str(p) for p in caught.value.problems]
    assert messages[0] == "MIS record a (Ava T.): the id a is used by two records."
    assert messages[1].startswith("MIS record b (Zed Y.) is in Year 7, outside primary")
    assert "has no first name" in messages[2]
    assert "year group Horizons cannot read ('five')" in messages[3]
    assert "has no class" in messages[4]
    assert "looks like a UPN" in messages[5]
    assert len(messages) == 6
    assert "nothing was changed" in str(caught.value)


def test_oneroster_token_reply_without_a_token_is_refused(oneroster) -> None:  # type: ignore[no-untyped-def]
    original = oneroster.handle

    def no_token(method, path, query, headers, body):  # type: ignore[no-untyped-def]
        if path == "/oauth/token":
            return 200, {}, {"token_type": "bearer"}
        return original(method, path, query, headers, body)

    oneroster.handle = no_token
    with pytest.raises(MisError, match="did not give Horizons an access token"):
        list(_or(oneroster).pupils())


def test_a_reply_that_is_not_json_is_refused(wonde) -> None:  # type: ignore[no-untyped-def]
    wonde.raw_pages[1] = b"<html>Maintenance</html>"
    with pytest.raises(MisError, match="not JSON"):
        list(_wonde(wonde).pupils())


def test_wonde_student_without_a_year_is_named_by_the_checks(wonde) -> None:  # type: ignore[no-untyped-def]
    wonde.students[1]["year"] = {"data": None}
    with pytest.raises(records.MisRecordsError) as caught:
        records.validate(_wonde(wonde).pupils())
    assert [str(p) for p in caught.value.problems] == [
        "MIS record W1 (Child1 T.) has a year group Horizons cannot read ('')."
    ]


def test_the_mis_package_is_django_free() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import horizons.programmes.mis.oneroster, horizons.programmes.mis.wonde, "
        "horizons.programmes.mis.diff; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
