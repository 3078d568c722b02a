"""The MIS sync service: a preview that writes nothing, an apply that is whole or nothing,
deletions, class moves, renames, the September rollover, and no UPN/date of birth/address in
the database."""

from __future__ import annotations

import io
import logging
import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from horizons.programmes import pictures, services_mis
from horizons.programmes.mis import diff
from horizons.programmes.mis.records import MisError, RawPupil
from horizons.programmes.models import Cohort, Consent, MisConnection, Pupil
from tests.programmes.factories import make_cohort
from tests.programmes.fake_http import serve
from tests.programmes.fake_wonde import FakeWonde

BOTH = [MisConnection.Scope.STUDENTS, MisConnection.Scope.CLASSES]


class ListConnector:
    """Hands the service ready-made raw records (the connectors are tested on their own)."""

    name = "list"
    requests_made = 0

    def __init__(self, rows: list[tuple[str, str, str, str, str]] | None = None) -> None:
        self.rows = rows or []
        self.error: Exception | None = None

    def pupils(self) -> Iterator[RawPupil]:
        if self.error:
            raise self.error
        return iter(RawPupil(*row) for row in self.rows)


@pytest.fixture
def cohort(world) -> Cohort:  # type: ignore[no-untyped-def]
    MisConnection.objects.create(
        school=world.school, kind="wonde", school_ref="X1", credentials_key="felling", scopes=BOTH
    )
    return make_cohort(world.school)  # Year 5, class 5B


def _state(cohort: Cohort) -> list[tuple[Any, ...]]:
    return list(
        Pupil.objects.filter(cohort=cohort)
        .order_by("pk")
        .values_list("pk", "reference", "first_name", "last_initial", "year_group", "class_name")
    )


def _sync(cohort: Cohort, connector: ListConnector, by: Any) -> Any:
    plan = services_mis.mis_preview(cohort=cohort, by=by, connector=connector)
    services_mis.mis_apply(cohort=cohort, plan=plan, by=by, rng=random.Random(1))
    return plan


CLASS = [
    ("w1", "Ava", "Khan", "5", "5B"),
    ("w2", "Ben", "Lee", "5", "5B"),
    ("w3", "Cara", "Moss", "5", "5C"),  # another class: not this group's
    ("w4", "Dev", "Nash", "4", "4B"),  # another year: not this group's
    ("w5", "Eli", "Ozo", "R", "RA"),  # Reception: skipped
]


def test_preview_writes_nothing_and_apply_adds_the_joiners_with_consent_to_ask(
    world, cohort
) -> None:  # type: ignore[no-untyped-def]
    connector = ListConnector(CLASS)
    plan = services_mis.mis_preview(cohort=cohort, by=world.lead, connector=connector)
    assert [j.display_name for j in plan.joiners] == ["Ava K.", "Ben L."]
    assert plan.changes == 2
    assert _state(cohort) == []
    services_mis.mis_apply(cohort=cohort, plan=plan, by=world.lead)
    pupils = list(cohort.pupils.order_by("reference"))
    assert [(p.reference, p.display_name, p.year_group, p.class_name) for p in pupils] == [
        ("w1", "Ava K.", 5, "5B"),
        ("w2", "Ben L.", 5, "5B"),
    ]
    assert Consent.objects.filter(pupil__in=pupils, parent_consent="pending").count() == 2
    assert MisConnection.objects.get().last_synced_at is not None


def test_a_second_sync_with_nothing_new_changes_nothing(world, cohort) -> None:  # type: ignore[no-untyped-def]
    _sync(cohort, ListConnector(CLASS), world.lead)
    before = _state(cohort)
    plan = _sync(cohort, ListConnector(CLASS), world.lead)
    assert plan.changes == 0
    assert _state(cohort) == before


