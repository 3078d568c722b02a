"""Reads for encounters, always scoped to the user through accounts.permissions.

Someone else's offer, campaign, event or booking is a 404. Pages cost a fixed number of queries:
lists use select_related/prefetch_related, and reach is a handful of aggregate queries whatever
the number of schools or encounters."""

from horizons.encounters.selectors.bookings import (
    booked_classes,
    booking_for_cancelling,
    booking_for_school_staff,
    encounter_school_for,
    school_bookings,
)
from horizons.encounters.selectors.campaigns import (
    campaign_for,
    campaign_for_managing,
    campaign_list,
    campaign_requests,
    campaigns_managed_by,
    campaigns_visible_to,
)
from horizons.encounters.selectors.events import (
    bookable_events,
    commitments_on,
    event_detail,
    event_for,
    event_for_managing,
    events_visible_to,
    joint_events_for,
    secondaries_for_hub,
    volunteer_sessions,
)
from horizons.encounters.selectors.offers import (
    jobs_for,
    offer_for,
    offer_for_editing,
    offer_jobs,
    offers_editable_by,
    offers_visible_to,
)
from horizons.encounters.selectors.reach import (
    HIGH_FSM_PERCENT,
    DayReach,
    Reach,
    campaign_reach,
    hub_reach,
    reach,
)
from horizons.encounters.selectors.records import (
    RecordRow,
    consented_quotes,
    current_academic_year,
    school_record,
    school_record_summary,
)
from horizons.encounters.selectors.volunteers import (
    AtRisk,
    event_confirmations,
    open_places,
    volunteers_at_risk,
    volunteers_to_fill,
)

__all__ = [
    "AtRisk",
    "event_confirmations",
    "open_places",
    "volunteers_at_risk",
    "volunteers_to_fill",
    "commitments_on",
    "DayReach",
    "HIGH_FSM_PERCENT",
    "Reach",
    "RecordRow",
    "bookable_events",
    "booked_classes",
    "booking_for_cancelling",
    "booking_for_school_staff",
    "campaign_for",
    "campaign_for_managing",
    "campaign_list",
    "campaign_reach",
    "campaign_requests",
    "campaigns_managed_by",
    "campaigns_visible_to",
    "consented_quotes",
    "current_academic_year",
    "encounter_school_for",
    "event_detail",
    "event_for",
    "event_for_managing",
    "events_visible_to",
    "joint_events_for",
    "secondaries_for_hub",
    "hub_reach",
    "jobs_for",
    "offer_for",
    "offer_for_editing",
    "offer_jobs",
    "offers_editable_by",
    "offers_visible_to",
    "reach",
    "school_bookings",
    "school_record",
    "school_record_summary",
    "volunteer_sessions",
]
