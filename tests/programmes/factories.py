"""Builders for programme tests: a cohort at a school, children with consent, answers."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from horizons.organisations.models import School
from horizons.programmes import pictures, services
from horizons.programmes.instrument import instrument
from horizons.programmes.models import AssessmentAnswer, Cohort, Consent, Pupil

NUMERIC_ITEMS = [i.code for i in instrument("aspirations-v1").items if i.is_numeric]


def make_cohort(
    school: School,
    name: str = "Year 5 2026",
    *,
    status: str = Cohort.Status.RUNNING,
    template: str = "aspirations-health-care",
    open_phase: str = Cohort.Phase.CLOSED,
    seed: int = 1,
    sign_in_open: bool = True,
    teachers: Sequence[Any] = (),
) -> Cohort:
    """A cohort; a running one has its children's sign-in open (as the teacher would)."""
    cohort = services.cohort_create(
        school=school,
        template_slug=template,
        name=name,
        year_group=5,
        classes=["5B"],
        status=status,
        rng=random.Random(seed),
    )
    if open_phase != Cohort.Phase.CLOSED:
        cohort.open_phase = open_phase
        cohort.save(update_fields=["open_phase"])
    if sign_in_open and status == Cohort.Status.RUNNING:
        services.sign_in_window_open(cohort=cohort, by=None)
    if teachers:
        cohort.teachers.add(*teachers)
    return cohort


def add_pupils(
    cohort: Cohort,
    count: int,
    *,
    consent: str = "granted",
    applied: bool = True,
    gender: str = "",
    pupil_premium: bool | None = None,
    first_names: Sequence[str] | None = None,
    seed: int = 3,
) -> list[Pupil]:
    taken = set(cohort.pupils.values_list("picture", "picture_number"))
    codes = pictures.assign_picture_codes(count, taken, random.Random(seed + len(taken)))
    start = cohort.pupils.count()
    created = []
    for index, code in enumerate(codes):
        name = first_names[index] if first_names else f"Child{start + index}"
        pupil = Pupil.objects.create(
            cohort=cohort,
            first_name=name,
            last_initial="T",
            year_group=5,
            class_name="5B",
            gender=gender,
            pupil_premium=pupil_premium,
            picture=code.picture,
            picture_number=code.number,
            reference=f"R{start + index:03d}",
        )
        Consent.objects.create(
            pupil=pupil,
            applied_at=timezone.now() if applied else None,
            parent_consent=consent,
            method="" if consent == "pending" else "paper",
        )
        created.append(pupil)
    return created


def answer_all(
    pupils: Sequence[Pupil],
    *,
    pre: int = 2,
    post: int | None = 3,
    items: Sequence[str] = NUMERIC_ITEMS,
    job_pre: str | None = None,
    job_post: str | None = None,
) -> None:
    rows: list[AssessmentAnswer] = []
    for pupil in pupils:
        for item in items:
            low = 0 if item == "jobs_known" else 1
            rows.append(AssessmentAnswer(pupil=pupil, phase="pre", item=item, value=max(low, pre)))
            if post is not None:
                rows.append(
                    AssessmentAnswer(pupil=pupil, phase="post", item=item, value=max(low, post))
                )
    AssessmentAnswer.objects.bulk_create(rows)
    for pupil in pupils:
        if job_pre:
            services.answer_save(pupil=pupil, phase="pre", item="job_wanted", value=job_pre)
        if job_post:
            services.answer_save(pupil=pupil, phase="post", item="job_wanted", value=job_post)


def set_dates(cohort: Cohort, day: date) -> None:
    cohort.sessions.update(date=day)


def matrix_cohort(world: Any) -> Cohort:
    """One cohort with one child at the world's school, reused by every matrix row."""
    cohort = Cohort.objects.filter(school=world.school, name="Matrix group").first()
    if cohort is None:
        cohort = make_cohort(world.school, "Matrix group")
        add_pupils(cohort, 1)
        set_dates(cohort, date(2026, 7, 10))
    return cohort


def matrix_pupil(world: Any) -> Pupil:
    return matrix_cohort(world).pupils.first()  # type: ignore[return-value]
