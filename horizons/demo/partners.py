"""Demo partners from the next stage of education: a further-education college and a
university in the demo region, each with a campus visit or taster offer for schools.

The college also ran a taster at one of the finished Aspirations Week's in-person events, so
that week's reach shows a partner and the children who met it (benchmark 7).
"""

from __future__ import annotations

from typing import Any

from horizons.encounters import services
from horizons.encounters.models import Campaign, Event, EventEmployer, Offer
from horizons.organisations.models import Employer

PARTNERS = [
    # (name, kind, postcode, latitude, longitude, offers)
    (
        "Tyne Riverside College",
        Employer.Kind.COLLEGE,
        "NE8 3BE",
        54.9601,
        -1.6040,
        [
            (
                "Taster session: be a chef for an hour",
                Offer.Format.TASTER,
                "Children make a simple dish in the college's training kitchen with catering "
                "students, and find out what courses come after school.",
                "hospitality",
            ),
            (
                "Campus visit: workshops and labs",
                Offer.Format.CAMPUS,
                "A class tours the construction, motor vehicle and hair and beauty workshops "
                "and tries one activity in each.",
                "construction",
            ),
        ],
    ),
    (
        "University of Wearside",
        Employer.Kind.UNIVERSITY,
        "SR1 3SD",
        54.9046,
        -1.3868,
        [
            (
                "Campus visit: a day at university",
                Offer.Format.CAMPUS,
                "Children visit a science lab, the library and a lecture theatre, and ask "
                "students what they study and why.",
                "science",
            ),
        ],
    ),
]


def seed(region: Any) -> None:
    admin = region.users["admin"]
    partners = []
    for name, kind, postcode, lat, lon, offers in PARTNERS:
        partner = Employer.objects.create(
            name=name,
            kind=kind,
            sector="education",
            size=Employer.Size.LARGE,
            website=f"https://www.example.org/{name.lower().replace(' ', '-')}",
            postcode=postcode,
            latitude=lat,
            longitude=lon,
            hub=region.hub,
        )
        partners.append(partner)
        for title, format_, what, sector in offers:
            services.offer_create(
                employer=partner,
                by=admin,
                data={
                    "title": title,
                    "what_children_do": what,
                    "format": format_,
                    "sectors": [sector],
                    "year_groups": [5, 6],
                    "group_size": 30,
                    "duration_minutes": 120,
                    "can_travel": format_ == Offer.Format.TASTER,
                    "can_host": True,
                },
            )
    college = partners[0]
    finished = Campaign.objects.filter(hub=region.hub, status=Campaign.Status.CLOSED).first()
    if finished is None:
        return
    event = (
        Event.objects.filter(campaign=finished, pupils_attended__gt=0)
        .exclude(kind=Event.Kind.ONLINE)
        .order_by("date", "pk")
        .first()
    )
    if event is not None:
        EventEmployer.objects.create(
            event=event, employer=college, offer=college.offers.order_by("pk").first()
        )
