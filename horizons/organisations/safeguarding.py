"""Safeguarding checks: when a check runs out and how to describe where a volunteer stands.

Pure logic on dates, no Django: the models store each check's `expires_on` (worked out here
from the hub's validity) and the pages describe a volunteer's latest check with `check_status`.

The rule the rest of Horizons relies on: a volunteer may be sent to children on a day only if
they hold a check that an employer coordinator, hub facilitator or administrator recorded
(never one the volunteer typed in) and that has not expired by that day. Without one, they can
join only a one-off visit that school staff supervise at all times (as Keeping Children Safe in
Education allows for supervised visitors).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

DEFAULT_VALID_MONTHS = 36
MAX_VALID_MONTHS = 120
# "Expires soon" warns coordinators in time to arrange a renewal before a campaign.
EXPIRES_SOON_DAYS = 60


def add_months(day: date, months: int) -> date:
    """`day` moved on by `months`, keeping the day of the month where it exists
    (31 January + 1 month is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_date(checked_on: date, valid_months: int) -> date:
    """The last day a check made on `checked_on` counts, for a hub that trusts checks for
    `valid_months` months."""
    return add_months(checked_on, valid_months)


@dataclass(frozen=True)
class CheckStatus:
    key: str  # "valid", "expires_soon", "expired", "unverified", "none"
    label: str
    tag: str  # GOV.UK tag colour modifier
    expires_on: date | None = None

    @property
    def lets_volunteer_visit(self) -> bool:
        return self.key in {"valid", "expires_soon"}


def _uk(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def check_status(*, verified: bool | None, expires_on: date | None, today: date) -> CheckStatus:
    """Describe a volunteer's latest check. `verified` is None when they have no check at all,
    False for a date they declared themselves (kept from before checks were verified)."""
    if verified is None or expires_on is None:
        return CheckStatus("none", "No check recorded", "red")
    if not verified:
        return CheckStatus(
            "unverified", "Not verified (date given by the volunteer)", "grey", expires_on
        )
    if expires_on < today:
        return CheckStatus("expired", f"Expired on {_uk(expires_on)}", "red", expires_on)
    if (expires_on - today).days <= EXPIRES_SOON_DAYS:
        return CheckStatus(
            "expires_soon", f"Verified, expires soon: {_uk(expires_on)}", "yellow", expires_on
        )
    return CheckStatus("valid", f"Verified until {_uk(expires_on)}", "green", expires_on)
