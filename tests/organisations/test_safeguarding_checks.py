"""Safeguarding checks: recorded by the coordinator or the hub, never the volunteer; they run
out after the hub's validity; only verified, unexpired checks send volunteers to children."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from horizons.organisations import selectors, services
from horizons.organisations.models import SafeguardingCheck, Volunteer
from horizons.organisations.safeguarding import add_months, check_status, expiry_date
from tests.organisations.checks import verified_check


def _post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "enhanced_dbs",
        "checked_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
        "certificate_last4": "1234",
        "confirm_seen": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def sam(world):  # type: ignore[no-untyped-def]
    """A volunteer at the world's employer with no check at all."""
    return Volunteer.objects.create(
        employer=world.employer, first_name="Sam", last_name="Reed", job_title="Surveyor"
    )


# --- Pure rules ----------------------------------------------------------------------------


def test_months_are_added_keeping_the_day_where_it_exists():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert expiry_date(date(2024, 3, 15), 36) == date(2027, 3, 15)


def test_status_says_where_a_check_stands():
    today = date(2026, 12, 4)
    assert check_status(verified=None, expires_on=None, today=today).key == "none"
    assert check_status(verified=False, expires_on=date(2028, 1, 1), today=today).key == (
        "unverified"
    )
    expired = check_status(verified=True, expires_on=date(2026, 12, 3), today=today)
    assert (expired.key, expired.label) == ("expired", "Expired on 3 December 2026")
    assert check_status(verified=True, expires_on=date(2027, 1, 10), today=today).key == (
        "expires_soon"
    )
    valid = check_status(verified=True, expires_on=date(2027, 12, 4), today=today)
    assert valid.label == "Verified until 4 December 2027"
    assert valid.lets_volunteer_visit
    assert not expired.lets_volunteer_visit


# --- Recording a check ---------------------------------------------------------------------


def test_the_coordinator_records_a_check_with_who_and_when(world, client_for, sam):
    response = client_for("coordinator").post(f"/volunteers/{sam.pk}/check/", _post())
    assert response.status_code == 302
    check = sam.safeguarding_checks.get()
    assert check.kind == "enhanced_dbs"
    assert check.certificate_last4 == "1234"
    assert check.verified_by == world.coordinator
    assert check.verified_at is not None
    assert check.expires_on == expiry_date(check.checked_on, 36)
    assert (
        selectors.volunteers_cleared(Volunteer.objects.all(), on=timezone.localdate())
        .filter(pk=sam.pk)
        .exists()
    )


def test_the_hub_facilitator_records_a_check_for_a_volunteer_in_their_hub(world, client_for, sam):
    response = client_for("facilitator").post(
        f"/volunteers/{sam.pk}/check/", _post(kind="update_service", certificate_last4="")
    )
    assert response.status_code == 302
    assert sam.safeguarding_checks.get().verified_by == world.facilitator


@pytest.mark.parametrize("persona", ["volunteer", "lead", "teacher", "outsider"])
def test_nobody_else_can_record_a_check(world, client_for, persona):
    volunteer = world.volunteer_profile
    before = volunteer.safeguarding_checks.count()
    response = client_for(persona).post(f"/volunteers/{volunteer.pk}/check/", _post())
    assert response.status_code == 404
    assert volunteer.safeguarding_checks.count() == before


