"""Reads for organisations, always scoped through accounts.permissions."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from horizons.accounts import permissions
from horizons.organisations.models import (
    FSM_AVERAGE_FROM,
    FSM_HIGH_FROM,
    Employer,
    School,
    Volunteer,
)


def school_list(
    *, user: Any, query: str = "", la_name: str = "", fsm_band: str = ""
) -> QuerySet[School]:
    schools = permissions.schools_visible_to(user).select_related("hub")
    if query:
        schools = schools.filter(
            Q(name__icontains=query)
            | Q(postcode__istartswith=query)
            | Q(urn__startswith=query if query.isdigit() else "-")
        )
    if la_name:
        schools = schools.filter(la_name=la_name)
    return schools_in_fsm_band(schools, fsm_band).order_by("name")


def schools_in_fsm_band(schools: QuerySet[School], band: str) -> QuerySet[School]:
    """Narrow to one FSM band (see organisations.models.fsm_band); "" keeps every school."""
    if band == "low":
        return schools.filter(percentage_fsm__lt=FSM_AVERAGE_FROM)
    if band == "average":
        return schools.filter(
            percentage_fsm__gte=FSM_AVERAGE_FROM, percentage_fsm__lt=FSM_HIGH_FROM
        )
    if band == "high":
        return schools.filter(percentage_fsm__gte=FSM_HIGH_FROM)
    if band == "unknown":
        return schools.filter(percentage_fsm__isnull=True)
    return schools


def local_authorities_for(user: Any) -> list[str]:
    return list(
        permissions.schools_visible_to(user)
        .exclude(la_name="")
        .order_by("la_name")
        .values_list("la_name", flat=True)
        .distinct()
    )


def employer_list(*, user: Any) -> QuerySet[Employer]:
    return (
        permissions.employers_visible_to(user)
        .annotate(volunteer_count=Count("volunteers", distinct=True))
        .order_by("name")
    )


def volunteer_list(*, user: Any, employer: Employer | None = None) -> QuerySet[Volunteer]:
    volunteers = permissions.volunteers_visible_to(user).select_related("employer")
    if employer is not None:
        volunteers = volunteers.filter(employer=employer)
    return volunteers.order_by("last_name", "first_name")
