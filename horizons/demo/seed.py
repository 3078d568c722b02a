"""Build the demo region: one hub, 70 schools, 30 employers, 120 volunteers and one login per role.

Then each app's demo data in turn, through `horizons.demo.<app>.seed(region)` (see `DEMO_SEEDS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from pyproj import Transformer

from horizons.accounts.models import Membership, Role, User
from horizons.demo import benchmarks as benchmarks_demo
from horizons.demo import careers as careers_demo
from horizons.demo import encounters as encounters_demo
from horizons.demo import messaging as messaging_demo
from horizons.demo import partners as partners_demo
from horizons.demo import programmes as programmes_demo
from horizons.demo import region as demo_region
from horizons.demo import training as training_demo
from horizons.demo import transition as transition_demo
from horizons.organisations.models import Employer, Hub, SafeguardingCheck, School, Volunteer
from horizons.organisations.safeguarding import expiry_date

_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
# Each app's demo data, in the order they build on one another.
DEMO_SEEDS: list[Callable[[Any], object]] = [
    careers_demo.seed,
    benchmarks_demo.seed,
    encounters_demo.seed,
    partners_demo.seed,
    programmes_demo.seed,
    transition_demo.seed,
    training_demo.seed,
    messaging_demo.seed,
]


@dataclass
class DemoRegion:
    hub: Hub
    schools: list[School]
    employers: list[Employer]
    volunteers: list[Volunteer]
    users: dict[str, User] = field(default_factory=dict)

    @property
    def lead_school(self) -> School:
        return self.schools[0]


def _seed_checks(hub: Hub, volunteers: list[Volunteer], *, verified_by: User) -> None:
    """Most demo volunteers hold a check the hub has seen; about one in ten has none, so the
    demo shows supervised-only volunteers too. The demo volunteer always has one."""
    now = timezone.now()
    checks = []
    for index, (volunteer, demo) in enumerate(
        zip(volunteers, demo_region.demo_volunteers(), strict=True)
    ):
        checked_on = demo.safeguarding_checked_on
        if checked_on is None and index == 0:
            checked_on = demo_region.DEMO_CHECKS_FROM
        if checked_on is None:
            continue
        checks.append(
            SafeguardingCheck(
                volunteer=volunteer,
                kind=SafeguardingCheck.Kind.ENHANCED_DBS,
                checked_on=checked_on,
                certificate_last4=f"{(volunteer.pk * 7919) % 10000:04d}",
                expires_on=expiry_date(checked_on, hub.check_valid_months),
                verified_by=verified_by,
                verified_at=now,
            )
        )
    SafeguardingCheck.objects.bulk_create(checks)


def demo_exists() -> bool:
    return Hub.objects.filter(slug="north-east-demo").exists()


def _user(email: str, first: str, last: str, **extra: object) -> User:
    user = User.objects.create_user(
        email, settings.HORIZONS_DEMO_PASSWORD, first_name=first, last_name=last, **extra
    )
    return user


@transaction.atomic
def seed_demo_region() -> DemoRegion:
    hub = Hub.objects.create(
        name="North East Primary Careers Hub",
        slug="north-east-demo",
        area="Tyne and Wear",
        region="north_east",
    )
    schools = []
    for s in demo_region.demo_schools():
        easting, northing = _TO_BNG.transform(s.longitude, s.latitude)
        schools.append(
            School(
                urn=s.urn,
                name=s.name,
                la_name=s.la_name,
                establishment_type=s.establishment_type,
                phase="Primary",
                status="Open",
                postcode=s.postcode,
                easting=round(easting),
                northing=round(northing),
                latitude=s.latitude,
                longitude=s.longitude,
                number_of_pupils=s.number_of_pupils,
                percentage_fsm=Decimal(str(s.percentage_fsm)),
                hub=hub,
            )
        )
    School.objects.bulk_create(schools)
    schools = list(School.objects.filter(hub=hub).order_by("urn"))

    employers = []
    for index, (name, sector, size) in enumerate(demo_region.EMPLOYERS):
        la = demo_region.LOCAL_AUTHORITIES[index % len(demo_region.LOCAL_AUTHORITIES)]
        employers.append(
            Employer(
                name=name,
                sector=sector,
                size=size,
                website=f"https://www.example.org/{name.lower().replace(' ', '-')}",
                postcode=f"NE{1 + index % 30} {1 + index % 9}AB",
                latitude=round(la[1] + ((index * 37) % 17 - 8) * 0.004, 5),
                longitude=round(la[2] + ((index * 53) % 19 - 9) * 0.006, 5),
                hub=hub,
            )
        )
    Employer.objects.bulk_create(employers)
    employers = list(Employer.objects.filter(hub=hub).order_by("pk"))

    volunteers = [
        Volunteer(
            employer=employers[v.employer_index],
            first_name=v.first_name,
            last_name=v.last_name,
            job_title=v.job_title,
            job_profile_slug=v.job_profile_slug,
            sectors=[v.sector],
            travel_radius_km=v.travel_radius_km,
            can_present_online=v.can_present_online,
            availability=list(v.availability),
            gender=v.gender,
            show_as_role_model=v.show_as_role_model,
        )
        for v in demo_region.demo_volunteers()
    ]
    Volunteer.objects.bulk_create(volunteers)
    volunteers = list(Volunteer.objects.filter(employer__hub=hub).order_by("pk"))

    users = {
        "admin": _user("admin@horizons.test", "Alex", "Admin", is_staff=True, is_superuser=True),
        "facilitator": _user("facilitator@horizons.test", "Fiona", "Charlton"),
        "lead": _user("lead@horizons.test", "Laura", "Bell"),
        "teacher": _user("teacher@horizons.test", "Tom", "Robson"),
        "employer": _user("employer@horizons.test", "Priya", "Patel"),
        "national": _user("national@horizons.test", "Nadia", "Osei"),
        "volunteer": _user(
            "volunteer@horizons.test", volunteers[0].first_name, volunteers[0].last_name
        ),
    }
    lead_school = schools[0]
    Membership.objects.bulk_create(
        [
            Membership(user=users["facilitator"], role=Role.FACILITATOR, hub=hub),
            Membership(user=users["lead"], role=Role.CAREERS_LEADER, school=lead_school),
            Membership(user=users["teacher"], role=Role.TEACHER, school=lead_school),
            Membership(
                user=users["employer"], role=Role.EMPLOYER_COORDINATOR, employer=employers[0]
            ),
            Membership(user=users["volunteer"], role=Role.VOLUNTEER, employer=employers[0]),
            Membership(user=users["national"], role=Role.NATIONAL),
        ]
    )
    volunteers[0].user = users["volunteer"]
    volunteers[0].save(update_fields=["user"])
    _seed_checks(hub, volunteers, verified_by=users["facilitator"])

    region = DemoRegion(
        hub=hub, schools=schools, employers=employers, volunteers=volunteers, users=users
    )
    for seed in DEMO_SEEDS:
        seed(region)
    return region
