"""Reads for allocation, scoped to the facilitator's hub through the encounters selectors."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from horizons.accounts.permissions import AnyUser
from horizons.allocation import campaign_problem as cp
from horizons.allocation.engine.map_svg import MapShapes, project
from horizons.allocation.models import AllocationDecision, AllocationRun, HostingChoice
from horizons.encounters import scheduling
from horizons.encounters import selectors as encounter_selectors
from horizons.encounters.models import Booking, Campaign, Event, RequestClass, SchoolRequest


def slot_label(slot: str) -> str:
    """``2027-03-02 AM`` → ``Tuesday 2 March, morning``."""
    key = cp.campaign_key(slot)
    day, half = scheduling.parse_date_slot(key)
    return f"{scheduling.describe_day(day)}, {scheduling.HALF_NAMES[half]}"


def campaigns_for_allocation(user: AnyUser) -> QuerySet[Campaign]:
    return encounter_selectors.campaigns_managed_by(user).exclude(status=Campaign.Status.DRAFT)


def run_for(user: AnyUser, pk: int) -> AllocationRun:
    try:
        run = AllocationRun.objects.select_related("campaign__hub").get(pk=pk)
    except AllocationRun.DoesNotExist as exc:
        raise Http404("Not found") from exc
    # Raises 404 unless the user manages the campaign's hub.
    encounter_selectors.campaign_for_managing(user, run.campaign_id)
    return run


def decisions_for(campaign: Campaign) -> list[AllocationDecision]:
    return list(
        AllocationDecision.objects.filter(campaign=campaign).select_related(
            "volunteer__employer", "request_class__request__school"
        )
    )


def hosting_choices_for(campaign: Campaign) -> list[HostingChoice]:
    """The facilitator's hosting choices, each with `slot_labels` for its half-days."""
    labels = dict(scheduling.campaign_slots(campaign.starts_on, campaign.ends_on))
    choices = list(HostingChoice.objects.filter(campaign=campaign).select_related("school", "host"))
    for choice in choices:
        choice.slot_labels = [labels.get(k, k) for k in choice.slots]  # type: ignore[attr-defined]
    return choices


def hosting_lists(campaign: Campaign) -> dict[str, list[tuple[str, str]]]:
    """The schools, host schools and half-days the hosting forms offer (values are pks/keys)."""
    requests = list(
        SchoolRequest.objects.filter(campaign=campaign)
        .select_related("school")
        .order_by("school__name")
    )
    return {
        "schools": [(str(r.school_id), r.school.name) for r in requests if not r.can_host],
        "hosts": [
            (str(r.school_id), f"{r.school.name} (hall: {r.host_pupils or '?'} pupils)")
            for r in requests
            if r.can_host
        ],
        "slots": scheduling.campaign_slots(campaign.starts_on, campaign.ends_on),
    }


