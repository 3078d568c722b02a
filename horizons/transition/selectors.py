"""Reads for transition: receiving schools, a primary's Year 6 groups, a child's facts, and
what a secondary school may see."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.core import academic_year
from horizons.core.sectors import LIKES, SKILLS
from horizons.encounters.models import Attendance, EventEmployer
from horizons.organisations.models import School
from horizons.organisations.phases import (
    is_receiving_phase,
    receiving_q,
    receiving_schools_around,
)
from horizons.programmes.models import AssessmentAnswer, Cohort, Pupil, SessionAttendance
from horizons.transition import record
from horizons.transition.models import Handover, TransferRecord


def is_receiving(school: School) -> bool:
    return is_receiving_phase(school.phase)


def receiving_schools_near(primary: School) -> QuerySet[School]:
    """The usual destinations: secondary schools in the primary's hub or its local authorities.
    Others are chosen by URN."""
    return receiving_schools_around(primary.hub_id, frozenset({primary.la_name}))


def year6_cohorts(user: AnyUser) -> QuerySet[Cohort]:
    """The Year 6 groups at schools this person leads, whose names are still kept."""
    cohorts = Cohort.objects.all()
    if not permissions.is_platform_admin(user):
        cohorts = cohorts.filter(school_id__in=permissions.led_school_ids(user))
    return (
        cohorts.filter(
            year_group=6,
            pseudonymised_at__isnull=True,
        )
        .select_related("school")
        .annotate(
            children=Count("pupils", distinct=True),
            with_destination=Count("pupils__destination", distinct=True),
        )
        .order_by("school__name", "-created_at")
    )


def cohort_for_transition(user: AnyUser, pk: int) -> Cohort:
    return permissions.get_or_404(year6_cohorts(user), pk=pk)


def cohort_pupils(cohort: Cohort) -> list[Pupil]:
    return list(
        cohort.pupils.select_related("consent", "destination__secondary").order_by(
            "class_name", "first_name", "last_initial"
        )
    )


def record_year(cohort: Cohort, today: date) -> int:
    """The academic year the group leaves primary school in."""
    return academic_year.start_year(cohort.finished_on or today)


def child_facts(pupil: Pupil, *, start_year: int, today: date) -> record.ChildFacts:
    """What the primary school holds about a child, for their record. A child whose parent has
    not given (or has withdrawn) consent to the programme has no answers or pictures used."""
    consent = getattr(pupil, "consent", None)
    answers_allowed = consent is not None and consent.allows_answers and not consent.withdrawn_at
    facts = record.ChildFacts(skill_names=SKILLS, like_names=LIKES)
    if answers_allowed:
        reflections = {r.kind: r.data for r in pupil.reflections.all()}
        facts.future_cloud = reflections.get("future_cloud")
        facts.who_am_i = reflections.get("who_am_i")
        facts.answers = [
            record.Answer(a.phase, a.item, a.value, a.text, a.job_title)
            for a in AssessmentAnswer.objects.filter(pupil=pupil)
        ]
        facts.sessions_attended = SessionAttendance.objects.filter(pupil=pupil).count()
        facts.sessions_held = pupil.cohort.sessions.filter(date__lte=today).count()
    first, last = academic_year.bounds(start_year)
    rows = list(
        Attendance.objects.filter(
            school_id=pupil.cohort.school_id,
            class_name=pupil.class_name,
            year_group=pupil.year_group,
            date__range=(first, last),
            pupils__gt=0,
        ).select_related("event")
    )
    names: dict[int, list[str]] = {}
    for event_id, name in EventEmployer.objects.filter(
        event_id__in={r.event_id for r in rows}
    ).values_list("event_id", "employer__name"):
        names.setdefault(event_id, []).append(name)
    facts.encounters = [
        record.Encounter(
            r.date.isoformat(), r.event.title, tuple(sorted(names.get(r.event_id, [])))
        )
        for r in rows
    ]
    return facts


def led_receiving_schools(user: AnyUser) -> QuerySet[School]:
    schools = School.objects.filter(receiving_q())
    if permissions.is_platform_admin(user):
        return schools
    return schools.filter(pk__in=permissions.led_school_ids(user))


def receiving_school_for(user: AnyUser, urn: int) -> School:
    return permissions.get_or_404(led_receiving_schools(user), urn=urn)


def handovers_to(secondary: School) -> QuerySet[Handover]:
    return (
        Handover.objects.filter(secondary=secondary)
        .select_related("primary")
        .annotate(children=Count("records"))
        .order_by("-start_year", "primary__name")
    )


def record_for(secondary: School, pk: int) -> TransferRecord:
    return permissions.get_or_404(
        TransferRecord.objects.filter(handover__secondary=secondary).select_related(
            "handover__primary"
        ),
        pk=pk,
    )


def handovers_from(primary: School) -> QuerySet[Handover]:
    return (
        Handover.objects.filter(primary=primary)
        .select_related("secondary")
        .annotate(children=Count("records"))
        .order_by("-start_year", "secondary__name")
    )
