"""Builders for transition tests: a secondary school, a Year 6 group with children."""

from __future__ import annotations

from typing import Any

from horizons.organisations.models import School
from horizons.programmes.models import Cohort, Pupil
from tests.programmes.factories import add_pupils, make_cohort


def secondary(urn: int = 137001, name: str = "Heworth Grange School", **extra: Any) -> School:
    fields = {
        "urn": urn,
        "name": name,
        "la_name": "Gateshead",
        "phase": "Secondary",
        "status": "Open",
        "postcode": "NE10 8XX",
    }
    fields.update(extra)
    school, _ = School.objects.get_or_create(urn=urn, defaults=fields)
    return school


def year6(school: School, children: int = 6, name: str = "Year 6 2026", **kw: Any) -> Cohort:
    cohort = make_cohort(school, name, **kw)
    Cohort.objects.filter(pk=cohort.pk).update(year_group=6, classes=["6B"])
    cohort.refresh_from_db()
    pupils = add_pupils(cohort, children, first_names=[f"Kid{i}" for i in range(children)])
    Pupil.objects.filter(pk__in=[p.pk for p in pupils]).update(year_group=6, class_name="6B")
    return cohort


def matrix_year6(world: Any) -> Cohort:
    existing = Cohort.objects.filter(school=world.school, year_group=6).first()
    return existing or year6(world.school, children=2, name="Year 6 matrix")
