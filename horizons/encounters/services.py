"""Every write for encounters. One transaction each; a broken rule raises `EncounterError` whose
message tells a person what to do, and nothing is changed.

Booking capacity is kept under concurrency three ways: the event row is locked
(`select_for_update`, a no-op on SQLite where transactions already serialise writes), the
counter is raised with a conditional UPDATE that only succeeds if the places are still there, and
the database refuses `places_booked > capacity` (CheckConstraint) whatever the code does.

The allocation app publishes its plan through `booking_create` too; see docs/encounters.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Protocol

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from horizons.accounts import permissions
from horizons.core.sectors import SECTORS
from horizons.encounters import capacity as capacity_rules
from horizons.encounters import lifecycle, notifications, scheduling
from horizons.encounters.models import (
    MAX_CLASS_SIZE,
    Attendance,
    Booking,
    BookingClass,
    Campaign,
    CampaignInvitation,
    ChildQuote,
    Event,
    EventEmployer,
    EventVolunteer,
    Offer,
    RequestClass,
    SchoolRequest,
    TeacherFeedback,
    TimetableSlot,
    VolunteerFeedback,
)
from horizons.organisations import selectors as org_selectors
from horizons.organisations.models import WEEKDAY_SLOTS, Employer, Hub, School, Volunteer


class EncounterError(Exception):
    """A rule was broken; the message says what to change."""


class EventFull(EncounterError):
    def __init__(self, message: str, *, places_left: int, waiting_list: bool):
        super().__init__(message)
        self.places_left = places_left
        self.waiting_list = waiting_list


class ClassLike(Protocol):
    """Anything with a name, year group and pupils; read-only, so frozen dataclasses fit."""

    @property
    def name(self) -> str: ...

    @property
    def year_group(self) -> int: ...

    @property
    def pupils(self) -> int: ...


@dataclass(frozen=True)
class ClassSpec:
    """A class to book or request: ``ClassSpec("Year 5 Oak", 5, 28)``."""

    name: str
    year_group: int
    pupils: int


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _check_classes(classes: Sequence[ClassLike]) -> list[ClassSpec]:
    specs = [ClassSpec(str(c.name).strip(), int(c.year_group), int(c.pupils)) for c in classes]
    if not specs:
        raise EncounterError("Add at least one class.")
    names = [c.name.lower() for c in specs]
    for spec in specs:
        if not spec.name:
            raise EncounterError("Give each class a name, such as Year 5 Oak.")
        if spec.year_group not in scheduling.YEAR_GROUPS:
            raise EncounterError(f"{spec.name}: choose a year group from 1 to 6.")
        if not 1 <= spec.pupils <= MAX_CLASS_SIZE:
            raise EncounterError(f"{spec.name}: enter between 1 and {MAX_CLASS_SIZE} pupils.")
        if names.count(spec.name.lower()) > 1:
            raise EncounterError(f"{spec.name} is listed twice; give each class its own name.")
    return specs


# --- Offers -----------------------------------------------------------------------------------

OFFER_FIELDS = (
    "title",
    "what_children_do",
    "format",
    "sectors",
    "year_groups",
    "group_size",
    "duration_minutes",
    "job_profile_slugs",
    "available_slots",
    "can_travel",
    "travel_radius_km",
    "can_host",
    "is_published",
)


def _check_offer(employer: Employer, data: dict[str, Any], volunteers: Iterable[Volunteer]) -> None:
    years = [int(y) for y in data.get("year_groups", [])]
    if not years or any(y not in scheduling.YEAR_GROUPS for y in years):
        raise EncounterError("Choose the year groups (1 to 6) the activity suits.")
    unknown = [s for s in data.get("sectors", []) if s not in SECTORS]
    if unknown:
        raise EncounterError(f"Unknown sector: {', '.join(unknown)}.")
    bad_slots = [s for s in data.get("available_slots", []) if s not in WEEKDAY_SLOTS]
    if bad_slots:
        raise EncounterError(f"Unknown half-day: {', '.join(bad_slots)}.")
    for volunteer in volunteers:
        if volunteer.employer_id != employer.pk:
            raise EncounterError(f"{volunteer} does not work for {employer}.")
    if not data.get("can_travel") and not data.get("can_host") and data.get("format") != "online":
        raise EncounterError(
            "Say how children can meet you: you travel to schools, you host at your workplace, "
            "or the session is online."
        )


@transaction.atomic
def offer_create(
    *, employer: Employer, by: Any, data: dict[str, Any], volunteers: Sequence[Volunteer] = ()
) -> Offer:
    """Publish an activity offer for `employer` (the caller has checked `by` may)."""
    _check_offer(employer, data, volunteers)
    offer = Offer(
        employer=employer, created_by=by, **{k: data[k] for k in OFFER_FIELDS if k in data}
    )
    offer.year_groups = sorted({int(y) for y in offer.year_groups})
    offer.full_clean(exclude=["volunteers"])
    offer.save()
    offer.volunteers.set(volunteers)
    return offer


@transaction.atomic
def offer_update(
    *, offer: Offer, by: Any, data: dict[str, Any], volunteers: Sequence[Volunteer] | None = None
) -> Offer:
    chosen = list(volunteers) if volunteers is not None else list(offer.volunteers.all())
    _check_offer(offer.employer, data, chosen)
    for key in OFFER_FIELDS:
        if key in data:
            setattr(offer, key, data[key])
    offer.year_groups = sorted({int(y) for y in offer.year_groups})
    offer.full_clean(exclude=["volunteers"])
    offer.save()
    if volunteers is not None:
        offer.volunteers.set(chosen)
    return offer


# --- Campaigns and requests -------------------------------------------------------------------

# The status is not among them: it changes only through `campaign_move`, one stage at a time.
CAMPAIGN_FIELDS = (
    "name",
    "area",
    "description",
    "starts_on",
    "ends_on",
    "requests_close_on",
)


def _refuse_unless(campaign: Campaign | None, action: str) -> None:
    """Raise the lifecycle's reason if `action` makes no sense in the campaign's stage now."""
    if campaign is None:
        return
    reason = lifecycle.refusal(campaign.status, action)
    if reason:
        raise EncounterError(reason)


def _locked_campaign(campaign: Campaign) -> Campaign:
    """The campaign row, locked and fresh: its stage may have moved since the page loaded."""
    return (
        Campaign.objects.select_for_update(of=("self",)).select_related("hub").get(pk=campaign.pk)
    )


def _check_campaign(hub: Hub, data: dict[str, Any], exclude_pk: int | None = None) -> None:
    if data["ends_on"] < data["starts_on"]:
        raise EncounterError("The campaign must end on or after the day it starts.")
    closes = data.get("requests_close_on")
    if closes and closes > data["ends_on"]:
        raise EncounterError("Requests must close before the campaign ends.")
    if not scheduling.school_days(data["starts_on"], data["ends_on"]):
        raise EncounterError("A campaign needs at least one school day (Monday to Friday).")
    clash = Campaign.objects.filter(hub=hub, name__iexact=data["name"])
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise EncounterError(f"{hub} already has a campaign called {data['name']}.")


@transaction.atomic
def campaign_create(*, hub: Hub, by: Any, data: dict[str, Any]) -> Campaign:
    """A new campaign is always a draft: only the hub sees it until it opens for requests."""
    _check_campaign(hub, data)
    return Campaign.objects.create(
        hub=hub,
        created_by=by,
        status=Campaign.Status.DRAFT,
        **{k: data[k] for k in CAMPAIGN_FIELDS if k in data},
    )


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: Any, data: dict[str, Any]) -> Campaign:
    campaign = _locked_campaign(campaign)
    _refuse_unless(campaign, "edit")
    merged = {k: data.get(k, getattr(campaign, k)) for k in CAMPAIGN_FIELDS}
    _check_campaign(campaign.hub, merged, exclude_pk=campaign.pk)
    outside = campaign.events.exclude(date__range=(merged["starts_on"], merged["ends_on"]))
    if outside.exists():
        raise EncounterError(
            f"{outside.count()} event(s) fall outside the new dates; move them first."
        )
    for key, value in merged.items():
        setattr(campaign, key, value)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_move(
    *,
    campaign: Campaign,
    by: Any,
    to: str,
    seen: str | None = None,
    today: date | None = None,
) -> Campaign:
    """Move a campaign one stage on (draft → taking requests → matching and booking → closed).

    `seen` is the stage the facilitator saw when they pressed the button; if it has moved since,
    nothing changes and the message says so.
    """
    campaign = _locked_campaign(campaign)
    reason = lifecycle.move_refusal(campaign.status, to, seen=seen)
    if reason:
        raise EncounterError(reason)
    day = _today(today)
    if to == Campaign.Status.OPEN:
        if campaign.ends_on < day:
            raise EncounterError(
                f"{campaign} ended on {campaign.ends_on:%-d %B %Y}; change its dates to open it."
            )
        closes = campaign.requests_close_on
        if closes and closes < day:
            raise EncounterError(
                f"Requests were due to close on {closes:%-d %B %Y}, which has passed; "
                "change the closing date first."
            )
    campaign.status = to
    campaign.save(update_fields=["status"])
    return campaign


@transaction.atomic
def campaign_invite(
    *,
    campaign: Campaign,
    by: Any,
    schools: Iterable[School] = (),
    employers: Iterable[Employer] = (),
) -> int:
    """Invite schools and employers of the campaign's hub; returns how many were new.

    Only while the campaign is taking requests: a draft is invisible to those invited."""
    campaign = _locked_campaign(campaign)
    _refuse_unless(campaign, "invite")
    schools, employers = list(schools), list(employers)
    orgs: list[School | Employer] = [*schools, *employers]
    for org in orgs:
        if org.hub_id != campaign.hub_id:
            raise EncounterError(f"{org} is not in {campaign.hub}.")
    already_s = set(
        campaign.invitations.filter(school__isnull=False).values_list("school_id", flat=True)
    )
    already_e = set(
        campaign.invitations.filter(employer__isnull=False).values_list("employer_id", flat=True)
    )
    new = [
        CampaignInvitation(campaign=campaign, school=s, invited_by=by)
        for s in schools
        if s.pk not in already_s
    ] + [
        CampaignInvitation(campaign=campaign, employer=e, invited_by=by)
        for e in employers
        if e.pk not in already_e
    ]
    CampaignInvitation.objects.bulk_create(new)
    if new:
        ids = [int(i.school_id or i.employer_id or 0) for i in new]
        kinds = ["school" if i.school_id else "employer" for i in new]
        notifications.after_commit_invitations(campaign.pk, list(zip(kinds, ids, strict=True)))
    return len(new)


@transaction.atomic
def request_save(
    *,
    campaign: Campaign,
    school: School,
    by: Any,
    classes: Sequence[ClassLike],
    slots: Sequence[str],
    can_host: bool = False,
    host_pupils: int | None = None,
    online_ok: bool = True,
    hopes: str = "",
    sectors_wanted: Sequence[str] = (),
    today: date | None = None,
) -> SchoolRequest:
    """Create or replace a school's request to a campaign."""
    campaign = _locked_campaign(campaign)
    _refuse_unless(campaign, "request")
    if not campaign.accepts_requests(_today(today)):
        raise EncounterError(f"{campaign} is not taking requests now; ask your hub facilitator.")
    if school.hub_id != campaign.hub_id:
        raise EncounterError(f"{school} is not in {campaign.hub}.")
    specs = _check_classes(classes)
    valid = {key for key, _ in scheduling.campaign_slots(campaign.starts_on, campaign.ends_on)}
    if not slots:
        raise EncounterError("Choose at least one half-day when your classes could take part.")
    if any(s not in valid for s in slots):
        raise EncounterError("Choose half-days within the campaign's dates.")
    if can_host and not host_pupils:
        raise EncounterError("Say how many pupils your hall can hold, so visiting classes fit.")
    request, _ = SchoolRequest.objects.update_or_create(
        campaign=campaign,
        school=school,
        defaults={
            "slots": sorted(set(slots)),
            "can_host": can_host,
            "host_pupils": host_pupils if can_host else None,
            "online_ok": online_ok,
            "hopes": hopes.strip(),
            "sectors_wanted": [s for s in sectors_wanted if s in SECTORS],
            "submitted_by": by,
        },
    )
    request.classes.all().delete()
    RequestClass.objects.bulk_create(
        RequestClass(request=request, name=c.name, year_group=c.year_group, pupils=c.pupils)
        for c in specs
    )
    return request


