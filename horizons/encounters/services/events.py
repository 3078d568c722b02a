"""Events: plan, create, reschedule, cancel; rotation timetables; safeguarding at placement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from horizons.encounters import scheduling, tasks, volunteer_messages
from horizons.encounters.models import (
    Booking,
    BookingClass,
    Campaign,
    Event,
    EventEmployer,
    EventVolunteer,
    Offer,
    TimetableSlot,
)
from horizons.encounters.services.common import (
    EncounterError,
    _locked_campaign,
    _promote_waiting,
    _refuse_unless,
    refuse_clash,
    require_hub_runner,
)
from horizons.organisations import selectors as org_selectors
from horizons.organisations.models import Employer, Hub, School, Volunteer


def _check_availability(
    day: date, starts_at: time, volunteers: Iterable[Volunteer], offers: Iterable[Offer]
) -> None:
    if day.weekday() >= 5:
        raise EncounterError("Events run on school days, Monday to Friday.")
    slot = scheduling.weekday_slot(day, starts_at)
    when = scheduling.describe_weekday_slot(slot)
    for volunteer in volunteers:
        if slot not in (volunteer.availability or []):
            offered = ", ".join(scheduling.describe_weekday_slot(s) for s in volunteer.availability)
            raise EncounterError(
                f"{volunteer} is not available on {when}s"
                + (
                    f" (they offer {offered})."
                    if offered
                    else " (they have not said when they can come)."
                )
            )
    for offer in offers:
        if offer.available_slots and slot not in offer.available_slots:
            raise EncounterError(f"{offer.employer}'s “{offer}” is not offered on {when}s.")


@dataclass(frozen=True)
class EventPlan:
    """What an event is: the arguments of `event_create`, checked together."""

    kind: str
    title: str
    date: date
    starts_at: time
    ends_at: time
    capacity: int
    year_groups: tuple[int, ...]
    description: str = ""
    host_school: School | None = None
    with_secondary: School | None = None
    location: str = ""
    join_url: str = ""
    joining_guide: str = ""
    capacity_unit: str = Event.Unit.PUPILS
    waiting_list_open: bool = True
    address: str = ""
    arrive_by: time | None = None
    arrival_instructions: str = ""
    contact_name: str = ""
    contact_role: str = ""
    contact_phone: str = ""
    safeguarding_lead: str = ""


ARRIVAL_FIELDS = (
    "address",
    "arrive_by",
    "arrival_instructions",
    "contact_name",
    "contact_role",
    "contact_phone",
    "safeguarding_lead",
)


def _check_plan(
    hub: Hub,
    campaign: Campaign | None,
    plan: EventPlan,
    offers: Sequence[Offer],
    employers: Sequence[Employer],
    volunteers: Sequence[Volunteer],
) -> None:
    if plan.ends_at <= plan.starts_at:
        raise EncounterError("The event must end after it starts.")
    if plan.arrive_by is not None and plan.arrive_by > plan.starts_at:
        raise EncounterError(
            f"Visitors should arrive by the start ({plan.starts_at:%H:%M}) at the latest; "
            "choose an earlier arrival time."
        )
    if plan.contact_phone and not _looks_like_phone(plan.contact_phone):
        raise EncounterError(
            "Enter the contact's phone number with digits only, such as 0191 496 0000."
        )
    if plan.capacity < 1:
        raise EncounterError("Capacity must be at least 1.")
    if campaign is not None:
        if campaign.hub_id != hub.pk:
            raise EncounterError(f"{campaign} belongs to another hub.")
        if not campaign.starts_on <= plan.date <= campaign.ends_on:
            raise EncounterError(
                f"{campaign} runs from {campaign.starts_on:%-d %B} to "
                f"{campaign.ends_on:%-d %B %Y}; choose a date in between."
            )
    if plan.kind == Event.Kind.ONLINE:
        if not plan.join_url:
            raise EncounterError("An online session needs a joining link.")
    else:
        if plan.capacity_unit != Event.Unit.PUPILS:
            raise EncounterError("In-person events count places in pupils.")
        if plan.host_school is None and not plan.location:
            raise EncounterError("Choose the host school or give the address.")
        if plan.host_school is not None and plan.host_school.hub_id != hub.pk:
            raise EncounterError(f"{plan.host_school} is not in {hub}.")
    if plan.kind == Event.Kind.SPECIAL and len(employers) > 1:
        raise EncounterError("A special event has one employer; use a rotation event for more.")
    if plan.kind == Event.Kind.ROTATION and len(employers) < 2:
        raise EncounterError("A rotation event needs at least two employers.")
    if not employers:
        raise EncounterError("Choose the employer (or employers) taking part.")
    years = set(plan.year_groups)
    if not years or not years <= set(scheduling.YEAR_GROUPS):
        raise EncounterError("Choose the year groups the event is for.")
    for offer in offers:
        if offer.employer_id not in {e.pk for e in employers}:
            raise EncounterError(f"“{offer}” belongs to {offer.employer}, who is not taking part.")
        missing = years - set(offer.year_groups)
        if missing:
            raise EncounterError(
                f"{offer.employer}'s “{offer}” is for "
                f"{scheduling.describe_year_groups(offer.year_groups)}, not "
                f"{scheduling.describe_year_groups(missing)}."
            )
    for volunteer in volunteers:
        if volunteer.employer_id not in {e.pk for e in employers}:
            raise EncounterError(
                f"{volunteer} works for {volunteer.employer}, who is not taking part."
            )
    _check_availability(plan.date, plan.starts_at, volunteers, offers)
    _check_safeguarding(plan.kind, plan.date, volunteers)


def volunteers_without_check(day: date, volunteers: Iterable[Volunteer]) -> list[Volunteer]:
    """Those of `volunteers` with no verified safeguarding check that covers `day`."""
    chosen = list(volunteers)
    cleared = set(
        org_selectors.valid_checks(on=day)
        .filter(volunteer__in=[v.pk for v in chosen])
        .values_list("volunteer_id", flat=True)
    )
    return [v for v in chosen if v.pk not in cleared]


def _check_safeguarding(kind: str, day: date, volunteers: Iterable[Volunteer]) -> None:
    """Volunteers without a verified, unexpired check may come only to a one-off special event,
    which schools book only if their staff stay with them throughout (booking_create)."""
    if kind == Event.Kind.SPECIAL:
        return
    unchecked = volunteers_without_check(day, volunteers)
    if unchecked:
        raise EncounterError(
            f"{unchecked[0]} has no verified safeguarding check that covers {day:%-d %B %Y}. "
            "Volunteers without one can join only a one-off special event that school staff "
            "supervise at all times; choose another volunteer or ask their coordinator to "
            "record their check."
        )


@transaction.atomic
def event_create(
    *,
    hub: Hub,
    by: Any,
    plan: EventPlan,
    campaign: Campaign | None = None,
    offers: Sequence[Offer] = (),
    employers: Sequence[Employer] = (),
    volunteers: Sequence[Volunteer] = (),
) -> Event:
    """Create an event; employers default to those of the chosen offers."""
    require_hub_runner(by, hub.pk)
    employers = list(employers) or list({o.employer_id: o.employer for o in offers}.values())
    if campaign is not None:
        campaign = _locked_campaign(campaign)
        _refuse_unless(campaign, "add_event")
    _check_plan(hub, campaign, plan, offers, employers, volunteers)
    refuse_clash(
        day=plan.date, starts_at=plan.starts_at, ends_at=plan.ends_at, volunteers=volunteers
    )
    event = Event.objects.create(
        hub=hub,
        campaign=campaign,
        kind=plan.kind,
        title=plan.title,
        description=plan.description,
        host_school=plan.host_school,
        with_secondary=plan.with_secondary,
        location=plan.location,
        join_url=plan.join_url,
        joining_guide=plan.joining_guide,
        date=plan.date,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        year_groups=sorted(set(plan.year_groups)),
        capacity=plan.capacity,
        capacity_unit=plan.capacity_unit,
        waiting_list_open=plan.waiting_list_open,
        created_by=by,
        **{f: _arrival_value(plan, f) for f in ARRIVAL_FIELDS},
    )
    offer_by_employer = {o.employer_id: o for o in offers}
    EventEmployer.objects.bulk_create(
        EventEmployer(event=event, employer=e, offer=offer_by_employer.get(e.pk)) for e in employers
    )
    now = timezone.now()
    EventVolunteer.objects.bulk_create(
        EventVolunteer(event=event, volunteer=v, placed_at=now) for v in volunteers
    )
    # Each volunteer is asked at once to confirm (sent after the event commits).
    volunteer_messages.placed_send(event, volunteers, now=now)
    return event


RESCHEDULE_FIELDS = (
    "date",
    "starts_at",
    "ends_at",
    "location",
    "host_school",
    "join_url",
    *ARRIVAL_FIELDS,
)


def _looks_like_phone(text: str) -> bool:
    digits = [c for c in text if c.isdigit()]
    return all(c.isdigit() or c in " +()-" for c in text) and 7 <= len(digits) <= 15


def _arrival_value(plan: EventPlan, field: str) -> Any:
    value = getattr(plan, field)
    if plan.kind == Event.Kind.ONLINE and field in ("address", "arrive_by", "arrival_instructions"):
        return None if field == "arrive_by" else ""
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def event_update(*, event: Event, by: Any, plan: EventPlan) -> Event:
    """Change an event. Booked schools and volunteers get an updated invitation if the day, time
    or place changed; a larger capacity lets the waiting list in."""
    require_hub_runner(by, event.hub_id)
    event = (
        Event.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=event.pk)
    )
    _refuse_unless(event.campaign, "change_event")
    if event.is_cancelled:
        raise EncounterError("This event is cancelled; create a new one instead.")
    employers = list(event.employers.all())
    offers = [ee.offer for ee in event.event_employers.select_related("offer") if ee.offer]
    volunteers = list(event.volunteers.all())
    _check_plan(event.hub, event.campaign, plan, offers, employers, volunteers)
    refuse_clash(
        day=plan.date,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        volunteers=volunteers,
        classes=BookingClass.objects.filter(
            booking__event=event, booking__status__in=Booking.LIVE
        ).values_list("booking__school_id", "name"),
        event_id=event.pk,
    )
    if plan.capacity < event.places_booked:
        raise EncounterError(
            f"{event.places_booked} places are already booked; capacity cannot go below that."
        )
    if plan.capacity_unit != event.capacity_unit and event.places_booked:
        raise EncounterError("Places are already booked; the capacity unit cannot change now.")
    booked_years = set(
        BookingClass.objects.filter(
            booking__event=event, booking__status__in=Booking.LIVE
        ).values_list("year_group", flat=True)
    )
    if not booked_years <= set(plan.year_groups):
        raise EncounterError(
            f"Classes in {scheduling.describe_year_groups(booked_years - set(plan.year_groups))} "
            "are booked; keep those year groups."
        )
    before = {f: getattr(event, f) for f in RESCHEDULE_FIELDS}
    for field in (
        "kind",
        "title",
        "description",
        "host_school",
        "with_secondary",
        "location",
        "join_url",
        "joining_guide",
        "date",
        "starts_at",
        "ends_at",
        "capacity",
        "capacity_unit",
        "waiting_list_open",
    ):
        setattr(event, field, getattr(plan, field))
    for field in ARRIVAL_FIELDS:
        setattr(event, field, _arrival_value(plan, field))
    event.year_groups = sorted(set(plan.year_groups))
    changed = any(getattr(event, f) != before[f] for f in RESCHEDULE_FIELDS)
    if changed:
        event.sequence += 1
        event.reminder_sent_at = None
    event.save()
    promoted = _promote_waiting(event)
    if changed:
        tasks.after_commit_event(event.pk, "changed")
    for booking_id in promoted:
        tasks.after_commit_booking(booking_id, "promoted")
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: Any, reason: str = "") -> Event:
    require_hub_runner(by, event.hub_id)
    event = (
        Event.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=event.pk)
    )
    _refuse_unless(event.campaign, "change_event")
    if event.is_cancelled:
        raise EncounterError("This event is already cancelled.")
    live = list(event.bookings.filter(status__in=Booking.LIVE).values_list("pk", flat=True))
    now = timezone.now()
    event.bookings.filter(pk__in=live).update(
        status=Booking.Status.CANCELLED,
        cancelled_at=now,
        cancelled_by=by,
        cancel_reason=reason[:300] or "The event was cancelled.",
    )
    event.status = Event.Status.CANCELLED
    event.places_booked = 0
    event.sequence += 1
    event.save(update_fields=["status", "places_booked", "sequence", "updated_at"])
    tasks.after_commit_event(event.pk, "cancelled", booking_ids=live)
    return event


@transaction.atomic
def timetable_set_rotation(
    *, event: Event, by: Any, round_minutes: int = 20, changeover_minutes: int = 5
) -> int:
    """Write the rotation timetable for a rotation event's booked classes; returns rounds."""
    require_hub_runner(by, event.hub_id)
    _refuse_unless(event.campaign, "change_event")
    if event.kind != Event.Kind.ROTATION:
        raise EncounterError("Only rotation events have rotation timetables.")
    employers = list(event.employers.order_by("name"))
    labels = [
        f"{c.name} ({c.booking.school.name})"
        for c in BookingClass.objects.filter(
            booking__event=event, booking__status=Booking.Status.CONFIRMED
        )
        .select_related("booking__school")
        .order_by("booking__created_at", "name")
    ]
    if not labels:
        raise EncounterError("No classes are booked yet; the timetable follows the bookings.")
    rounds = scheduling.rotation_timetable(
        employers=[e.name for e in employers],
        classes=labels,
        starts_at=event.starts_at,
        round_minutes=round_minutes,
        changeover_minutes=changeover_minutes,
    )
    if rounds and rounds[-1].ends_at > event.ends_at:
        raise EncounterError(
            f"{len(rounds)} rounds of {round_minutes} minutes end at {rounds[-1].ends_at:%H:%M}, "
            f"after the event ends at {event.ends_at:%H:%M}; shorten the rounds."
        )
    by_name = {e.name: e for e in employers}
    event.timetable.all().delete()
    TimetableSlot.objects.bulk_create(
        TimetableSlot(
            event=event,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            activity=f"Round {r.number}: " + (employer or "with their teacher"),
            employer=by_name.get(employer) if employer else None,
            class_label=label[:60],
        )
        for r in rounds
        for label, employer in r.pairs
    )
    return len(rounds)