def review(run: AllocationRun) -> dict[str, Any]:
    """Everything the review page shows, worked out from the run's stored problem and plan."""
    problem, result = run.problem, run.result
    schools = {s["id"]: s for s in problem.get("schools", [])}
    class_info = {c["id"]: (s, c) for s in schools.values() for c in s["classes"]}
    volunteers = {v["id"]: v for v in problem.get("volunteers", [])}
    decisions = {
        (cp.volunteer_id(d.volunteer_id), cp.class_id(d.request_class_id), cp.slot_id(d.slot)): d
        for d in AllocationDecision.objects.filter(campaign=run.campaign)
    }
    rows = []
    for assignment, reason in zip(
        result.get("assignments", []), result.get("reasons", []), strict=False
    ):
        school, klass = class_info[assignment["class"]]
        volunteer = volunteers[assignment["volunteer"]]
        decision = decisions.get((assignment["volunteer"], assignment["class"], assignment["slot"]))
        rows.append(
            {
                "school": school,
                "school_pk": cp.pk_of(school["id"]),
                "class": klass,
                "volunteer": volunteer,
                "slot": assignment["slot"],
                "slot_label": slot_label(assignment["slot"]),
                "online": assignment.get("mode") == "online",
                "km": assignment.get("km", 0),
                "reason": reason,
                "locked": decision is not None and decision.kind == AllocationDecision.Kind.LOCK,
            }
        )
    rows.sort(key=lambda r: (r["school"]["name"], r["class"]["name"], r["slot"]))
    unmatched = []
    for item in result.get("unmatched", []):
        if item["kind"] == "class" and item["id"] in class_info:
            school, klass = class_info[item["id"]]
            unmatched.append(
                {"what": f"{klass['name']} (Year {klass['year']}), {school['name']}", **item}
            )
        elif item["kind"] == "volunteer" and item["id"] in volunteers:
            v = volunteers[item["id"]]
            unmatched.append({"what": f"{v['name']}, {v['role']} at {v['employer']}", **item})
    return {
        "rows": rows,
        "wishes": wishes_by_school(problem, result),
        "hosting": hosting_in(problem),
        "unmatched_classes": [u for u in unmatched if u["kind"] == "class"],
        "unused_volunteers": [u for u in unmatched if u["kind"] == "volunteer"],
        "figures": result.get("figures", {}),
        "greedy": result.get("greedy", {}),
        "map": plan_map(problem, result),
        "slots": [(s, slot_label(s)) for s in problem.get("slots", [])],
        "classes": sorted(
            (
                (cid, f"{s['name']}: {c['name']} (Year {c['year']})")
                for cid, (s, c) in class_info.items()
            ),
            key=lambda pair: pair[1],
        ),
        "volunteers": sorted(
            ((vid, f"{v['name']}, {v['role']} ({v['employer']})") for vid, v in volunteers.items()),
            key=lambda pair: pair[1],
        ),
    }


