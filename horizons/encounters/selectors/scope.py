"""Whose data a user may see: the hubs, employers and volunteer record behind a signed-in user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from horizons.accounts import permissions
from horizons.organisations.models import School, Volunteer


def _get_or_404(queryset: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return queryset.distinct().get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Not found") from exc


def staff_hub_ids(user: Any) -> list[int]:
    return list(
        School.objects.filter(pk__in=permissions.school_ids_for_staff(user))
        .exclude(hub__isnull=True)
        .values_list("hub_id", flat=True)
        .distinct()
    )


def employer_hub_ids(user: Any) -> list[int]:
    from horizons.organisations.models import Employer

    return list(
        Employer.objects.filter(pk__in=permissions.employer_ids_for(user))
        .exclude(hub__isnull=True)
        .values_list("hub_id", flat=True)
        .distinct()
    )


def own_volunteer(user: Any) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user).select_related("employer").first()


def can_manage_hub(user: Any, hub_id: int | None) -> bool:
    return permissions.is_platform_admin(user) or hub_id in permissions.facilitated_hub_ids(user)


def reach_hub_ids(user: Any) -> list[int] | None:
    """Hubs whose reach the user sees; None means all (platform admins)."""
    if permissions.is_platform_admin(user):
        return None
    ids = permissions.facilitated_hub_ids(user)
    if not ids:
        raise Http404("Not found")
    return ids
