"""The facilitator's whole picture of a school, and visit notes with follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from horizons.benchmarks import selectors, services
from horizons.benchmarks.models import VisitNote
from horizons.benchmarks.scoring import State
from tests.benchmarks.factories import submitted_audit
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db


def _note(world, **extra):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return services.visit_note_create(
        school=world.school,
        by=world.facilitator,
        visited_on=today - timedelta(days=20),
        notes="Met the careers leader.",
        **extra,
    )


def test_the_school_page_shows_plan_progress_audits_and_contacts(world, client_for) -> None:  # type: ignore[no-untyped-def]
    world.lead.first_name, world.lead.last_name = "Laura", "Bell"
    world.lead.save()
    submitted_audit(world.school, world.lead, State.NOT_STARTED, term="Autumn 2026")
    latest = submitted_audit(world.school, world.lead, State.IN_PROGRESS, term="Spring 2027")
    actions = list(latest.actions.order_by("pk"))
    services.action_complete(action=actions[0], by=world.lead)
    services.action_progress(action=actions[1], by=world.lead, status="in_progress")
    response = client_for("facilitator").get(
        reverse("benchmarks:school_oversight", args=[world.school.urn])
    )
    picture = response.context["picture"]
    assert picture.plan.audit == latest and picture.plan.total == len(actions)
    assert picture.plan.done == 1
    assert picture.plan.in_progress == latest.actions.filter(status="in_progress").count()
    assert picture.latest.term == "Spring 2027" and picture.previous.term == "Autumn 2026"
    assert (
        f"{latest.overall_percentage}%" in response.text
        and "0% in the previous one" in response.text
    )
    assert [(c.name, c.email, c.role) for c in picture.contacts] == [
        ("Laura Bell", "lead@example.org", "Careers leader"),
        ("teacher@example.org", "teacher@example.org", "Teacher"),
    ]
    assert "mailto:teacher@example.org" in response.text
    assert picture.encounters_attended == 0 and picture.bookings_live == 0


def test_programme_children_under_five_are_not_shown(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    add_pupils(cohort, 4)
    url = reverse("benchmarks:school_oversight", args=[world.school.urn])
    response = client_for("facilitator").get(url)
    assert response.context["picture"].cohorts == 1
    assert response.context["picture"].cohort_children is None
    assert "fewer than 5 children" in response.text
    add_pupils(cohort, 2)
    assert selectors.school_picture(school=world.school).cohort_children == 6


def test_a_visit_note_with_a_follow_up_is_saved(world, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("benchmarks:school_oversight", args=[world.school.urn])
    response = client_for("facilitator").post(
        url,
        {
            "visited_on": "01/12/2026",
            "notes": "Agreed a focus on benchmark 4.",
            "follow_up": "Send the maths cards",
            "follow_up_by": "11/12/2026",
        },
    )
    assert response.status_code == 302
    note = VisitNote.objects.get(school=world.school)
    assert (note.follow_up, note.follow_up_by) == ("Send the maths cards", date(2026, 12, 11))
    assert note.follow_up_done_at is None


@pytest.mark.parametrize(
    ("follow_up", "follow_up_by", "message"),
    [
        ("Send the cards", "20/11/2026", "The follow-up date must be on or after the visit"),
        ("", "11/12/2026", "Say what the follow-up is, or clear its date."),
        ("Send the cards", "31/02/2026", "Enter a valid date."),
    ],
)
def test_a_follow_up_with_bad_dates_is_refused_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    world, client_for, follow_up, follow_up_by, message
) -> None:
    response = client_for("facilitator").post(
        reverse("benchmarks:school_oversight", args=[world.school.urn]),
        {
            "visited_on": "01/12/2026",
            "notes": "Typed notes stay.",
            "follow_up": follow_up,
            "follow_up_by": follow_up_by,
        },
    )
    assert response.status_code == 400
    assert message in response.text
    assert "Typed notes stay." in response.text
    assert not VisitNote.objects.exists()


def test_the_service_refuses_a_follow_up_before_the_visit(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.BenchmarkError, match="is before the visit"):
        services.visit_note_create(
            school=world.school,
            by=world.facilitator,
            visited_on=date(2026, 12, 1),
            notes="Visit",
            follow_up="Call back",
            follow_up_by=date(2026, 11, 30),
        )
    assert not VisitNote.objects.exists()


def test_overdue_follow_ups_show_on_the_overview_and_home_until_done(world, client_for) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    late = _note(world, follow_up="Send the toolkit", follow_up_by=today - timedelta(days=2))
    _note(world, follow_up="Book the next visit", follow_up_by=today + timedelta(days=5))
    client = client_for("facilitator")
    overview = client.get(reverse("benchmarks:hub_overview"))
    assert [n.pk for n in overview.context["follow_ups"]] == [late.pk]
    assert "Send the toolkit" in overview.text and "Book the next visit" not in overview.text
    home = client.get("/")
    assert "1 visit follow-up overdue" in [s.title for s in home.context["steps"]]
    # Another hub's facilitator sees none of it and cannot mark it done.
    outsider = client_for("outsider")
    assert outsider.get(reverse("benchmarks:hub_overview")).context["follow_ups"] == []
    assert outsider.post(reverse("benchmarks:follow_up_done", args=[late.pk])).status_code == 404
    response = client.post(
        reverse("benchmarks:follow_up_done", args=[late.pk]), {"next": "overview"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "benchmarks:hub_overview"
    )
    late.refresh_from_db()
    assert late.follow_up_done_at is not None
    assert client.get(reverse("benchmarks:hub_overview")).context["follow_ups"] == []
    assert "visit follow-up" not in " ".join(s.title for s in client.get("/").context["steps"])


def test_a_note_without_a_follow_up_cannot_be_marked_done(world, client_for) -> None:  # type: ignore[no-untyped-def]
    note = _note(world)
    response = client_for("facilitator").post(
        reverse("benchmarks:follow_up_done", args=[note.pk]), follow=True
    )
    assert "This visit note has no follow-up to mark as done." in response.text
    note.refresh_from_db()
    assert note.follow_up_done_at is None
