"""Turn a campaign's requests and its employers' volunteers into the solver's problem JSON.

This is the one Django-aware step before the pure solver: it reads the database and writes
the documented problem format (docs/allocation.md), so a run can be replayed from its JSON.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.db.models import Q

from horizons.allocation.engine import hosting
from horizons.allocation.hopes import wishes_from_request
from horizons.allocation.models import AllocationDecision, HostingChoice
from horizons.core.stereotypes import is_counter_stereotypical
from horizons.encounters import scheduling
from horizons.encounters.models import (
    Booking,
    BookingClass,
    Campaign,
    CampaignInvitation,
    Event,
    EventVolunteer,
    Offer,
    RequestClass,
    SchoolRequest,
)
from horizons.organisations.models import Volunteer
from horizons.organisations.selectors import volunteers_cleared

# When the school's FSM share is unknown, assume the national primary average.
UNKNOWN_FSM = 0.25


def class_id(request_class_pk: int) -> str:
    return f"class-{request_class_pk}"


def volunteer_id(volunteer_pk: int) -> str:
    return f"volunteer-{volunteer_pk}"


def school_id(school_pk: int) -> str:
    return f"school-{school_pk}"


def pk_of(identifier: str) -> int:
    return int(identifier.rsplit("-", 1)[1])


def slot_id(campaign_key: str) -> str:
    """A campaign half-day ``2027-03-02_am`` as the solver's slot id ``2027-03-02 AM``."""
    day, half = scheduling.parse_date_slot(campaign_key)
    return f"{day.isoformat()} {half.upper()}"


def campaign_key(slot: str) -> str:
    """The solver's ``2027-03-02 AM`` back to the campaign's ``2027-03-02_am``."""
    day, _, half = slot.partition(" ")
    return f"{day}_{half.lower()}"


def campaign_volunteers(campaign: Campaign) -> list[Volunteer]:
    """Volunteers at the employers invited to the campaign (or, if none were invited, every
    employer in the hub) holding a verified safeguarding check that lasts the whole campaign.
    Volunteers without one are left out: they may join only one-off visits that school staff
    supervise (organisations/safeguarding.py), never a planned week."""
    invited = CampaignInvitation.objects.filter(campaign=campaign, employer__isnull=False)
    employer_ids = list(invited.values_list("employer_id", flat=True))
    volunteers = volunteers_cleared(
        Volunteer.objects.select_related("employer"),
        on=campaign.starts_on,
        until=campaign.ends_on,
    )
    if employer_ids:
        return list(volunteers.filter(employer_id__in=employer_ids).order_by("pk"))
    return list(volunteers.filter(employer__hub_id=campaign.hub_id).order_by("pk"))


def class_key(school_pk: int, name: str) -> tuple[int, str]:
    """How a request's class is recognised in bookings: its school and its name."""
    return (school_pk, name.strip().casefold())


def event_halves(starts_at: time, ends_at: time) -> list[str]:
    """The half-days ("am", "pm") an event's times overlap; noon divides them."""
    halves = []
    if starts_at < scheduling.NOON:
        halves.append("am")
    if ends_at > scheduling.NOON:
        halves.append("pm")
    return halves


def _describe(row: dict[str, Any]) -> str:
    """``Rotation event at Jarrow, Tue 2 March 09:15–11:00`` for reasons and errors."""
    return (
        f"{row['event__title']}, {row['event__date']:%a} {row['event__date'].day} "
        f"{row['event__date']:%B} {row['event__starts_at']:%H:%M}–{row['event__ends_at']:%H:%M}"
    )


@dataclass
class Reality:
    """What already exists around a campaign: the bookings and events a plan must respect."""

    busy: list[dict[str, str]] = field(default_factory=list)
    prior: Counter[int] = field(default_factory=Counter)  # request class pk → encounters
    met: set[tuple[int, int]] = field(default_factory=set)  # (volunteer pk, request class pk)
    in_campaign: Counter[int] = field(default_factory=Counter)  # class pk → events in its dates


