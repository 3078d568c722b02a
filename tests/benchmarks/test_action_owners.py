"""Owners are staff members of the school; teachers see and update the actions they own."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from horizons.benchmarks import services
from horizons.benchmarks.models import Action, ActionUpdate
from horizons.benchmarks.scoring import State
from tests.benchmarks.factories import submitted_audit

pytestmark = pytest.mark.django_db


def _plan(world):  # type: ignore[no-untyped-def]
    audit = submitted_audit(world.school, world.lead, State.IN_PROGRESS)
    teachers, leaders = list(audit.actions.filter(owner_user__isnull=True).order_by("pk")[:2])
    services.action_update(action=teachers, by=world.lead, data={"owner_user": world.teacher})
    services.action_update(action=leaders, by=world.lead, data={"owner_user": world.lead})
    return audit, Action.objects.get(pk=teachers.pk), Action.objects.get(pk=leaders.pk)


def test_the_careers_leader_chooses_the_owner_from_the_school_staff(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit, teachers, leaders = _plan(world)
    client = client_for("lead")
    page = client.get(reverse("benchmarks:action_edit", args=[leaders.pk]))
    choices = {str(u.pk) for u in page.context["form"].fields["owner_user"].queryset}
    assert choices == {str(world.lead.pk), str(world.teacher.pk)}
    response = client.post(
        reverse("benchmarks:action_edit", args=[leaders.pk]),
        {
            "benchmark": leaders.benchmark,
            "criterion_id": leaders.criterion_id,
            "text": leaders.text,
            "owner_user": world.teacher.pk,
            "achieve_by": "",
            "status": "not_started",
            "evidence": "",
        },
    )
    assert response.status_code == 302
    leaders.refresh_from_db()
    assert leaders.owner_user == world.teacher
    assert leaders.updates.filter(summary__contains="Owner: teacher@example.org").exists()


def test_an_owner_from_another_school_is_refused_with_a_clear_message(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit, teachers, leaders = _plan(world)
    response = client_for("lead").post(
        reverse("benchmarks:action_edit", args=[leaders.pk]),
        {
            "benchmark": leaders.benchmark,
            "criterion_id": leaders.criterion_id,
            "text": "Typed but not saved",
            "owner_user": world.outsider.pk,  # careers leader of a school in another hub
            "status": "not_started",
        },
    )
    assert response.status_code == 400
    assert "Choose someone from Felling Primary School&#x27;s staff list." in response.text
    assert "Typed but not saved" in response.text  # the form keeps what was typed
    leaders.refresh_from_db()
    assert leaders.owner_user == world.lead and leaders.text != "Typed but not saved"
    with pytest.raises(services.BenchmarkError, match="not on the staff of Felling Primary"):
        services.action_update(action=leaders, by=world.lead, data={"owner_user": world.outsider})
    with pytest.raises(services.BenchmarkError, match="not on the staff"):
        services.action_create(
            audit=audit,
            by=world.lead,
            data={"text": "Visit", "benchmark": 5, "owner_user": world.facilitator},
        )


def test_a_teacher_updates_their_own_action(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit, teachers, leaders = _plan(world)
    client = client_for("teacher")
    response = client.post(
        reverse("benchmarks:action_progress", args=[teachers.pk]),
        {"status": "in_progress", "note": "Planned the Year 4 lesson."},
    )
    assert response.status_code == 302 and response["Location"] == reverse("benchmarks:my_actions")
    teachers.refresh_from_db()
    assert teachers.status == "in_progress"
    update = teachers.updates.get(kind=ActionUpdate.Kind.PROGRESS)
    assert update.by == world.teacher and update.note == "Planned the Year 4 lesson."
    assert "Not started → In progress" in update.summary


def test_a_teacher_cannot_update_someone_elses_action(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit, teachers, leaders = _plan(world)
    client = client_for("teacher")
    url = reverse("benchmarks:action_progress", args=[leaders.pk])
    assert client.post(url, {"status": "done", "note": "Not mine"}).status_code == 404
    assert client.post(reverse("benchmarks:action_edit", args=[teachers.pk]), {}).status_code == 404
    assert client.post(reverse("benchmarks:action_complete", args=[teachers.pk])).status_code == 404
    leaders.refresh_from_db()
    assert leaders.status == "not_started" and not leaders.updates.filter(kind="progress")
    with pytest.raises(services.BenchmarkError, match="owner or the school's careers leader"):
        services.action_progress(action=leaders, by=world.teacher, status="done")


def test_an_update_needs_a_change_or_a_note(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit, teachers, leaders = _plan(world)
    response = client_for("teacher").post(
        reverse("benchmarks:action_progress", args=[teachers.pk]),
        {"status": "not_started", "note": ""},
    )
    assert response.status_code == 400
    assert "Choose a new status or write a progress note." in response.text
    assert not teachers.updates.filter(kind="progress").exists()


def test_the_teacher_home_page_lists_my_actions(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit, teachers, leaders = _plan(world)
    client = client_for("teacher")
    home = client.get("/")
    titles = [s.title for s in home.context["steps"]]
    assert f"My action: {teachers.text[:90]}" in " ".join(titles)
    assert "All my actions (1)" in titles
    assert not any(leaders.text[:60] in t for t in titles)
    mine = client.get(reverse("benchmarks:my_actions"))
    assert [a.pk for a in mine.context["actions"]] == [teachers.pk]
    assert reverse("benchmarks:action_progress", args=[teachers.pk]) in mine.text
    # Once done, it leaves the list.
    services.action_progress(action=teachers, by=world.teacher, status="done")
    assert client.get(reverse("benchmarks:my_actions")).context["actions"] == []


def test_the_action_plan_shows_owners_and_legacy_text(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit, teachers, leaders = _plan(world)
    world.teacher.first_name, world.teacher.last_name = "Tom", "Robson"
    world.teacher.save()
    Action.objects.filter(pk=leaders.pk).update(owner_user=None, owner="Mrs Patel")
    page = client_for("teacher").get(reverse("benchmarks:action_plan", args=[audit.pk]))
    assert "Tom Robson" in page.text
    assert "Mrs Patel (not a Horizons user)" in page.text
    # The teacher gets an Update link for their own action only.
    assert 'Update<span class="govuk-visually-hidden"> your action' in page.text
    assert page.text.count("> your action: ") == 1
    # Others' actions show their history, read-only, with no form.
    history = client_for("teacher").get(reverse("benchmarks:action_progress", args=[leaders.pk]))
    assert history.status_code == 200 and "An action and its history" in history.text
    assert "<form" not in history.text.split("<main")[1]


def test_the_migration_matches_free_text_owners_to_staff(world) -> None:  # type: ignore[no-untyped-def]
    migration = importlib.import_module(
        "horizons.benchmarks.migrations.0002_action_owners_history_and_visit_follow_ups"
    )
    world.lead.first_name, world.lead.last_name = "Laura", "Bell"
    world.lead.save()
    audit = submitted_audit(world.school, world.lead, State.IN_PROGRESS)
    a, b, c, d = audit.actions.order_by("pk")[:4]
    texts = {
        a.pk: " laura  BELL ",
        b.pk: "Teacher@Example.org",
        c.pk: "Class teachers",
        # A real user, but not on this school's staff: kept as text.
        d.pk: "outsider@example.org",
    }
    for pk, text in texts.items():
        Action.objects.filter(pk=pk).update(owner=text, owner_user=None, owner_hint="")
    migration.match_owners(apps, None)
    found = {x.pk: x for x in Action.objects.filter(pk__in=[a.pk, b.pk, c.pk, d.pk])}
    assert (found[a.pk].owner_user, found[a.pk].owner) == (world.lead, "")
    assert (found[b.pk].owner_user, found[b.pk].owner) == (world.teacher, "")
    assert (found[c.pk].owner_user, found[c.pk].owner_hint, found[c.pk].owner) == (
        None,
        "Class teachers",
        "",
    )
    assert found[d.pk].owner_user is None and found[d.pk].owner == "outsider@example.org"
    assert found[d.pk].owner_label == "outsider@example.org (not a Horizons user)"


def test_a_careers_leader_gets_one_link_to_their_own_actions(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit, teachers, leaders = _plan(world)
    owned = audit.actions.filter(owner_user=world.lead).exclude(status="done").count()
    titles = [s.title for s in client_for("lead").get("/").context["steps"]]
    assert f"All my actions ({owned})" in titles
    assert not any(t.startswith("My action:") for t in titles)


def test_a_legacy_owner_is_kept_until_a_staff_member_is_chosen(world, client_for) -> None:  # type: ignore[no-untyped-def]
    audit, teachers, leaders = _plan(world)
    Action.objects.filter(pk=leaders.pk).update(owner_user=None, owner="Mrs Patel")
    client = client_for("lead")
    url = reverse("benchmarks:action_edit", args=[leaders.pk])
    assert "written as “Mrs Patel”, who is not a Horizons user" in client.get(url).text
    data = {
        "benchmark": leaders.benchmark,
        "criterion_id": leaders.criterion_id,
        "text": leaders.text,
        "status": "in_progress",
    }
    assert client.post(url, data).status_code == 302
    leaders.refresh_from_db()
    assert (leaders.owner_user, leaders.owner, leaders.status) == (None, "Mrs Patel", "in_progress")
    assert client.post(url, {**data, "owner_user": world.teacher.pk}).status_code == 302
    leaders.refresh_from_db()
    assert (leaders.owner_user, leaders.owner) == (world.teacher, "")