def hosting_in(problem: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's rotation events: each host, the schools that come to it, and its half-days."""
    names = {s["id"]: s["name"] for s in problem.get("schools", [])}
    visitors: dict[str, list[str]] = defaultdict(list)
    for s in problem.get("schools", []):
        if s.get("host"):
            visitors[s["host"]].append(s["name"])
    days: dict[str, list[str]] = defaultdict(list)
    for r in problem.get("rotations", []):
        days[r["host"]].append(slot_label(r["slot"]))
    return [
        {"host": names.get(h, h), "visitors": sorted(visitors.get(h, [])), "slots": slots}
        for h, slots in days.items()
    ]


def wishes_by_school(problem: dict[str, Any], result: dict[str, Any]) -> list[dict[str, Any]]:
    """What each school asked for, met or not and why, schools in the problem's order."""
    names = {s["id"]: s["name"] for s in problem.get("schools", [])}
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in result.get("wishes", []):
        if item.get("school") in names:
            groups.setdefault(item["school"], []).append(item)
    return [
        {
            "school_id": sid,
            "school_pk": cp.pk_of(sid),
            "name": names[sid],
            "wishes": items,
            "met": sum(1 for i in items if i["met"]),
        }
        for sid, items in groups.items()
    ]


def school_review(run: AllocationRun, school_pk: int) -> dict[str, Any]:
    data = review(run)
    sid = cp.school_id(school_pk)
    school = next((s for s in run.problem.get("schools", []) if s["id"] == sid), None)
    if school is None:
        raise Http404("That school is not in this campaign")
    by_class: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in data["rows"]:
        if row["school"]["id"] == sid:
            by_class[row["class"]["id"]].append(row)
    unmatched = {u["id"]: u for u in data["unmatched_classes"]}
    return {
        "school": school,
        "classes": [
            {"class": c, "rows": by_class.get(c["id"], []), "unmatched": unmatched.get(c["id"])}
            for c in school["classes"]
        ],
        "sectors": sorted({r["volunteer"]["sector"] for rows in by_class.values() for r in rows}),
        "wishes": next((w["wishes"] for w in data["wishes"] if w["school_id"] == sid), []),
    }


def plan_map(problem: dict[str, Any], result: dict[str, Any]) -> MapShapes:
    reached_schools = set()
    school_of_class = {c["id"]: s["id"] for s in problem.get("schools", []) for c in s["classes"]}
    # In person, a visiting school's classes meet their volunteers at the host school.
    venue_of = {s["id"]: s.get("host") or s["id"] for s in problem.get("schools", [])}
    links: list[tuple[str, str]] = []
    used: set[str] = set()
    for a in result.get("assignments", []):
        sid = school_of_class[a["class"]]
        reached_schools.add(sid)
        used.add(a["volunteer"])
        if a.get("mode") != "online":
            links.append((a["volunteer"], venue_of[sid]))
    places: dict[str, tuple[float, float, str, str]] = {}
    for s in problem.get("schools", []):
        kind = "school-reached" if s["id"] in reached_schools else "school-unreached"
        places[s["id"]] = (s["lat"], s["lon"], s["name"], kind)
    for v in problem.get("volunteers", []):
        if v["id"] in used:
            places[v["id"]] = (v["lat"], v["lon"], f"{v['name']} ({v['employer']})", "volunteer")
    return project(places, sorted(set(links)))


def published_sessions(campaign: Campaign) -> dict[tuple[str, str, str], str]:
    """(volunteer id, class id, slot) → event title, for every live booking of a request's
    class at a scheduled event of the campaign (what publishing, or a facilitator, booked)."""
    classes = RequestClass.objects.filter(request__campaign=campaign).select_related("request")
    class_ids = {cp.class_key(c.request.school_id, c.name): cp.class_id(c.pk) for c in classes}
    events = (
        Event.objects.filter(campaign=campaign, status=Event.Status.SCHEDULED)
        .prefetch_related("volunteers")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(status__in=Booking.LIVE).prefetch_related(
                    "classes"
                ),
            )
        )
    )
    out: dict[tuple[str, str, str], str] = {}
    for event in events:
        slots = [
            cp.slot_id(scheduling.date_slot(event.date, half))
            for half in cp.event_halves(event.starts_at, event.ends_at)
        ]
        for booking in event.bookings.all():
            for booked in booking.classes.all():
                cid = class_ids.get(cp.class_key(booking.school_id, booked.name))
                if cid is None:
                    continue
                for volunteer in event.volunteers.all():
                    for slot in slots:
                        out[(cp.volunteer_id(volunteer.pk), cid, slot)] = event.title
    return out


def published_runs(campaign: Campaign) -> list[AllocationRun]:
    return list(
        AllocationRun.objects.filter(
            campaign=campaign, status=AllocationRun.Status.PUBLISHED
        ).order_by("published_at")
    )


def plan_changes(run: AllocationRun) -> dict[str, Any]:
    """What publishing this plan would change against what is already published.

    `kept`: published sessions, which stay as they are (publishing never cancels one);
    `added`: the plan's sessions not yet published; `clashes`: the plan's sessions that would
    put a class or volunteer in a half-day they are already booked (the plan was made before
    those bookings; make it again)."""
    published = published_sessions(run.campaign)
    class_busy = {(c, s): t for (_v, c, s), t in published.items()}
    volunteer_busy = {(v, s): t for (v, _c, s), t in published.items()}
    added: list[dict[str, Any]] = []
    clashes: list[dict[str, Any]] = []
    in_plan: set[tuple[str, str, str]] = set()
    for a in run.result.get("assignments", []):
        triple = (a["volunteer"], a["class"], a["slot"])
        if triple in published:
            in_plan.add(triple)
            continue
        other = class_busy.get((a["class"], a["slot"])) or volunteer_busy.get(
            (a["volunteer"], a["slot"])
        )
        (clashes if other else added).append({**a, "other": other or ""})
    return {
        "published": len(published),
        "kept": len(published),
        "already_in_plan": len(in_plan),
        "added": added,
        "clashes": clashes,
        "removed": 0,
    }