# --- Events -----------------------------------------------------------------------------------


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
    employers = list(employers) or list({o.employer_id: o.employer for o in offers}.values())
    if campaign is not None:
        campaign = _locked_campaign(campaign)
        _refuse_unless(campaign, "add_event")
    _check_plan(hub, campaign, plan, offers, employers, volunteers)
    event = Event.objects.create(
        hub=hub,
        campaign=campaign,
        kind=plan.kind,
        title=plan.title,
        description=plan.description,
        host_school=plan.host_school,
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
    EventVolunteer.objects.bulk_create(EventVolunteer(event=event, volunteer=v) for v in volunteers)
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
        notifications.after_commit_event(event.pk, "changed")
    for booking_id in promoted:
        notifications.after_commit_booking(booking_id, "promoted")
    return event


@transaction.atomic
def event_cancel(*, event: Event, by: Any, reason: str = "") -> Event:
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
    notifications.after_commit_event(event.pk, "cancelled", booking_ids=live)
    return event


@transaction.atomic
def timetable_set_rotation(
    *, event: Event, by: Any, round_minutes: int = 20, changeover_minutes: int = 5
) -> int:
    """Write the rotation timetable for a rotation event's booked classes; returns rounds."""
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


# --- Bookings ---------------------------------------------------------------------------------


def _describe_places(n: int, unit: str) -> str:
    noun = "pupil" if unit == Event.Unit.PUPILS else "class"
    plural = noun + ("es" if noun == "class" else "s")
    return f"{n} {noun if n == 1 else plural}"


@transaction.atomic
def booking_create(
    *,
    event: Event,
    school: School,
    classes: Sequence[ClassLike],
    by: Any,
    join_waiting_list: bool = False,
    request: SchoolRequest | None = None,
    today: date | None = None,
    supervised_by_staff: bool = False,
) -> Booking:
    """Book `classes` of `school` on `event`, or put them on its waiting list.

    If a volunteer at the event has no verified safeguarding check covering its day, only a
    special (one-off) event can be booked, and only with `supervised_by_staff`: the school's
    promise that its staff stay with the visitors at all times.

    `classes` are anything with name, year_group and pupils (ClassSpec, RequestClass, a form's
    cleaned rows). Raises EventFull when the places are not there (with `waiting_list` telling
    whether the caller may retry with join_waiting_list=True) and EncounterError for any other
    broken rule. Emails the school and the volunteers after the transaction commits.
    """
    day = _today(today)
    specs = _check_classes(classes)
    # The lock makes concurrent bookings of this event queue here, so the check below is true
    # when we write (PostgreSQL); SQLite serialises writers anyway.
    locked = (
        Event.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=event.pk)
    )
    if locked.is_cancelled:
        raise EncounterError("This event has been cancelled.")
    if locked.date < day:
        raise EncounterError("This event has already happened.")
    if locked.campaign is not None and not locked.campaign.accepts_bookings(day):
        raise EncounterError(
            f"Bookings for {locked.campaign} have closed; ask your hub facilitator about a place."
        )
    if school.hub_id != locked.hub_id:
        raise EncounterError(f"{school} is not in the hub running this event.")
    if request is not None and (
        request.school_id != school.pk or request.campaign_id != locked.campaign_id
    ):
        raise EncounterError("That request belongs to another school or campaign.")
    wrong_year = [c for c in specs if c.year_group not in locked.year_groups]
    if wrong_year:
        raise EncounterError(
            f"{locked.title} is for {scheduling.describe_year_groups(locked.year_groups)}; "
            f"{wrong_year[0].name} (Year {wrong_year[0].year_group}) cannot book it."
        )
    event_volunteers = list(Volunteer.objects.filter(encounter_events=locked))
    _check_availability(
        locked.date,
        locked.starts_at,
        event_volunteers,
        Offer.objects.filter(eventemployer__event=locked),
    )
    unchecked = volunteers_without_check(locked.date, event_volunteers)
    if unchecked and locked.kind != Event.Kind.SPECIAL:
        raise EncounterError(
            f"{unchecked[0]}'s safeguarding check does not cover {locked.date:%-d %B %Y}; "
            "the hub needs to record a new check or change the volunteer before schools book."
        )
    if unchecked and not supervised_by_staff:
        names = ", ".join(v.display_name for v in unchecked)
        raise EncounterError(
            f"{names} will come without a verified safeguarding check. Book only if your staff "
            "will stay with them at all times, and tick the box to say so."
        )
    if Booking.objects.filter(event=locked, school=school, status__in=Booking.LIVE).exists():
        raise EncounterError(
            f"{school} already has a booking for this event; cancel it to book different classes."
        )
    places = capacity_rules.places_needed([c.pupils for c in specs], locked.capacity_unit)
    if places > locked.capacity:
        raise EncounterError(
            f"This event takes at most {_describe_places(locked.capacity, locked.capacity_unit)}; "
            f"you asked for {_describe_places(places, locked.capacity_unit)}."
        )
    now = timezone.now()
    # Conditional increment: succeeds only while the places are still free.
    taken = Event.objects.filter(pk=locked.pk, places_booked__lte=F("capacity") - places).update(
        places_booked=F("places_booked") + places
    )
    if taken:
        status = Booking.Status.CONFIRMED
    elif join_waiting_list and locked.waiting_list_open:
        status = Booking.Status.WAITING
    else:
        locked.refresh_from_db(fields=["places_booked"])
        left = locked.places_left
        message = (
            "This event is full — join the waiting list and we will email you if a place frees up."
            if left == 0
            else f"Only {_describe_places(left, locked.capacity_unit)} left — book fewer classes "
            "or join the waiting list."
        )
        if not locked.waiting_list_open:
            message = message.split(" — ")[0] + "."
        raise EventFull(message, places_left=left, waiting_list=locked.waiting_list_open)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                event=locked,
                school=school,
                request=request,
                status=status,
                places=places,
                pupils=sum(c.pupils for c in specs),
                booked_by=by,
                confirmed_at=now if status == Booking.Status.CONFIRMED else None,
                supervised_by_staff=bool(unchecked),
            )
    except IntegrityError as exc:  # a simultaneous booking by the same school
        raise EncounterError(f"{school} already has a booking for this event.") from exc
    BookingClass.objects.bulk_create(
        BookingClass(booking=booking, name=c.name, year_group=c.year_group, pupils=c.pupils)
        for c in specs
    )
    notifications.after_commit_booking(booking.pk, status)
    return booking


