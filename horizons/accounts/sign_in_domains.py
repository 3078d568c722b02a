"""Which Google domains and Microsoft tenants may sign a given person in (reads only)."""

from django.db.models import Q

from horizons.accounts.models import Membership, SignInDomain, User


def _organisations_filter(user: User) -> Q:
    """Rows for the hubs and schools this person belongs to, and for the hubs of those schools."""
    hub_ids: set[int] = set()
    school_ids: set[int] = set()
    for hub_id, school_id, school_hub_id in Membership.objects.filter(user=user).values_list(
        "hub_id", "school_id", "school__hub_id"
    ):
        if hub_id:
            hub_ids.add(hub_id)
        if school_id:
            school_ids.add(school_id)
        if school_hub_id:
            hub_ids.add(school_hub_id)
    return Q(hub_id__in=hub_ids) | Q(school_id__in=school_ids)


def is_allowed(*, user: User, provider: str, claim: str) -> bool:
    """Whether `claim` (Google's hd domain or Microsoft's tid tenant) is switched on for one of
    this person's hubs or schools. Volunteers and employer staff never sign in this way."""
    claim = (claim or "").strip().lower()
    if not claim or not user.is_active:
        return False
    return (
        SignInDomain.objects.filter(provider=provider, value=claim)
        .filter(_organisations_filter(user))
        .exists()
    )


def is_switched_on_anywhere(*, provider: str, claim: str) -> bool:
    """Whether any hub or school has switched this domain or tenant on (for the refusal message)."""
    claim = (claim or "").strip().lower()
    return bool(claim) and SignInDomain.objects.filter(provider=provider, value=claim).exists()
