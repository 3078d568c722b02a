"""Writes for organisations."""

from typing import Any

from django.db import transaction

from horizons.accounts import permissions
from horizons.organisations.models import Employer, Volunteer


class OrganisationError(Exception):
    pass


@transaction.atomic
def volunteer_update(*, by: Any, volunteer: Volunteer, data: dict[str, Any]) -> Volunteer:
    if not permissions.volunteers_editable_by(by).filter(pk=volunteer.pk).exists():
        raise OrganisationError("You cannot change this volunteer's profile.")
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
