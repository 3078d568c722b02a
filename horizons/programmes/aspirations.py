"""What children said about 'the job I want', summarised for reports without exposing anyone.

Reports show the careers library's title for the matched job, never the child's own words.
Within each phase (before, after) and each breakdown (gender, pupil premium):

* a group (e.g. the girls) with fewer than ``min_group`` answers is suppressed, and so is its
  smallest sibling while the hidden groups together are still fewer (the rule ``impact`` uses);
* a job is named only when at least ``min_group`` children in the group chose it; rarer jobs
  are pooled as "other jobs";
* any count of children between 1 and ``min_group - 1`` is shown as "fewer than 5" (None).

Variety is Simpson's index over the jobs named: the chance that two children picked at random
want different jobs (0 = everyone wants the same job; near 1 = all different).
Pure module: no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from horizons.programmes.impact import NOT_RECORDED, suppressed_categories

PHASES: tuple[str, ...] = ("pre", "post")
BREAKDOWNS: tuple[str, ...] = ("gender", "pupil_premium")
TOP_JOBS = 5


@dataclass(frozen=True)
class AspirationRow:
    """Children with the same answer and attributes, counted (one row per distinct answer)."""

    phase: str
    category: str  # the matcher's: job / not_a_job / empty / unreadable
    slug: str
    title: str
    gender: str | None
    pupil_premium: bool | None
    met: bool  # the job is one the child's cohort met through a visiting professional
    children: int = 1


@dataclass(frozen=True)
class JobCount:
    title: str
    children: int


@dataclass(frozen=True)
class GroupAspirations:
    answers: int
    named_a_job: int | None
    top: tuple[JobCount, ...]
    other_jobs: int | None
    distinct_jobs: int
    variety: float | None
    met_job: int | None
    suppressed: bool = False

    @property
    def met_share(self) -> float | None:
        if self.met_job is None or not self.answers:
            return None
        return self.met_job / self.answers


@dataclass(frozen=True)
class SuppressedGroup:
    suppressed: bool = True


Group = GroupAspirations | SuppressedGroup


@dataclass(frozen=True)
class PhaseAspirations:
    overall: Group
    breakdowns: Mapping[str, Mapping[str, Group]] = field(default_factory=dict)


@dataclass(frozen=True)
class AspirationReport:
    min_group: int
    phases: Mapping[str, PhaseAspirations]

    def has_answers(self) -> bool:
        return any(
            isinstance(p.overall, GroupAspirations) or p.overall.suppressed
            for p in self.phases.values()
        )


def summarise(rows: Iterable[AspirationRow], min_group: int = 5) -> AspirationReport:
    by_phase: dict[str, list[AspirationRow]] = {phase: [] for phase in PHASES}
    for row in rows:
        if row.phase in by_phase and row.children > 0:
            by_phase[row.phase].append(row)
    phases: dict[str, PhaseAspirations] = {}
    for phase, phase_rows in by_phase.items():
        if not phase_rows:
            continue
        breakdowns: dict[str, dict[str, Group]] = {}
        for name in BREAKDOWNS:
            groups: dict[str, list[AspirationRow]] = {}
            for row in phase_rows:
                groups.setdefault(_category(name, row), []).append(row)
            if len(groups) < 2:
                continue  # one group would repeat the overall figures
            sizes = {label: sum(r.children for r in members) for label, members in groups.items()}
            hidden = suppressed_categories(sizes, min_group)
            breakdowns[name] = {
                label: SuppressedGroup() if label in hidden else _group(groups[label], min_group)
                for label in sorted(groups)
            }
        phases[phase] = PhaseAspirations(_group(phase_rows, min_group), breakdowns)
    return AspirationReport(min_group=min_group, phases=phases)


def _category(name: str, row: AspirationRow) -> str:
    if name == "gender":
        return row.gender or NOT_RECORDED
    if row.pupil_premium is None:
        return NOT_RECORDED
    return "yes" if row.pupil_premium else "no"


def _group(rows: list[AspirationRow], min_group: int) -> Group:
    answers = sum(r.children for r in rows)
    if answers < min_group:
        return SuppressedGroup()
    jobs: Counter[str] = Counter()
    titles: dict[str, str] = {}
    met = 0
    for row in rows:
        if row.category != "job" or not row.slug:
            continue
        jobs[row.slug] += row.children
        titles[row.slug] = row.title or row.slug.replace("-", " ").capitalize()
        if row.met:
            met += row.children
    named = sum(jobs.values())
    ranked = sorted(jobs.items(), key=lambda kv: (-kv[1], titles[kv[0]]))
    top = tuple(JobCount(titles[slug], count) for slug, count in ranked if count >= min_group)[
        :TOP_JOBS
    ]
    other = named - sum(job.children for job in top)
    return GroupAspirations(
        answers=answers,
        named_a_job=_small(named, min_group),
        top=top,
        other_jobs=_small(other, min_group),
        distinct_jobs=len(jobs),
        variety=_simpson(jobs.values()),
        met_job=_small(met, min_group),
    )


def _small(count: int, min_group: int) -> int | None:
    """None stands for "fewer than min_group" (but not zero)."""
    return None if 0 < count < min_group else count


def _simpson(counts: Iterable[int]) -> float | None:
    values = list(counts)
    total = sum(values)
    if total < 2:
        return None
    same = sum(n * (n - 1) for n in values)
    return 1 - same / (total * (total - 1))
