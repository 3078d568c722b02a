"""A volunteer keeps their own profile; their coordinator may help; nobody else may."""

from horizons.organisations.models import Volunteer


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Maya",
        "last_name": "Okafor",
        "job_title": "Civil engineer",
        "job_profile_slug": "civil-engineer",
        "sectors": ["engineering", "construction"],
        "travel_radius_km": "15",
        "can_present_online": "on",
        "availability": ["mon_am", "wed_pm"],
        "gender": "woman",
        "show_as_role_model": "on",
    }
    data.update(changes)
    return data


def test_a_volunteer_updates_their_profile_and_picks_their_job_from_the_library(world, client_for):
    response = client_for("volunteer").post(
        f"/volunteers/{world.volunteer_profile.pk}/edit/", _form()
    )
    assert response.status_code == 302
    v = Volunteer.objects.get(pk=world.volunteer_profile.pk)
    assert v.job_profile_slug == "civil-engineer"
    assert v.availability == ["mon_am", "wed_pm"]
    assert v.show_as_role_model


def test_a_volunteer_cannot_set_their_own_safeguarding_check(world, client_for):
    """The old form field is gone: a posted check date (and any made-up kind) is ignored."""
    before = list(world.volunteer_profile.safeguarding_checks.values_list("pk", flat=True))
    response = client_for("volunteer").post(
        f"/volunteers/{world.volunteer_profile.pk}/edit/",
        _form(safeguarding_checked_on="2026-09-14", kind="enhanced_dbs", checked_on="2026-09-14"),
    )
    assert response.status_code == 302
    after = list(world.volunteer_profile.safeguarding_checks.values_list("pk", flat=True))
    assert after == before
    page = client_for("volunteer").get(f"/volunteers/{world.volunteer_profile.pk}/edit/")
    assert "safeguarding" not in page.content.decode().lower()


def test_a_job_not_in_the_library_is_refused_and_the_form_keeps_what_was_typed(world, client_for):
    response = client_for("volunteer").post(
        f"/volunteers/{world.volunteer_profile.pk}/edit/",
        _form(job_profile_slug="astronaut-chef", travel_radius_km="500"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="Civil engineer"' in page
    assert Volunteer.objects.get(pk=world.volunteer_profile.pk).job_title == "Engineer"


def test_a_teacher_cannot_edit_a_volunteer(world, client_for):
    response = client_for("lead").post(
        f"/volunteers/{world.volunteer_profile.pk}/edit/", _form(job_title="Hacked")
    )
    assert response.status_code == 404
    assert Volunteer.objects.get(pk=world.volunteer_profile.pk).job_title == "Engineer"
