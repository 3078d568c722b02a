"""Writes for allocation: start a run, lock or veto pairings, steer hosting, publish a plan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from horizons.allocation import campaign_problem as cp
from horizons.allocation import selectors
from horizons.allocation.models import AllocationDecision, AllocationRun, HostingChoice
from horizons.encounters import lifecycle, scheduling
from horizons.encounters import services as encounters
from horizons.encounters.models import Booking, Campaign, Event, RequestClass, SchoolRequest
from horizons.organisations.models import School, Volunteer

# When a published session happens within its half-day.
SESSION_TIMES = {"am": (time(9, 30), time(10, 30)), "pm": (time(13, 30), time(14, 30))}
# Rounds at a host school fill the half-day.
ROTATION_TIMES = {"am": (time(9, 15), time(11, 45)), "pm": (time(13, 0), time(15, 0))}


class AllocationError(Exception):
    """Something a facilitator can put right; the message says how."""


@transaction.atomic
def run_start(
    *,
    campaign: Campaign,
    by: Any,
    max_sessions: int = 3,
    max_encounters_per_class: int = 2,
    time_limit_seconds: int = 20,
    rotation_rounds: int = 0,
) -> AllocationRun:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    reason = lifecycle.refusal(campaign.status, "allocate")
    if reason:
        raise AllocationError(reason)
    problem = cp.build_problem(
        campaign,
        max_sessions=max_sessions,
        max_encounters_per_class=max_encounters_per_class,
        rotation_rounds=rotation_rounds,
    )
    run = AllocationRun.objects.create(
        campaign=campaign,
        created_by=by,
        max_sessions=max_sessions,
        max_encounters_per_class=max_encounters_per_class,
        time_limit_seconds=time_limit_seconds,
        problem=problem,
        progress="Waiting for a worker to start",
    )
    from horizons.allocation.tasks import run_allocation

    # Enqueued inside the transaction: with the database task backend the task row commits
    # together with the run, so a worker never sees one without the other.
    run_allocation.enqueue(run.pk)
    return run


@transaction.atomic
def decision_set(
    *,
    campaign: Campaign,
    by: Any,
    kind: str,
    volunteer: Volunteer,
    request_class: RequestClass,
    slot: str,
) -> AllocationDecision:
    """Lock a pairing into every future plan, or veto it. Replaces an earlier decision."""
    if kind not in AllocationDecision.Kind.values:
        raise AllocationError("Choose keep or never.")
    if request_class.request.campaign_id != campaign.pk:
        raise AllocationError("That class did not ask to take part in this campaign.")
    if cp.campaign_key(slot) not in {
        k for k, _ in scheduling.campaign_slots(campaign.starts_on, campaign.ends_on)
    }:
        raise AllocationError(f"{slot} is not a half-day of {campaign}.")
    decision, _ = AllocationDecision.objects.update_or_create(
        campaign=campaign,
        volunteer=volunteer,
        request_class=request_class,
        slot=cp.campaign_key(slot),
        defaults={"kind": kind, "created_by": by},
    )
    return decision


@transaction.atomic
def decision_remove(*, decision: AllocationDecision) -> None:
    decision.delete()


def _host_requests(campaign: Campaign) -> dict[int, SchoolRequest]:
    return {
        r.school_id: r
        for r in SchoolRequest.objects.filter(campaign=campaign, can_host=True).select_related(
            "school"
        )
    }


def _booked_at(campaign: Campaign, host: School) -> dict[str, tuple[int, int]]:
    """Classes and pupils already booked into the host's events in the campaign, by half-day."""
    out: dict[str, tuple[int, int]] = {}
    bookings = Booking.objects.filter(
        event__campaign=campaign,
        event__host_school=host,
        event__status=Event.Status.SCHEDULED,
        status__in=Booking.LIVE,
    ).prefetch_related("classes")
    for b in bookings.select_related("event"):
        key = scheduling.date_slot(b.event.date, scheduling.half_of(b.event.starts_at))
        classes, pupils = out.get(key, (0, 0))
        out[key] = (classes + max(1, len(b.classes.all())), pupils + b.pupils)
    return out


