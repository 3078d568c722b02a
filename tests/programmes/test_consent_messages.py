"""Parents' contacts, consent requests by email and text, the short link, and deletion.

Personas from tests/conftest.py: the careers leader ("lead") changes the children; a teacher
who does not run the group, the facilitator and the outsider get 404.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from horizons.core.models import PupilDataAccess
from horizons.messaging.backends import TemporaryFailure, local
from horizons.messaging.models import Message
from horizons.programmes import services_contacts, services_retention
from horizons.programmes.contacts_csv import parse_contacts_csv
from horizons.programmes.models import Cohort, Consent, ParentContact
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_outbox():  # type: ignore[no-untyped-def]
    local.outbox.clear()
    cache.clear()
    yield
    local.outbox.clear()


def _cohort_with_pupils(world, count=3, **kwargs):  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    pupils = add_pupils(
        cohort, count, consent="pending", first_names=["Amira", "Ben", "Cara", "Dev"][:count]
    )
    return cohort, pupils


def _contacts_url(cohort: Cohort) -> str:
    return reverse("programmes:cohort_contacts", args=[cohort.pk])


def _send_url(cohort: Cohort) -> str:
    return reverse("programmes:cohort_consent_send", args=[cohort.pk])


# --- contacts ----------------------------------------------------------------------------------


def test_the_careers_leader_enters_contacts_one_row_per_child(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, ben, cara) = _cohort_with_pupils(world)
    client = client_for("lead")
    page = client.get(_contacts_url(cohort)).content.decode()
    assert f'name="email-{amira.pk}"' in page and f'name="mobile-{cara.pk}"' in page
    response = client.post(
        _contacts_url(cohort),
        {
            f"email-{amira.pk}": " amira.parent@Example.ORG ",
            f"mobile-{amira.pk}": "",
            f"email-{ben.pk}": "",
            f"mobile-{ben.pk}": "+44 7700 900 123",
            f"email-{cara.pk}": "",
            f"mobile-{cara.pk}": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:cohort_consent", args=[cohort.pk])
    stored = {c.pupil_id: (c.email, c.mobile) for c in ParentContact.objects.all()}
    assert stored == {
        amira.pk: ("amira.parent@example.org", ""),
        ben.pk: ("", "+447700900123"),
    }
    assert ParentContact.objects.get(pk=ben.pk).added_by == world.lead
    # Blank on both removes a contact.
    client.post(_contacts_url(cohort), {f"email-{amira.pk}": "", f"mobile-{amira.pk}": ""})
    assert not ParentContact.objects.filter(pk=amira.pk).exists()


def test_a_wrong_address_saves_nothing_keeps_what_was_typed_and_names_the_row(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, ben, cara) = _cohort_with_pupils(world)
    response = client_for("lead").post(
        _contacts_url(cohort),
        {
            f"email-{amira.pk}": "amira.parent@example.org",
            f"mobile-{ben.pk}": "0770 090",
            f"email-{cara.pk}": "cara at home",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved: fix 2 problems" in html
    assert "Row 2: Ben T.: “0770 090” has 7 digits: a UK mobile number has 11" in html
    assert "Row 3: Cara T.: “cara at home” is not an email address" in html
    assert f'href="#mobile-{ben.pk}"' in html
    # What was typed is still in the boxes, the good row too.
    assert 'value="0770 090"' in html and 'value="amira.parent@example.org"' in html
    assert 'value="cara at home"' in html
    assert not ParentContact.objects.exists()


def test_a_contacts_file_is_all_or_nothing_with_row_numbers(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, ben, cara) = _cohort_with_pupils(world)
    client = client_for("lead")
    bad = (
        "Reference,Email,Mobile\n"
        f"{amira.reference},amira.parent@example.org,\n"
        "R999,someone@example.org,\n"
        f"{ben.reference},,01912 345678\n"
        f"{cara.reference},,\n"
    )
    response = client.post(
        _contacts_url(cohort),
        {"action": "upload", "file": SimpleUploadedFile("contacts.csv", bad.encode())},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Row 3: No child in Year 5 2026 matches reference R999." in html
    assert "Row 4: “01912 345678” is not a UK mobile number" in html
    assert "Row 5: Give an email address or a mobile number" in html
    assert not ParentContact.objects.exists()

    good = "First name,Surname initial,Mobile\nAmira,T,07700 900123\nben,t,07700900456\n"
    response = client.post(
        _contacts_url(cohort),
        {"action": "upload", "file": SimpleUploadedFile("contacts.csv", good.encode())},
    )
    assert response.status_code == 302
    assert dict(ParentContact.objects.values_list("pupil_id", "mobile")) == {
        amira.pk: "+447700900123",
        ben.pk: "+447700900456",
    }
    assert PupilDataAccess.objects.filter(what__startswith="Uploaded parents' contacts").exists()


def test_the_contacts_file_parser_checks_its_header() -> None:
    rows, problems = parse_contacts_csv("Name,Phone number\nAmira,07700900123\n")
    assert rows == []
    assert [str(p) for p in problems] == [
        "Row 1: Add a column called Reference, or First name (with Surname initial).",
        "Row 1: Add a column called Email or Mobile (or both).",
    ]


@pytest.mark.parametrize("persona", ["teacher", "facilitator", "outsider", "volunteer"])
def test_contacts_belong_to_the_school_others_get_404(world, client_for, persona) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, *_rest) = _cohort_with_pupils(world)
    client = client_for(persona)
    assert client.get(_contacts_url(cohort)).status_code == 404
    assert (
        client.post(_contacts_url(cohort), {f"email-{amira.pk}": "x@example.org"}).status_code
        == 404
    )
    assert client.post(_send_url(cohort), {"pupil": [amira.pk]}).status_code == 404
    assert not ParentContact.objects.exists() and not Message.objects.exists()


def test_opening_the_contacts_page_is_in_the_access_log(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort, _ = _cohort_with_pupils(world)
    client_for("lead").get(_contacts_url(cohort))
    entry = PupilDataAccess.objects.get(what=f"Parents' contacts for {cohort.name}")
    assert entry.user == world.lead and entry.school == world.school


def test_contacts_are_never_in_the_childs_data_export(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, *_rest) = _cohort_with_pupils(world)
    ParentContact.objects.create(
        pupil=amira, email="amira.parent@example.org", mobile="+447700900123"
    )
    export = client_for("lead").get(reverse("programmes:pupil_export", args=[amira.pk]))
    assert export.status_code == 200
    body = export.content.decode()
    assert "amira.parent" not in body and "7700900123" not in body


# --- sending -----------------------------------------------------------------------------------


def _with_contacts(pupils):  # type: ignore[no-untyped-def]
    amira, ben, *_ = pupils
    ParentContact.objects.create(
        pupil=amira, email="amira.parent@example.org", mobile="+447700900123"
    )
    ParentContact.objects.create(pupil=ben, mobile="+447700900456")


def test_send_requests_one_message_per_contact_with_the_short_link(
    world, client_for, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cohort, pupils = _cohort_with_pupils(world)
    amira, ben, cara = pupils
    _with_contacts(pupils)
    client = client_for("lead")
    form = {"action": "send", "pupil": [amira.pk, ben.pk, cara.pk]}
    form.update({f"round-{p.pk}": "1" for p in pupils})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_send_url(cohort), form, follow=True)
    text = response.content.decode()
    assert "Sent 3 messages to the parents of 2 children. Skipped: 1 child has no parent" in text
    assert Message.objects.count() == 3
    sent = {(m.channel, m.recipient) for m in local.outbox}
    assert sent == {
        ("email", "amira.parent@example.org"),
        ("sms", "+447700900123"),
        ("sms", "+447700900456"),
    }
    amira.consent.refresh_from_db()
    text_to_amira = next(m for m in local.outbox if m.recipient == "+447700900123").body
    link = re.search(r"http://testserver/c/([A-Z0-9]+)/", text_to_amira)
    assert link is not None and link.group(1) == amira.consent.short_code
    assert len(link.group(1)) == 10 and amira.consent.token not in text_to_amira
    assert amira.consent.requests_sent == 1 and amira.consent.last_requested_at is not None

    # A double click (the same form again) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_send_url(cohort), form, follow=True)
    assert "2 requests were sent already" in response.content.decode()
    assert Message.objects.count() == 3 and len(local.outbox) == 3


def test_the_consent_page_shows_each_request_and_lists_those_not_delivered(
    world, client_for, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cohort, pupils = _cohort_with_pupils(world)
    amira, ben, _cara = pupils
    _with_contacts(pupils)
    with django_capture_on_commit_callbacks(execute=True):
        services_contacts.consent_requests_send(
            cohort=cohort, pupil_ids=[amira.pk, ben.pk], base_url="http://testserver/", by=None
        )
    Message.objects.filter(recipient="+447700900456").update(status="permanent_failure")
    html = client_for("lead").get(reverse("programmes:cohort_consent", args=[cohort.pk])).content
    page = html.decode()
    assert "1 request was not delivered: check this address" in page
    assert "Ben T.: …456 (Not delivered: address does not exist)" in page
    assert "Email to a…@example.org" in page and "Text to …123" in page
    # Ben's failed request is ticked again for a resend; Amira's delivered one is not.
    assert re.search(rf'id="send-{ben.pk}"[^>]*checked', page)
    assert not re.search(rf'id="send-{amira.pk}"[^>]*checked', page)


def test_notify_down_the_request_is_kept_and_shows_will_try_again(
    world, client_for, django_capture_on_commit_callbacks, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    cohort, pupils = _cohort_with_pupils(world)
    _with_contacts(pupils)

    def down(self, message):  # type: ignore[no-untyped-def]
        raise TemporaryFailure("Notify is not answering", retry_after=60)

    monkeypatch.setattr(local.LocalBackend, "send", down)
    with django_capture_on_commit_callbacks(execute=True):
        result = services_contacts.consent_requests_send(
            cohort=cohort, pupil_ids=[pupils[1].pk], base_url="http://testserver/", by=None
        )
    assert result.messages == 1
    message = Message.objects.get()
    assert message.status == "retrying" and message.personalisation["child"] == "Ben"
    page = client_for("lead").get(reverse("programmes:cohort_consent", args=[cohort.pk]))
    assert "Will try again" in page.content.decode()


def test_reminders_only_to_parents_waiting_three_days_and_capped(
    world, client_for, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cohort, pupils = _cohort_with_pupils(world, 4)
    amira, ben, cara, dev = pupils
    _with_contacts(pupils)
    ParentContact.objects.create(pupil=cara, email="cara.parent@example.org")
    ParentContact.objects.create(pupil=dev, email="dev.parent@example.org")
    services_contacts.consent_requests_send(
        cohort=cohort,
        pupil_ids=[p.pk for p in pupils],
        base_url="http://testserver/",
        by=None,
    )
    old = timezone.now() - timedelta(days=3, minutes=1)
    Consent.objects.filter(pk__in=[amira.pk, ben.pk, dev.pk]).update(last_requested_at=old)
    Consent.objects.filter(pk=dev.pk).update(requests_sent=3)  # asked three times already
    # Ben's parent answered on paper.
    Consent.objects.filter(pk=ben.pk).update(parent_consent="granted", method="paper")
    before = Message.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("lead").post(_send_url(cohort), {"action": "remind"}, follow=True)
    text = response.content.decode()
    assert "Reminded 2 messages to the parents of 1 child." in text
    assert "1 parent was asked less than 3 days ago" in text
    assert "1 parent has been asked 3 times already" in text
    assert Message.objects.count() == before + 2
    assert set(
        Message.objects.filter(template__startswith="consent_reminder").values_list(
            "recipient", flat=True
        )
    ) == {"amira.parent@example.org", "+447700900123"}
    # A second click straight away sends nothing: the last request is now too recent.
    with django_capture_on_commit_callbacks(execute=True):
        client_for("lead").post(_send_url(cohort), {"action": "remind"})
    assert Message.objects.count() == before + 2


def test_nothing_is_sent_for_a_finished_programme(world) -> None:  # type: ignore[no-untyped-def]
    cohort, pupils = _cohort_with_pupils(world)
    _with_contacts(pupils)
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.FINISHED)
    cohort.refresh_from_db()
    with pytest.raises(services_contacts.ProgrammeError, match="has finished"):
        services_contacts.consent_requests_send(
            cohort=cohort, pupil_ids=[pupils[0].pk], base_url="http://testserver/", by=None
        )
    assert not Message.objects.exists()


# --- the short link ----------------------------------------------------------------------------


def test_the_short_link_leads_to_the_parents_page(world, client) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, *_rest) = _cohort_with_pupils(world)
    code = amira.consent.short_code
    assert re.fullmatch(r"[BCDFGHJKMNPQRSTVWXZ2-9]{10}", code)
    target = reverse("programmes:parent_consent", args=[amira.consent.token])
    for typed in (f"/c/{code}/", f"/c/{code.lower()}", f"/c/{code[:5]}-{code[5:]}/"):
        response = client.get(typed)
        assert response.status_code == 302 and response["Location"] == target, typed
    assert client.get(f"/c/{code}/", follow=True).status_code == 200


def test_wrong_short_links_are_limited_per_address(world, client) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, *_rest) = _cohort_with_pupils(world)
    response = client.get("/c/BBBBBBBBBB/")
    assert response.status_code == 404
    assert "We could not find that link" in response.content.decode()
    for _ in range(29):
        client.get("/c/BBBBBBBBBB/")
    # Now even the right code waits: guessing cannot go on.
    response = client.get(f"/c/{amira.consent.short_code}/")
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()


# --- deleting ----------------------------------------------------------------------------------


def test_contacts_go_seven_days_after_the_parent_answers_or_when_the_group_finishes(world) -> None:  # type: ignore[no-untyped-def]
    cohort, pupils = _cohort_with_pupils(world)
    amira, ben, cara = pupils
    for pupil in pupils:
        ParentContact.objects.create(pupil=pupil, email=f"{pupil.first_name}@example.org")
    answered = timezone.now() - timedelta(days=8)
    Consent.objects.filter(pk=amira.pk).update(
        parent_consent="granted", method="link", recorded_at=answered
    )
    Consent.objects.filter(pk=ben.pk).update(
        parent_consent="refused", method="link", recorded_at=timezone.now() - timedelta(days=2)
    )
    run = services_retention.retention_apply()
    assert run.parent_contacts_deleted == 1
    assert set(ParentContact.objects.values_list("pupil_id", flat=True)) == {ben.pk, cara.pk}

    other = make_cohort(world.school, "Year 6 2026", seed=2)
    (dev,) = add_pupils(other, 1, consent="pending")
    ParentContact.objects.create(pupil=dev, mobile="+447700900999")
    Cohort.objects.filter(pk=other.pk).update(status=Cohort.Status.FINISHED)
    assert services_retention.retention_apply().parent_contacts_deleted == 1
    assert not ParentContact.objects.filter(pk=dev.pk).exists()


def test_pseudonymising_a_group_deletes_contacts_and_retires_short_links(world) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, *_rest) = _cohort_with_pupils(world)
    ParentContact.objects.create(pupil=amira, email="amira.parent@example.org")
    code = amira.consent.short_code
    services_retention.cohort_pseudonymise(cohort=cohort)
    assert not ParentContact.objects.exists()
    assert Consent.objects.get(pk=amira.pk).short_code != code
    assert not Consent.objects.filter(short_code=code).exists()


def test_retention_counts_to_the_end_of_the_day_it_is_given(world) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, *_rest) = _cohort_with_pupils(world)
    ParentContact.objects.create(pupil=amira, email="amira.parent@example.org")
    Consent.objects.filter(pk=amira.pk).update(
        parent_consent="granted", method="link", recorded_at=timezone.now()
    )
    assert services_retention.retention_apply().parent_contacts_deleted == 0
    later = timezone.localdate() + timedelta(days=8)
    assert services_retention.retention_apply(today=later).parent_contacts_deleted == 1
    assert date.today() < later


def test_when_a_contact_goes_its_messages_keep_only_a_masked_address(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cohort, pupils = _cohort_with_pupils(world)
    amira = pupils[0]
    _with_contacts(pupils)
    with django_capture_on_commit_callbacks(execute=True):
        services_contacts.consent_requests_send(
            cohort=cohort, pupil_ids=[amira.pk], base_url="http://testserver/", by=None
        )
    Consent.objects.filter(pk=amira.pk).update(
        parent_consent="granted", method="link", recorded_at=timezone.now() - timedelta(days=8)
    )
    services_retention.retention_apply()
    kept = sorted(Message.objects.filter(about_id=amira.pk).values_list("recipient", flat=True))
    assert kept == ["a…@example.org", "…123"]
    assert not ParentContact.objects.filter(pk=amira.pk).exists()


def test_a_contacts_file_must_name_each_child_once_and_clearly(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    add_pupils(cohort, 2, consent="pending", first_names=["Sam", "Sam"])
    add_pupils(cohort, 1, consent="pending", first_names=["Amira"])
    rows, problems = parse_contacts_csv(
        "First name,Email\nSam,sam.parent@example.org\nAmira,a@example.org\namira,b@example.org\n"
    )
    assert problems == []
    with pytest.raises(services_contacts.ContactsError) as caught:
        services_contacts.contacts_import(cohort=cohort, rows=rows, by=None)
    assert [str(p) for p in caught.value.problems] == [
        "Row 2: 2 children match Sam: add the surname initial, the class or the reference.",
        "Row 4: amira is already on row 3: keep one row.",  # as the file spells it
    ]
    assert not ParentContact.objects.exists()
