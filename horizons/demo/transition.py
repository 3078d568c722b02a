"""Demo transition: three secondary schools near the demo hub, a secondary careers leader, the
current Year 6 group's destinations and parents' answers, and one finished Year 6 group's
records already handed over."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from horizons.accounts.models import Membership, Role, User
from horizons.demo import region as demo_region
from horizons.encounters.models import Event
from horizons.organisations.models import School
from horizons.programmes.models import Cohort, Consent
from horizons.transition import record, services
from horizons.transition.models import Destination

SECONDARIES = [
    # (urn, name, phase, index into LOCAL_AUTHORITIES, postcode, latitude, longitude, pupils)
    (990901, "Tyneside High School", "Secondary", 0, "NE4 9AB", 54.975, -1.650, 1180),
    (990902, "Gateshead Riverside Academy", "Secondary", 1, "NE8 2CD", 54.955, -1.605, 960),
    (990903, "Coast Road All-through School", "All-through", 0, "NE6 4EF", 54.985, -1.560, 1420),
]


def _secondaries() -> list[School]:
    schools = []
    for urn, name, phase, la_index, postcode, lat, lon, pupils in SECONDARIES:
        la_name = demo_region.LOCAL_AUTHORITIES[la_index][0]
        schools.append(
            School.objects.create(
                urn=urn,
                name=name,
                la_name=la_name,
                establishment_type="Academy converter",
                phase=phase,
                status="Open",
                postcode=postcode,
                latitude=lat,
                longitude=lon,
                number_of_pupils=pupils,
            )
        )
    return schools


def seed(region: Any) -> None:
    secondaries = _secondaries()
    high = secondaries[0]
    leader = User.objects.create_user(
        "secondary@horizons.test",
        settings.HORIZONS_DEMO_PASSWORD,
        first_name="Sunita",
        last_name="Khan",
    )
    Membership.objects.create(user=leader, role=Role.CAREERS_LEADER, school=high)
    region.users["secondary"] = leader
    admin = region.users["admin"]
    year6 = Cohort.objects.filter(
        Q(school__hub=region.hub), year_group=6, pseudonymised_at__isnull=True
    ).order_by("pk")
    for cohort in year6:
        finished = cohort.status == Cohort.Status.FINISHED
        for index, pupil in enumerate(cohort.pupils.select_related("consent").order_by("pk")):
            # Most go to Tyneside High, every fifth to Gateshead, every seventh to the coast.
            secondary = high if index % 5 != 4 else secondaries[1]
            if index % 7 == 6:
                secondary = secondaries[2]
            consent = getattr(pupil, "consent", None)
            share = "yes" if index % 6 else "no"
            if not finished and index % 4 == 3:
                share = ""  # this year's parents are still answering
            if consent is None or consent.parent_consent != Consent.Parent.GRANTED:
                share = ""
            services.destination_set(by=admin, pupil=pupil, secondary=secondary)
            if share and consent is not None:
                services.share_answer_by_parent(consent=consent, share=share == "yes")
        if finished:
            services.handover(by=admin, cohort=cohort, sections=list(record.SECTIONS))
    # A taster morning for Year 6 held with Tyneside High: a joint primary–secondary event.
    taster = (
        Event.objects.filter(
            hub=region.hub,
            kind=Event.Kind.SPECIAL,
            date__gte=timezone.localdate(),
            status=Event.Status.SCHEDULED,
        )
        .order_by("date", "pk")
        .first()
    )
    if taster is not None:
        taster.with_secondary = high
        taster.save(update_fields=["with_secondary"])
    assert Destination.objects.filter(secondary=high).exists()