def reality(
    campaign: Campaign, requests: list[SchoolRequest], volunteers: list[Volunteer]
) -> Reality:
    """Every live booking and scheduled event from September to the campaign's last day.

    A class (recognised by its school and name) or volunteer at an event in one of the
    campaign's half-days is busy then; each event a class was booked into or attended this
    school year is one of its prior encounters; a volunteer and a class at the same event have
    met, and are not paired again."""
    first_day, _ = scheduling.academic_year_bounds(scheduling.academic_year_of(campaign.starts_on))
    slot_keys = {k for k, _ in scheduling.campaign_slots(campaign.starts_on, campaign.ends_on)}
    class_pks = {class_key(r.school_id, c.name): c.pk for r in requests for c in r.classes.all()}
    in_year = {
        "event__status": Event.Status.SCHEDULED,
        "event__date__gte": first_day,
        "event__date__lte": campaign.ends_on,
    }
    fields_ = ("event_id", "event__title", "event__date", "event__starts_at", "event__ends_at")
    out = Reality()
    classes_at: dict[int, set[int]] = defaultdict(set)  # event id → request class pks
    booked = (
        BookingClass.objects.filter(
            booking__school_id__in={r.school_id for r in requests},
            **{f"booking__{k}": v for k, v in in_year.items()},
        )
        .filter(Q(booking__status__in=Booking.LIVE) | Q(attendance__isnull=False))
        .values("name", "booking__school_id", *(f"booking__{f}" for f in fields_))
    )
    seen: set[tuple[str, str]] = set()
    for row in booked:
        row = {k.removeprefix("booking__"): v for k, v in row.items()}
        pk = class_pks.get(class_key(row["school_id"], row["name"]))
        if pk is None or pk in classes_at[row["event_id"]]:
            continue
        classes_at[row["event_id"]].add(pk)
        out.prior[pk] += 1
        if campaign.starts_on <= row["event__date"] <= campaign.ends_on:
            out.in_campaign[pk] += 1
        _add_busy(out, seen, slot_keys, "class", class_id(pk), row)
    on_duty = EventVolunteer.objects.filter(volunteer__in=volunteers, **in_year).values(
        "volunteer_id", *fields_
    )
    for row in on_duty:
        for pk in classes_at.get(row["event_id"], ()):
            out.met.add((row["volunteer_id"], pk))
        _add_busy(out, seen, slot_keys, "volunteer", volunteer_id(row["volunteer_id"]), row)
    return out


def _add_busy(
    out: Reality,
    seen: set[tuple[str, str]],
    slot_keys: set[str],
    kind: str,
    who: str,
    row: dict[str, Any],
) -> None:
    for half in event_halves(row["event__starts_at"], row["event__ends_at"]):
        key = scheduling.date_slot(row["event__date"], half)
        if key in slot_keys and (who, key) not in seen:
            seen.add((who, key))
            out.busy.append({kind: who, "slot": slot_id(key), "what": _describe(row)})


def _years_by_volunteer(volunteers: list[Volunteer]) -> dict[int, set[int]]:
    """The year groups each volunteer's published offers serve (all years if they have none)."""
    years: dict[int, set[int]] = {}
    offers = Offer.objects.filter(is_published=True, volunteers__in=volunteers).prefetch_related(
        "volunteers"
    )
    for offer in offers:
        for volunteer in offer.volunteers.all():
            years.setdefault(volunteer.pk, set()).update(offer.year_groups)
    return years


