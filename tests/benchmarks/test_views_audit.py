"""The audit pages: starting, htmx autosave, saving without script, conflicts, submitting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from horizons.benchmarks import services
from horizons.benchmarks.evidence import EvidenceItem, register_evidence, unregister_evidence
from horizons.benchmarks.framework import load_framework
from horizons.benchmarks.models import Audit, AuditAnswer
from tests.benchmarks.factories import answer_all, submitted_audit

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def audit(world):  # type: ignore[no-untyped-def]
    return services.audit_start(school=world.school, by=world.lead, term="Autumn 2026")


def answer_url(audit: Audit, criterion_id: str) -> str:
    return reverse("benchmarks:audit_answer", args=[audit.pk, criterion_id])


def test_staff_land_on_their_school_and_can_start_an_audit(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("lead")
    response = client.get(reverse("benchmarks:benchmark_home"))
    assert response["Location"] == reverse("benchmarks:school_audits", args=[world.school.urn])
    page = client.get(response["Location"]).content.decode()
    assert "Start a new audit" in page
    response = client.post(
        reverse("benchmarks:audit_start", args=[world.school.urn]), {"term": "Autumn 2026"}
    )
    audit = Audit.objects.get(school=world.school)
    assert response["Location"] == reverse("benchmarks:audit_section", args=[audit.pk, 1])
    assert audit.term == "Autumn 2026"


def test_a_term_that_is_not_offered_is_refused(world, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("lead").post(
        reverse("benchmarks:audit_start", args=[world.school.urn]), {"term": "Whenever"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Audit.objects.exists()


def test_teachers_view_but_cannot_start(world, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("teacher").get(reverse("benchmarks:school_audits", args=[world.school.urn]))
    assert page.status_code == 200
    assert "Start a new audit" not in page.content.decode()


def test_section_page_shows_criteria_evidence_and_progress(world, client_for, audit) -> None:  # type: ignore[no-untyped-def]
    services.audit_answer_save(audit=audit, by=world.lead, criterion_id="5.1", state="in_progress")

    def provider(school):  # type: ignore[no-untyped-def]
        return [
            EvidenceItem(f"3 employer encounters at {school.name}", "This year", "/encounters/")
        ]

    register_evidence(5, provider)
    try:
        page = (
            client_for("lead")
            .get(reverse("benchmarks:audit_section", args=[audit.pk, 5]))
            .content.decode()
        )
    finally:
        unregister_evidence(5, provider)
    benchmark = load_framework().benchmark(5)
    assert benchmark.title in page
    for criterion in benchmark.criteria:
        assert f'name="state-{criterion.id}"' in page
    assert f"1 of {len(benchmark.criteria)} criteria answered in this section" in page
    assert "3 employer encounters at Felling Primary School" in page
    assert 'hx-post="' + answer_url(audit, "5.1") in page
    assert "0 of 8 sections complete" in page


def test_autosave_saves_one_answer_and_reports_the_time(world, client_for, audit) -> None:  # type: ignore[no-untyped-def]
    response = client_for("lead").post(
        answer_url(audit, "2.1"),
        {"state-2.1": "fully_achieved", "note-2.1": "Parents' newsletter", "version-2.1": "0"},
        **HX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and response["X-Horizons-Status"] == "200"
    assert "Saved at" in body
    assert 'name="version-2.1" value="1"' in body
    assert 'id="section-progress"' in body and 'hx-swap-oob="true"' in body
    answer = AuditAnswer.objects.get(audit=audit, criterion_id="2.1")
    assert (answer.state, answer.evidence_note, answer.updated_by) == (
        "fully_achieved",
        "Parents' newsletter",
        world.lead,
    )


def test_autosave_conflict_shows_the_newer_answer_and_keeps_it(world, client_for, audit) -> None:  # type: ignore[no-untyped-def]
    world.lead.first_name, world.lead.last_name = "Laura", "Bell"
    world.lead.save()
    services.audit_answer_save(
        audit=audit,
        by=world.lead,
        criterion_id="2.1",
        state="fully_achieved",
        evidence_note="Leaflet",
    )
    # A second tab still showing version 0 tries to save a different answer.
    response = client_for("lead").post(
        answer_url(audit, "2.1"), {"state-2.1": "not_started", "version-2.1": "0"}, **HX
    )
    body = response.content.decode()
    assert response["X-Horizons-Status"] == "409"
    assert response["HX-Retarget"] == "#criterion-2-1"
    assert response["HX-Reswap"] == "outerHTML"
    assert "Laura Bell changed criterion 2.1 at" in body
    assert 'value="fully_achieved" checked' in body
    assert 'name="version-2.1" value="1"' in body
    assert AuditAnswer.objects.get(audit=audit, criterion_id="2.1").state == "fully_achieved"


def test_autosave_refuses_unknown_criteria_and_submitted_audits(world, client_for, audit) -> None:  # type: ignore[no-untyped-def]
    client = client_for("lead")
    response = client.post(answer_url(audit, "9.9"), {"state-9.9": "in_progress"}, **HX)
    assert response["X-Horizons-Status"] == "400"
    assert "There is no criterion &#x27;9.9&#x27;" in response.content.decode()
    assert not AuditAnswer.objects.filter(audit=audit).exists()
    done = submitted_audit(world.other_school, world.admin)
    response = client_for("admin").post(
        answer_url(done, "1.1"), {"state-1.1": "fully_achieved", "version-1.1": "1"}, **HX
    )
    assert response["X-Horizons-Status"] == "409"
    assert "can no longer be changed" in response.content.decode()
    assert AuditAnswer.objects.get(audit=done, criterion_id="1.1").state == "in_progress"


def test_teachers_and_facilitators_cannot_autosave(world, client_for, audit) -> None:  # type: ignore[no-untyped-def]
    for persona in ["teacher", "facilitator", "outsider"]:
        response = client_for(persona).post(
            answer_url(audit, "1.1"), {"state-1.1": "fully_achieved"}, **HX
        )
        assert response.status_code == 404
    assert not AuditAnswer.objects.exists()


def test_saving_a_section_without_script(world, client_for, audit) -> None:  # type: ignore[no-untyped-def]
    benchmark = load_framework().benchmark(1)
    data = {f"state-{c.id}": "in_progress" for c in benchmark.criteria}
    data["note-1.2"] = "Long-term plan"
    data["continue"] = "1"
    response = client_for("lead").post(
        reverse("benchmarks:audit_section", args=[audit.pk, 1]), data
    )
    assert response["Location"] == reverse("benchmarks:audit_section", args=[audit.pk, 2])
    assert audit.answers.count() == len(benchmark.criteria)
    assert audit.answers.get(criterion_id="1.2").evidence_note == "Long-term plan"


def test_a_section_save_reports_conflicts_and_keeps_what_was_typed(
    world, client_for, audit
) -> None:  # type: ignore[no-untyped-def]
    services.audit_answer_save(
        audit=audit, by=world.lead, criterion_id="1.1", state="fully_achieved"
    )
    data = {
        "state-1.1": "not_started",
        "version-1.1": "0",
        "note-1.1": "My view",
        "state-1.2": "in_progress",
        "version-1.2": "0",
        "note-1.3": "A note without an answer",
    }
    response = client_for("lead").post(
        reverse("benchmarks:audit_section", args=[audit.pk, 1]), data
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Some answers were not saved" in body
    assert "changed criterion 1.1" in body and "Save again to replace it" in body
    assert "Choose an answer for criterion 1.3 to save its note" in body
    assert "My view" in body  # what they typed is kept
    assert 'name="version-1.1" value="1"' in body  # saving again now replaces deliberately
    assert AuditAnswer.objects.get(audit=audit, criterion_id="1.1").state == "fully_achieved"
    assert AuditAnswer.objects.get(audit=audit, criterion_id="1.2").state == "in_progress"


def test_submitted_audits_are_read_only_pages(world, client_for) -> None:  # type: ignore[no-untyped-def]
    done = submitted_audit(world.school, world.lead)
    page = (
        client_for("lead")
        .get(reverse("benchmarks:audit_section", args=[done.pk, 1]))
        .content.decode()
    )
    assert "This audit is read only" in page
    assert "hx-post" not in page and 'type="radio"' not in page
    response = client_for("lead").post(
        reverse("benchmarks:audit_section", args=[done.pk, 1]), {"state-1.1": "fully_achieved"}
    )
    assert response.status_code == 302
    assert AuditAnswer.objects.get(audit=done, criterion_id="1.1").state == "in_progress"


def test_submit_page_lists_what_is_left_then_submits(world, client_for, audit) -> None:  # type: ignore[no-untyped-def]
    client = client_for("lead")
    response = client.post(reverse("benchmarks:audit_submit", args=[audit.pk]))
    assert response.status_code == 400
    assert "Answer every criterion before submitting" in response.content.decode()
    answer_all(audit, world.lead)
    response = client.post(reverse("benchmarks:audit_submit", args=[audit.pk]))
    assert response["Location"] == reverse("benchmarks:audit_results", args=[audit.pk])
    audit.refresh_from_db()
    assert audit.is_submitted


def test_audit_overview_shows_sections_complete(world, client_for, audit) -> None:  # type: ignore[no-untyped-def]
    for criterion in load_framework().benchmark(4).criteria:
        services.audit_answer_save(
            audit=audit, by=world.lead, criterion_id=criterion.id, state="not_started"
        )
    page = (
        client_for("teacher")
        .get(reverse("benchmarks:audit_detail", args=[audit.pk]))
        .content.decode()
    )
    assert "1 of 8 sections complete" in page
    assert "Check and submit" not in page  # teachers view only
    page = (
        client_for("lead").get(reverse("benchmarks:audit_detail", args=[audit.pk])).content.decode()
    )
    assert "Check and submit" in page
