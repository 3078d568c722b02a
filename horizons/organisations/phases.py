"""Which schools take children at 11, by their GIAS phase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from horizons.organisations.models import School

# GIAS phases of schools that receive children into Year 7.
RECEIVING_PHASES = ("secondary", "all-through", "middle deemed secondary")


def receiving_q() -> Q:
    query = Q()
    for phase in RECEIVING_PHASES:
        query |= Q(phase__iexact=phase)
    return query


def is_receiving_phase(phase: str) -> bool:
    return phase.strip().casefold() in RECEIVING_PHASES


def receiving_schools_around(
    hub_id: int | None, la_names: frozenset[str] = frozenset()
) -> QuerySet[School]:
    """Secondary schools in the hub, or in any local authority the hub's schools (or the
    given ones) are in: the usual destinations of the hub's children."""
    from horizons.organisations.models import School

    areas = {name for name in la_names if name}
    near = Q(pk__in=[])
    if hub_id:
        near |= Q(hub_id=hub_id)
        areas |= set(
            School.objects.filter(hub_id=hub_id)
            .exclude(la_name="")
            .values_list("la_name", flat=True)
            .distinct()
        )
    if areas:
        near |= Q(la_name__in=sorted(areas))
    return School.objects.filter(receiving_q()).filter(near).order_by("name")
