"""Every write for encounters. One transaction each; a broken rule raises `EncounterError` whose
message tells a person what to do, and nothing is changed.

Booking capacity is kept under concurrency three ways: the event row is locked
(`select_for_update`, a no-op on SQLite where transactions already serialise writes), the
counter is raised with a conditional UPDATE that only succeeds if the places are still there, and
the database refuses `places_booked > capacity` (CheckConstraint) whatever the code does.

The allocation app publishes its plan through `booking_create` too; see docs/encounters.md."""

from horizons.encounters.notifications import reminders_send
from horizons.encounters.services.attendance import (
    QuoteSpec,
    attendance_record,
    volunteer_feedback_save,
)
from horizons.encounters.services.bookings import (
    booking_cancel,
    booking_create,
    booking_mark_no_show,
)
from horizons.encounters.services.campaigns import (
    CAMPAIGN_FIELDS,
    campaign_create,
    campaign_invite,
    campaign_move,
    campaign_update,
    request_save,
)
from horizons.encounters.services.common import ClassLike, ClassSpec, EncounterError, EventFull
from horizons.encounters.services.events import (
    ARRIVAL_FIELDS,
    RESCHEDULE_FIELDS,
    EventPlan,
    event_cancel,
    event_create,
    event_update,
    timetable_set_rotation,
    volunteers_without_check,
)
from horizons.encounters.services.offers import (
    OFFER_FIELDS,
    offer_create,
    offer_update,
)
from horizons.encounters.services.volunteers import (
    Answer,
    event_volunteer_add,
    volunteer_confirm,
    volunteer_confirmation_resend,
    volunteer_drop_out,
)

__all__ = [
    "ARRIVAL_FIELDS",
    "Answer",
    "CAMPAIGN_FIELDS",
    "ClassLike",
    "ClassSpec",
    "EncounterError",
    "EventFull",
    "EventPlan",
    "OFFER_FIELDS",
    "QuoteSpec",
    "RESCHEDULE_FIELDS",
    "attendance_record",
    "booking_cancel",
    "booking_create",
    "booking_mark_no_show",
    "campaign_create",
    "campaign_invite",
    "campaign_move",
    "campaign_update",
    "event_cancel",
    "event_create",
    "event_update",
    "event_volunteer_add",
    "offer_create",
    "offer_update",
    "reminders_send",
    "request_save",
    "timetable_set_rotation",
    "volunteer_confirm",
    "volunteer_confirmation_resend",
    "volunteer_drop_out",
    "volunteer_feedback_save",
    "volunteers_without_check",
]