def test_leavers_moves_and_renames(world, cohort) -> None:  # type: ignore[no-untyped-def]
    _sync(cohort, ListConnector(CLASS[:2] + [("w6", "Finn", "Park", "5", "5B")]), world.lead)
    finn = cohort.pupils.get(reference="w6")
    plan = services_mis.mis_preview(
        cohort=cohort,
        by=world.lead,
        connector=ListConnector(
            [("w1", "Ava", "Khan", "5", "5C"), ("w2", "Benji", "Lee", "5", "5B")]
        ),
    )
    assert [u.what for u in plan.updates] == [["class 5B to 5C"], ["renamed Ben L. to Benji L."]]
    assert [h.display_name for h in plan.leavers] == ["Finn P."]
    services_mis.mis_apply(cohort=cohort, plan=plan, by=world.lead)
    assert not Pupil.objects.filter(pk=finn.pk).exists()
    assert not Consent.objects.filter(pupil_id=finn.pk).exists()
    assert sorted((p.reference, p.first_name, p.class_name) for p in cohort.pupils.all()) == [
        ("w1", "Ava", "5C"),
        ("w2", "Benji", "5B"),
    ]


def test_pupils_added_by_csv_are_linked_by_name_and_class_or_left_alone(world, cohort) -> None:  # type: ignore[no-untyped-def]
    codes = pictures.assign_picture_codes(2, (), random.Random(2))
    for name, code in zip(["Ava", "Zoe"], codes, strict=True):
        Pupil.objects.create(
            cohort=cohort,
            first_name=name,
            last_initial="K",
            year_group=5,
            class_name="5B",
            picture=code.picture,
            picture_number=code.number,
        )
    plan = _sync(cohort, ListConnector(CLASS[:2]), world.lead)
    assert [h.first_name for h in plan.not_found] == ["Zoe"]
    assert [j.external_id for j in plan.joiners] == ["w2"]
    assert sorted(cohort.pupils.values_list("first_name", "reference")) == [
        ("Ava", "w1"),
        ("Ben", "w2"),
        ("Zoe", ""),
    ]


def test_september_rollover_the_group_moves_up_and_year_6_leave(world, cohort) -> None:  # type: ignore[no-untyped-def]
    _sync(cohort, ListConnector(CLASS), world.lead)
    year6 = make_cohort(world.school, "Year 6 2026")
    Cohort.objects.filter(pk=year6.pk).update(year_group=6, classes=["6A"])
    year6.refresh_from_db()
    _sync(year6, ListConnector([("s1", "Sid", "Ray", "6", "6A")]), world.lead)
    september = [
        ("w1", "Ava", "Khan", "6", "6B"),
        ("w2", "Ben", "Lee", "6", "6B"),
        ("w4", "Dev", "Nash", "5", "5B"),  # last year's Year 4 are the new Year 5
        ("w7", "Gus", "Quin", "6", "6B"),  # a new child in the group's new class
    ]
    plan = _sync(cohort, ListConnector(september), world.lead)
    cohort.refresh_from_db()
    assert (cohort.year_group, cohort.classes) == (6, ["6B"])
    assert sorted(cohort.pupils.values_list("reference", "year_group", "class_name")) == [
        ("w1", 6, "6B"),
        ("w2", 6, "6B"),
        ("w7", 6, "6B"),
    ]
    assert [u.what for u in plan.updates] == [["Year 5 to Year 6", "class 5B to 6B"]] * 2
    # The Year 6 group's children have left the primary school's MIS.
    plan6 = _sync(year6, ListConnector(september), world.lead)
    assert [h.first_name for h in plan6.leavers] == ["Sid"]
    assert plan6.joiners == ()
    assert not year6.pupils.exists()


def test_bad_records_change_nothing_and_are_listed(world, cohort, caplog) -> None:  # type: ignore[no-untyped-def]
    _sync(cohort, ListConnector(CLASS[:1]), world.lead)
    before = _state(cohort)
    bad = ListConnector(
        [*CLASS, ("w8", "Hal", "Ives", "8", "8X"), ("w1", "Ava", "Khan", "5", "5B")]
    )
    with caplog.at_level(logging.WARNING), pytest.raises(services_mis.MisSyncError) as caught:
        services_mis.mis_preview(cohort=cohort, by=world.lead, connector=bad)
    assert [str(p) for p in caught.value.problems] == [
        "MIS record w8 (Hal I.) is in Year 8, outside primary (Years 1 to 6); check the year "
        "group in the MIS.",
        "MIS record w1 (Ava K.): the id w1 is used by two records.",
    ]
    assert _state(cohort) == before
    assert "2 record(s)" in MisConnection.objects.get().last_error
    assert "MIS sync failed" in caplog.text


