"""Action plans across audits: unfinished actions carry forward with their history, done ones
are not suggested again, and the home page's overdue count opens the plan it counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from horizons.benchmarks import selectors, services
from horizons.benchmarks.models import Action, ActionUpdate
from horizons.benchmarks.scoring import State
from tests.benchmarks.factories import submitted_audit

pytestmark = pytest.mark.django_db


def _key(action: Action) -> tuple[str, str]:
    return action.criterion_id, action.text


def _two_audits(world):  # type: ignore[no-untyped-def]
    """An autumn plan with one action done, one in progress with a note and three overdue;
    then a spring audit with the same answers."""
    first = submitted_audit(world.school, world.lead, State.IN_PROGRESS, term="Autumn 2026")
    actions = list(first.actions.order_by("pk"))
    done, noted, *rest = actions
    services.action_complete(action=done, by=world.lead)
    services.action_progress(
        action=noted, by=world.lead, status="in_progress", note="Spoke to the governors."
    )
    late = [a.pk for a in rest[:3]]
    Action.objects.filter(pk__in=late).update(achieve_by=timezone.localdate() - timedelta(days=10))
    second = submitted_audit(world.school, world.lead, State.IN_PROGRESS, term="Spring 2027")
    return first, second, done, noted, late


def test_unfinished_actions_carry_forward_with_owner_date_status_and_history(world) -> None:  # type: ignore[no-untyped-def]
    first, second, done, noted, late = _two_audits(world)
    unfinished = list(first.actions.exclude(status="done").order_by("pk"))
    carried = {a.carried_from_id: a for a in second.actions.filter(carried_from__isnull=False)}
    assert set(carried) == {a.pk for a in unfinished}
    for old in unfinished:
        new = carried[old.pk]
        assert (new.text, new.criterion_id, new.owner_user_id, new.achieve_by, new.status) == (
            old.text,
            old.criterion_id,
            old.owner_user_id,
            old.achieve_by,
            old.status,
        )
    # The note written in the autumn plan is in the carried action's history, then the carry.
    history = selectors.action_history(carried[noted.pk])
    assert [h.kind for h in history] == [ActionUpdate.Kind.PROGRESS, ActionUpdate.Kind.CARRIED]
    assert history[0].note == "Spoke to the governors."
    assert "Carried forward from the Autumn 2026 plan" in history[1].summary
    assert [a.audit.term for a in selectors.action_chain(carried[noted.pk])] == [
        "Autumn 2026",
        "Spring 2027",
    ]


def test_done_and_carried_actions_are_not_suggested_again(world) -> None:  # type: ignore[no-untyped-def]
    first, second, done, noted, late = _two_audits(world)
    keys = [_key(a) for a in second.actions.all()]
    assert len(keys) == len(set(keys)), "an action appears twice in the new plan"
    assert _key(done) not in keys
    # Everything else suggested for the gaps is still there, once.
    assert len(keys) == first.actions.count() - 1


def test_a_carried_forward_action_is_changed_in_the_new_plan_only(world) -> None:  # type: ignore[no-untyped-def]
    first, second, done, noted, late = _two_audits(world)
    old = Action.objects.get(pk=noted.pk)
    assert old.is_carried_forward and not old.is_overdue()
    with pytest.raises(services.BenchmarkError, match="carried forward to the Spring 2027 plan"):
        services.action_progress(action=old, by=world.lead, status="done")
    with pytest.raises(services.BenchmarkError, match="Change it there"):
        services.action_complete(action=old, by=world.lead)
    assert Action.objects.get(pk=noted.pk).status == "in_progress"


def test_a_third_audit_carries_each_action_once(world) -> None:  # type: ignore[no-untyped-def]
    first, second, done, noted, late = _two_audits(world)
    third = submitted_audit(world.school, world.lead, State.IN_PROGRESS, term="Summer 2027")
    carried = third.actions.filter(carried_from__isnull=False)
    assert set(carried.values_list("carried_from__audit", flat=True)) == {second.pk}
    assert carried.count() == second.actions.exclude(status="done").count()
    chain = selectors.action_chain(third.actions.get(carried_from__carried_from=noted.pk))
    assert [a.audit.term for a in chain] == ["Autumn 2026", "Spring 2027", "Summer 2027"]


def test_the_home_page_overdue_count_opens_the_plan_it_counts(world, client_for) -> None:  # type: ignore[no-untyped-def]
    first, second, done, noted, late = _two_audits(world)
    client = client_for("lead")
    home = client.get("/")
    steps = [s for s in home.context["steps"] if s.title.endswith("overdue")]
    assert [s.title for s in steps] == ["3 actions overdue"]
    assert steps[0].url == reverse("benchmarks:action_plan", args=[second.pk])
    plan = client.get(steps[0].url)
    assert plan.context["overdue"] == 3
    # The old plan shows none overdue: they carried on in the new one, which it links to.
    old_plan = client.get(reverse("benchmarks:action_plan", args=[first.pk]))
    assert old_plan.context["overdue"] == 0
    assert "Carried forward" in old_plan.text and "Spring 2027 action plan" in old_plan.text
    progress = selectors.plan_progress(school=world.school)
    assert progress is not None and progress.audit == second and progress.overdue == 3


def test_the_careers_leader_owns_the_suggestions_meant_for_them(world) -> None:  # type: ignore[no-untyped-def]
    audit = submitted_audit(world.school, world.lead, State.IN_PROGRESS)
    mine = audit.actions.filter(owner_user=world.lead)
    assert mine.exists()
    others = audit.actions.filter(owner_user__isnull=True)
    assert others.exclude(owner_hint="").exists()
    assert not audit.actions.filter(owner_hint__iexact="careers leader").exists()
    assert not audit.actions.exclude(owner="").exists()