def test_a_coordinator_who_is_also_the_volunteer_cannot_verify_themselves(world, sam):
    sam.user = world.coordinator
    sam.save(update_fields=["user"])
    with pytest.raises(services.OrganisationError):
        services.safeguarding_check_record(
            by=world.coordinator, volunteer=sam, kind="enhanced_dbs", checked_on=date(2026, 1, 5)
        )
    assert not sam.safeguarding_checks.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"certificate_last4": "123456789012"}, "Enter exactly 4 digits"),
        ({"certificate_last4": "12a4"}, "Enter exactly 4 digits"),
        ({"checked_on": "2099-01-01"}, "cannot be in the future"),
        ({"checked_on": "2001-01-01"}, "ask the volunteer for a newer check"),
        ({"kind": "self_declared"}, "Select a valid choice"),
        ({"confirm_seen": ""}, "Confirm that you have seen the check"),
        ({"checked_on": "31/02/2026"}, "Enter a valid date"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    client_for, sam, changes, message
):
    response = client_for("coordinator").post(f"/volunteers/{sam.pk}/check/", _post(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not sam.safeguarding_checks.exists()


def test_the_list_shows_each_status_to_the_coordinator(world, client_for, sam):
    today = timezone.localdate()
    expired = Volunteer.objects.create(
        employer=world.employer, first_name="Ed", last_name="Expired", job_title="Plumber"
    )
    verified_check(expired, checked_on=today - timedelta(days=40), months=1)
    soon = Volunteer.objects.create(
        employer=world.employer, first_name="Sue", last_name="Soon", job_title="Nurse"
    )
    verified_check(soon, checked_on=add_months(today, -36) + timedelta(days=20))
    declared = Volunteer.objects.create(
        employer=world.employer, first_name="Dee", last_name="Declared", job_title="Chef"
    )
    SafeguardingCheck.objects.create(
        volunteer=declared,
        kind=SafeguardingCheck.Kind.SELF_DECLARED,
        checked_on=today - timedelta(days=10),
        expires_on=today + timedelta(days=1000),
    )
    page = client_for("coordinator").get("/volunteers/checks/").content.decode()
    assert "Verified until" in page  # Maya
    assert "Expired on" in page
    assert "Verified, expires soon" in page
    assert "Not verified (date given by the volunteer)" in page
    assert "No check recorded" in page  # Sam
    assert page.index("Ed Expired") < page.index("Sam Reed") < page.index("Maya Okafor")
    only_expired = client_for("coordinator").get("/volunteers/checks/?status=expired")
    assert "Ed Expired" in only_expired.content.decode()
    assert "Sam Reed" not in only_expired.content.decode()


def test_the_facilitator_sees_their_hub_and_the_outsider_sees_none_of_it(world, client_for):
    assert "Maya Okafor" in client_for("facilitator").get("/volunteers/checks/").content.decode()
    outsider = client_for("outsider").get("/volunteers/checks/").content.decode()
    assert "Maya Okafor" not in outsider
    assert client_for("teacher").get("/volunteers/checks/").status_code == 404
    assert client_for("volunteer").get("/volunteers/checks/").status_code == 404


def test_the_volunteer_sees_their_status_read_only(world, client_for):
    page = client_for("volunteer").get(f"/volunteers/{world.volunteer_profile.pk}/").content
    assert b"Verified until" in page
    assert b"Record a safeguarding check" not in page
    world.volunteer_profile.safeguarding_checks.all().delete()
    page = client_for("volunteer").get(f"/volunteers/{world.volunteer_profile.pk}/").content
    assert b"Supervised visits only" in page


# --- The hub sets how long checks last ------------------------------------------------------


def test_the_hub_sets_the_validity_and_existing_checks_follow(world, client_for):
    check = world.volunteer_profile.safeguarding_checks.get()
    response = client_for("facilitator").post(
        f"/hubs/{world.hub.pk}/check-validity/", {"months": "2"}
    )
    assert response.status_code == 302
    world.hub.refresh_from_db()
    assert world.hub.check_valid_months == 2
    check.refresh_from_db()
    assert check.expires_on == add_months(check.checked_on, 2)
    # Made 100 days ago and valid for 2 months: no longer lets Maya meet children.
    assert not selectors.volunteers_cleared(
        Volunteer.objects.all(), on=timezone.localdate()
    ).exists()


@pytest.mark.parametrize("months", ["0", "121", "three", ""])
def test_a_validity_out_of_range_is_refused(world, client_for, months):
    response = client_for("facilitator").post(
        f"/hubs/{world.hub.pk}/check-validity/", {"months": months}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    world.hub.refresh_from_db()
    assert world.hub.check_valid_months == 36


@pytest.mark.parametrize("persona", ["coordinator", "lead", "volunteer", "outsider"])
def test_only_the_hubs_facilitator_sets_the_validity(world, client_for, persona):
    response = client_for(persona).post(f"/hubs/{world.hub.pk}/check-validity/", {"months": "1"})
    assert response.status_code == 404
    world.hub.refresh_from_db()
    assert world.hub.check_valid_months == 36


def test_home_pages_ask_coordinators_and_facilitators_to_record_missing_checks(
    world, client_for, sam
):
    for persona in ["coordinator", "facilitator"]:
        page = client_for(persona).get("/").content.decode()
        assert "Record safeguarding checks for 1 volunteer" in page, persona
    sam.delete()
    assert "Record safeguarding checks" not in client_for("coordinator").get("/").content.decode()
