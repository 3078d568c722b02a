"""Demo programmes: two finished groups with believable answers and one in progress.

Answers improve on most questions after the programme, most of all on "who can do this job"
(the stereotype questions), as evaluations of such projects report. Deterministic: fixed seeds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from horizons.organisations.models import School, Volunteer
from horizons.programmes import activities, pictures, services
from horizons.programmes.instrument import instrument
from horizons.programmes.models import (
    AssessmentAnswer,
    Cohort,
    CohortSession,
    Consent,
    ConsentEvent,
    Pupil,
    Reflection,
    SessionAttendance,
)
from horizons.programmes.templates_data import get_template

GIRLS = [
    "Amira",
    "Ava",
    "Chloe",
    "Eliza",
    "Freya",
    "Grace",
    "Hana",
    "Isla",
    "Jasmine",
    "Lily",
    "Maisie",
    "Mia",
    "Nadia",
    "Olivia",
    "Poppy",
    "Ruby",
    "Sofia",
    "Zara",
    "Aisha",
    "Evie",
]
BOYS = [
    "Adam",
    "Alfie",
    "Ben",
    "Callum",
    "Daniel",
    "Ethan",
    "Finley",
    "George",
    "Harry",
    "Ibrahim",
    "Jack",
    "Kai",
    "Leo",
    "Mohammed",
    "Noah",
    "Oscar",
    "Reuben",
    "Sam",
    "Theo",
    "Yusuf",
]
INITIALS = "ABCDEFGHJKLMNPRSTW"
JOBS_BEFORE = [
    "footballer",
    "teacher",
    "vet",
    "youtuber",
    "doctor",
    "police officer",
    "hairdresser",
    "not sure yet",
    "gamer",
    "dancer",
    "footballer",
    "vet",
    "builder",
    "singer",
    "teacher",
]
JOBS_AFTER = {
    "aspirations-health-care": [
        "nurse",
        "doctor",
        "midwife",
        "paramedic",
        "nurse",
        "doctor",
        "vet",
        "footballer",
        "teacher",
        "midwife",
        "physiotherapist",
        "nurse",
        "paramedic",
        "police officer",
    ],
    "aspirations-stem": [
        "engineer",
        "scientist",
        "robotics engineer",
        "engineer",
        "electrician",
        "footballer",
        "vet",
        "scientist",
        "engineer",
        "teacher",
        "game designer",
        "doctor",
        "pilot",
    ],
}


@dataclass(frozen=True)
class Plan:
    school: School
    template: str
    name: str
    year: int
    classes: tuple[str, ...]
    children: int
    refused: int
    pending: int
    not_applied: int
    start: date
    held_steps: int  # steps 0..held_steps-1 have happened
    finished: bool
    pre_missing: int = 0  # children who have not answered the first questions yet


def seed(region: Any) -> None:
    rng = random.Random(2025)
    today = timezone.localdate()
    other = next(
        (s for s in region.schools[1:] if s.percentage_fsm and float(s.percentage_fsm) >= 30),
        region.schools[1],
    )
    plans = [
        Plan(
            region.lead_school,
            "aspirations-health-care",
            "Year 5 health and care 2024/25",
            5,
            ("5B", "5R"),
            30,
            2,
            1,
            2,
            today - timedelta(weeks=30),
            8,
            True,
        ),
        Plan(
            other,
            "aspirations-stem",
            "Year 6 STEM 2024/25",
            6,
            ("6H", "6W"),
            31,
            1,
            1,
            2,
            today - timedelta(weeks=26),
            8,
            True,
        ),
        Plan(
            region.lead_school,
            "aspirations-health-care",
            "Year 6 health and care 2025/26",
            6,
            ("6B",),
            26,
            1,
            2,
            1,
            today - timedelta(weeks=3),
            4,
            False,
            pre_missing=2,
        ),
    ]
    teacher = region.users.get("teacher")
    for plan in plans:
        _seed_cohort(plan, region.volunteers, teacher, rng)


def _seed_cohort(plan: Plan, volunteers: list[Volunteer], by: Any, rng: random.Random) -> None:
    template = get_template(plan.template)
    cohort = services.cohort_create(
        school=plan.school,
        template_slug=plan.template,
        name=plan.name,
        year_group=plan.year,
        classes=plan.classes,
        by=by,
        dates={i: plan.start + timedelta(weeks=i) for i in range(len(template.steps))},
        status=Cohort.Status.FINISHED if plan.finished else Cohort.Status.RUNNING,
        rng=rng,
    )
    if not plan.finished:
        cohort.open_phase = Cohort.Phase.PRE
        cohort.save(update_fields=["open_phase"])
    sessions = list(cohort.sessions.order_by("step"))
    _assign_professionals(sessions, template, volunteers, plan, rng)

    pupils = _pupils(cohort, plan, rng)
    now = timezone.now()
    consents = []
    states = (
        ["not_applied"] * plan.not_applied + ["refused"] * plan.refused + ["pending"] * plan.pending
    )
    states += ["granted"] * (len(pupils) - len(states))
    rng.shuffle(states)
    for pupil, state in zip(pupils, states, strict=True):
        applied = state != "not_applied"
        parent = {"refused": "refused", "pending": "pending", "granted": "granted"}.get(
            state, "pending"
        )
        consents.append(
            Consent(
                pupil=pupil,
                applied_at=now if applied else None,
                parent_consent=parent,
                method="" if parent == "pending" else rng.choice(["paper", "paper", "link"]),
                recorded_by=by if parent != "pending" else None,
                recorded_at=now if parent != "pending" else None,
            )
        )
        pupil.demo_state = state  # type: ignore[attr-defined]
    Consent.objects.bulk_create(consents)
    ConsentEvent.objects.bulk_create(
        ConsentEvent(
            pupil_id=c.pupil_id,
            decision=c.parent_consent,
            applied=c.applied_at is not None,
            method=c.method,
            recorded_by=c.recorded_by if c.method != Consent.Method.LINK else None,
            at=now,
        )
        for c in consents
        if c.method
    )

    taking_part = [p for p in pupils if p.demo_state in ("granted", "pending")]  # type: ignore[attr-defined]
    for index, session in enumerate(sessions):
        session.held = index < plan.held_steps
        session.starts_at = time(13, 30) if index == len(sessions) - 1 else time(9, 15)
    CohortSession.objects.bulk_update(sessions, ["held", "starts_at"])
    SessionAttendance.objects.bulk_create(
        SessionAttendance(session=s, pupil=p)
        for s in sessions
        if s.held
        for p in taking_part
        if rng.random() < 0.93
    )
    met = [v.job_title.lower() for s in sessions for v in s.volunteers.all()]
    _answers(cohort, plan, taking_part, met, rng)
    _reflections(plan, taking_part, rng)
    # Nothing a child enters is kept before a parent says yes: drop what was drawn for the
    # children still waiting (drawn anyway, so the demo's other figures stay the same).
    waiting = [p for p in taking_part if p.demo_state == "pending"]  # type: ignore[attr-defined]
    AssessmentAnswer.objects.filter(pupil__in=waiting).delete()
    Reflection.objects.filter(pupil__in=waiting).delete()
    if not plan.finished:
        # The demo's running class can sign in all day (a teacher opens 20 minutes at a time).
        cohort.sign_in_open_until = timezone.now() + timedelta(hours=8)
        cohort.save(update_fields=["sign_in_open_until"])


def _assign_professionals(
    sessions: list[CohortSession],
    template: Any,
    volunteers: list[Volunteer],
    plan: Plan,
    rng: random.Random,
) -> None:
    sector = "health-and-care" if "health" in plan.template else "engineering"
    local = [v for v in volunteers if sector in (v.sectors or [])] or volunteers
    demo_volunteer = volunteers[0]
    for session, step in zip(sessions, template.steps, strict=True):
        if not step.professionals_attend:
            continue
        chosen = [rng.choice(local)]
        if rng.random() < 0.5:
            chosen.append(rng.choice([v for v in local if v not in chosen] or local))
        # The demo volunteer visits the group in progress (once before, once to come), so
        # their pages have something on them.
        if not plan.finished and session.step in (2, 5):
            chosen = [demo_volunteer, *[v for v in chosen if v != demo_volunteer]]
        session.volunteers.set(chosen)


def _pupils(cohort: Cohort, plan: Plan, rng: random.Random) -> list[Pupil]:
    codes = pictures.assign_picture_codes(plan.children, rng=rng)
    girls, boys = list(GIRLS), list(BOYS)
    rng.shuffle(girls)
    rng.shuffle(boys)
    rows = []
    for index, code in enumerate(codes):
        is_girl = index % 2 == 0
        names = girls if is_girl else boys
        rows.append(
            Pupil(
                cohort=cohort,
                first_name=names[(index // 2) % len(names)],
                last_initial=INITIALS[(index * 7) % len(INITIALS)],
                year_group=plan.year,
                class_name=plan.classes[index % len(plan.classes)],
                pupil_premium=rng.random() < 0.38,
                send=rng.random() < 0.16,
                gender="girl" if is_girl else "boy",
                picture=code.picture,
                picture_number=code.number,
            )
        )
    Pupil.objects.bulk_create(rows)
    return list(cohort.pupils.order_by("pk"))


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _answers(
    cohort: Cohort, plan: Plan, pupils: list[Pupil], met: list[str], rng: random.Random
) -> None:
    assessment = instrument(cohort.instrument_version)
    answers: list[AssessmentAnswer] = []
    answered_pre = pupils[plan.pre_missing :] if plan.pre_missing else pupils
    after_jobs = JOBS_AFTER.get(plan.template, JOBS_BEFORE)
    for pupil in answered_pre:
        confidence = rng.gauss(0, 0.6)  # some children rate themselves higher throughout
        post_too = plan.finished and rng.random() > 0.05  # a few were absent at the end
        for item in assessment.items:
            pre: int | str
            post: int | str
            if item.kind == "text":
                pre = rng.choice(JOBS_BEFORE)
                # Many children come away wanting the job of someone they met.
                roll = rng.random()
                if met and roll < 0.4:
                    post = rng.choice(met)
                else:
                    post = rng.choice(after_jobs) if roll < 0.8 else pre
            elif item.kind == "stereotype":
                pre = 3 if rng.random() < 0.45 else rng.choice([1, 2])
                post = 3 if (pre == 3 and rng.random() < 0.95) or rng.random() < 0.75 else pre
            elif item.kind == "count":
                pre = _clamp(round(rng.gauss(6, 2.5)), 0, 30)
                post = _clamp(pre + round(rng.gauss(4, 2)), 0, 30)
            else:
                pre = _clamp(round(rng.gauss(2.3 + confidence, 0.7)), 1, 4)
                post = _clamp(pre + rng.choice([-1, 0, 0, 1, 1, 1, 1, 2]), 1, 4)
            answers.append(_answer(pupil, "pre", item.code, pre))
            if post_too:
                answers.append(_answer(pupil, "post", item.code, post))
    AssessmentAnswer.objects.bulk_create(answers, batch_size=1000)


def _answer(pupil: Pupil, phase: str, item: str, value: int | str) -> AssessmentAnswer:
    if isinstance(value, str):
        job = services.match_job(value)
        return AssessmentAnswer(
            pupil=pupil,
            phase=phase,
            item=item,
            text=job.text,
            job_slug=job.slug,
            job_title=job.title,
            job_category=job.category,
        )
    return AssessmentAnswer(pupil=pupil, phase=phase, item=item, value=value)


def _reflections(plan: Plan, pupils: list[Pupil], rng: random.Random) -> None:
    rows = []
    for pupil in pupils[plan.pre_missing :]:
        rows.append(
            Reflection(pupil=pupil, kind="who_am_i", data=_choices(activities.WHO_AM_I, rng))
        )
        if plan.finished:
            data = _choices(activities.FUTURE_CLOUD, rng)
            job = services.match_job(rng.choice(JOBS_AFTER.get(plan.template, JOBS_BEFORE)))
            data["job"] = {"text": job.text, "slug": job.slug, "title": job.title}
            rows.append(Reflection(pupil=pupil, kind="future_cloud", data=data))
    Reflection.objects.bulk_create(rows)


def _choices(activity: activities.Activity, rng: random.Random) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for question in activity.questions:
        if question.kind != "many":
            continue
        options = [o.code for o in question.options if o.code != "none"]
        data[question.key] = rng.sample(options, rng.randint(1, question.max_choices))
    return data