def _promote_waiting(event: Event) -> list[int]:
    """Confirm waiting bookings that now fit, in queue order. Caller holds the event lock."""
    event.refresh_from_db(fields=["places_booked", "capacity"])
    waiting = list(
        event.bookings.filter(status=Booking.Status.WAITING)
        .order_by("created_at", "pk")
        .values_list("pk", "places")
    )
    chosen = capacity_rules.promotable(waiting, event.places_left)
    if not chosen:
        return []
    places = sum(p for pk, p in waiting if pk in set(chosen))
    Event.objects.filter(pk=event.pk).update(places_booked=F("places_booked") + places)
    Booking.objects.filter(pk__in=chosen).update(
        status=Booking.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    return chosen


@transaction.atomic
def booking_cancel(
    *, booking: Booking, by: Any, reason: str = "", today: date | None = None
) -> list[int]:
    """Cancel a booking (or leave the waiting list); returns the ids of bookings promoted."""
    event = Event.objects.select_for_update().get(pk=booking.event_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not booking.is_live:
        raise EncounterError("This booking is already cancelled.")
    if event.date < _today(today):
        raise EncounterError(
            "This event has happened; record that the class did not attend instead."
        )
    was_confirmed = booking.status == Booking.Status.CONFIRMED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = by
    booking.cancel_reason = reason[:300]
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    promoted: list[int] = []
    if was_confirmed:
        Event.objects.filter(pk=event.pk).update(places_booked=F("places_booked") - booking.places)
        promoted = _promote_waiting(event)
    notifications.after_commit_booking(booking.pk, "cancelled")
    for booking_id in promoted:
        notifications.after_commit_booking(booking_id, "promoted")
    return promoted


@transaction.atomic
def booking_mark_no_show(*, booking: Booking, by: Any, today: date | None = None) -> Booking:
    """Record that a booked school did not come. Its places stay counted: they were held."""
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("event").get(pk=booking.pk)
    )
    if booking.status != Booking.Status.CONFIRMED:
        raise EncounterError("Only a confirmed booking can be marked as not attended.")
    if booking.event.date > _today(today):
        raise EncounterError("The event has not happened yet; cancel the booking instead.")
    if booking.attendance_recorded_at:
        raise EncounterError("Attendance has been recorded for this booking.")
    booking.status = Booking.Status.NO_SHOW
    booking.save(update_fields=["status"])
    return booking


# --- Attendance and feedback ------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteSpec:
    text: str
    year_group: int | None = None
    consent: bool = False


@transaction.atomic
def attendance_record(
    *,
    booking: Booking,
    by: Any,
    attended: dict[int, int],
    rating: int | None = None,
    comments: str = "",
    quotes: Sequence[QuoteSpec] = (),
    today: date | None = None,
) -> Booking:
    """Record pupils who took part, per booked class ({booking_class_id: pupils}), with the
    teacher's rating, comments and children's quotes. Recording again replaces the figures."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("event", "school")
        .get(pk=booking.pk)
    )
    event = booking.event
    if booking.status != Booking.Status.CONFIRMED:
        raise EncounterError("Attendance can only be recorded for a confirmed booking.")
    if event.date > _today(today):
        raise EncounterError(
            f"{event.title} is on {event.date.day} {event.date:%B %Y}, which has not come yet. "
            "Record attendance on or after the day of the event."
        )
    classes = list(booking.classes.all())
    if set(attended) != {c.pk for c in classes}:
        raise EncounterError("Give the number of pupils who took part for every class.")
    for c in classes:
        n = attended[c.pk]
        if n < 0:
            raise EncounterError(f"{c.name}: the number of pupils cannot be negative.")
        if n > c.pupils:
            raise EncounterError(
                f"{c.name}: {n} pupils is more than the {c.pupils} booked; "
                "enter at most the number booked."
            )
    if rating is not None and not 1 <= rating <= 5:
        raise EncounterError("Choose a rating from 1 to 5.")
    for c in classes:
        Attendance.objects.update_or_create(
            booking_class=c,
            defaults={
                "booking": booking,
                "event": event,
                "school_id": booking.school_id,
                "hub_id": event.hub_id,
                "campaign_id": event.campaign_id,
                "host_school_id": None if event.is_online else event.host_school_id,
                "date": event.date,
                "online": event.is_online,
                "year_group": c.year_group,
                "class_name": c.name,
                "booked_pupils": c.pupils,
                "pupils": attended[c.pk],
                "high_fsm": booking.school.fsm_band == "high",
                "recorded_by": by,
            },
        )
    booking.attendance_recorded_at = timezone.now()
    booking.save(update_fields=["attendance_recorded_at"])
    total = Attendance.objects.filter(event=event).aggregate(n=Sum("pupils"))["n"] or 0
    Event.objects.filter(pk=event.pk).update(pupils_attended=total)
    if rating is not None:
        TeacherFeedback.objects.update_or_create(
            booking=booking,
            defaults={"rating": rating, "comments": comments.strip(), "created_by": by},
        )
    ChildQuote.objects.bulk_create(
        ChildQuote(
            booking=booking,
            event=event,
            text=q.text.strip()[:300],
            year_group=q.year_group,
            consent=q.consent,
            created_by=by,
        )
        for q in quotes
        if q.text.strip()
    )
    return booking


@transaction.atomic
def volunteer_feedback_save(
    *,
    event: Event,
    volunteer: Volunteer,
    rating: int,
    went_well: str = "",
    improve: str = "",
    today: date | None = None,
) -> VolunteerFeedback:
    if not event.event_volunteers.filter(volunteer=volunteer).exists():
        raise EncounterError("Only volunteers who took part can leave feedback.")
    if event.date > _today(today):
        raise EncounterError("Leave feedback after the event.")
    if not 1 <= rating <= 5:
        raise EncounterError("Choose a rating from 1 to 5.")
    feedback, _ = VolunteerFeedback.objects.update_or_create(
        event=event,
        volunteer=volunteer,
        defaults={"rating": rating, "went_well": went_well.strip(), "improve": improve.strip()},
    )
    return feedback


# --- Reminders --------------------------------------------------------------------------------


def reminders_send(*, day: date) -> int:
    """Email a reminder for every scheduled event on `day` not yet reminded; returns how many.

    Idempotent, also when two workers run at once: an event is claimed by setting
    `reminder_sent_at` with a conditional UPDATE before its emails go.
    """
    sent = 0
    candidates = Event.objects.filter(
        date=day, status=Event.Status.SCHEDULED, reminder_sent_at__isnull=True
    ).values_list("pk", flat=True)
    for event_id in list(candidates):
        claimed = Event.objects.filter(pk=event_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if claimed:
            notifications.send_event_emails(event_id, "reminder")
            sent += 1
    return sent


def can_create_offers_for(user: Any) -> list[Employer]:
    """Employers whose offers this user may create: coordinators and volunteers of an employer
    (volunteers then edit only the offers they created), platform admins any."""
    if permissions.is_platform_admin(user):
        return list(Employer.objects.all())
    return list(Employer.objects.filter(pk__in=permissions.employer_ids_for(user)))
