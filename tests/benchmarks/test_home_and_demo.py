"""Home page steps, the evidence registry, and the demo data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from horizons.accounts.models import Membership, Role, User
from horizons.benchmarks import evidence, services
from horizons.benchmarks.models import Action, Audit, SchoolAuditSummary
from horizons.benchmarks.scoring import State
from horizons.benchmarks.terms import term_choices, term_label, term_name
from horizons.demo import benchmarks as demo
from horizons.demo.seed import DemoRegion
from horizons.organisations.models import Hub, School
from tests.benchmarks.factories import submitted_audit

pytestmark = pytest.mark.django_db


def test_leader_home_says_start_then_carry_on(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("lead")
    page = client.get(reverse("home")).content.decode()
    assert f"Start your {term_name(timezone.localdate()).lower()} audit" in page
    services.audit_start(school=world.school, by=world.lead, term=term_label(timezone.localdate()))
    page = client.get(reverse("home")).content.decode()
    assert "Carry on with your" in page and "0 of 8 sections complete" in page


def test_leader_home_counts_overdue_actions(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit = submitted_audit(
        world.school, world.lead, State.FULLY_ACHIEVED, **{"4_1": "not_started"}
    )
    late = list(Action.objects.filter(audit=audit).values_list("pk", flat=True))
    Action.objects.filter(pk__in=late).update(achieve_by=timezone.localdate() - timedelta(days=1))
    page = client_for("lead").get(reverse("home")).content.decode()
    assert f"{len(late)} action{'s' if len(late) != 1 else ''} overdue" in page
    assert reverse("benchmarks:action_plan", args=[audit.pk]) in page


def test_facilitator_home_counts_schools_not_audited(world, client_for) -> None:  # type: ignore[no-untyped-def]
    submitted_audit(world.school, world.lead)
    page = client_for("facilitator").get(reverse("home")).content.decode()
    assert "1 school has not audited this year" in page
    assert "?status=not_audited" in page


def test_nav_shows_benchmarks_to_staff_and_hub_overview_to_facilitators(client_for) -> None:  # type: ignore[no-untyped-def]
    assert ">Benchmarks</a>" in client_for("teacher").get(reverse("home")).content.decode()
    page = client_for("facilitator").get(reverse("home")).content.decode()
    assert ">Hub overview</a>" in page and ">Benchmarks</a>" not in page


def test_term_choices_start_with_the_current_term() -> None:
    from datetime import date

    assert term_choices(date(2026, 11, 22)) == [
        "Autumn 2026",
        "Spring 2027",
        "Summer 2027",
        "Summer 2026",
    ]
    assert term_choices(date(2027, 2, 1)) == [
        "Spring 2027",
        "Summer 2027",
        "Autumn 2027",
        "Autumn 2026",
    ]


def test_evidence_registry_rejects_bad_benchmarks_and_survives_failing_providers(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="1 to 8"):
        evidence.register_evidence(9, lambda school: [])

    def broken(school):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    def fine(school):  # type: ignore[no-untyped-def]
        return [evidence.EvidenceItem("Careers fair", "June")]

    evidence.register_evidence(6, broken)
    evidence.register_evidence(6, fine)
    evidence.register_evidence(6, fine)  # twice is harmless
    try:
        assert evidence.evidence_for(world.school, 6) == [
            evidence.EvidenceItem("Careers fair", "June")
        ]
    finally:
        evidence.unregister_evidence(6, broken)
        evidence.unregister_evidence(6, fine)
    assert evidence.providers_for(6) == []


def test_demo_seed_gives_most_schools_two_rounds_with_progress(db) -> None:  # type: ignore[no-untyped-def]
    hub = Hub.objects.create(name="Demo hub", slug="demo")
    schools = School.objects.bulk_create(
        School(urn=500000 + i, name=f"Demo {i:02d}", hub=hub, la_name="Newcastle")
        for i in range(70)
    )
    lead = User.objects.create_user("lead@demo.test", "x", first_name="Laura", last_name="Bell")
    facilitator = User.objects.create_user("facilitator@demo.test", "x")
    Membership.objects.create(user=lead, role=Role.CAREERS_LEADER, school=schools[0])
    region = DemoRegion(
        hub=hub,
        schools=schools,
        employers=[],
        volunteers=[],
        users={"lead": lead, "facilitator": facilitator},
    )
    demo.seed(region)

    summaries = SchoolAuditSummary.objects.all()
    assert summaries.count() == 70 - demo.NEVER_AUDITED
    two_rounds = summaries.filter(audit_count=2)
    assert two_rounds.count() >= 50
    gains = [s.change_since_first for s in two_rounds]
    assert sum(gains) / len(gains) > 5  # the hub is making progress on average
    assert any(s.is_stuck for s in two_rounds)  # and a few schools are stuck
    assert Audit.objects.filter(submitted_at__isnull=True).count() == 0
    lead_audits = Audit.objects.filter(school=schools[0])
    assert lead_audits.count() == 2
    assert term_label(timezone.localdate()) not in set(lead_audits.values_list("term", flat=True))
    overdue = [a for a in Action.objects.filter(school=schools[0]) if a.is_overdue()]
    assert len(overdue) == demo.LEAD_OVERDUE
    # Every school's latest audit has an action plan for what it has not achieved.
    latest_ids = set(summaries.values_list("latest_audit_id", flat=True))
    planned = set(Action.objects.values_list("audit_id", flat=True))
    assert planned <= latest_ids and len(planned) >= len(latest_ids) - 2
