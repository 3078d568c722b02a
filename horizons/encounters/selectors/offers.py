"""Reads for employers' offers and the jobs they show children."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.careers.profiles import JobProfile, profiles_by_slug
from horizons.encounters.models import (
    Offer,
)


def offers_visible_to(user: AnyUser) -> QuerySet[Offer]:
    """Employers see their own offers and the published offers of their hub; facilitators all
    their hub's; school staff the published offers of their hub's employers."""
    offers = Offer.objects.select_related("employer")
    if permissions.is_platform_admin(user):
        return offers.all()
    return offers.filter(
        Q(employer_id__in=permissions.employer_ids_for(user))
        | Q(employer__hub_id__in=permissions.facilitated_hub_ids(user))
        | Q(
            employer__hub_id__in=[
                *permissions.staff_hub_ids(user),
                *permissions.employer_hub_ids(user),
            ],
            is_published=True,
        )
    )


def offers_editable_by(user: AnyUser) -> QuerySet[Offer]:
    """Coordinators edit their employer's offers; a volunteer edits the offers they created."""
    if permissions.is_platform_admin(user):
        return Offer.objects.all()
    return Offer.objects.filter(
        Q(employer_id__in=permissions.coordinated_employer_ids(user))
        | Q(employer_id__in=permissions.employer_ids_for(user), created_by_id=user.pk)
    )


def offer_for(user: AnyUser, pk: int) -> Offer:
    return permissions.get_or_404(offers_visible_to(user).prefetch_related("volunteers"), pk=pk)


def offer_for_editing(user: AnyUser, pk: int) -> Offer:
    return permissions.get_or_404(offers_editable_by(user).select_related("employer"), pk=pk)


def jobs_for(slugs: Iterable[str]) -> list[JobProfile]:
    """Job profiles children will meet, in the order given, unknown slugs skipped."""
    library = profiles_by_slug()
    seen: dict[str, JobProfile] = {}
    for slug in slugs:
        if slug and slug in library and slug not in seen:
            seen[slug] = library[slug]
    return list(seen.values())


def offer_jobs(offer: Offer) -> list[JobProfile]:
    return jobs_for(
        [*offer.job_profile_slugs, *(v.job_profile_slug for v in offer.volunteers.all())]
    )
