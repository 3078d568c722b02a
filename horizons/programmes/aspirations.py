"""What children said about 'the job I want', summarised for reports without exposing anyone.

Reports show the careers library's title for the matched job, never the child's own words.
What may be shown is decided by ``horizons.reports.suppression``, per cohort ("unit"), and any
report that pools cohorts (a school, a hub) is built only from what each cohort shows:

* a group (e.g. the girls) with fewer than ``min_group`` answers in a cohort is suppressed, and
  so is its smallest sibling while the hidden groups together are still fewer;
* within a group, the answers are split into jobs named by at least ``min_group`` children (the
  top five), "other jobs" and "no job named"; a part under ``min_group`` is hidden with its
  complement, and "named a job" is shown only when "no job named" is;
* "met a job" is shown only when every such child is in a job listed by name, so it adds nothing
  that subtraction could isolate;
* a pooled figure adds up only the cohorts' shown figures (None: "fewer than 5").

Variety is Simpson's index over the jobs named: the chance that two children picked at random
want different jobs (0 = everyone wants the same job; near 1 = all different).
Pure module: no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from horizons.programmes.impact import NOT_RECORDED
from horizons.reports import suppression

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
    unit: int | None = None  # the cohort: suppression is decided per cohort


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
    min_group = suppression.check_minimum(min_group)
    by_phase: dict[str, list[AspirationRow]] = {phase: [] for phase in PHASES}
    for row in rows:
        if row.phase in by_phase and row.children > 0:
            by_phase[row.phase].append(row)
    phases: dict[str, PhaseAspirations] = {}
    for phase, phase_rows in by_phase.items():
        if not phase_rows:
            continue
        by_unit: dict[int | None, list[AspirationRow]] = {}
        for row in phase_rows:
            by_unit.setdefault(row.unit, []).append(row)
        breakdowns: dict[str, dict[str, Group]] = {}
        for name in BREAKDOWNS:
            sizes: dict[int | None, dict[str, int]] = {}
            for unit, unit_rows in by_unit.items():
                for row in unit_rows:
                    by_cat = sizes.setdefault(unit, {})
                    label = _category(name, row)
                    by_cat[label] = by_cat.get(label, 0) + row.children
            present = sorted({label for by_cat in sizes.values() for label in by_cat})
            if len(present) < 2:
                continue  # one group would repeat the overall figures
            pooled = suppression.aggregate(suppression.decide_units(sizes, min_group), sizes)
            breakdowns[name] = {
                label: _pooled(
                    {
                        unit: [r for r in by_unit[unit] if _category(name, r) == label]
                        for unit in pooled.category_units.get(label, frozenset())
                    },
                    min_group,
                )
                for label in present
            }
        overall = {
            unit: unit_rows
            for unit, unit_rows in by_unit.items()
            if sum(r.children for r in unit_rows) >= min_group
        }
        phases[phase] = PhaseAspirations(_pooled(overall, min_group), breakdowns)
    return AspirationReport(min_group=min_group, phases=phases)


def _category(name: str, row: AspirationRow) -> str:
    if name == "gender":
        return row.gender or NOT_RECORDED
    if row.pupil_premium is None:
        return NOT_RECORDED
    return "yes" if row.pupil_premium else "no"


@dataclass(frozen=True)
class _UnitGroup:
    """One cohort's shown figures for one group (each None when hidden)."""

    answers: int
    named_a_job: int | None
    jobs: Mapping[str, int]  # shown job blocks: slug -> children
    other_jobs: int | None
    met_job: int | None


def _unit_group(rows: list[AspirationRow], min_group: int) -> _UnitGroup:
    answers = sum(r.children for r in rows)
    jobs: Counter[str] = Counter()
    met_slugs: set[str] = set()
    met = 0
    for row in rows:
        if row.category != "job" or not row.slug:
            continue
        jobs[row.slug] += row.children
        if row.met:
            met += row.children
            met_slugs.add(row.slug)
    named = sum(jobs.values())
    ranked = sorted(jobs.items(), key=lambda kv: (-kv[1], kv[0]))
    blocks = {slug: n for slug, n in ranked if n >= min_group}
    blocks = dict(list(blocks.items())[:TOP_JOBS])
    parts: dict[str, int] = {f"job:{slug}": n for slug, n in blocks.items()}
    parts["other"] = named - sum(blocks.values())
    parts["none"] = answers - named
    hidden = suppression.hidden_categories(parts, min_group)
    shown_jobs = {slug: n for slug, n in blocks.items() if f"job:{slug}" not in hidden}
    met_in_shown = sum(n for slug, n in shown_jobs.items() if slug in met_slugs)
    return _UnitGroup(
        answers=answers,
        named_a_job=None if "none" in hidden else named,
        jobs=shown_jobs,
        other_jobs=None if "other" in hidden else parts["other"],
        met_job=met if met == met_in_shown else None,
    )


def _pooled(units: Mapping[int | None, list[AspirationRow]], min_group: int) -> Group:
    """A group's figures pooled over the cohorts that show it (SuppressedGroup if none do)."""
    rows = [row for unit_rows in units.values() for row in unit_rows]
    if not rows:
        return SuppressedGroup()
    shown = [_unit_group(unit_rows, min_group) for unit_rows in units.values()]
    titles: dict[str, str] = {}
    all_jobs: Counter[str] = Counter()
    for row in rows:
        if row.category == "job" and row.slug:
            all_jobs[row.slug] += row.children
            titles[row.slug] = row.title or row.slug.replace("-", " ").capitalize()
    blocks: Counter[str] = Counter()
    for unit in shown:
        blocks.update(unit.jobs)
    ranked = sorted(blocks.items(), key=lambda kv: (-kv[1], titles[kv[0]]))
    top = tuple(JobCount(titles[slug], count) for slug, count in ranked)[:TOP_JOBS]
    return GroupAspirations(
        answers=sum(u.answers for u in shown),
        named_a_job=_sum_shown(u.named_a_job for u in shown),
        top=top,
        other_jobs=_sum_shown(u.other_jobs for u in shown),
        distinct_jobs=len(all_jobs),
        variety=_simpson(all_jobs.values()),
        met_job=_sum_shown(u.met_job for u in shown),
    )


def shown_job_blocks(rows: Iterable[AspirationRow], min_group: int = 5) -> dict[str, int]:
    """{job slug: children} for jobs a cohort's own report lists by name, added up over the
    cohorts given; each cohort counts its answers after the programme, or before it when it has
    none after. Other pages (the careers library) show only these, so they add nothing that
    subtraction against the impact reports could isolate."""
    min_group = suppression.check_minimum(min_group)
    by_unit: dict[int | None, list[AspirationRow]] = {}
    for row in rows:
        if row.phase in PHASES and row.children > 0:
            by_unit.setdefault(row.unit, []).append(row)
    counts: Counter[str] = Counter()
    for unit_rows in by_unit.values():
        phase = "post" if any(r.phase == "post" for r in unit_rows) else "pre"
        chosen = [r for r in unit_rows if r.phase == phase]
        if sum(r.children for r in chosen) >= min_group:
            counts.update(_unit_group(chosen, min_group).jobs)
    return dict(counts)


def _sum_shown(values: Iterable[int | None]) -> int | None:
    """The sum of the cohorts' shown figures; None ("fewer than 5") when none is shown."""
    shown = [v for v in values if v is not None]
    return sum(shown) if shown else None


def _simpson(counts: Iterable[int]) -> float | None:
    values = list(counts)
    total = sum(values)
    if total < 2:
        return None
    same = sum(n * (n - 1) for n in values)
    return 1 - same / (total * (total - 1))
