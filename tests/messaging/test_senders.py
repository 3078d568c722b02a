"""Every place Horizons sends from records a Message: what it is about, and whose it is (the
school and hub), so its delivery can be shown; and the Messages pages show each person only
their hub's or school's."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from horizons.accounts import services as accounts
from horizons.accounts.models import Invitation, Role
from horizons.encounters import services as encounters
from horizons.encounters.models import Booking
from horizons.messaging import services as messaging
from horizons.messaging.models import Message
from tests.encounters import factories as f

pytestmark = pytest.mark.django_db


def test_an_invitation_is_a_message_about_it_for_its_school(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = accounts.invitation_create(
            by=world.lead,
            email="new.teacher@example.org",
            role=Role.TEACHER,
            organisation=world.school,
            base_url="https://horizons.example",
        )
    (message,) = Message.objects.all()
    assert message.template == "account_invitation"
    assert message.about == invitation
    assert (message.school, message.hub) == (world.school, world.hub)
    assert message.status == Message.Status.DELIVERED
    assert mail.outbox[-1].subject == "You are invited to join Felling Primary School on Horizons"
    assert f"https://horizons.example/invitations/{invitation.token}/" in mail.outbox[-1].body
    assert "as a teacher" in mail.outbox[-1].body


def test_a_password_reset_goes_through_messaging(world, client, django_capture_on_commit_callbacks):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "teacher@example.org"})
    (message,) = Message.objects.filter(template="account_email")
    assert message.about == world.teacher
    assert message.school == world.school
    assert message.recipient == "teacher@example.org"
    assert message.personalisation == {}  # the reset link is not kept once sent
    assert re.search(r"/accounts/password/reset/key/\S+", mail.outbox[-1].body)


def test_booking_messages_are_about_the_booking_for_its_school_and_hub(
    world, django_capture_on_commit_callbacks
):
    event = f.event(world)
    with django_capture_on_commit_callbacks(execute=True):
        booking = encounters.booking_create(
            event=event, school=world.school, classes=f.year5(), by=world.lead
        )
    messages = Message.objects.filter(template="booking_confirmed")
    assert {m.recipient for m in messages} == {"lead@example.org"}
    assert all(m.about == booking and m.school == world.school for m in messages)
    assert all(m.hub == event.hub for m in messages)
    volunteer = Message.objects.get(template="booking_schools_update")
    assert volunteer.recipient == "volunteer@example.org" and volunteer.school is None
    # The task running twice (a worker retry) sends nobody a second email.
    before = len(mail.outbox)
    from horizons.encounters import notifications

    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_booking_emails(booking.pk, "confirmed")
    assert len(mail.outbox) == before
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED


def test_event_changes_reminders_and_campaign_invitations_are_recorded(
    world, django_capture_on_commit_callbacks
):
    from horizons.encounters import notifications

    event = f.event(world)
    encounters.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.reminders_send(day=event.date) == 1
        campaign = f.campaign(world)
        encounters.campaign_invite(
            campaign=campaign, by=world.facilitator, schools=[world.school], employers=[]
        )
    reminders = Message.objects.filter(template="event_reminder")
    # the school; volunteers have their own 48- and 24-hour reminders (volunteer_messages)
    assert {m.recipient for m in reminders} == {"lead@example.org"}
    assert all(m.about == event for m in reminders)
    invitation = Message.objects.get(template="campaign_invitation")
    assert invitation.about == campaign and invitation.school == world.school
    assert invitation.hub == world.hub


def _message(world, school=None, hub=None, status=Message.Status.DELIVERED, to="a@b.org"):
    message = messaging.send(
        template="account_email",
        to=to,
        personalisation={"subject": "s", "body": "b"},
        school=school,
        hub=hub,
    )
    Message.objects.filter(pk=message.pk).update(status=status, last_error="Inbox not found")
    return message


def test_the_messages_page_shows_each_person_their_own(world, client_for):
    ours = _message(world, school=world.school, to="parent.one@example.org")
    failed = _message(
        world, school=world.school, status=Message.Status.PERMANENT_FAILURE, to="p2@example.org"
    )
    hubs = _message(world, hub=world.hub, to="volunteer@example.org")
    theirs = _message(world, school=world.foreign_school, to="secret@example.org")

    page = client_for("lead").get(reverse("messaging:message_list")).content.decode()
    assert "p…@example.org" in page
    assert "parent.one@example.org" not in page  # masked
    assert "secret" not in page and f"/messaging/{theirs.pk}/" not in page
    assert f"/messaging/{hubs.pk}/" not in page  # the hub's are the facilitator's

    only_failed = client_for("lead").get(reverse("messaging:message_list") + "?show=not_delivered")
    text = only_failed.content.decode()
    assert f"/messaging/{failed.pk}/" in text and f"/messaging/{ours.pk}/" not in text
    assert "Not delivered: address does not exist" in text

    facilitator = client_for("facilitator").get(reverse("messaging:message_list")).content.decode()
    assert f"/messaging/{hubs.pk}/" in facilitator and f"/messaging/{theirs.pk}/" not in facilitator

    detail = client_for("lead").get(reverse("messaging:message_detail", args=[failed.pk]))
    assert detail.status_code == 200 and "Inbox not found" in detail.content.decode()
    assert (
        client_for("lead").get(reverse("messaging:message_detail", args=[theirs.pk])).status_code
        == 404
    )
    assert (
        client_for("outsider").get(reverse("messaging:message_detail", args=[ours.pk])).status_code
        == 404
    )
    assert client_for("coordinator").get(reverse("messaging:message_list")).status_code == 404


def test_the_status_include_says_what_became_of_a_message(world):
    from django.template.loader import render_to_string

    failed = _message(world, status=Message.Status.PERMANENT_FAILURE)
    failed.refresh_from_db()
    html = render_to_string("messaging/_status.html", {"message": failed})
    assert (
        "govuk-tag--red" in html and "address does not exist" in html and "Inbox not found" in html
    )
    assert "Not sent" in render_to_string("messaging/_status.html", {"message": None})
    assert Invitation.objects.count() == 0


def test_an_invitation_whose_email_cannot_go_is_not_kept(world):
    # Django's form accepts "name@localhost"; no email service can deliver it.
    with pytest.raises(accounts.AccountError, match="could not be sent.*not an email address"):
        accounts.invitation_create(
            by=world.lead,
            email="someone@localhost",
            role=Role.TEACHER,
            organisation=world.school,
            base_url="https://horizons.example",
        )
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_one_unusable_address_does_not_stop_the_others_hearing(
    world, django_capture_on_commit_callbacks
):
    from horizons.accounts.models import Membership, User

    odd = User.objects.create_user("deputy@localhost", "x" * 16)
    Membership.objects.create(user=odd, role=Role.CAREERS_LEADER, school=world.school)
    event = f.event(world)
    with django_capture_on_commit_callbacks(execute=True):
        encounters.booking_create(
            event=event, school=world.school, classes=f.year5(), by=world.lead
        )
    told = set(
        Message.objects.filter(template="booking_confirmed").values_list("recipient", flat=True)
    )
    assert told == {"lead@example.org"}


def test_the_team_page_says_whether_an_invitation_email_arrived(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = accounts.invitation_create(
            by=world.lead,
            email="new.teacher@example.org",
            role=Role.TEACHER,
            organisation=world.school,
            base_url="https://horizons.example",
        )
    page = client_for("lead").get("/team/").content.decode()
    assert "new.teacher@example.org – Teacher" in page
    assert 'Invitation email: <strong class="govuk-tag govuk-tag--green">Delivered' in page
    Message.objects.filter(about_id=invitation.pk).update(
        status=Message.Status.PERMANENT_FAILURE, last_error="No such mailbox"
    )
    page = client_for("lead").get("/team/").content.decode()
    assert "Not delivered: address does not exist" in page and "No such mailbox" in page
