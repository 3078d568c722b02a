"""Importing a class list on screen: upload, check the columns, all-or-nothing with row numbers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from horizons.core.models import PupilDataAccess
from horizons.programmes.models import Pupil
from tests.programmes.factories import make_cohort

pytestmark = pytest.mark.django_db

SIMS = (
    "Adno,UPN,Legal Forename,Preferred Forename,Legal Surname,Year,Reg,Gender,"
    "Pupil Premium Indicator,DOB\n"
    "1001,A123456789012,Amelia,Millie,Khan,Year 5,5B,F,Y,01/02/2015\n"
    "1002,B123456789012,Oliver,,Smith,5,5B,M,N,03/04/2015\n"
)
BROMCOM = "Forename,Surname,NC Year,Reg Group,Sex,PP,SEN Need\nZara,Ali,5,5H,F,Y,K\n"
UNUSUAL = "Child,Family,Yr,Group\nAmira,Khan,5,5B\nBen,Lee,5,5B\n"


def _upload(client, cohort, text: str, keep: list[str] | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("programmes:cohort_import", args=[cohort.pk]),
        {"file": SimpleUploadedFile("class.csv", text.encode(), "text/csv"), "keep": keep or []},
    )


def test_a_sims_export_is_recognised_and_imported_with_only_what_we_keep(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    client = client_for("teacher")
    response = _upload(client, cohort, SIMS, keep=["gender"])
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:cohort_import_map", args=[cohort.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "This looks like a SIMS export" in html
    # The proposed columns are selected on screen.
    assert '<option value="Legal Forename" selected>' in html
    assert '<option value="Preferred Forename" selected>' in html
    mapping = {
        "first_name": "Legal Forename",
        "preferred_name": "Preferred Forename",
        "last_name": "Legal Surname",
        "year_group": "Year",
        "class_name": "Reg",
        "gender": "Gender",
    }
    done = client.post(reverse("programmes:cohort_import_map", args=[cohort.pk]), mapping)
    assert done.status_code == 302
    pupils = list(cohort.pupils.order_by("first_name"))
    assert [(p.first_name, p.last_initial, p.class_name, p.gender) for p in pupils] == [
        ("Millie", "K", "5B", "girl"),
        ("Oliver", "S", "5B", "boy"),
    ]
    # Pupil premium was in the file, but the school did not choose to keep it.
    assert all(p.pupil_premium is None for p in pupils)
    assert all(p.consent.parent_consent == "pending" for p in pupils)
    assert PupilDataAccess.objects.filter(user=world.teacher).exists()


def test_columns_can_be_chosen_on_screen_for_an_unusual_file(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    client = client_for("lead")
    # No column name is recognised: the teacher chooses every column by hand.
    assert _upload(client, cohort, UNUSUAL).status_code == 302
    page = client.get(reverse("programmes:cohort_import_map", args=[cohort.pk]))
    html = page.content.decode()
    assert "We did not recognise them" in html
    assert '<option value="Family">Family</option>' in html
    done = client.post(
        reverse("programmes:cohort_import_map", args=[cohort.pk]),
        {"first_name": "Child", "last_name": "Family", "year_group": "Yr", "class_name": "Group"},
    )
    assert done.status_code == 302
    assert cohort.pupils.count() == 2


def test_one_bad_row_means_nothing_is_imported_and_every_problem_has_its_row(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    client = client_for("teacher")
    text = (
        "Legal Forename,Legal Surname,Year,Reg\n"
        "Amira,Khan,5,5B\n"
        "R2D2,Lee,5,5B\n"
        "Cara,Moss,Reception,5B\n"
        "Amira,Kent,5,5B\n"
    )
    _upload(client, cohort, text)
    response = client.post(
        reverse("programmes:cohort_import_map", args=[cohort.pk]),
        {
            "first_name": "Legal Forename",
            "last_name": "Legal Surname",
            "year_group": "Year",
            "class_name": "Reg",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in html
    assert "Row 3" in html and "Row 4" in html and "Row 5" in html
    assert "Reception children" in html
    assert "Same pupil as row 2" in html
    assert Pupil.objects.count() == 0


def test_a_second_import_refuses_children_already_in_the_group(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    client = client_for("teacher")
    mapping = {
        "first_name": "Forename",
        "last_name": "Surname",
        "year_group": "NC Year",
        "class_name": "Reg Group",
    }
    _upload(client, cohort, BROMCOM)
    assert (
        client.post(reverse("programmes:cohort_import_map", args=[cohort.pk]), mapping).status_code
        == 302
    )
    _upload(client, cohort, BROMCOM.replace("Zara,Ali", "Bea,Hall") + "Zara,Ali,5,5H,F,Y,K\n")
    response = client.post(reverse("programmes:cohort_import_map", args=[cohort.pk]), mapping)
    html = response.content.decode()
    assert "Row 3" in html and "Zara A. in 5H is already in this group" in html
    assert cohort.pupils.count() == 1


def test_a_mapping_to_a_forbidden_column_is_refused(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    client = client_for("teacher")
    _upload(client, cohort, SIMS)
    response = client.post(
        reverse("programmes:cohort_import_map", args=[cohort.pk]),
        {
            "first_name": "UPN",
            "last_name": "Legal Surname",
            "year_group": "Year",
            "class_name": "Reg",
        },
    )
    assert "holds data Horizons must not keep" in response.content.decode()
    assert cohort.pupils.count() == 0


def test_a_file_that_is_not_a_class_list_is_refused_at_upload(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    response = _upload(client_for("teacher"), cohort, "just one line of text\n")
    assert response.status_code == 200
    assert "does not look like a class list" in response.content.decode()


def test_a_workbook_is_refused_at_upload(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    response = client_for("teacher").post(
        reverse("programmes:cohort_import", args=[cohort.pk]),
        {"file": SimpleUploadedFile("class.xlsx", b"PK\x03\x04rest", "application/zip")},
    )
    assert "not a CSV file" in response.content.decode()


def test_someone_elses_cohort_cannot_be_imported_into(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.other_school)
    assert _upload(client_for("lead"), cohort, SIMS).status_code == 404
    assert _upload(client_for("facilitator"), cohort, SIMS).status_code == 404
