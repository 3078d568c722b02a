"""Emails carry .ics invitations in Europe/London time; reminders go once, however often run."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from icalendar import Calendar

from horizons.accounts.models import Membership, Role
from horizons.encounters import services
from horizons.encounters.models import Event
from horizons.encounters.tasks import send_event_reminders
from tests.encounters import factories as f

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _calendar(message) -> Calendar:
    ((name, content, mimetype),) = message.attachments
    assert name == "event.ics" and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def _vevent(message):
    return _calendar(message).walk("VEVENT")[0]


def test_booking_emails_the_school_and_volunteers_with_a_calendar_invitation(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    world.volunteer_profile.refresh_from_db()
    event = f.event(world, starts_at=time(9, 30), ends_at=time(11, 0))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(
            event=event, school=world.school, classes=f.year5(), by=world.teacher
        )
    # One message per person (horizons/messaging): nobody sees anyone else's address.
    assert all(len(m.to) == 1 for m in mailoutbox)
    to = {(m.subject, m.to[0]) for m in mailoutbox}
    # the careers leader hears, and so does the teacher who booked
    assert to == {
        (f"Booked: {event.title}", "lead@example.org"),
        (f"Booked: {event.title}", "teacher@example.org"),
        (f"Schools update: {event.title}", "volunteer@example.org"),
    }
    school_mail = next(m for m in mailoutbox if m.subject == f"Booked: {event.title}")
    vevent = _vevent(school_mail)
    start = vevent.decoded("dtstart")
    assert start == datetime.combine(event.date, time(9, 30), tzinfo=LONDON)
    assert str(start.tzinfo) == "Europe/London"
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert str(vevent["UID"]) == f"horizons-event-{event.pk}@horizons"
    assert "Felling Primary School" in str(vevent["LOCATION"])


def test_a_change_sends_a_new_sequence_and_a_cancellation_cancels(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    event = f.event(world)
    services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    plan = services.EventPlan(
        kind=event.kind,
        title=event.title,
        date=event.date,
        starts_at=time(10, 0),
        ends_at=time(11, 30),
        capacity=event.capacity,
        year_groups=tuple(event.year_groups),
        host_school=world.school,
        location="Hall",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, by=world.facilitator, plan=plan)
    changed = next(m for m in mailoutbox if m.subject.startswith("Changed:"))
    told = {m.to[0] for m in mailoutbox if m.subject.startswith("Changed:")}
    assert {"lead@example.org", "volunteer@example.org"} <= told
    vevent = _vevent(changed)
    assert vevent["SEQUENCE"] == 1
    assert vevent.decoded("dtstart").time() == time(10, 0)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, by=world.facilitator)
    cancelled = next(m for m in mailoutbox if m.subject.startswith("Cancelled:"))
    calendar = _calendar(cancelled)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 2


def test_cancelling_a_booking_sends_the_school_a_cancellation(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    event = f.event(world)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(), by=world.lead
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by=world.lead)
    school_mail = next(m for m in mailoutbox if m.subject.startswith("Cancelled booking"))
    assert str(_calendar(school_mail)["METHOD"]) == "CANCEL"
    volunteer_mail = next(m for m in mailoutbox if m.subject.startswith("Schools update"))
    assert "can no longer come" in volunteer_mail.body
    assert str(_calendar(volunteer_mail)["METHOD"]) == "PUBLISH"


def test_a_rolled_back_booking_emails_nobody(world, django_capture_on_commit_callbacks, mailoutbox):
    event = f.event(world, capacity=20)
    services.booking_create(event=event, school=world.school, classes=f.year5(15), by=world.lead)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.EventFull):
        services.booking_create(
            event=event, school=world.other_school, classes=f.year5(10), by=world.lead
        )
    assert mailoutbox == []


def test_reminders_go_once_however_often_the_task_runs(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    event = f.event(world)
    services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    other = f.event(
        world,
        day=event.date,
        title="Second session",
        starts_at=time(11, 15),
        ends_at=time(11, 55),
        offer_obj=f.offer(world, available_slots=[]),
    )
    Event.objects.filter(pk=other.pk).update(status=Event.Status.CANCELLED)
    # Messages leave once the reminder's transaction commits (horizons/messaging).
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders.enqueue(event.date.isoformat()).return_value == 1
        assert send_event_reminders.enqueue(event.date.isoformat()).return_value == 0
    reminders = [m for m in mailoutbox if m.subject.startswith("Reminder:")]
    # one event reminded once: one message to the school; the volunteer has their own 48- and
    # 24-hour reminders (volunteer_messages), so no second day-before email
    assert sorted(m.to[0] for m in reminders) == ["lead@example.org"]
    event.refresh_from_db()
    assert event.reminder_sent_at is not None


def test_send_reminders_command_defaults_to_tomorrow(world, mailoutbox, capsys):
    call_command("send_reminders", "--day", "2031-01-07")
    assert "7 January 2031" in capsys.readouterr().out
    assert mailoutbox == []


def test_invitations_email_careers_leaders_and_coordinators(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    Membership.objects.create(
        user=world.teacher, role=Role.CAREERS_LEADER, school=world.other_school
    )
    campaign = f.campaign(world)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.campaign_invite(
            campaign=campaign,
            by=world.facilitator,
            schools=[world.school, world.other_school],
            employers=[world.employer],
        )
    assert count == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "coordinator@example.org",
        "lead@example.org",
        "teacher@example.org",
    ]
    # inviting again adds nobody
    assert (
        services.campaign_invite(campaign=campaign, by=world.facilitator, schools=[world.school])
        == 0
    )
    with pytest.raises(services.EncounterError, match="is not in"):
        services.campaign_invite(
            campaign=campaign, by=world.facilitator, schools=[world.foreign_school]
        )