def build_problem(
    campaign: Campaign,
    *,
    max_sessions: int = 3,
    max_encounters_per_class: int = 2,
    rotation_rounds: int = 0,
) -> dict[str, Any]:
    """The campaign as the solver's problem JSON, with the facilitator's locks and vetoes.

    With `rotation_rounds`, schools that can host hold a rotation event on each of their
    half-days with that many rounds, and nearby schools bring their classes (hosting.py).
    """
    slot_keys = [
        key for key, _label in scheduling.campaign_slots(campaign.starts_on, campaign.ends_on)
    ]
    requests = list(
        campaign.requests.select_related("school")
        .prefetch_related("classes")
        .order_by("school__name")
    )
    volunteers = campaign_volunteers(campaign)
    now = reality(campaign, requests, volunteers)
    schools: list[dict[str, Any]] = []
    for request in requests:
        school = request.school
        if school.latitude is None or school.longitude is None:
            continue  # reported as unplaceable by the run's notes
        fsm = (
            float(school.percentage_fsm) / 100 if school.percentage_fsm is not None else UNKNOWN_FSM
        )
        slots = [slot_id(s) for s in request.slots if s in slot_keys]
        wishes = wishes_from_request(request.sectors_wanted or [], request.hopes)
        schools.append(
            {
                "id": school_id(school.pk),
                "name": school.name,
                "lat": school.latitude,
                "lon": school.longitude,
                "fsm": round(fsm, 3),
                "online": request.online_ok,
                "classes": [
                    {
                        "id": class_id(c.pk),
                        "name": c.name,
                        "year": c.year_group,
                        "pupils": c.pupils,
                        "prior_encounters": now.prior[c.pk],
                        "slots": slots,
                    }
                    for c in request.classes.all()
                ],
                **({"wishes": wishes} if wishes else {}),
            }
        )

    rotations = (
        _add_hosts(schools, requests, rotation_rounds, list(campaign.hosting_choices.all()))
        if rotation_rounds
        else []
    )

    years = _years_by_volunteer(volunteers)
    problem_volunteers = []
    for v in volunteers:
        employer = v.employer
        if employer.latitude is None or employer.longitude is None:
            continue
        weekly = set(v.availability)
        problem_volunteers.append(
            {
                "id": volunteer_id(v.pk),
                "name": f"{v.first_name} {v.last_name[:1]}.",
                "role": v.job_title,
                "employer": employer.name,
                "sector": employer.sector,
                "lat": employer.latitude,
                "lon": employer.longitude,
                "radius_km": v.travel_radius_km,
                "online": v.can_present_online,
                "years": sorted(years.get(v.pk) or range(1, 7)),
                "slots": [
                    slot_id(s) for s in slot_keys if scheduling.date_slot_to_weekday(s) in weekly
                ],
                "max_sessions": max_sessions,
                "counter_stereotype": is_counter_stereotypical(v.job_profile_slug, v.gender),
            }
        )

    decisions = AllocationDecision.objects.filter(campaign=campaign)
    triple = lambda d: {  # noqa: E731
        "volunteer": volunteer_id(d.volunteer_id),
        "class": class_id(d.request_class_id),
        "slot": slot_id(d.slot),
    }
    in_problem_classes = {c["id"] for s in schools for c in s["classes"]}
    in_problem_volunteers = {v["id"] for v in problem_volunteers}
    busy = [
        b
        for b in now.busy
        if b.get("class") in in_problem_classes or b.get("volunteer") in in_problem_volunteers
    ]
    # A class that already has the most encounters this campaign allows gets no more.
    for entry in schools:
        for c in entry["classes"]:
            n = now.in_campaign[pk_of(c["id"])]
            if n >= max_encounters_per_class:
                taken = {b["slot"] for b in busy if b.get("class") == c["id"]}
                busy.extend(
                    {
                        "class": c["id"],
                        "slot": slot,
                        "what": f"already meets {n} volunteer{'s' if n != 1 else ''} in "
                        "this campaign, the most for a class",
                    }
                    for slot in c["slots"]
                    if slot not in taken
                )
    busy_triples = {(b.get("volunteer"), b.get("class"), b["slot"]) for b in busy}
    forbidden = [triple(d) for d in decisions if d.kind == AllocationDecision.Kind.FORBID]
    forbidden_set = {(t["volunteer"], t["class"], t["slot"]) for t in forbidden}
    for vpk, cpk in sorted(now.met):
        vid, cid = volunteer_id(vpk), class_id(cpk)
        if vid in in_problem_volunteers and cid in in_problem_classes:
            for key in slot_keys:
                t = {"volunteer": vid, "class": cid, "slot": slot_id(key)}
                if (vid, cid, t["slot"]) not in forbidden_set:
                    forbidden.append(t)
                    forbidden_set.add((vid, cid, t["slot"]))
    # A lock the facilitator set before the class or volunteer was booked elsewhere then
    # would make the problem impossible; the booking wins, and the lock waits.
    locked = [
        t
        for t in (triple(d) for d in decisions if d.kind == AllocationDecision.Kind.LOCK)
        if (None, t["class"], t["slot"]) not in busy_triples
        and (t["volunteer"], None, t["slot"]) not in busy_triples
        and (t["volunteer"], t["class"], t["slot"]) not in forbidden_set
    ]
    return {
        "slots": [slot_id(s) for s in slot_keys],
        "schools": schools,
        "volunteers": problem_volunteers,
        "max_encounters_per_class": max_encounters_per_class,
        "rotations": rotations,
        "locked": locked,
        "forbidden": forbidden,
        "busy": busy,
    }


