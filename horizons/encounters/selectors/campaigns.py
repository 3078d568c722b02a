"""Reads for campaigns and schools' requests."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.encounters.models import (
    Campaign,
    SchoolRequest,
)


def campaigns_visible_to(user: AnyUser) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.select_related("hub")
    if permissions.is_platform_admin(user):
        return campaigns.all()
    published = ~Q(status=Campaign.Status.DRAFT)
    return campaigns.filter(
        Q(hub_id__in=permissions.facilitated_hub_ids(user))
        | (Q(hub_id__in=permissions.staff_hub_ids(user)) & published)
        | (Q(hub_id__in=permissions.employer_hub_ids(user)) & published)
    )


def campaigns_managed_by(user: AnyUser) -> QuerySet[Campaign]:
    if permissions.is_platform_admin(user):
        return Campaign.objects.select_related("hub")
    return Campaign.objects.select_related("hub").filter(
        hub_id__in=permissions.facilitated_hub_ids(user)
    )


def campaign_for(user: AnyUser, pk: int) -> Campaign:
    return permissions.get_or_404(campaigns_visible_to(user), pk=pk)


def campaign_for_managing(user: AnyUser, pk: int) -> Campaign:
    return permissions.get_or_404(campaigns_managed_by(user), pk=pk)


def campaign_list(*, user: AnyUser) -> QuerySet[Campaign]:
    return (
        campaigns_visible_to(user)
        .annotate(
            request_count=Count("requests", distinct=True),
            event_count=Count("events", distinct=True),
        )
        .order_by("-starts_on")
    )


def campaign_requests(campaign: Campaign) -> QuerySet[SchoolRequest]:
    return (
        campaign.requests.select_related("school", "submitted_by")
        .prefetch_related("classes")
        .order_by("school__name")
    )
