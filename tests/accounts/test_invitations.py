import re

import pytest
from django.core import mail

from horizons.accounts import services
from horizons.accounts.models import Invitation, Membership, Role, User


def _link_from_last_email() -> str:
    match = re.search(r"http://testserver/invitations/[\w-]+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0).replace("http://testserver", "")


def test_a_careers_leader_invites_a_teacher_who_joins_by_the_emailed_link(
    world, client_for, django_capture_on_commit_callbacks
):
    lead = client_for("lead")
    # The invitation is a message (horizons/messaging): sent once the invitation is saved.
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(
            f"/team/school/{world.school.pk}/invite/",
            {"email": "New.Teacher@Example.org", "role": Role.TEACHER},
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.teacher@example.org"]
    link = _link_from_last_email()

    newcomer = client_for("anonymous")
    page = newcomer.get(link)
    assert page.status_code == 200
    assert "Felling Primary School" in page.content.decode()
    response = newcomer.post(
        link,
        {
            "first_name": "Nia",
            "last_name": "Jones",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302

    user = User.objects.get(email="new.teacher@example.org")
    assert Membership.objects.filter(user=user, role=Role.TEACHER, school=world.school).exists()
    assert user.get_full_name() == "Nia Jones"
    # The link works once.
    assert newcomer.get(link).status_code == 410


def test_mismatched_passwords_keep_the_form_and_say_what_to_fix(world, client_for):
    invitation = Invitation.objects.create(
        email="x@example.org", role=Role.TEACHER, school=world.school
    )
    response = client_for("anonymous").post(
        f"/invitations/{invitation.token}/",
        {"password1": "a-long-pass-phrase", "password2": "different-phrase"},
    )
    assert response.status_code == 200
    assert "The two passwords are different" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_teacher_cannot_invite_staff(world, client_for):
    response = client_for("teacher").post(
        f"/team/school/{world.school.pk}/invite/", {"email": "a@example.org", "role": Role.TEACHER}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_a_careers_leader_cannot_invite_into_another_school(world, client_for):
    response = client_for("lead").post(
        f"/team/school/{world.other_school.pk}/invite/",
        {"email": "a@example.org", "role": Role.TEACHER},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_an_employer_coordinator_cannot_make_someone_a_careers_leader(world):
    with pytest.raises(services.AccountError):
        services.invitation_create(
            by=world.coordinator,
            email="a@example.org",
            role=Role.CAREERS_LEADER,
            organisation=world.school,
            base_url="http://testserver/",
        )


def test_an_invitation_for_someone_else_is_refused_when_signed_in(world, client_for):
    invitation = Invitation.objects.create(
        email="someone@example.org", role=Role.TEACHER, school=world.school
    )
    response = client_for("lead").post(f"/invitations/{invitation.token}/")
    assert response.status_code == 200
    assert "This invitation is for someone@example.org" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_careers_leader_removes_a_teacher_but_not_themselves(world, client_for):
    teacher_membership = Membership.objects.get(user=world.teacher)
    lead_membership = Membership.objects.get(user=world.lead)
    client = client_for("lead")
    client.post(f"/team/members/{lead_membership.pk}/remove/")
    assert Membership.objects.filter(pk=lead_membership.pk).exists()
    client.post(f"/team/members/{teacher_membership.pk}/remove/")
    assert not Membership.objects.filter(pk=teacher_membership.pk).exists()


def test_nobody_can_remove_members_of_another_organisation(world, client_for):
    foreign = Membership.objects.filter(user=world.outsider, school=world.foreign_school).get()
    assert client_for("lead").post(f"/team/members/{foreign.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_public_sign_up_is_closed(db, client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert (
        "Sign up closed" in response.content.decode()
        or "closed" in response.content.decode().lower()
    )
    client.post(
        "/accounts/signup/",
        {
            "email": "x@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert not User.objects.filter(email="x@example.org").exists()


def test_an_invited_volunteer_gets_a_profile_to_fill_in(world, client_for):
    invitation = Invitation.objects.create(
        email="nurse@example.org", role=Role.VOLUNTEER, employer=world.employer
    )
    client = client_for("anonymous")
    response = client.post(
        f"/invitations/{invitation.token}/",
        {
            "first_name": "Kwame",
            "last_name": "Mensah",
            "job_title": "Nurse",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nurse@example.org")
    assert user.volunteer_profile.employer == world.employer
    assert user.volunteer_profile.job_title == "Nurse"
    assert client.get("/me/volunteer/").status_code == 302


def test_a_volunteer_must_say_their_job(world, client_for):
    invitation = Invitation.objects.create(
        email="x@example.org", role=Role.VOLUNTEER, employer=world.employer
    )
    response = client_for("anonymous").post(
        f"/invitations/{invitation.token}/",
        {
            "first_name": "A",
            "last_name": "B",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 200
    assert 'value="A"' in response.content.decode()  # what was typed is kept
    assert not User.objects.filter(email="x@example.org").exists()
