"""Volunteers kept in the loop: asked to confirm when placed and a week before, one-tap "Yes" /
"I can't make it" by a signed link, the place reopened and the hub and school told, reminders
48 and 24 hours before sent once, a thank-you with suppressed feedback, and the facilitator's
at-risk list (hub-scoped, with "send again" and filling the place)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from horizons.encounters import selectors, services, volunteer_messages, volunteer_tokens
from horizons.encounters.models import Event, EventVolunteer, VolunteerDropOut
from horizons.encounters.services import EncounterError, QuoteSpec
from horizons.messaging.models import Message
from horizons.organisations.models import Volunteer
from tests.encounters import factories as f
from tests.organisations.checks import verified_check

pytestmark = pytest.mark.django_db


def _start(event: Event) -> datetime:
    return timezone.make_aware(datetime.combine(event.date, event.starts_at))


def _messages(template: str, **filters: object) -> list[Message]:
    return list(Message.objects.filter(template=template, **filters).order_by("pk"))


def _reply_url(event: Event, volunteer: Volunteer) -> str:
    return reverse(
        "encounters:volunteer_reply", args=[volunteer_messages.reply_token(event, volunteer)]
    )


def _second_volunteer(world, **extra):  # type: ignore[no-untyped-def]
    v = Volunteer.objects.create(
        employer=world.employer,
        first_name="Lee",
        last_name="Brown",
        job_title="Surveyor",
        availability=["tue_am"],
        **extra,
    )
    verified_check(v, by=world.coordinator)
    return v


# --- Asked to confirm when placed ------------------------------------------------------------


def test_placing_a_volunteer_asks_them_to_confirm_by_email_and_text(world):
    world.volunteer_profile.mobile = "07700 900123"
    world.volunteer_profile.save()
    event = f.event(world)
    email = _messages("volunteer_confirm_request")
    text = _messages("volunteer_confirm_request_sms")
    assert [m.recipient for m in email] == ["volunteer@example.org"]
    assert [m.recipient for m in text] == ["+447700900123"]
    assert email[0].about == event and email[0].hub_id == world.hub.pk
    yes_link = email[0].personalisation["yes_link"]
    token = yes_link.split("/reply/")[1].split("/")[0]
    reply = volunteer_tokens.read(token, today=timezone.localdate())
    assert (reply.event_id, reply.volunteer_id) == (event.pk, world.volunteer_profile.pk)
    link = EventVolunteer.objects.get(event=event)
    assert link.confirm_requested_at is not None and link.confirmed_at is None


def test_an_address_that_cannot_take_mail_does_not_stop_the_event(world):
    world.volunteer.email = "not-an-email"
    world.volunteer.save()
    event = _soon(world)
    assert Event.objects.filter(pk=event.pk).exists()
    assert not Message.objects.exists()
    rows = selectors.volunteers_at_risk(hub_ids=[world.hub.pk], today=timezone.localdate())
    assert [(r.kind, r.volunteer) for r in rows] == [("unreachable", world.volunteer_profile)]


def test_mobile_on_the_profile_must_be_a_uk_mobile(world, client_for):
    url = reverse("organisations:volunteer_edit", args=[world.volunteer_profile.pk])
    client = client_for("volunteer")
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        sectors=["engineering"], availability=["tue_am"], mobile="0191 496 0000", gender="woman"
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "not a UK mobile number" in response.content.decode()
    data["mobile"] = "07700 900456"
    assert client.post(url, data).status_code == 302
    world.volunteer_profile.refresh_from_db()
    assert world.volunteer_profile.mobile == "07700 900456"


def test_only_the_volunteer_sees_their_mobile_on_the_profile_form(world, client_for):
    url = reverse("organisations:volunteer_edit", args=[world.volunteer_profile.pk])
    assert "mobile" in client_for("volunteer").get(url).context["form"].fields
    assert "mobile" not in client_for("coordinator").get(url).context["form"].fields


# --- The signed link -----------------------------------------------------------------------


def test_the_token_is_signed_and_stops_after_the_event(world):
    event = f.event(world)
    token = volunteer_messages.reply_token(event, world.volunteer_profile)
    assert volunteer_tokens.read(token, today=event.date).event_id == event.pk
    with pytest.raises(volunteer_tokens.TokenError, match="stopped working after the event"):
        volunteer_tokens.read(token, today=event.date + timedelta(days=1))
    with pytest.raises(volunteer_tokens.TokenError, match="not complete"):
        volunteer_tokens.read(token[:-2] + "xx", today=event.date)


def test_opening_the_link_changes_nothing_and_yes_confirms_once(world, client):
    event = f.event(world)
    url = _reply_url(event, world.volunteer_profile)
    page = client.get(url + "?answer=yes")
    assert page.status_code == 200 and "Yes, I'll be there" in page.content.decode()
    assert EventVolunteer.objects.get(event=event).confirmed_at is None
    first = client.post(url, {"answer": "yes"}, follow=True)
    assert "you have confirmed" in first.content.decode()
    confirmed = EventVolunteer.objects.get(event=event).confirmed_at
    assert confirmed is not None
    again = client.post(url, {"answer": "yes"}, follow=True)
    assert "already confirmed" in again.content.decode()
    assert EventVolunteer.objects.get(event=event).confirmed_at == confirmed


def test_a_broken_link_says_what_to_do(client):
    response = client.get(reverse("encounters:volunteer_reply", args=["nonsense:abc"]))
    assert response.status_code == 400
    assert "sign in to Horizons" in response.content.decode()


# --- "I can't make it" -----------------------------------------------------------------------


def test_cannot_come_reopens_the_place_and_tells_hub_and_school_once(world, client):
    event = f.event(world)
    services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    url = _reply_url(event, world.volunteer_profile)
    response = client.post(url, {"answer": "no", "reason": "  Site visit  moved "}, follow=True)
    assert "Your place is open again" in response.content.decode()
    assert not EventVolunteer.objects.filter(event=event).exists()
    gap = VolunteerDropOut.objects.get(event=event)
    assert gap.reason == "Site visit moved" and gap.is_open
    alerts = _messages("volunteer_dropped_out")
    assert sorted((m.recipient, m.school_id) for m in alerts) == [
        ("facilitator@example.org", None),
        ("lead@example.org", world.school.pk),
    ]
    assert all(m.about == event for m in alerts)
    assert alerts[0].personalisation["reason"] == "Site visit moved"
    # The school is told the booking stands; the hub how to fill the place.
    by_person = {m.recipient: m.personalisation["what_next"] for m in alerts}
    assert "Your booking stands" in by_person["lead@example.org"]
    assert "volunteers-at-risk" in by_person["facilitator@example.org"]
    again = client.post(url, {"answer": "no", "reason": ""}, follow=True)
    assert "Already done" in again.content.decode()
    assert len(_messages("volunteer_dropped_out")) == 2
    assert VolunteerDropOut.objects.get(event=event).reason == "Site visit moved"
    # And "yes" after dropping out does not quietly put them back.
    with pytest.raises(EncounterError, match="your place went back to the hub"):
        services.volunteer_confirm(event=event, volunteer=world.volunteer_profile)


def test_a_reason_too_long_is_refused_keeping_what_was_typed(world, client):
    event = f.event(world)
    url = _reply_url(event, world.volunteer_profile)
    response = client.post(url, {"answer": "no", "reason": "x" * 301})
    assert response.status_code == 200
    body = response.content.decode()
    assert "at most 300 characters" in body and "x" * 301 in body
    assert EventVolunteer.objects.filter(event=event).exists()
    assert not VolunteerDropOut.objects.exists()


def test_after_the_event_the_link_cannot_drop_out(world):
    event = f.event(world)
    later = _start(event) + timedelta(days=1)
    with pytest.raises(EncounterError, match="too late to answer"):
        services.volunteer_drop_out(event=event, volunteer=world.volunteer_profile, now=later)


# --- Reminders and the week-before request ---------------------------------------------------


def test_hourly_job_sends_each_reminder_once(world):
    event = f.event(world)
    Message.objects.all().delete()
    start = _start(event)
    # 8 days before: nothing due yet.
    assert sum(volunteer_messages.due_messages_send(now=start - timedelta(days=8)).values()) == 0
    # A week before, not confirmed: asked again, once however often the job runs.
    for hours in (0, 1, 2):
        volunteer_messages.due_messages_send(now=start - timedelta(days=7) + timedelta(hours=hours))
    assert len(_messages("volunteer_confirm_request")) == 1
    # 48 hours, then 24 hours before: one reminder each.
    for hours in (47, 46, 30, 25):
        volunteer_messages.due_messages_send(now=start - timedelta(hours=hours))
    for hours in (23, 12, 1):
        volunteer_messages.due_messages_send(now=start - timedelta(hours=hours))
    reminders = _messages("volunteer_reminder")
    assert [m.personalisation["how_soon"] for m in reminders] == [
        "the day after tomorrow",
        "tomorrow",
    ]
    assert [m.idempotency_key.split(":")[4] for m in reminders] == ["48h", "24h"]
    # After it starts: nothing more.
    assert sum(volunteer_messages.due_messages_send(now=start + timedelta(hours=1)).values()) == 0


def test_a_confirmed_volunteer_is_not_asked_again_but_is_reminded(world):
    event = f.event(world)
    services.volunteer_confirm(event=event, volunteer=world.volunteer_profile)
    Message.objects.all().delete()
    start = _start(event)
    volunteer_messages.due_messages_send(now=start - timedelta(days=6))
    volunteer_messages.due_messages_send(now=start - timedelta(hours=20))
    assert _messages("volunteer_confirm_request") == []
    [reminder] = _messages("volunteer_reminder")
    assert reminder.personalisation["answer"] == "Thank you for confirming you will be there."


def test_placed_within_a_week_is_not_asked_twice(world):
    event = f.event(world, day=f.next_weekday(1, weeks=0) + timedelta(days=7 * 0))
    if _start(event) <= timezone.now():  # today is that Tuesday, after 09:30: next week's
        event = f.event(world, day=event.date + timedelta(days=7), title="Next week")
    assert EventVolunteer.objects.get(event=event).confirm_requested_at is not None
    assert len(_messages("volunteer_confirm_request", about_id=event.pk)) == 1
    volunteer_messages.due_messages_send(now=timezone.now() + timedelta(hours=1))
    assert len(_messages("volunteer_confirm_request", about_id=event.pk)) == 1


def test_a_dropped_out_volunteer_gets_no_reminders(world):
    event = f.event(world)
    services.volunteer_drop_out(event=event, volunteer=world.volunteer_profile)
    volunteer_messages.due_messages_send(now=_start(event) - timedelta(hours=20))
    assert _messages("volunteer_reminder") == []


# --- The thank-you ---------------------------------------------------------------------------


def _done_event(world, *, pupils: int, quotes: int):  # type: ignore[no-untyped-def]
    event = f.event(world)
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(28), by=world.lead
    )
    klass = booking.classes.get()
    services.attendance_record(
        booking=booking,
        by=world.teacher,
        attended={klass.pk: pupils},
        quotes=[QuoteSpec(f"I liked building number {i}", 5, True) for i in range(quotes)]
        + [QuoteSpec("Not shared", 5, False)],
        today=event.date,
    )
    return event


def test_thank_you_shares_childrens_words_only_from_five(world):
    event = _done_event(world, pupils=26, quotes=5)
    after = _start(event) + timedelta(days=1)
    assert volunteer_messages.due_messages_send(now=after)["thank_you"] == 1
    assert volunteer_messages.due_messages_send(now=after + timedelta(hours=1))["thank_you"] == 0
    [thanks] = _messages("volunteer_thank_you")
    assert thanks.recipient == "volunteer@example.org"
    assert thanks.personalisation["reached"] == "26 children took part."
    said = thanks.personalisation["children_said"]
    assert said.startswith("5 children shared")
    assert "I liked building number 0" in said and "Not shared" not in said


def test_thank_you_keeps_fewer_than_five_private(world):
    event = _done_event(world, pupils=4, quotes=4)
    volunteer_messages.due_messages_send(now=_start(event) + timedelta(days=1))
    [thanks] = _messages("volunteer_thank_you")
    assert "Fewer than 5" in thanks.personalisation["children_said"]
    assert "I liked" not in thanks.personalisation["children_said"]
    assert "4" not in thanks.personalisation["reached"]
    assert "fewer than 5" in thanks.personalisation["reached"].lower()


def test_no_thank_you_before_attendance_is_recorded(world):
    event = f.event(world)
    services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    counts = volunteer_messages.due_messages_send(now=_start(event) + timedelta(days=2))
    assert counts["thank_you"] == 0


# --- The at-risk list ------------------------------------------------------------------------


def _soon(world):  # type: ignore[no-untyped-def]
    """An event within the next 14 days (a Tuesday morning, when Maya is free)."""
    return f.event(world, day=f.next_weekday(1, weeks=1))


def test_at_risk_list_shows_each_kind_with_what_to_do(world, client_for):
    event = _soon(world)
    unchecked = Volunteer.objects.create(
        user=None,
        employer=world.employer,
        first_name="Ann",
        last_name="Lee",
        job_title="Welder",
        availability=["tue_am"],
        mobile="07700900999",
    )
    EventVolunteer.objects.create(
        event=event, volunteer=unchecked, confirm_requested_at=timezone.now()
    )
    other = _second_volunteer(world)
    EventVolunteer.objects.create(event=event, volunteer=other)
    services.volunteer_drop_out(event=event, volunteer=other, reason="Ill")
    failed = Message.objects.get(template="volunteer_confirm_request")
    failed.status = Message.Status.PERMANENT_FAILURE
    failed.save()
    response = client_for("facilitator").get(reverse("encounters:volunteers_at_risk"))
    assert response.status_code == 200
    kinds = sorted((r.kind, r.volunteer.first_name) for r in response.context["rows"])
    assert kinds == [
        ("dropped_out", "Lee"),
        ("no_check", "Ann"),
        ("not_delivered", "Maya"),
        ("unconfirmed", "Ann"),
        ("unconfirmed", "Maya"),
    ]
    body = response.content.decode()
    assert "Reason: Ill" in body and "Fill the place" in body and "Send again" in body
    assert "v…@example.org" in body  # which address failed, masked
    assert "07700900999" in body  # contact details: the hub's staff only


def test_at_risk_list_is_the_hubs_own(world, client_for):
    event = _soon(world)
    campaign = f.campaign(world)
    outsider = client_for("outsider").get(reverse("encounters:volunteers_at_risk"))
    assert outsider.status_code == 200 and outsider.context["rows"] == []
    assert event.title not in outsider.content.decode()
    url = reverse("encounters:volunteers_at_risk") + f"?campaign={campaign.pk}"
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("lead").get(reverse("encounters:volunteers_at_risk")).status_code == 404
    assert client_for("volunteer").get(reverse("encounters:volunteers_at_risk")).status_code == 404


def test_send_again_asks_once_more_and_is_hub_scoped(world, client_for):
    event = _soon(world)
    url = reverse("encounters:volunteer_send_again", args=[event.pk, world.volunteer_profile.pk])
    assert client_for("outsider").post(url).status_code == 404
    assert len(_messages("volunteer_confirm_request")) == 1
    response = client_for("facilitator").post(url, follow=True)
    assert "Asked Maya Okafor again" in response.content.decode()
    assert len(_messages("volunteer_confirm_request")) == 2
    services.volunteer_confirm(event=event, volunteer=world.volunteer_profile)
    response = client_for("facilitator").post(url, follow=True)
    assert "already confirmed" in response.content.decode()
    assert len(_messages("volunteer_confirm_request")) == 2


def test_the_facilitator_fills_the_place_and_the_new_volunteer_is_asked(world, client_for):
    event = _soon(world)
    services.volunteer_drop_out(event=event, volunteer=world.volunteer_profile)
    other = _second_volunteer(world, mobile="07700 900321")
    page = client_for("facilitator").get(reverse("encounters:event_detail", args=[event.pk]))
    assert "Cannot come: place open" in page.content.decode()
    assert [v.pk for v in page.context["fill_form"].fields["volunteer"].queryset] == [other.pk]
    url = reverse("encounters:event_fill_place", args=[event.pk])
    assert client_for("outsider").post(url, {"volunteer": other.pk}).status_code == 404
    response = client_for("facilitator").post(url, {"volunteer": other.pk}, follow=True)
    assert "Lee Brown is now down to help" in response.content.decode()
    gap = VolunteerDropOut.objects.get(event=event)
    assert gap.filled_by == other and not gap.is_open
    assert EventVolunteer.objects.filter(event=event, volunteer=other).exists()
    [asked] = _messages("volunteer_confirm_request_sms")
    assert (asked.recipient, asked.about_id) == ("+447700900321", event.pk)
    rows = selectors.volunteers_at_risk(hub_ids=[world.hub.pk], today=timezone.localdate())
    assert "dropped_out" not in {r.kind for r in rows}


def test_a_volunteer_without_a_check_cannot_fill_an_online_place(world):
    event = f.event(world, kind=Event.Kind.ONLINE, day=f.next_weekday(1, weeks=1))
    services.volunteer_drop_out(event=event, volunteer=world.volunteer_profile)
    unchecked = Volunteer.objects.create(
        employer=world.employer,
        first_name="Ann",
        last_name="Lee",
        job_title="Welder",
        availability=["tue_am"],
    )
    with pytest.raises(EncounterError, match="no verified safeguarding check"):
        services.event_volunteer_add(event=event, volunteer=unchecked, by=world.facilitator)
    assert VolunteerDropOut.objects.get(event=event).is_open


def test_careers_leader_of_a_booked_school_sees_who_has_confirmed(world, client_for):
    event = _soon(world)
    url = reverse("encounters:event_detail", args=[event.pk])
    before = client_for("lead").get(url).content.decode()
    assert "Not confirmed yet" not in before  # not booked: not theirs to see
    services.booking_create(event=event, school=world.school, classes=f.year5(), by=world.lead)
    page = client_for("lead").get(url).content.decode()
    assert (
        'Maya O., engineer: <strong class="govuk-tag govuk-tag--yellow">Not confirmed yet' in page
    )
    services.volunteer_confirm(event=event, volunteer=world.volunteer_profile)
    assert 'govuk-tag--green">Confirmed' in client_for("lead").get(url).content.decode()
    assert "volunteer@example.org" not in client_for("lead").get(url).content.decode()


def test_my_sessions_offers_the_same_answers(world, client_for):
    event = _soon(world)
    client = client_for("volunteer")
    page = client.get(reverse("encounters:my_sessions")).content.decode()
    assert "Please confirm" in page
    [token_url] = set(re.findall(r'action="(/encounters/reply/[^"]+/)"', page))
    assert volunteer_tokens.read(token_url.split("/")[3], today=event.date).event_id == event.pk
    response = client.post(
        token_url, {"answer": "yes", "next": reverse("encounters:my_sessions")}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("encounters:my_sessions")
    assert 'govuk-tag--green">Confirmed' in response.content.decode()


def test_reply_never_redirects_off_site(world, client):
    event = _soon(world)
    url = _reply_url(event, world.volunteer_profile)
    response = client.post(url, {"answer": "yes", "next": "//evil.example/"})
    assert response["Location"] == url


def test_the_hourly_command_says_what_it_queued(world):
    from io import StringIO

    from django.core.management import call_command

    event = f.event(world, day=f.next_weekday(1, weeks=0))  # a Tuesday this coming week
    EventVolunteer.objects.filter(event=event).update(confirm_requested_at=None)
    Message.objects.all().delete()
    out = StringIO()
    call_command("send_volunteer_messages", stdout=out)
    expected = 1 if timedelta(0) < _start(event) - timezone.now() <= timedelta(days=7) else 0
    assert f"Volunteer messages queued: {expected} confirmation requests" in out.getvalue()
    assert len(_messages("volunteer_confirm_request")) == expected


def test_the_at_risk_list_downloads_as_a_csv_with_the_same_rows_and_scope(world, client_for):
    import csv
    import io

    event = _soon(world)
    unchecked = Volunteer.objects.create(
        user=None,
        employer=world.employer,
        first_name="=HYPERLINK",  # typed by someone: must stay text in a spreadsheet
        last_name="Lee",
        job_title="Welder",
        availability=["tue_am"],
        mobile="07700900999",
    )
    EventVolunteer.objects.create(
        event=event, volunteer=unchecked, confirm_requested_at=timezone.now()
    )
    url = reverse("encounters:volunteers_at_risk") + "?format=csv"
    response = client_for("facilitator").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == ["Volunteers at risk"]
    assert table[1][:3] == ["Date", "Time", "Event"]
    page = client_for("facilitator").get(reverse("encounters:volunteers_at_risk"))
    assert len(table) - 2 == len(page.context["rows"])  # the same rows as the page
    mine = [row for row in table[2:] if row[3] == "'=HYPERLINK Lee"]
    labels = sorted(row[5] for row in mine)
    assert len(labels) == 2 and labels[0].startswith("Has not confirmed (Last asked ")
    assert labels[1] == "No valid safeguarding check"
    assert all(row[7] == "07700900999" for row in mine)  # to ring them
    # Another hub's facilitator gets their own (empty) list; school staff and volunteers none.
    outsider = client_for("outsider").get(url)
    assert outsider.status_code == 200 and event.title not in outsider.content.decode()
    assert client_for("lead").get(url).status_code == 404
    assert client_for("volunteer").get(url).status_code == 404
