"""Reads for allocation, scoped to the facilitator's hub through the encounters selectors."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from horizons.accounts.permissions import AnyUser
from horizons.allocation import campaign_problem as cp
from horizons.allocation.engine.map_svg import MapShapes, project
from horizons.allocation.models import AllocationDecision, AllocationRun
from horizons.encounters import scheduling
from horizons.encounters import selectors as encounter_selectors
from horizons.encounters.models import Campaign


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
