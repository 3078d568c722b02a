"""Writes for organisations."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from horizons.accounts import permissions
from horizons.organisations.models import Employer, Hub, SafeguardingCheck, Volunteer
from horizons.organisations.safeguarding import (
    DEFAULT_VALID_MONTHS,
    MAX_VALID_MONTHS,
    expiry_date,
)


class OrganisationError(Exception):
    pass


# What a volunteer's profile form may change, in the order the form shows it. Safeguarding
# checks are not here: only the coordinator or the hub records them (safeguarding_check_record).
VOLUNTEER_PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "job_profile_slug",
    "sectors",
    "travel_radius_km",
    "can_present_online",
    "availability",
    "gender",
    "mobile",
    "show_as_role_model",
)


@transaction.atomic
def volunteer_update(*, by: Any, volunteer: Volunteer, data: dict[str, Any]) -> Volunteer:
    if not permissions.volunteers_editable_by(by).filter(pk=volunteer.pk).exists():
        raise OrganisationError("You cannot change this volunteer's profile.")
    refused = set(data) - set(VOLUNTEER_PROFILE_FIELDS)
    if refused:
        raise OrganisationError(
            "A volunteer's profile cannot change " + ", ".join(sorted(refused)) + "."
        )
    for field, value in data.items():
        setattr(volunteer, field, value)
    volunteer.full_clean()
    volunteer.save()
    return volunteer


@transaction.atomic
def employer_update(*, by: Any, employer: Employer, data: dict[str, Any]) -> Employer:
    if not permissions.can_manage_employer(by, employer):
        raise OrganisationError("You cannot change this employer.")
    for field, value in data.items():
        setattr(employer, field, value)
    employer.full_clean()
    employer.save()
    return employer


def valid_months_for(volunteer: Volunteer) -> int:
    hub = volunteer.employer.hub
    return hub.check_valid_months if hub is not None else DEFAULT_VALID_MONTHS


@transaction.atomic
def safeguarding_check_record(
    *,
    by: Any,
    volunteer: Volunteer,
    kind: str,
    checked_on: date,
    certificate_last4: str = "",
    today: date | None = None,
) -> SafeguardingCheck:
    """Record a check the coordinator or hub has seen. It counts until the hub's validity
    (months from `checked_on`) runs out."""
    today = today or timezone.localdate()
    if not permissions.can_record_check(by, volunteer):
        raise OrganisationError(
            "Only the volunteer's employer coordinator or hub facilitator can record their check."
        )
    if kind not in SafeguardingCheck.Kind.values or kind == SafeguardingCheck.Kind.SELF_DECLARED:
        raise OrganisationError("Choose the kind of check you have seen.")
    if checked_on > today:
        raise OrganisationError(
            f"The date of the check cannot be in the future (today is {today:%d/%m/%Y})."
        )
    expires_on = expiry_date(checked_on, valid_months_for(volunteer))
    if expires_on < today:
        raise OrganisationError(
            f"A check made on {checked_on:%d/%m/%Y} ran out on {expires_on:%d/%m/%Y} under your "
            "hub's rules; ask the volunteer for a newer check."
        )
    check = SafeguardingCheck(
        volunteer=volunteer,
        kind=kind,
        checked_on=checked_on,
        certificate_last4=certificate_last4.strip(),
        expires_on=expires_on,
        verified_by=by,
        verified_at=timezone.now(),
    )
    try:
        check.full_clean()
    except ValidationError as exc:
        raise OrganisationError(" ".join(exc.messages)) from exc
    check.save()
    return check


@transaction.atomic
def hub_check_validity_set(*, by: Any, hub: Hub, months: int) -> Hub:
    """Change how long the hub trusts a check, and move the expiry of every check its
    volunteers hold to match."""
    if not permissions.hubs_facilitated_by(by).filter(pk=hub.pk).exists():
        raise OrganisationError("Only the hub's facilitators can change its safeguarding rules.")
    if not 1 <= months <= MAX_VALID_MONTHS:
        raise OrganisationError(f"Choose between 1 and {MAX_VALID_MONTHS} months.")
    hub.check_valid_months = months
    hub.save(update_fields=["check_valid_months"])
    checks = list(
        SafeguardingCheck.objects.select_for_update().filter(volunteer__employer__hub=hub)
    )
    for check in checks:
        check.expires_on = expiry_date(check.checked_on, months)
    SafeguardingCheck.objects.bulk_update(checks, ["expires_on"], batch_size=1000)
    return hub
