"""Campaign templates: National Careers Week, ready to pre-fill a new campaign. Pure: no Django.

National Careers Week runs in the first full week of March (Monday 3 to Saturday 8 March in
2025, when Coventry held its Primary Aspirations Week in it). Schools take part Monday to
Friday, so the template's campaign is the five school days from the first Monday of March
that starts a week wholly inside March, i.e. the first Monday on or after 1 March.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

NATIONAL_CAREERS_WEEK = "national_careers_week"
# Schools ask for places up to four weeks before the week, leaving time to match and book.
REQUESTS_CLOSE_WEEKS_BEFORE = 4
FIRST_YEAR, LAST_YEAR = 2020, 2100


@dataclass(frozen=True)
class CampaignTemplate:
    kind: str
    name: str
    starts_on: date
    ends_on: date
    requests_close_on: date
    description: str


def first_full_week_of_march(year: int) -> date:
    """The Monday that starts the first Monday-to-Sunday week wholly in March of ``year``."""
    first = date(year, 3, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def national_careers_week(year: int) -> CampaignTemplate:
    """The campaign a hub starts for National Careers Week in ``year``."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"Choose a year between {FIRST_YEAR} and {LAST_YEAR}.")
    monday = first_full_week_of_march(year)
    return CampaignTemplate(
        kind=NATIONAL_CAREERS_WEEK,
        name=f"National Careers Week {year}",
        starts_on=monday,
        ends_on=monday + timedelta(days=4),
        requests_close_on=monday - timedelta(weeks=REQUESTS_CLOSE_WEEKS_BEFORE),
        description=(
            "National Careers Week: a week of encounters for every class. Children meet "
            "employers, colleges, universities and training providers in school, on campus "
            "and online, and see the many routes into work."
        ),
    )