@transaction.atomic
def hosting_choice_set(
    *,
    campaign: Campaign,
    by: Any,
    kind: str,
    school: School,
    host: School | None = None,
    slots: Sequence[str] = (),
    max_classes: int | None = None,
    max_pupils: int | None = None,
) -> HostingChoice:
    """Steer rotation events for every later plan: send a school to a host (or keep it at home),
    choose a host's days, or cap a host's hall. Replaces the same kind of steer for the school."""
    if kind not in HostingChoice.Kind.values:
        raise AllocationError("Choose what to change: send a school, a host's days or a hall cap.")
    if not SchoolRequest.objects.filter(campaign=campaign, school=school).exists():
        raise AllocationError(f"{school} did not ask to take part in this campaign.")
    hosts = _host_requests(campaign)
    names = ", ".join(sorted(r.school.name for r in hosts.values())) or "none yet"
    fields: dict[str, Any] = {"host": None, "slots": [], "max_classes": None, "max_pupils": None}
    if kind == HostingChoice.Kind.MOVE:
        if school.pk in hosts:
            raise AllocationError(f"{school} is a host school: other schools come to it.")
        if host is not None and host.pk not in hosts:
            raise AllocationError(
                f"{host} did not offer to host in this campaign. Host schools: {names}."
            )
        fields["host"] = host
    elif school.pk not in hosts:
        raise AllocationError(
            f"{school} did not offer to host in this campaign. Host schools: {names}."
        )
    elif kind == HostingChoice.Kind.DAYS:
        valid = dict(scheduling.campaign_slots(campaign.starts_on, campaign.ends_on))
        if not slots:
            raise AllocationError("Choose at least one half-day for the rotation event.")
        outside = [s for s in slots if s not in valid]
        if outside:
            first, last = campaign.starts_on, campaign.ends_on
            raise AllocationError(
                f"Choose half-days within the campaign ({scheduling.describe_day(first)} to "
                f"{scheduling.describe_day(last)}); {', '.join(outside)} is not one of them."
            )
        fields["slots"] = sorted(set(slots))
    else:
        if not max_classes and not max_pupils:
            raise AllocationError("Give the most classes or the most pupils the hall takes.")
        for key, (classes, pupils) in sorted(_booked_at(campaign, school).items()):
            if (max_classes and max_classes < classes) or (max_pupils and max_pupils < pupils):
                day, half = scheduling.parse_date_slot(key)
                raise AllocationError(
                    f"{school} already has {classes} class{'es' if classes != 1 else ''} "
                    f"({pupils} pupils) booked on {scheduling.describe_day(day)}, "
                    f"{scheduling.HALF_NAMES[half]}: set a cap of at least that, or cancel "
                    "bookings first."
                )
        fields["max_classes"], fields["max_pupils"] = max_classes or None, max_pupils or None
    choice, _ = HostingChoice.objects.update_or_create(
        campaign=campaign, kind=kind, school=school, defaults={**fields, "created_by": by}
    )
    return choice


@transaction.atomic
def hosting_choice_remove(*, choice: HostingChoice) -> None:
    choice.delete()


def _session_plan(
    kind: str,
    title: str,
    key: str,
    capacity: int,
    years: set[int],
    rounds: bool = False,
    **extra: Any,
) -> encounters.EventPlan:
    day, half = scheduling.parse_date_slot(key)
    starts, ends = (ROTATION_TIMES if rounds else SESSION_TIMES)[half]
    return encounters.EventPlan(
        kind=kind,
        title=title[:150],
        date=day,
        starts_at=starts,
        ends_at=ends,
        capacity=capacity,
        year_groups=tuple(sorted(years)),
        **extra,
    )


def _publish_rotation(
    campaign: Campaign,
    by: Any,
    host: School,
    slot: str,
    pairings: list[dict[str, Any]],
    classes: dict[str, RequestClass],
    volunteers: dict[str, Volunteer],
) -> Event:
    """One event at a host school in a half-day: every class there, every volunteer, and the
    timetable of rounds."""
    met = sorted({a["class"] for a in pairings}, key=lambda c: (classes[c].request.school.name, c))
    people = sorted({a["volunteer"] for a in pairings})
    timetable = [
        f"Round {a.get('round') or 1}: {volunteers[a['volunteer']].first_name} "
        f"({volunteers[a['volunteer']].job_title}, {volunteers[a['volunteer']].employer}) "
        f"with {classes[a['class']].request.school.name} {classes[a['class']].name}"
        for a in sorted(pairings, key=lambda a: (a.get("round") or 1, a["volunteer"]))
    ]
    employers = sorted({volunteers[v].employer for v in people}, key=lambda e: e.pk)
    # A rotation event has two employers or more; one employer's people meeting the classes
    # in turn is a special event (still timetabled in rounds).
    if len(employers) > 1:
        kind, title = Event.Kind.ROTATION, f"Rotation event at {host.name}"
    else:
        kind, title = Event.Kind.SPECIAL, f"Meet people from {employers[0]} at {host.name}"
    event = encounters.event_create(
        hub=campaign.hub,
        by=by,
        campaign=campaign,
        employers=employers,
        volunteers=[volunteers[v] for v in people],
        plan=_session_plan(
            kind,
            title,
            cp.campaign_key(slot),
            sum(classes[c].pupils for c in met),
            {classes[c].year_group for c in met},
            rounds=True,
            host_school=host,
            location=host.name,
            description="Volunteers move round the classes in turn.\n" + "\n".join(timetable),
        ),
    )
    _book_by_school(event, [classes[c] for c in met], by)
    return event


def _book_by_school(event: Event, joined: list[RequestClass], by: Any) -> None:
    """One booking per school for its classes at the event."""
    by_school: dict[int, list[RequestClass]] = defaultdict(list)
    for c in joined:
        by_school[c.request.school_id].append(c)
    for school_classes in by_school.values():
        request = school_classes[0].request
        encounters.booking_create(
            event=event, school=request.school, classes=school_classes, by=by, request=request
        )


