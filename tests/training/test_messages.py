"""Staff training emails the person concerned, with a calendar invitation: a place booked, the
waiting list, a place that came free, a cancellation, and a change of time or place."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from horizons.messaging.models import Message
from horizons.training import services
from horizons.training.models import TrainingBooking
from tests.training.factories import plan, session

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _vevent(message):  # type: ignore[no-untyped-def]
    ((name, content, mimetype),) = message.attachments
    assert name == "training.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")[0]


def test_booking_emails_the_person_booked_with_a_calendar_invitation(
    world, django_capture_on_commit_callbacks, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    s = session(world, title="Careers in maths", starts_at=time(16, 0), ends_at=time(17, 30))
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(
            session=s, school=world.school, attendee=world.teacher, by=world.lead
        )
    (mail,) = mailoutbox
    assert mail.to == [world.teacher.email] and mail.subject == "Booked: Careers in maths"
    body = mail.body
    assert "You have a place on Careers in maths." in body
    assert f"{world.lead.get_full_name() or world.lead.email} booked this for you." in body
    assert f"When: {s.date:%A %-d %B %Y}, 16:00 to 17:30" in body
    assert "Where: Gateshead Civic Centre" in body
    _calendar, vevent = _vevent(mail)
    assert vevent.decoded("dtstart") == datetime.combine(s.date, time(16, 0), tzinfo=LONDON)
    assert str(vevent["UID"]) == f"horizons-cpd-{s.pk}@horizons"
    assert str(vevent["LOCATION"]) == "Gateshead Civic Centre"
    message = Message.objects.get(template="cpd_booked")
    assert message.school == world.school and message.hub == world.hub
    assert message.about == booking


def test_the_waiting_list_then_a_place_that_comes_free(
    world, django_capture_on_commit_callbacks, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    s = session(world, capacity=1, title="Careers in maths")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.booking_create(
            session=s, school=world.school, attendee=world.lead, by=world.lead
        )
        services.booking_create(
            session=s,
            school=world.school,
            attendee=world.teacher,
            by=world.teacher,
            waiting_list=True,
        )
    waiting = mailoutbox[-1]
    assert waiting.to == [world.teacher.email]
    assert waiting.subject == "Waiting list: Careers in maths"
    assert "booked this for you" not in waiting.body  # she joined it herself
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=first, by=world.facilitator)
    sent = {m.to[0]: m for m in mailoutbox}
    assert set(sent) == {world.lead.email, world.teacher.email}
    cancelled = sent[world.lead.email]
    assert cancelled.subject == "Cancelled: Careers in maths"
    who = world.facilitator.get_full_name() or world.facilitator.email
    assert f"{who} cancelled it." in cancelled.body
    calendar, _vevent_cancelled = _vevent(cancelled)
    assert str(calendar["METHOD"]) == "CANCEL"
    promoted = sent[world.teacher.email]
    assert promoted.subject == "A place is yours: Careers in maths"
    assert TrainingBooking.objects.get(attendee=world.teacher).status == "booked"


def test_a_change_of_time_tells_everyone_booked_or_waiting_and_updates_their_calendar(
    world, django_capture_on_commit_callbacks, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    s = session(world, capacity=1, title="Careers in maths")
    services.booking_create(session=s, school=world.school, attendee=world.lead, by=world.lead)
    services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher, waiting_list=True
    )
    mailoutbox.clear()
    # The description alone changes: nobody needs an email about that.
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session=s, by=world.facilitator, plan=plan(title="Careers in maths", capacity=1,
                                                       description="Bring a laptop.")
        )  # fmt: skip
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session=s, by=world.facilitator, plan=plan(title="Careers in maths", capacity=1,
                                                       starts_at=time(15, 30))
        )  # fmt: skip
    sent = {m.to[0]: m for m in mailoutbox}
    assert set(sent) == {world.lead.email, world.teacher.email}
    assert all(m.subject == "Changed: Careers in maths" for m in mailoutbox)
    assert "You are still booked." in sent[world.lead.email].body
    assert "You are still on the waiting list." in sent[world.teacher.email].body
    _calendar, vevent = _vevent(sent[world.lead.email])
    assert vevent.decoded("dtstart") == datetime.combine(s.date, time(15, 30), tzinfo=LONDON)
    assert int(vevent["SEQUENCE"]) == 1  # calendars replace the entry instead of adding one


def test_a_booking_that_fails_sends_nothing_and_a_message_is_never_sent_twice(
    world, django_capture_on_commit_callbacks, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    s = session(world, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(
            session=s, school=world.school, attendee=world.lead, by=world.lead
        )
        with pytest.raises(services.SessionFull):
            services.booking_create(
                session=s, school=world.school, attendee=world.teacher, by=world.teacher
            )
    assert [m.to[0] for m in mailoutbox] == [world.lead.email]
    # The same occasion asked again (a retried request) is the same message.
    from horizons.training import notifications

    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_booking_message(booking, "booked")
    assert len(mailoutbox) == 1
    assert Message.objects.filter(template="cpd_booked").count() == 1


def test_the_day_before_everyone_booked_is_reminded_once(
    world, django_capture_on_commit_callbacks, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    tomorrow = timezone.localdate() + timedelta(days=1)
    s = session(world, capacity=1, title="Careers in maths", date=tomorrow)
    other = session(world, title="Another day")  # a fortnight away: no reminder
    services.booking_create(session=s, school=world.school, attendee=world.lead, by=world.lead)
    services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher, waiting_list=True
    )
    services.booking_create(
        session=other, school=world.school, attendee=world.teacher, by=world.teacher
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_cpd_reminders", stdout=None)
    (mail,) = mailoutbox  # the person booked; not the one waiting, not the other session
    assert mail.to == [world.lead.email] and mail.subject == "Tomorrow: Careers in maths"
    _calendar, vevent = _vevent(mail)
    assert vevent.decoded("dtstart").date() == tomorrow
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_cpd_reminders", "--day", tomorrow.isoformat(), stdout=None)
    assert len(mailoutbox) == 1  # run twice, sent once


def test_the_hub_cancels_a_session_and_everyone_booked_or_waiting_hears(
    world, django_capture_on_commit_callbacks, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    s = session(world, capacity=1, title="Careers in maths")
    services.booking_create(session=s, school=world.school, attendee=world.lead, by=world.lead)
    services.booking_create(
        session=s, school=world.school, attendee=world.teacher, by=world.teacher, waiting_list=True
    )
    mailoutbox.clear()
    with pytest.raises(services.TrainingError, match="Only the hub's facilitators"):
        services.session_cancel(session=s, by=world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=s, by=world.facilitator, reason="  The trainer is ill.  ")
    sent = {m.to[0]: m for m in mailoutbox}
    assert set(sent) == {world.lead.email, world.teacher.email}
    lead_mail = sent[world.lead.email]
    assert lead_mail.subject == "Cancelled by the hub: Careers in maths"
    assert "so your place is cancelled too. The reason: The trainer is ill." in lead_mail.body
    assert "your place on the waiting list is cancelled" in sent[world.teacher.email].body
    calendar, vevent = _vevent(lead_mail)
    assert str(calendar["METHOD"]) == "CANCEL" and int(vevent["SEQUENCE"]) == 1
    assert set(s.bookings.values_list("status", flat=True)) == {"cancelled"}
    # Nothing more can happen to it, and schools no longer see it.
    for attempt in (
        lambda: services.booking_create(
            session=s, school=world.school, attendee=world.lead, by=world.lead
        ),
        lambda: services.session_update(session=s, by=world.facilitator, plan=plan()),
        lambda: services.session_cancel(session=s, by=world.facilitator),
    ):
        with pytest.raises(services.TrainingError, match="The hub cancelled this session on"):
            attempt()
    from django.utils import timezone

    from horizons.training import selectors

    assert s not in selectors.sessions_open_to(world.lead, today=timezone.localdate())
