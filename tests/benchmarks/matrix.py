"""Who may open each benchmarks page (see tests/permission_matrix.py).

Audits are made on demand through the services, in the same database as the request.
"""

from __future__ import annotations

from typing import Any

from horizons.benchmarks import services
from horizons.benchmarks.models import Action, AreaMeeting, Audit, Resource, VisitNote
from tests.benchmarks.factories import submitted_audit
from tests.permission_matrix import Row, everyone, only

STAFF_AND_HUB = only("admin", "facilitator", "lead", "teacher")


def draft(world: Any) -> Audit:
    existing = Audit.objects.filter(school=world.school, submitted_at__isnull=True).first()
    return existing or services.audit_start(school=world.school, by=world.lead, term="Autumn 2026")


def submitted(world: Any) -> Audit:
    existing = Audit.objects.filter(school=world.school, submitted_at__isnull=False).first()
    return existing or submitted_audit(world.school, world.lead)


def foreign_audit(world: Any) -> Audit:
    existing = Audit.objects.filter(school=world.foreign_school).first()
    return existing or services.audit_start(
        school=world.foreign_school, by=world.outsider, term="Autumn 2026"
    )


def action(world: Any) -> Action:
    return Action.objects.filter(audit=submitted(world)).order_by("pk").first()  # type: ignore[return-value]


def teachers_action(world: Any) -> Action:
    """An action the teacher owns (the careers leader owns the one above, or no one does)."""
    found = action(world)
    mine = Action.objects.filter(audit=found.audit, owner_user=world.teacher).first()
    if mine is not None:
        return mine
    last = Action.objects.filter(audit=found.audit).exclude(pk=found.pk).order_by("-pk").first()
    assert last is not None
    last.owner_user = world.teacher
    last.save(update_fields=["owner_user"])
    return last


def leaders_action(world: Any) -> Action:
    found = action(world)
    if found.owner_user_id != world.lead.pk:
        found.owner_user = world.lead
        found.save(update_fields=["owner_user"])
    return found


def visit_note(world: Any) -> VisitNote:
    return VisitNote.objects.get_or_create(
        school=world.school,
        notes="Met the careers leader.",
        defaults={
            "visited_on": "2026-10-01",
            "follow_up": "Send the toolkit",
            "follow_up_by": "2026-10-08",
        },
    )[0]


def meeting(world: Any) -> AreaMeeting:
    return AreaMeeting.objects.get_or_create(
        hub=world.hub, title="Autumn meeting", defaults={"date": "2026-10-01"}
    )[0]


def resource(world: Any) -> Resource:
    return Resource.objects.get_or_create(
        hub=world.hub, title="Toolkit", defaults={"url": "https://www.example.org/toolkit"}
    )[0]


ROWS = [
    # Staff land on their school's audits; facilitators and admins on the hub overview.
    Row(
        "benchmarks:benchmark_home",
        expect=only("admin", "facilitator", "lead", "teacher", "outsider", result="redirect"),
    ),
    Row("benchmarks:school_audits", args=lambda w: [w.school.urn], expect=STAFF_AND_HUB),
    Row(
        "benchmarks:school_audits",
        args=lambda w: [w.foreign_school.urn],
        expect=only("admin", "outsider"),
    ),
    Row("benchmarks:audit_start", args=lambda w: [w.school.urn], expect=only("admin", "lead")),
    Row("benchmarks:audit_start", args=lambda w: [w.other_school.urn], expect=only("admin")),
    Row("benchmarks:audit_detail", args=lambda w: [draft(w).pk], expect=STAFF_AND_HUB),
    Row(
        "benchmarks:audit_detail",
        args=lambda w: [foreign_audit(w).pk],
        expect=only("admin", "outsider"),
    ),
    Row("benchmarks:audit_section", args=lambda w: [draft(w).pk, 3], expect=STAFF_AND_HUB),
    Row("benchmarks:audit_section", args=lambda w: [draft(w).pk, 9], expect={}),
    # Autosave is POST only: those allowed to write get 405 for a GET, everyone else 404.
    Row(
        "benchmarks:audit_answer",
        args=lambda w: [draft(w).pk, "1.1"],
        expect=only("admin", "lead", result=405),
    ),
    Row("benchmarks:audit_submit", args=lambda w: [draft(w).pk], expect=only("admin", "lead")),
    Row("benchmarks:audit_results", args=lambda w: [submitted(w).pk], expect=STAFF_AND_HUB),
    Row(
        "benchmarks:audit_results",
        args=lambda w: [foreign_audit(w).pk],
        expect=only("admin", "outsider"),
    ),
    Row("benchmarks:action_plan", args=lambda w: [submitted(w).pk], expect=STAFF_AND_HUB),
    Row("benchmarks:action_add", args=lambda w: [submitted(w).pk], expect=only("admin", "lead")),
    Row("benchmarks:audit_pdf", args=lambda w: [submitted(w).pk], expect=STAFF_AND_HUB),
    Row("benchmarks:audit_xlsx", args=lambda w: [submitted(w).pk], expect=STAFF_AND_HUB),
    Row("benchmarks:action_edit", args=lambda w: [action(w).pk], expect=only("admin", "lead")),
    Row(
        "benchmarks:action_complete",
        args=lambda w: [action(w).pk],
        expect=only("admin", "lead", result=405),
    ),
    # An action's history is seen by all who see the plan; who may POST is tested on its own.
    Row("benchmarks:action_progress", args=lambda w: [teachers_action(w).pk], expect=STAFF_AND_HUB),
    Row("benchmarks:action_progress", args=lambda w: [leaders_action(w).pk], expect=STAFF_AND_HUB),
    Row("benchmarks:my_actions", expect=everyone()),
    Row(
        "benchmarks:follow_up_done",
        args=lambda w: [visit_note(w).pk],
        expect=only("admin", "facilitator", result=405),
    ),
    Row("benchmarks:hub_overview", expect=only("admin", "facilitator", "outsider")),
    Row(
        "benchmarks:school_oversight",
        args=lambda w: [w.school.urn],
        expect=only("admin", "facilitator"),
    ),
    Row(
        "benchmarks:school_oversight",
        args=lambda w: [w.foreign_school.urn],
        expect=only("admin", "outsider"),
    ),
    Row("benchmarks:meeting_list", expect=only("admin", "facilitator", "outsider")),
    Row("benchmarks:meeting_create", expect=only("admin", "facilitator", "outsider")),
    Row(
        "benchmarks:meeting_detail",
        args=lambda w: [meeting(w).pk],
        expect=only("admin", "facilitator"),
    ),
    Row(
        "benchmarks:meeting_edit",
        args=lambda w: [meeting(w).pk],
        expect=only("admin", "facilitator"),
    ),
    Row(
        "benchmarks:resource_list",
        expect=only("admin", "facilitator", "lead", "teacher", "outsider"),
    ),
    Row("benchmarks:resource_create", expect=only("admin", "facilitator", "outsider")),
    Row(
        "benchmarks:resource_edit",
        args=lambda w: [resource(w).pk],
        expect=only("admin", "facilitator"),
    ),
    Row(
        "benchmarks:resource_delete",
        args=lambda w: [resource(w).pk],
        expect=only("admin", "facilitator", result=405),
    ),
    # Link-only resources have no file to download: 404 for everyone.
    Row("benchmarks:resource_download", args=lambda w: [resource(w).pk], expect={}),
]