def _add_hosts(
    schools: list[dict[str, Any]],
    requests: list[Any],
    rounds: int,
    choices: list[HostingChoice] | None = None,
) -> list[dict[str, Any]]:
    """Send visiting schools to host schools (setting their `host`); the rotation events.

    The facilitator's `choices` steer it: a school sent to a host goes there (or stays at home),
    a host's chosen days are the only days of its rotation event (its visitors come on those
    days; a visitor free on none of them stays at home), and a hall cap limits the classes and
    pupils sent to it.
    """
    by_id = {school_id(r.school_id): r for r in requests}
    fixed: dict[str, str | None] = {}
    days: dict[str, set[str]] = {}
    caps: dict[str, HostingChoice] = {}
    for choice in choices or []:
        sid = school_id(choice.school_id)
        if choice.kind == HostingChoice.Kind.MOVE:
            fixed[sid] = school_id(choice.host_id) if choice.host_id else None
        elif choice.kind == HostingChoice.Kind.DAYS:
            days[sid] = {slot_id(k) for k in choice.slots}
        else:
            caps[sid] = choice

    def hall(request: Any, sid: str) -> int | None:
        cap = caps.get(sid)
        given = [p for p in (request.host_pupils, cap and cap.max_pupils) if p]
        return min(given) if given else None

    def slots_of(school: dict[str, Any]) -> set[str]:
        return {slot for k in school["classes"] for slot in k["slots"]}

    sites = [
        hosting.Site(
            id=s["id"],
            lat=s["lat"],
            lon=s["lon"],
            pupils=sum(c["pupils"] for c in s["classes"]),
            can_host=by_id[s["id"]].can_host,
            hall_pupils=hall(by_id[s["id"]], s["id"]),
            classes=len(s["classes"]),
            max_classes=caps[s["id"]].max_classes if s["id"] in caps else None,
        )
        for s in schools
    ]
    host_of = hosting.group_with_hosts(sites, fixed=fixed)

    visited: dict[str, set[str]] = {}  # host → the half-days its visitors are free
    for s in schools:
        host = host_of.get(s["id"])
        if host is None:
            continue
        if host in days:
            on_days = slots_of(s) & days[host]
            if not on_days:
                continue  # free on none of the host's days: visited at home
            for k in s["classes"]:
                k["slots"] = [slot for slot in k["slots"] if slot in on_days]
        s["host"] = host
        visited.setdefault(host, set()).update(slots_of(s))
    return [
        {"host": s["id"], "slot": slot, "rounds": rounds}
        for s in schools
        if s["id"] in visited
        for slot in sorted(slots_of(s) & visited[s["id"]] & days.get(s["id"], visited[s["id"]]))
    ]


def request_classes_by_id(problem: dict[str, Any]) -> dict[str, RequestClass]:
    pks = [pk_of(c["id"]) for s in problem.get("schools", []) for c in s["classes"]]
    return {
        class_id(c.pk): c
        for c in RequestClass.objects.filter(pk__in=pks).select_related("request__school")
    }