def test_an_mis_error_is_a_clear_message_and_changes_nothing(world, cohort) -> None:  # type: ignore[no-untyped-def]
    connector = ListConnector()
    connector.error = MisError("Wonde had a problem (HTTP 500). Nothing was changed.")
    with pytest.raises(services_mis.MisSyncError, match="HTTP 500"):
        services_mis.mis_preview(cohort=cohort, by=world.lead, connector=connector)
    assert _state(cohort) == []


def test_apply_refuses_when_the_group_changed_since_the_preview(world, cohort) -> None:  # type: ignore[no-untyped-def]
    _sync(cohort, ListConnector(CLASS[:2]), world.lead)
    plan = services_mis.mis_preview(
        cohort=cohort, by=world.lead, connector=ListConnector([("w1", "Ava", "Khan", "5", "5C")])
    )
    Pupil.objects.filter(reference="w1").update(first_name="Avery")
    before = _state(cohort)
    with pytest.raises(services_mis.MisSyncError, match="changed since the preview"):
        services_mis.mis_apply(cohort=cohort, plan=plan, by=world.lead)
    assert _state(cohort) == before


def test_a_sync_interrupted_halfway_leaves_the_previous_data(world, cohort, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _sync(cohort, ListConnector(CLASS[:2]), world.lead)
    before = _state(cohort)
    plan = services_mis.mis_preview(
        cohort=cohort,
        by=world.lead,
        connector=ListConnector(
            [("w1", "Ava", "Khan", "5", "5C"), ("w9", "Ivy", "Jay", "5", "5B")]
        ),
    )
    assert plan.leavers and plan.updates and plan.joiners

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("server stopped")

    monkeypatch.setattr(services_mis.pictures, "assign_picture_codes", crash)
    with pytest.raises(RuntimeError):
        services_mis.mis_apply(cohort=cohort, plan=plan, by=world.lead)
    assert _state(cohort) == before


def test_no_connection_or_scopes_not_approved_is_refused(world, cohort) -> None:  # type: ignore[no-untyped-def]
    other = make_cohort(world.other_school)
    with pytest.raises(services_mis.MisSyncError, match="has not connected its MIS"):
        services_mis.mis_preview(cohort=other, by=world.lead, connector=ListConnector(CLASS))
    MisConnection.objects.update(scopes=["students"])
    with pytest.raises(services_mis.MisSyncError, match="has not approved"):
        services_mis.mis_preview(cohort=cohort, by=world.lead, connector=ListConnector(CLASS))


def test_missing_credentials_are_named_not_guessed(world, cohort) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services_mis.MisSyncError, match="No credentials are set up under the name"):
        services_mis.mis_preview(cohort=cohort, by=world.lead)


def test_end_to_end_from_a_wonde_service_no_upn_birth_date_or_address_reaches_the_database(
    world, cohort
) -> None:  # type: ignore[no-untyped-def]
    fake = FakeWonde(school_id="X1", token="t0k")
    fake.add_pupil("W1", "Ava", "Khan", "5", "5B")
    fake.add_pupil("W2", "Ben", "Lee", "5", "5B")
    with serve(fake), override_settings(MIS_CREDENTIALS={"felling": {"token": "t0k"}}):
        MisConnection.objects.update(base_url=fake.base_url)
        plan = services_mis.mis_preview(cohort=cohort, by=world.lead)
        services_mis.mis_apply(cohort=cohort, plan=plan, by=world.lead)
    assert sorted(cohort.pupils.values_list("reference", "first_name", "last_initial")) == [
        ("W1", "Ava", "K"),
        ("W2", "Ben", "L"),
    ]
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    everything = dump.getvalue()
    assert "Khan" not in everything  # only the initial is kept
    for value in ("A123456789012", "2016-03-14", "SW1A 1AA", "High Street"):
        assert value not in everything, value


