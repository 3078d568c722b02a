"""Every encounters page, as every persona (see tests/permission_matrix.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from horizons.encounters import services
from horizons.encounters.models import Booking, Campaign, Event, Offer
from horizons.encounters.services import EventPlan
from horizons.encounters.volunteer_messages import reply_token
from horizons.organisations.models import Employer
from tests.permission_matrix import Row, everyone, only


@dataclass
class Things:
    offer: Offer
    foreign_offer: Offer
    campaign: Campaign
    draft: Campaign
    event: Event
    rotation: Event
    booking: Booking
    past_booking: Booking


def things(world: Any) -> Things:
    """Encounter objects around the world's personas, built once per test."""
    cached = getattr(world, "_encounters", None)
    if cached is not None:
        return cached
    from tests.encounters import factories as f

    offer = f.offer(world)
    foreign_offer = services.offer_create(
        employer=world.foreign_employer,
        by=world.outsider,
        data={
            "title": "Power up",
            "what_children_do": "Circuits",
            "format": "workshop",
            "year_groups": [5],
            "can_travel": True,
        },
    )
    campaign = f.campaign(world)
    draft = f.campaign(world, name="Next year's week", status=Campaign.Status.DRAFT)
    event = f.event(world, campaign=campaign, offer_obj=offer)
    vets = Employer.objects.create(name="Tyne Vets", sector="animals-and-land", hub=world.hub)
    vet_offer = services.offer_create(
        employer=vets,
        by=world.admin,
        data={
            "title": "Animal care",
            "what_children_do": "Check a toy dog",
            "format": "workshop",
            "year_groups": [4, 5],
            "can_travel": True,
        },
    )
    rotation = services.event_create(
        hub=world.hub,
        by=world.facilitator,
        campaign=campaign,
        offers=[offer, vet_offer],
        plan=EventPlan(
            kind=Event.Kind.ROTATION,
            title="Careers carousel",
            date=event.date,
            starts_at=time(9, 0),
            ends_at=time(12, 0),
            capacity=120,
            year_groups=(5,),
            host_school=world.other_school,
        ),
    )
    booking = services.booking_create(
        event=event, school=world.school, classes=f.year5(), by=world.lead
    )
    past = f.event(world, offer_obj=offer, title="Last term's visit")
    past_booking = services.booking_create(
        event=past, school=world.school, classes=f.year5(), by=world.lead
    )
    Event.objects.filter(pk=past.pk).update(date=past.date - timedelta(weeks=4))
    world._encounters = Things(
        offer, foreign_offer, campaign, draft, event, rotation, booking, past_booking
    )
    return world._encounters


STAFF = ("lead", "teacher")
MANAGERS = ("admin", "facilitator")


def _campaign(w: Any) -> list[int]:
    return [things(w).campaign.pk]


def _event(w: Any) -> list[int]:
    return [things(w).event.pk]


ROWS = [
    # Schools
    Row("encounters:encounters_school", expect=only("admin", *STAFF, "outsider")),
    Row(
        "encounters:school_encounter_record",
        args=lambda w: [w.school.urn],
        expect=only(*MANAGERS, *STAFF),
    ),
    Row(
        "encounters:school_encounter_record",
        args=lambda w: [w.foreign_school.urn],
        expect=only("admin", "outsider"),
    ),
    Row("encounters:event_book", args=_event, expect=only("admin", *STAFF)),
    Row(
        "encounters:booking_cancel",
        args=lambda w: [things(w).booking.pk],
        expect=only(*MANAGERS, *STAFF),
    ),
    Row(
        "encounters:booking_no_show",
        args=lambda w: [things(w).past_booking.pk],
        expect=only(*MANAGERS, *STAFF),
    ),
    Row(
        "encounters:attendance_record",
        args=lambda w: [things(w).past_booking.pk],
        expect=only("admin", *STAFF),
    ),
    # Employers
    Row("encounters:offer_list", expect=everyone(national="404")),
    Row("encounters:offer_create", expect=only("admin", "coordinator", "volunteer", "outsider")),
    Row(
        "encounters:offer_detail",
        args=lambda w: [things(w).offer.pk],
        expect=only(*MANAGERS, *STAFF, "coordinator", "volunteer"),
    ),
    Row(
        "encounters:offer_detail",
        args=lambda w: [things(w).foreign_offer.pk],
        expect=only("admin", "outsider"),
    ),
    Row(
        "encounters:offer_edit",
        args=lambda w: [things(w).offer.pk],
        expect=only("admin", "coordinator"),
    ),
    Row(
        "encounters:offer_edit",
        args=lambda w: [things(w).foreign_offer.pk],
        expect=only("admin", "outsider"),
    ),
    # Campaigns
    Row("encounters:campaign_list", expect=everyone(national="404")),
    Row("encounters:campaign_create", expect=only(*MANAGERS, "outsider")),
    Row(
        "encounters:campaign_detail",
        args=_campaign,
        expect=only(*MANAGERS, *STAFF, "coordinator", "volunteer"),
    ),
    Row("encounters:campaign_detail", args=lambda w: [things(w).draft.pk], expect=only(*MANAGERS)),
    Row("encounters:campaign_edit", args=_campaign, expect=only(*MANAGERS)),
    Row("encounters:campaign_invite", args=_campaign, expect=only(*MANAGERS)),
    Row("encounters:campaign_requests", args=_campaign, expect=only(*MANAGERS)),
    Row("encounters:request_edit", args=_campaign, expect=only("admin", *STAFF)),
    Row("encounters:campaign_reach", args=_campaign, expect=only(*MANAGERS)),
    Row("encounters:campaign_reach_xlsx", args=_campaign, expect=only(*MANAGERS)),
    Row("encounters:campaign_reach_csv", args=_campaign, expect=only(*MANAGERS)),
    Row("encounters:campaign_summary", args=_campaign, expect=only(*MANAGERS)),
    # Events
    Row("encounters:event_create", expect=only(*MANAGERS, "outsider")),
    Row(
        "encounters:event_detail",
        args=_event,
        expect=only(*MANAGERS, *STAFF, "coordinator", "volunteer"),
    ),
    Row("encounters:event_edit", args=_event, expect=only(*MANAGERS)),
    Row("encounters:event_cancel", args=_event, expect=only(*MANAGERS)),
    Row(
        "encounters:event_timetable", args=lambda w: [things(w).rotation.pk], expect=only(*MANAGERS)
    ),
    Row(
        "encounters:event_calendar",
        args=_event,
        expect=only(*MANAGERS, *STAFF, "coordinator", "volunteer"),
    ),
    Row("encounters:volunteer_feedback", args=_event, expect=only("volunteer")),
    Row("encounters:my_sessions", expect=only("volunteer")),
    # The signed reply link works without signing in, for whoever holds it (the volunteer's
    # phone); what it shows is that volunteer's own place (tests/encounters/test_volunteer_loop.py).
    Row(
        "encounters:volunteer_reply",
        args=lambda w: [reply_token(things(w).event, w.volunteer_profile)],
        expect=everyone(),
        anonymous="ok",
    ),
    Row("encounters:volunteers_at_risk", expect=only(*MANAGERS, "outsider")),
    # Reach
    Row("encounters:hub_reach", expect=only(*MANAGERS, "outsider")),
    Row("encounters:hub_reach_xlsx", expect=only(*MANAGERS, "outsider")),
    Row("encounters:hub_reach_csv", expect=only(*MANAGERS, "outsider")),
]
