"""Transition to secondary: destinations, parents' answers, the handover and who sees it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from horizons.accounts.models import Membership, Role, User
from horizons.programmes import services as programme_services
from horizons.programmes.models import Cohort, Consent, Reflection
from horizons.transition import record, services
from horizons.transition.models import Destination, Handover, TransferRecord
from tests.programmes.factories import answer_all
from tests.transition.factories import secondary, year6

pytestmark = pytest.mark.django_db

ALL = list(record.SECTIONS)
JULY = timezone.make_aware(datetime(2027, 7, 10, 12, 0))


@pytest.fixture
def group(world):  # type: ignore[no-untyped-def]
    cohort = year6(world.school, children=6)
    pupils = list(cohort.pupils.order_by("pk"))
    answer_all(pupils, pre=2, post=4, items=["skill_teamwork", "skill_listening"])
    for pupil in pupils:
        programme_services.answer_save(pupil=pupil, phase="post", item="job_wanted", value="vet")
        Reflection.objects.create(
            pupil=pupil,
            kind="future_cloud",
            data={"job": "I want to look after animals", "pets": ["dog"]},
        )
    return cohort


def _send_all(world, cohort, school, share="yes"):  # type: ignore[no-untyped-def]
    for pupil in cohort.pupils.all():
        services.destination_set(by=world.lead, pupil=pupil, secondary=school, paper_share=share)


def test_a_record_holds_only_the_sections_the_school_chose() -> None:
    facts = record.ChildFacts(
        future_cloud={"job": "vet"},
        answers=[
            record.Answer("post", "skill_teamwork", 4),
            record.Answer("pre", "job_wanted", None, "nurse", "Nurse"),
        ],
        encounters=[record.Encounter("2027-03-02", "Meet a vet", ("Quayside Vets",))],
        skill_names={"teamwork": "Teamwork"},
    )
    only_words = record.build(facts, [record.WORDS])
    assert only_words == {"sections": ["words"], "words": ["vet", "nurse"], "jobs": ["Nurse"]}
    everything = record.build(facts, ALL)
    assert everything["skills"] == [{"skill": "Teamwork", "before": None, "after": 4}]
    assert everything["encounters"] == [
        {"date": "2027-03-02", "title": "Meet a vet", "with": "Quayside Vets"}
    ]


def test_a_feeder_summary_hides_small_groups_and_rare_jobs() -> None:
    records = [{"sections": ALL, "jobs": ["Vet"], "skills": [], "encounters": []}] * 4
    assert not record.summarise(records, 5).shown
    records = records + [{"sections": ALL, "jobs": ["Pilot"], "skills": [], "encounters": [1, 2]}]
    summary = record.summarise(records, 5)
    assert summary.shown and summary.children == 5
    assert summary.top_jobs == []  # 4 vets and 1 pilot: no job chosen by 5
    assert summary.median_encounters == 0


@pytest.mark.parametrize(
    ("urn", "says"),
    [
        ("12345", "a URN has six digits"),
        ("999999", "No school with URN 999999 is in Horizons"),
        ("100002", "not a secondary school"),
    ],
)
def test_a_destination_must_be_a_secondary_school_horizons_knows(world, urn, says) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.TransitionError, match=says):
        services.find_receiving_school(urn)


def test_only_children_whose_parent_said_yes_are_handed_over(world, group) -> None:  # type: ignore[no-untyped-def]
    school = secondary()
    _send_all(world, group, school)
    pupils = list(group.pupils.order_by("pk"))
    services.destination_set(by=world.lead, pupil=pupils[0], secondary=school, paper_share="no")
    services.destination_set(by=world.lead, pupil=pupils[1], secondary=None)

    result = services.handover(by=world.lead, cohort=group, sections=ALL, now=JULY)

    assert (result.records, result.held_back, result.no_destination) == (4, 1, 1)
    copies = TransferRecord.objects.filter(handover__secondary=school)
    assert sorted(c.first_name for c in copies) == ["Kid2", "Kid3", "Kid4", "Kid5"]
    data = copies.first().data
    assert data["words"] == ["I want to look after animals", "vet"]
    assert {"skill": "Teamwork", "before": 2, "after": 4} in data["skills"]
    assert Handover.objects.get().start_year == 2026


def test_handing_over_twice_updates_and_a_parents_no_removes_the_copy(world, group) -> None:  # type: ignore[no-untyped-def]
    school = secondary()
    _send_all(world, group, school)
    services.handover(by=world.lead, cohort=group, sections=ALL, now=JULY)
    services.handover(by=world.lead, cohort=group, sections=[record.WORDS], now=JULY)
    assert TransferRecord.objects.count() == 6
    assert all(set(r.data["sections"]) == {"words"} for r in TransferRecord.objects.all())

    consent = group.pupils.order_by("pk").first().consent
    services.share_answer_by_parent(consent=consent, share=False)
    assert TransferRecord.objects.count() == 5
    moved = group.pupils.order_by("pk").last()
    services.destination_set(
        by=world.lead, pupil=moved, secondary=secondary(137002, "Thorp Academy")
    )
    assert Destination.objects.get(pupil=moved).share == ""  # agreed to one school, not another
    assert TransferRecord.objects.count() == 4


def test_a_withdrawn_programme_consent_shares_none_of_the_childs_answers(world, group) -> None:  # type: ignore[no-untyped-def]
    school = secondary()
    _send_all(world, group, school)
    pupil = group.pupils.order_by("pk").first()
    Consent.objects.filter(pupil=pupil).update(
        parent_consent="refused", withdrawn_at=timezone.now()
    )
    services.handover(by=world.lead, cohort=group, sections=ALL, now=JULY)
    data = TransferRecord.objects.get(source_pupil_id=pupil.pk).data
    assert data["words"] == [] and data["skills"] == [] and data["good_at"] == []


def test_records_wait_for_the_summer_term_unless_the_group_has_finished(world, group) -> None:  # type: ignore[no-untyped-def]
    _send_all(world, group, secondary())
    march = timezone.make_aware(datetime(2027, 3, 10, 12, 0))
    with pytest.raises(services.TransitionError, match="from 1 June"):
        services.handover(by=world.lead, cohort=group, sections=ALL, now=march)
    with pytest.raises(services.TransitionError, match="at least one part"):
        services.handover(by=world.lead, cohort=group, sections=[], now=JULY)
    group.status = Cohort.Status.FINISHED
    group.save()
    assert services.handover(by=world.lead, cohort=group, sections=ALL, now=march).records == 6


def test_only_the_schools_careers_leader_may_change_destinations(world, group) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.TransitionError, match="careers leader"):
        services.destination_set(
            by=world.teacher, pupil=group.pupils.first(), secondary=secondary()
        )


def test_copies_are_kept_until_the_end_of_the_first_term_of_year_7(world, group) -> None:  # type: ignore[no-untyped-def]
    _send_all(world, group, secondary())
    services.handover(by=world.lead, cohort=group, sections=ALL, now=JULY)  # academic year 2026
    assert services.records_expire(date(2027, 12, 31)) == 0
    assert services.records_expire(date(2028, 1, 1)) == 6
    assert not Handover.objects.exists()


def test_the_secondary_careers_leader_sees_their_incoming_children_and_no_one_elses(
    world, group, client
) -> None:  # type: ignore[no-untyped-def]
    ours, theirs = secondary(), secondary(137002, "Thorp Academy")
    _send_all(world, group, ours)
    services.handover(by=world.lead, cohort=group, sections=ALL, now=JULY)
    leader = User.objects.create_user("head-of-year7@example.org", "pw-123456789")
    Membership.objects.create(user=leader, role=Role.CAREERS_LEADER, school=ours)
    other = User.objects.create_user("other-secondary@example.org", "pw-123456789")
    Membership.objects.create(user=other, role=Role.CAREERS_LEADER, school=theirs)
    copy = TransferRecord.objects.first()

    client.force_login(leader)
    page = client.get(reverse("transition:incoming", args=[ours.urn]))
    assert page.status_code == 200
    assert "From Felling Primary School" in page.content.decode()
    assert "Vet (6)" in page.content.decode()  # six chose it: at least five, so it is named
    record_page = client.get(reverse("transition:incoming_record", args=[ours.urn, copy.pk]))
    assert "I want to look after animals" in record_page.content.decode()
    assert record_page["Cache-Control"].startswith("max-age=0")

    client.force_login(other)
    assert client.get(reverse("transition:incoming", args=[ours.urn])).status_code == 404
    assert (
        client.get(reverse("transition:incoming_record", args=[theirs.urn, copy.pk])).status_code
        == 404
    )
    client.force_login(world.lead)  # the primary's own careers leader cannot read the copies
    assert client.get(reverse("transition:incoming", args=[ours.urn])).status_code == 404


def test_the_parent_answers_with_their_consent_link(world, group, client) -> None:  # type: ignore[no-untyped-def]
    pupil = group.pupils.order_by("pk").first()
    url = reverse("transition:parent_share", args=[pupil.consent.token])
    assert "Not ready yet" in client.get(url).content.decode()
    services.destination_set(by=world.lead, pupil=pupil, secondary=secondary())
    assert "Choose yes or no" in client.post(url, {}).content.decode()
    page = client.post(url, {"share": "yes"})
    assert "Heworth Grange School will see" in page.content.decode()
    destination = Destination.objects.get(pupil=pupil)
    assert (destination.share, destination.share_method) == ("yes", "link")


def test_a_joint_event_shows_on_the_secondary_schools_page(world, client) -> None:  # type: ignore[no-untyped-def]
    from datetime import time

    from horizons.encounters import services as encounter_services

    ours = secondary()
    leader = User.objects.create_user("joint@example.org", "pw-123456789")
    Membership.objects.create(user=leader, role=Role.CAREERS_LEADER, school=ours)
    plan = encounter_services.EventPlan(
        kind="special",
        title="Year 6 science taster",
        date=date(2027, 6, 15),
        starts_at=time(9, 30),
        ends_at=time(11, 0),
        capacity=60,
        year_groups=(6,),
        host_school=world.school,
        with_secondary=ours,
    )
    encounter_services.event_create(
        hub=world.hub, by=world.facilitator, plan=plan, employers=[world.employer]
    )
    client.force_login(leader)
    page = client.get(reverse("transition:incoming", args=[ours.urn])).content.decode()
    assert "Year 6 science taster at Felling Primary School" in page
