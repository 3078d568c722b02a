"""The raw class-list upload is never stored: only the reduced table reaches the session."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from horizons.programmes import class_list
from tests.programmes.factories import make_cohort

pytestmark = pytest.mark.django_db

PERSONAL = [
    "A123456789012",  # UPN
    "01/02/2015",  # date of birth
    "2015-04-03",
    "12 Acacia Avenue",  # address
    "NE10 8AB",  # postcode
    "mum.khan@example.org",  # parent email
    "Peanut allergy",  # medical
    "Asthma inhaler",
    "07700 900123",  # phone
    "Christian",  # religion
    "Nut free",
]
FILE = (
    "Class list exported 01/12/2026\n"
    "UPN,Legal Forename,Legal Surname,Year,Reg,DOB,Address,Postcode,Parent Email,"
    "Medical Conditions,Allergies,Religion,Home,Diet,Pupil Premium Indicator,Born\n"
    "A123456789012,Amelia,Khan,5,5B,01/02/2015,12 Acacia Avenue,NE10 8AB,"
    "mum.khan@example.org,Asthma inhaler,Peanut allergy,Christian,07700 900123,Nut free,Y,"
    "2015-04-03\n"
    "B123456789012,Oliver,Smith,5,5B,03/04/2015,1 High St,NE10 9ZZ,dad@example.org,,,,,,N,"
    "2015-03-04\n"
)


def _strings(value: Any) -> list[str]:
    """Every string in a decoded session, and what it decodes to if it is base64."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _strings(key) + _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found += _strings(item)
    elif isinstance(value, str):
        found.append(value)
        with contextlib.suppress(binascii.Error, ValueError):
            found.append(base64.b64decode(value, validate=True).decode("utf-8", "replace"))
    return found


def _everything_in_sessions() -> str:
    return "\n".join(
        "\n".join(_strings(session.get_decoded())) + json.dumps(session.get_decoded())
        for session in Session.objects.all()
    )


def test_after_the_upload_no_session_holds_personal_values_from_the_file(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    client = client_for("teacher")
    response = client.post(
        reverse("programmes:cohort_import", args=[cohort.pk]),
        {"file": SimpleUploadedFile("class.csv", FILE.encode(), "text/csv"), "keep": []},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    stored = _everything_in_sessions()
    # The names the mapping step needs are there...
    assert "Amelia" in stored and "Khan" in stored
    # ...but nothing else from the file: not even the pupil premium the school did not choose.
    for value in PERSONAL:
        assert value not in stored, value
    assert ",Y," not in stored
    # The mapping step still offers every column and imports the children.
    assert '<option value="UPN">UPN</option>' in page.content.decode()
    done = client.post(
        reverse("programmes:cohort_import_map", args=[cohort.pk]),
        {
            "first_name": "Legal Forename",
            "last_name": "Legal Surname",
            "year_group": "Year",
            "class_name": "Reg",
        },
    )
    assert done.status_code == 302
    assert sorted(cohort.pupils.values_list("first_name", "last_initial")) == [
        ("Amelia", "K"),
        ("Oliver", "S"),
    ]
    # After the import nothing of the file is left in any session.
    assert "Amelia" not in _everything_in_sessions()


def test_a_chosen_optional_column_keeps_its_values_and_row_numbers_stay_the_files() -> None:
    table = class_list.reduce_upload(FILE.encode(), keep=["pupil_premium"])
    assert table is not None
    lines = table.splitlines()
    assert lines[0] == ""  # the title row is blanked, not removed
    assert lines[2].split(",")[:5] == ["", "Amelia", "Khan", "5", "5B"]
    assert lines[2].split(",")[14] == "Y"
    for value in PERSONAL:
        assert value not in table


def test_a_column_of_email_addresses_under_an_innocent_header_keeps_no_values() -> None:
    text = "Forename,Surname,Year,Class,Extra\nAmira,Khan,5,5B,amira.mum@example.org\n"
    table = class_list.reduce_upload(text.encode(), keep=[])
    assert table is not None
    assert "example.org" not in table
    assert "Amira,Khan,5,5B," in table


def test_mapping_a_medical_column_is_refused_by_name(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    client = client_for("teacher")
    client.post(
        reverse("programmes:cohort_import", args=[cohort.pk]),
        {"file": SimpleUploadedFile("class.csv", FILE.encode(), "text/csv")},
    )
    response = client.post(
        reverse("programmes:cohort_import_map", args=[cohort.pk]),
        {
            "first_name": "Allergies",
            "last_name": "Legal Surname",
            "year_group": "Year",
            "class_name": "Reg",
        },
    )
    assert "holds data Horizons must not keep" in response.content.decode()
    assert cohort.pupils.count() == 0
