"""Demo benchmarks data: two audit rounds for most schools, showing progress, with action plans.

Deterministic (fixed seed); dates are relative to the day the demo is seeded, so "this school
year" and "overdue" always mean something. The demo careers leader's school has two submitted
audits (last autumn and last summer) and none this term, so its home page says "Start your
autumn audit", with three overdue actions.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from horizons.benchmarks.action_plan import default_due_date, suggest_actions
from horizons.benchmarks.framework import Framework, load_framework
from horizons.benchmarks.models import (
    Action,
    AreaMeeting,
    Audit,
    AuditAnswer,
    AuditBenchmarkScore,
    Resource,
    SchoolAuditSummary,
    VisitNote,
)
from horizons.benchmarks.scoring import State, score
from horizons.benchmarks.terms import term_label

SEED = 2026
STATES = [State.NOT_STARTED, State.IN_PROGRESS, State.FULLY_ACHIEVED]
NEVER_AUDITED = 8  # the last few schools have not audited at all
ONE_AUDIT_ONLY = 10
LEAD_OVERDUE = 3


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(15, 30)))


def _first_states(framework: Framework, rng: random.Random, maturity: float) -> dict[str, State]:
    weights = ((1 - maturity) ** 2 + 0.05, 0.45, maturity**2 * 2.5 + 0.05)
    return {c.id: rng.choices(STATES, weights)[0] for c in framework.criteria}


def _improved(states: dict[str, State], rng: random.Random, chance: float) -> dict[str, State]:
    result = {}
    for cid, state in states.items():
        if state is not State.FULLY_ACHIEVED and rng.random() < chance:
            state = STATES[STATES.index(state) + 1]
        result[cid] = state
    return result


def _stuck(states: dict[str, State], rng: random.Random) -> dict[str, State]:
    """A school that slipped a little: one criterion falls back, nothing improves."""
    result = dict(states)
    candidates = [cid for cid, s in states.items() if s is not State.NOT_STARTED]
    if candidates:
        cid = rng.choice(candidates)
        result[cid] = STATES[STATES.index(result[cid]) - 1]
    return result


def seed(region: Any) -> None:
    framework = load_framework()
    rng = random.Random(SEED)
    today = timezone.localdate()
    lead_user = region.users.get("lead")
    schools = list(region.schools)
    plans: list[tuple[Any, list[tuple[date, dict[str, State]]]]] = []
    for index, school in enumerate(schools):
        if index >= len(schools) - NEVER_AUDITED:
            continue
        maturity = 0.8 if index == 0 else rng.uniform(0.35, 0.95)
        first = _first_states(framework, rng, maturity)
        if index == 0:
            recent_day = today - timedelta(days=170)
            rounds = [(recent_day - timedelta(days=210), first)]
            rounds.append((recent_day, _improved(first, rng, 0.5)))
        elif index > len(schools) - NEVER_AUDITED - ONE_AUDIT_ONLY - 1:
            rounds = [(today - timedelta(days=rng.randint(10, 200)), first)]
        else:
            recent_day = today - timedelta(
                days=rng.randint(7, 70) if rng.random() < 0.65 else rng.randint(150, 230)
            )
            earlier = recent_day - timedelta(days=rng.randint(180, 380))
            later = _stuck(first, rng) if index % 9 == 4 else _improved(first, rng, 0.4)
            rounds = [(earlier, first), (recent_day, later)]
        plans.append((school, rounds))

    audits: list[Audit] = []
    states_of: list[dict[str, State]] = []
    for school, rounds in plans:
        for day, states in rounds:
            result = score(framework, states)
            by = lead_user if school.pk == region.lead_school.pk else None
            audits.append(
                Audit(
                    school=school,
                    framework_version=framework.version,
                    term=term_label(day),
                    started_by=by,
                    started_at=_moment(day - timedelta(days=3)),
                    updated_at=_moment(day),
                    submitted_at=_moment(day),
                    submitted_by=by,
                    fully_achieved_count=result.fully_achieved_count,
                    overall_percentage=result.overall_percentage,
                )
            )
            states_of.append(states)
    Audit.objects.bulk_create(audits)

    answers: list[AuditAnswer] = []
    scores: list[AuditBenchmarkScore] = []
    for audit, states in zip(audits, states_of, strict=True):
        for criterion in framework.criteria:
            state = states[criterion.id]
            note = ""
            if state is State.FULLY_ACHIEVED and rng.random() < 0.5:
                note = f"See: {criterion.evidence[0].lower()}."
            elif state is State.IN_PROGRESS and rng.random() < 0.3:
                note = "Started this term; review at the next staff meeting."
            answers.append(
                AuditAnswer(
                    audit=audit,
                    criterion_id=criterion.id,
                    state=state.value,
                    evidence_note=note,
                    updated_by=audit.started_by,
                    updated_at=audit.updated_at,
                )
            )
        for number, benchmark in score(framework, states).benchmarks.items():
            scores.append(
                AuditBenchmarkScore(
                    audit=audit,
                    benchmark=number,
                    percentage=benchmark.percentage,
                    fully_achieved=benchmark.fully_achieved,
                )
            )
    AuditAnswer.objects.bulk_create(answers, batch_size=2000)
    AuditBenchmarkScore.objects.bulk_create(scores, batch_size=2000)

    by_school: dict[int, list[tuple[Audit, dict[str, State]]]] = {}
    for audit, states in zip(audits, states_of, strict=True):
        by_school.setdefault(audit.school_id, []).append((audit, states))
    summaries = []
    actions: list[Action] = []
    for school_id, pairs in by_school.items():
        pairs.sort(key=lambda pair: pair[0].started_at)
        first_audit, latest_audit = pairs[0][0], pairs[-1][0]
        assert latest_audit.submitted_at is not None
        previous_audit = pairs[-2][0] if len(pairs) > 1 else None
        summary = SchoolAuditSummary(
            school_id=school_id,
            first_audit=first_audit,
            previous_audit=previous_audit,
            latest_audit=latest_audit,
            latest_submitted_at=latest_audit.submitted_at,
            audit_count=len(pairs),
            change_since_first=(latest_audit.overall_percentage or 0)
            - (first_audit.overall_percentage or 0),
            change_since_previous=None
            if previous_audit is None
            else (latest_audit.overall_percentage or 0) - (previous_audit.overall_percentage or 0),
            latest_fully_achieved=latest_audit.fully_achieved_count or 0,
        )
        summary.set_latest_percentages(
            {n: b.percentage for n, b in score(framework, pairs[-1][1]).benchmarks.items()}
        )
        summaries.append(summary)
        actions.extend(_plan(framework, latest_audit, pairs[-1][1], rng, today, region))
    SchoolAuditSummary.objects.bulk_create(summaries)
    Action.objects.bulk_create(actions, batch_size=2000)
    _hub_records(region, rng, today)


def _plan(
    framework: Framework,
    audit: Audit,
    states: dict[str, State],
    rng: random.Random,
    today: date,
    region: Any,
) -> list[Action]:
    submitted = timezone.localtime(audit.submitted_at).date() if audit.submitted_at else today
    is_lead = audit.school_id == region.lead_school.pk
    actions = []
    overdue_left = LEAD_OVERDUE
    # At the demo school, the careers leader and the teacher own the actions meant for them.
    owners = (
        {
            "careers leader": region.users.get("lead"),
            "class teachers": region.users.get("teacher"),
        }
        if is_lead
        else {}
    )
    for suggestion in suggest_actions(framework, states):
        due = default_due_date(submitted, suggestion.priority)
        if is_lead:
            # The demo careers leader has done most of their plan, with three still overdue.
            if due < today and overdue_left > 0:
                status = (
                    Action.Status.IN_PROGRESS if overdue_left == 2 else Action.Status.NOT_STARTED
                )
                overdue_left -= 1
            else:
                status = Action.Status.DONE if due < today else Action.Status.IN_PROGRESS
        else:
            elapsed = (today - submitted).days
            chance_done = min(0.85, elapsed / 240)
            roll = rng.random()
            status = (
                Action.Status.DONE
                if roll < chance_done
                else Action.Status.IN_PROGRESS
                if roll < chance_done + 0.25
                else Action.Status.NOT_STARTED
            )
        done = status == Action.Status.DONE
        actions.append(
            Action(
                school_id=audit.school_id,
                audit=audit,
                criterion_id=suggestion.criterion_id,
                benchmark=suggestion.benchmark,
                text=suggestion.text,
                owner_user=owners.get((suggestion.owner_hint or "").casefold()),
                owner_hint=""
                if (suggestion.owner_hint or "").casefold() in owners
                else (suggestion.owner_hint or "")[:60],
                achieve_by=due,
                status=status,
                evidence="Recorded in the careers file." if done and rng.random() < 0.4 else "",
                completed_at=_moment(min(due, today)) if done else None,
            )
        )
    teacher = owners.get("class teachers")
    unfinished = [a for a in actions if a.status != Action.Status.DONE]
    if teacher is not None and unfinished and all(a.owner_user != teacher for a in unfinished):
        # So that the demo teacher has something under My actions.
        unfinished[-1].owner_user = teacher
        unfinished[-1].owner_hint = ""
    return actions


FOLLOW_UPS = [
    "Send the maths in the workplace cards",
    "Book a place at the next area meeting",
    "Introduce the careers leader to the STEM hub",
]

MEETINGS = [
    (
        "Autumn area meeting: careers in the curriculum",
        -40,
        "St Mary's Primary, Gateshead",
        "Schools shared lesson plans linking maths to jobs. Two schools showed an electric car "
        "build with the STEM hub. Toolkit for 'people who help us' circulated.",
    ),
    (
        "Summer area meeting: employer encounters",
        -160,
        "Civic Centre, Sunderland",
        "Planning for the spring aspirations week; museum curators offered Roman fort sessions. "
        "Primary and secondary careers leaders paired up for transition activities.",
    ),
    ("Spring area meeting: challenging stereotypes", 45, "Online", ""),
]

RESOURCES = [
    (
        "People who help us: a Key Stage 1 careers toolkit",
        [1, 3],
        ["pshe"],
        ["reception", "year1", "year2"],
    ),
    ("Maths in the workplace: problem cards", [4], ["maths"], ["year4", "year5", "year6"]),
    (
        "Inviting a volunteer: a checklist for teachers",
        [5],
        ["pshe"],
        ["year3", "year4", "year5", "year6"],
    ),
    ("Planning a rotation careers fair", [5, 6], [], ["year5", "year6"]),
    ("Talking to parents about jobs and aspirations", [2], ["pshe"], []),
    (
        "Drawing the future: challenging stereotypes activity",
        [3],
        ["art", "pshe"],
        ["year2", "year3"],
    ),
    ("Visiting a secondary school: transition day plan", [7], [], ["year6"]),
    ("My future cloud: a reflection activity", [8], ["english", "pshe"], ["year5", "year6"]),
    ("Science careers: meet a scientist video series", [4, 5], ["science"], ["year3", "year4"]),
    ("Governor briefing: the primary benchmarks", [1], [], []),
]


def _hub_records(region: Any, rng: random.Random, today: date) -> None:
    facilitator = region.users.get("facilitator")
    schools = list(region.schools)
    notes: list[VisitNote] = []
    for school in rng.sample(schools, 24):
        for visit in range(rng.choice([1, 1, 2])):
            notes.append(
                VisitNote(
                    school=school,
                    author=facilitator,
                    visited_on=today - timedelta(days=rng.randint(5, 300) + 30 * visit),
                    follow_up=FOLLOW_UPS[len(notes) % len(FOLLOW_UPS)] if visit == 0 else "",
                    # Every other first visit's follow-up is three days overdue.
                    follow_up_by=today + timedelta(days=17 if len(notes) % 2 else -3)
                    if visit == 0
                    else None,
                    notes=rng.choice(
                        [
                            "Met the careers leader and headteacher. Agreed to focus on benchmark 4 "
                            "next term; offered the maths in the workplace cards.",
                            "Phone call: audit postponed because of an inspection. Will restart in "
                            "the new term.",
                            "Visited a Year 5 'what's my line?' session with three volunteers. "
                            "Children asked good questions about routes into nursing.",
                            "Governor meeting: presented the audit results; careers added to the "
                            "school development plan.",
                        ]
                    ),
                )
            )
    VisitNote.objects.bulk_create(notes)
    for title, offset, location, text in MEETINGS:
        meeting = AreaMeeting.objects.create(
            hub=region.hub,
            title=title,
            date=today + timedelta(days=offset),
            location=location,
            notes=text,
            created_by=facilitator,
        )
        meeting.schools.set(rng.sample(schools, rng.randint(12, 26)))
    Resource.objects.bulk_create(
        Resource(
            hub=region.hub,
            title=title,
            description="Shared by schools in the hub at an area meeting.",
            url=f"https://www.example.org/resources/{index + 1}",
            benchmarks=benchmarks,
            subjects=subjects,
            year_groups=years,
            added_by=facilitator,
        )
        for index, (title, benchmarks, subjects, years) in enumerate(RESOURCES)
    )