@transaction.atomic
def run_publish(*, run: AllocationRun, by: Any, online_link: str = "") -> list[Event]:
    """Create the plan's events and bookings through the encounters services, all or nothing.

    Each in-person pairing becomes a special event at the class's venue (its school, or the
    host school it goes to), except at a rotation event: all the pairings at a host in that
    half-day become one rotation event with its timetable. Each volunteer's online slot
    becomes one online session that all its classes join. Schools and volunteers get their
    invitations (with calendar files) once everything has been saved.
    """
    run = AllocationRun.objects.select_for_update().select_related("campaign__hub").get(pk=run.pk)
    campaign = run.campaign
    if run.status != AllocationRun.Status.DONE:
        raise AllocationError("Only a finished plan that has not been published can be published.")
    assignments = run.result.get("assignments", [])
    if not assignments:
        raise AllocationError("This plan has no sessions to publish.")
    reason = lifecycle.refusal(
        Campaign.objects.select_for_update().get(pk=campaign.pk).status, "publish"
    )
    if reason:
        raise AllocationError(reason)
    # Publishing is idempotent: what is already booked stays as it is and is not booked again;
    # a plan that would put someone in a half-day they are now booked is refused whole.
    changes = selectors.plan_changes(run)
    if changes["clashes"]:
        first = changes["clashes"][0]
        raise AllocationError(
            f"Nothing was published: {len(changes['clashes'])} session(s) in this plan clash "
            f"with sessions published since it was made (for example {first['slot']}, "
            f"{first['other']}). Make the plan again to plan around them."
        )
    assignments = changes["added"]
    if not assignments:
        raise AllocationError(
            "Everything in this plan is already published; nothing new was booked."
        )
    online = [a for a in assignments if a.get("mode") == "online"]
    if online and not online_link.startswith("https://"):
        raise AllocationError(
            f"{len(online)} session(s) are online: give the joining link (starting https://) first."
        )

    classes = cp.request_classes_by_id(run.problem)
    volunteers = {
        cp.volunteer_id(v.pk): v
        for v in Volunteer.objects.filter(
            pk__in=[cp.pk_of(a["volunteer"]) for a in assignments]
        ).select_related("employer")
    }
    venue_of = {s["id"]: s.get("host") or s["id"] for s in run.problem.get("schools", [])}
    venues = {
        cp.school_id(school.pk): school
        for school in School.objects.filter(pk__in=[cp.pk_of(v) for v in venue_of.values()])
    }
    rotation_slots = {(r["host"], r["slot"]) for r in run.problem.get("rotations", [])}
    at_rotation: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    events: list[Event] = []
    try:
        for a in assignments:
            if a.get("mode") == "online":
                continue
            volunteer, rc = volunteers[a["volunteer"]], classes[a["class"]]
            school = rc.request.school
            venue = venues[venue_of[cp.school_id(school.pk)]]
            if (cp.school_id(venue.pk), a["slot"]) in rotation_slots:
                at_rotation[(cp.school_id(venue.pk), a["slot"])].append(a)
                continue
            event = encounters.event_create(
                hub=campaign.hub,
                by=by,
                campaign=campaign,
                employers=[volunteer.employer],
                volunteers=[volunteer],
                plan=_session_plan(
                    Event.Kind.SPECIAL,
                    f"Meet a {volunteer.job_title.lower()} from {volunteer.employer}",
                    cp.campaign_key(a["slot"]),
                    rc.pupils,
                    {rc.year_group},
                    host_school=venue,
                    location=venue.name,
                ),
            )
            encounters.booking_create(
                event=event, school=school, classes=[rc], by=by, request=rc.request
            )
            events.append(event)

        for (venue_id, slot), pairings in sorted(at_rotation.items()):
            events.append(
                _publish_rotation(
                    campaign, by, venues[venue_id], slot, pairings, classes, volunteers
                )
            )

        sessions: dict[tuple[str, str], list[RequestClass]] = defaultdict(list)
        for a in online:
            sessions[(a["volunteer"], a["slot"])].append(classes[a["class"]])
        for (vid, slot), joined in sessions.items():
            volunteer = volunteers[vid]
            event = encounters.event_create(
                hub=campaign.hub,
                by=by,
                campaign=campaign,
                employers=[volunteer.employer],
                volunteers=[volunteer],
                plan=_session_plan(
                    Event.Kind.ONLINE,
                    f"Online: meet a {volunteer.job_title.lower()} from {volunteer.employer}",
                    cp.campaign_key(slot),
                    sum(c.pupils for c in joined),
                    {c.year_group for c in joined},
                    join_url=online_link,
                    joining_guide="Join from the classroom screen five minutes early. The link opens in the browser.",
                ),
            )
            _book_by_school(event, joined, by)
            events.append(event)
    except encounters.EncounterError as exc:
        raise AllocationError(f"Nothing was published: {exc}") from exc

    run.status = AllocationRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = by
    run.save(update_fields=["status", "published_at", "published_by"])
    return events
