"""A verified safeguarding check for test volunteers, as if their coordinator had recorded it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from horizons.organisations.models import SafeguardingCheck, Volunteer
from horizons.organisations.safeguarding import expiry_date


def verified_check(
    volunteer: Volunteer,
    *,
    checked_on: date | None = None,
    months: int = 36,
    by: Any = None,
    kind: str = SafeguardingCheck.Kind.ENHANCED_DBS,
) -> SafeguardingCheck:
    checked_on = checked_on or timezone.localdate() - timedelta(days=100)
    return SafeguardingCheck.objects.create(
        volunteer=volunteer,
        kind=kind,
        checked_on=checked_on,
        expires_on=expiry_date(checked_on, months),
        verified_by=by,
        verified_at=timezone.now(),
    )