def test_the_page_previews_then_applies_and_refuses_a_stale_preview(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    fake = FakeWonde(school_id="X1", token="t0k")
    fake.add_pupil("W1", "Ava", "Khan", "5", "5B")
    url = f"/programmes/cohorts/{cohort.pk}/mis-sync/"
    client = client_for("lead")
    assert "has not connected its MIS" in client.get(url).content.decode()
    with serve(fake), override_settings(MIS_CREDENTIALS={"felling": {"token": "t0k"}}):
        MisConnection.objects.create(
            school=world.school,
            kind="wonde",
            school_ref="X1",
            base_url=fake.base_url,
            credentials_key="felling",
            scopes=BOTH,
        )
        page = client.post(url, {"action": "preview"}).content.decode()
        assert "Ava K." in page and "Joins (Year 5, 5B)" in page
        assert not cohort.pupils.exists()
        stale = client.post(url, {"action": "apply", "plan": "not-the-preview"})
        assert "The MIS changed since your preview" in stale.content.decode()
        assert not cohort.pupils.exists()
        plan = services_mis.mis_preview(cohort=cohort, by=world.lead)
        done = client.post(url, {"action": "apply", "plan": diff.fingerprint(plan)})
        assert done.status_code == 302
        assert list(cohort.pupils.values_list("reference", flat=True)) == ["W1"]
        fake.faults = [500]
        failed = client.post(url, {"action": "preview"}).content.decode()
        assert "Wonde had a problem (HTTP 500)" in failed


def test_the_nightly_check_counts_waiting_changes_applies_nothing_and_survives_a_failure(
    world, cohort
) -> None:  # type: ignore[no-untyped-def]
    MisConnection.objects.update(nightly=True)
    failing = MisConnection.objects.create(
        school=world.other_school,
        kind="wonde",
        school_ref="X2",
        credentials_key="dunston",
        scopes=BOTH,
        nightly=True,
    )
    make_cohort(world.other_school)

    def connector_for_school(connection: MisConnection) -> ListConnector:
        connector = ListConnector(CLASS)
        if connection.pk == failing.pk:
            connector.error = MisError("Wonde had a problem (HTTP 500). Nothing was changed.")
        return connector

    assert services_mis.mis_check_all(connector_for_school=connector_for_school) == 2
    ours = MisConnection.objects.get(school=world.school)
    assert (ours.pending_changes, ours.last_error) == (2, "")
    assert ours.last_checked_at is not None
    assert not Pupil.objects.exists()
    failing.refresh_from_db()
    assert "HTTP 500" in failing.last_error and failing.last_checked_at is not None
    plan = services_mis.mis_preview(cohort=cohort, by=world.lead, connector=ListConnector(CLASS))
    services_mis.mis_apply(cohort=cohort, plan=plan, by=world.lead)
    assert MisConnection.objects.get(school=world.school).pending_changes == 0


def test_the_nightly_command_runs_the_check(world, cohort) -> None:  # type: ignore[no-untyped-def]
    MisConnection.objects.update(nightly=True)
    out = io.StringIO()
    call_command("mis_nightly_check", stdout=out)
    assert "MIS check queued" in out.getvalue()
    # No credentials are configured for "felling": the check records that, by name.
    assert "No credentials are set up under the name" in MisConnection.objects.get().last_error


def test_end_to_end_from_a_oneroster_service_keeps_only_the_minimum(world, cohort) -> None:  # type: ignore[no-untyped-def]
    from tests.programmes.fake_oneroster import FakeOneRoster

    fake = FakeOneRoster(client_id="felling-id", client_secret="felling-secret")
    fake.add_class("c5b", "5B")
    fake.add_pupil("or-1", "Ava", "Khan", "05", "c5b", preferredFirstName="Avi")
    fake.add_pupil("or-2", "Ben", "Lee", "05", "c5b", status="tobedeleted")
    creds = {"felling": {"client_id": "felling-id", "client_secret": "felling-secret"}}
    with serve(fake), override_settings(MIS_CREDENTIALS=creds):
        MisConnection.objects.update(kind="oneroster", base_url=fake.base_url)
        plan = services_mis.mis_preview(cohort=cohort, by=world.lead)
        services_mis.mis_apply(cohort=cohort, plan=plan, by=world.lead)
    assert list(cohort.pupils.values_list("reference", "first_name", "last_initial")) == [
        ("or-1", "Avi", "K")
    ]
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    for value in ("A123456789012", "2016-03-14", "@pupils.example.org", "020 7946", "Khan"):
        assert value not in dump.getvalue(), value


def test_only_staff_who_may_change_the_children_can_sync(world, client_for, cohort) -> None:  # type: ignore[no-untyped-def]
    url = f"/programmes/cohorts/{cohort.pk}/mis-sync/"
    for persona in ("outsider", "teacher", "facilitator"):
        assert client_for(persona).post(url, {"action": "preview"}).status_code == 404, persona
    assert MisConnection.objects.get().last_error == ""  # nobody reached the MIS
