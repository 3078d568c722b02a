"""A Year 6 child's "My Future" record, and a feeder school's summary of them. Pure: no Django.

The record holds only what a secondary school's careers leader needs to build on: the child's
own words about the job they want, the library jobs those words matched, how they rated their
skills before and after the programme, and the encounters their class had. The primary school
chooses which of the three sections to share; a parent's "no" shares nothing at all (the
caller leaves that child out). Nothing else about the child leaves the primary school.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from horizons.reports import suppression

WORDS = "words"
SKILLS = "skills"
ENCOUNTERS = "encounters"
SECTIONS: dict[str, str] = {
    WORDS: "Their words and the jobs they chose",
    SKILLS: "The skills they rated, and what they are good at",
    ENCOUNTERS: "The people from the world of work they met",
}

RATING_WORDS = {1: "Not yet", 2: "A little bit", 3: "Quite good", 4: "Really good"}


@dataclass(frozen=True)
class Answer:
    phase: str  # "pre" or "post"
    item: str
    value: int | None
    text: str = ""
    job_title: str = ""


@dataclass(frozen=True)
class Encounter:
    date: str  # ISO date
    title: str
    employers: tuple[str, ...] = ()


@dataclass
class ChildFacts:
    """What the primary school holds about one child, read by the caller."""

    future_cloud: Mapping[str, object] | None = None
    who_am_i: Mapping[str, object] | None = None
    answers: Sequence[Answer] = ()
    encounters: Sequence[Encounter] = ()
    sessions_attended: int = 0
    sessions_held: int = 0
    skill_names: Mapping[str, str] = field(default_factory=dict)  # code → "Listening"
    like_names: Mapping[str, str] = field(default_factory=dict)


def _names(codes: object, names: Mapping[str, str]) -> list[str]:
    if not isinstance(codes, list):
        return []
    return [names.get(str(code), str(code).replace("_", " ").capitalize()) for code in codes]


def build(facts: ChildFacts, sections: Iterable[str]) -> dict[str, object]:
    """The record as JSON-ready data, holding only the chosen sections."""
    chosen = set(sections) & set(SECTIONS)
    record: dict[str, object] = {"sections": sorted(chosen)}
    if WORDS in chosen:
        words: list[str] = []
        jobs: list[str] = []
        cloud_job = str((facts.future_cloud or {}).get("job", "")).strip()
        if cloud_job:
            words.append(cloud_job)
        for answer in sorted(facts.answers, key=lambda a: a.phase != "post"):
            if answer.item == "job_wanted" and answer.text.strip():
                if answer.text.strip() not in words:
                    words.append(answer.text.strip())
                if answer.job_title and answer.job_title not in jobs:
                    jobs.append(answer.job_title)
        record["words"] = words
        record["jobs"] = jobs
    if SKILLS in chosen:
        ratings: dict[str, dict[str, int]] = {}
        for answer in facts.answers:
            if answer.item.startswith("skill_") and answer.value is not None:
                code = answer.item.removeprefix("skill_")
                ratings.setdefault(code, {})[answer.phase] = answer.value
        record["skills"] = [
            {
                "skill": facts.skill_names.get(code, code.replace("_", " ").capitalize()),
                "before": phases.get("pre"),
                "after": phases.get("post"),
            }
            for code, phases in sorted(ratings.items())
        ]
        who = facts.who_am_i or {}
        record["good_at"] = _names(who.get("strengths"), facts.skill_names)
        record["likes"] = _names(who.get("likes"), facts.like_names)
    if ENCOUNTERS in chosen:
        record["encounters"] = [
            {"date": e.date, "title": e.title, "with": ", ".join(e.employers)}
            for e in sorted(facts.encounters, key=lambda e: e.date)
        ]
        record["sessions"] = {"attended": facts.sessions_attended, "held": facts.sessions_held}
    return record


@dataclass(frozen=True)
class FeederSummary:
    """What a secondary school may see about one feeder school's children as a group."""

    children: int
    shown: bool  # False: fewer children than the minimum group, so no figures
    top_jobs: list[tuple[str, int]]
    skills_after: list[tuple[str, float]]  # average self-rating after the programme, 1–4
    median_encounters: float | None


def summarise(records: Sequence[Mapping[str, object]], minimum: int) -> FeederSummary:
    """Group figures with suppression: nothing for a group under `minimum`, and a job is named
    only when at least `minimum` children chose it."""
    count = len(records)
    if suppression.is_small(count, minimum) or count == 0:
        return FeederSummary(count, False, [], [], None)
    jobs: Counter[str] = Counter()
    ratings: dict[str, list[int]] = {}
    encounters: list[int] = []
    for record in records:
        for job in set(_strings(record.get("jobs"))):
            jobs[job] += 1
        for row in record.get("skills") or []:  # type: ignore[attr-defined]
            if isinstance(row, Mapping) and isinstance(row.get("after"), int):
                ratings.setdefault(str(row["skill"]), []).append(int(row["after"]))
        if "encounters" in _strings(record.get("sections")):
            encounters.append(len(record.get("encounters") or []))  # type: ignore[arg-type]
    top = [(job, n) for job, n in jobs.most_common() if n >= minimum][:5]
    skills = sorted(
        (
            (skill, round(statistics.fmean(values), 1))
            for skill, values in ratings.items()
            if len(values) >= minimum
        ),
        key=lambda item: (-item[1], item[0]),
    )
    median = statistics.median(encounters) if len(encounters) >= minimum else None
    return FeederSummary(count, True, top, skills, median)


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
