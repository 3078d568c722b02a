"""Reads for organisations, always scoped through accounts.permissions."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from horizons.accounts import permissions
from horizons.organisations.models import Employer, School, Volunteer


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
    if fsm_band == "low":
        schools = schools.filter(percentage_fsm__lt=15)
    elif fsm_band == "average":
        schools = schools.filter(percentage_fsm__gte=15, percentage_fsm__lt=30)
    elif fsm_band == "high":
        schools = schools.filter(percentage_fsm__gte=30)
    elif fsm_band == "unknown":
        schools = schools.filter(percentage_fsm__isnull=True)
    return schools.order_by("name")


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
