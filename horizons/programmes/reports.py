"""Impact reports for a cohort, a programme or a hub: the figures, charts and findings.

The database pairs every child's before and after answers and counts identical pairs in one
grouped query, so a hub of 10,000 children costs a few thousand rows, not hundreds of
thousands; ``impact.analyse`` then does the statistics. Only children who applied and whose
parent gave consent are counted. A page costs a fixed number of queries however many
cohorts it covers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from horizons.programmes import charts
from horizons.programmes.aspirations import (
    AspirationReport,
    AspirationRow,
    shown_job_blocks,
    summarise,
)
from horizons.programmes.findings import Finding, findings
from horizons.programmes.impact import (
    BREAKDOWNS,
    NOT_RECORDED,
    ImpactReport,
    ItemStats,
    PairRecord,
    analyse,
)
from horizons.programmes.instrument import Instrument, Item, instrument
from horizons.programmes.models import AssessmentAnswer, Cohort, CohortSession, Consent, Pupil
from horizons.programmes.templates_data import load_templates
from horizons.reports import policy

JOB_ITEM = "job_wanted"

BREAKDOWN_TITLES = {"pupil_premium": "pupil premium", "send": "SEND", "gender": "gender"}
CATEGORY_LABELS = {
    "pupil_premium": {"yes": "Pupil premium", "no": "Not pupil premium"},
    "send": {"yes": "With SEND", "no": "Without SEND"},
    "gender": {"girl": "Girls", "boy": "Boys", "other": "Another gender", "not_given": "Not given"},
}


def min_group() -> int:
    """The minimum group size (``reports.policy``)."""
    return policy.min_group_size()


def category_label(breakdown: str, category: str) -> str:
    if category == NOT_RECORDED:
        return "Not recorded"
    return CATEGORY_LABELS.get(breakdown, {}).get(category, category.replace("_", " ").capitalize())


# --- queries ---------------------------------------------------------------------------------


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def pair_records(cohort_ids: Sequence[int], assessment: Instrument) -> list[PairRecord]:
    """One record per child and numeric item, built from identical pairs counted in SQL.

    Each record carries its cohort as the suppression unit (see ``reports.suppression``)."""
    if not cohort_ids:
        return []
    codes = [item.code for item in assessment.items if item.is_numeric]
    cohort_marks = ", ".join(["%s"] * len(cohort_ids))
    item_marks = ", ".join(["%s"] * len(codes))
    # The inner query reads the covering index (pupil, item, phase, value) in order, so
    # pairing needs no sort; only children who applied with consent are read at all.
    sql = f"""
        SELECT paired.item, paired.pre_value, paired.post_value,
               pu.pupil_premium, pu.send, pu.gender, pu.cohort_id, COUNT(*)
        FROM (
            SELECT a.pupil_id AS pupil_id, a.item AS item,
                   MAX(CASE WHEN a.phase = 'pre' THEN a.value END) AS pre_value,
                   MAX(CASE WHEN a.phase = 'post' THEN a.value END) AS post_value
            FROM {_table(AssessmentAnswer)} a
            WHERE a.pupil_id IN (
                SELECT p.id FROM {_table(Pupil)} p
                INNER JOIN {_table(Consent)} c ON c.pupil_id = p.id
                WHERE p.cohort_id IN ({cohort_marks})
                  AND c.parent_consent = 'granted' AND c.applied_at IS NOT NULL
            )
              AND a.value IS NOT NULL AND a.item IN ({item_marks})
            GROUP BY a.pupil_id, a.item
        ) paired
        INNER JOIN {_table(Pupil)} pu ON pu.id = paired.pupil_id
        GROUP BY paired.item, paired.pre_value, paired.post_value,
                 pu.pupil_premium, pu.send, pu.gender, pu.cohort_id
    """  # noqa: S608 - table names come from our models; every value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [*cohort_ids, *codes])
        rows = cursor.fetchall()
    records: list[PairRecord] = []
    ref = 0
    for item, pre, post, pupil_premium, send, gender, cohort_id, count in rows:
        pp = None if pupil_premium is None else bool(pupil_premium)
        sd = None if send is None else bool(send)
        for _ in range(int(count)):
            ref += 1
            records.append(
                PairRecord(ref, item, pre, post, pp, sd, gender or None, unit=int(cohort_id))
            )
    return records


def met_job_slugs(cohort_ids: Sequence[int]) -> dict[int, set[str]]:
    """Per cohort, the careers-library jobs of the professionals its children met."""
    through = CohortSession.volunteers.through
    found: dict[int, set[str]] = defaultdict(set)
    for cohort_id, slug in (
        through.objects.filter(cohortsession__cohort_id__in=cohort_ids)
        .exclude(volunteer__job_profile_slug="")
        .values_list("cohortsession__cohort_id", "volunteer__job_profile_slug")
        .distinct()
    ):
        found[cohort_id].add(slug)
    return found


def aspiration_rows(cohort_ids: Sequence[int]) -> list[AspirationRow]:
    if not cohort_ids:
        return []
    met = met_job_slugs(cohort_ids)
    grouped = (
        AssessmentAnswer.objects.filter(
            item=JOB_ITEM,
            pupil__cohort_id__in=cohort_ids,
            pupil__consent__parent_consent=Consent.Parent.GRANTED,
            pupil__consent__applied_at__isnull=False,
        )
        .values(
            "phase",
            "job_category",
            "job_slug",
            "job_title",
            "pupil__gender",
            "pupil__pupil_premium",
            "pupil__cohort_id",
        )
        .annotate(children=Count("pk"))
        .order_by()
    )
    return [
        AspirationRow(
            phase=row["phase"],
            category=row["job_category"],
            slug=row["job_slug"],
            title=row["job_title"],
            gender=row["pupil__gender"],
            pupil_premium=row["pupil__pupil_premium"],
            met=row["job_slug"] in met.get(row["pupil__cohort_id"], set()),
            children=row["children"],
            unit=row["pupil__cohort_id"],
        )
        for row in grouped
    ]


def participation(cohort_ids: Sequence[int]) -> dict[str, int]:
    counts = Consent.objects.filter(pupil__cohort_id__in=cohort_ids).aggregate(
        applied=Count("pk", filter=Q(applied_at__isnull=False)),
        included=Count("pk", filter=Q(applied_at__isnull=False, parent_consent="granted")),
    )
    applied, included = int(counts["applied"] or 0), int(counts["included"] or 0)
    return {"applied": applied, "included": included, "left_out": applied - included}


# --- the page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    item: Item
    cell: ItemStats | None  # None: fewer than five children

    @property
    def is_stereotype(self) -> bool:
        return self.item.kind == "stereotype"

    @property
    def label(self) -> str:
        return short_label(self.item)


@dataclass(frozen=True)
class BreakdownCell:
    label: str
    cell: ItemStats | None


@dataclass(frozen=True)
class BreakdownTable:
    key: str
    title: str
    categories: list[str]
    rows: list[tuple[str, Item, list[BreakdownCell]]]


@dataclass(frozen=True)
class ImpactPage:
    title: str
    cohorts: list[Cohort]
    instrument: Instrument
    report: ImpactReport
    item_rows: list[ItemRow]
    charts: list[str]
    findings: list[Finding]
    group_findings: list[Finding]
    breakdowns: list[BreakdownTable]
    aspirations: AspirationReport
    participation: dict[str, int]
    min_group: int
    other_instruments: int

    @property
    def has_pairs(self) -> bool:
        return any(isinstance(c, ItemStats) for c in self.report.items.values())

    @property
    def unpaired_total(self) -> int:
        return max((u.pre_only + u.post_only for u in self.report.unpaired.values()), default=0)


def build_impact_page(title: str, cohorts: Sequence[Cohort]) -> ImpactPage:
    """Everything an impact page, its PDF and the JSON command show, for these cohorts."""
    group_size = min_group()
    # The instrument most of these cohorts' templates use; with no cohorts, the one most of the
    # shipped programme templates use (the page then shows its questions with no answers).
    versions = [c.instrument_version for c in cohorts] or [
        t.instrument for t in load_templates().values() if t.instrument
    ]
    version = max(sorted(set(versions)), key=versions.count)  # a tie goes to the first by name
    chosen = [c for c in cohorts if c.instrument_version == version]
    ids = [c.pk for c in chosen]
    assessment = instrument(version)
    report = analyse(pair_records(ids, assessment), min_group=group_size, assessment=assessment)
    all_findings = findings(report, assessment)
    return ImpactPage(
        title=title,
        cohorts=list(chosen),
        instrument=assessment,
        report=report,
        item_rows=_item_rows(report, assessment),
        charts=_charts(report, assessment),
        findings=[f for f in all_findings if f.group is None],
        group_findings=[f for f in all_findings if f.group is not None],
        breakdowns=_breakdowns(report, assessment),
        aspirations=summarise(aspiration_rows(ids), group_size),
        participation=participation(ids),
        min_group=group_size,
        other_instruments=len(cohorts) - len(chosen),
    )


def _item_rows(report: ImpactReport, assessment: Instrument) -> list[ItemRow]:
    rows = []
    for item in assessment.items:
        if not item.is_numeric or item.code not in report.items:
            continue
        cell = report.items[item.code]
        rows.append(ItemRow(item, cell if isinstance(cell, ItemStats) else None))
    return rows


def short_label(item: Item) -> str:
    if item.kind == "stereotype":
        return f"Anyone can be {item.topic}" if item.topic else item.prompt
    if item.kind == "count":
        return "Jobs I can name"
    return (item.topic or item.prompt).capitalize()


def _charts(report: ImpactReport, assessment: Instrument) -> list[str]:
    scale_rows, stereotype_rows, count_rows = [], [], []
    for item in assessment.items:
        cell = report.items.get(item.code)
        if cell is None:
            continue
        stats = cell if isinstance(cell, ItemStats) else None
        if item.kind == "stereotype":
            stereotype_rows.append(
                charts.BarPair(
                    short_label(item),
                    None if stats is None else 100 * (stats.share_both_pre or 0.0),
                    None if stats is None else 100 * (stats.share_both_post or 0.0),
                )
            )
        elif item.kind == "count":
            count_rows.append(
                charts.BarPair(
                    short_label(item),
                    None if stats is None else stats.mean_pre,
                    None if stats is None else stats.mean_post,
                )
            )
        elif item.kind == "scale":
            scale_rows.append(
                charts.BarPair(
                    short_label(item),
                    None if stats is None else stats.mean_pre,
                    None if stats is None else stats.mean_post,
                )
            )
    out = []
    if scale_rows:
        out.append(
            charts.paired_bar_chart(
                chart_id="chart-skills",
                title="Skills and confidence: average answer before and after (1 to 4)",
                description="Average answer on a scale from 1 (not yet) to 4 (really good), "
                "before and after the programme. The table below gives the same figures.",
                rows=scale_rows,
                maximum=4,
            )
        )
    if stereotype_rows:
        out.append(
            charts.paired_bar_chart(
                chart_id="chart-stereotypes",
                title="Share of children saying both men and women can do the job",
                description="Percentage answering 'both men and women', before and after the "
                "programme. The table below gives the same figures.",
                rows=stereotype_rows,
                maximum=100,
                value_format="{:.0f}%",
            )
        )
    if count_rows:
        maximum = max((max(r.before or 0, r.after or 0) for r in count_rows), default=0)
        out.append(
            charts.paired_bar_chart(
                chart_id="chart-jobs",
                title="How many jobs children can name, on average",
                description="Average number of jobs children could name before and after the "
                "programme. The table below gives the same figures.",
                rows=count_rows,
                maximum=max(10.0, float(maximum) * 1.2),
            )
        )
    return out


def _breakdowns(report: ImpactReport, assessment: Instrument) -> list[BreakdownTable]:
    tables = []
    for key in BREAKDOWNS:
        categories_map = report.breakdowns.get(key) or {}
        if not categories_map:
            continue
        categories = sorted(categories_map, key=lambda c: (c == NOT_RECORDED, c))
        rows = []
        for item in assessment.items:
            if not item.is_numeric:
                continue
            cells = []
            present = False
            for category in categories:
                cell = categories_map[category].get(item.code)
                if cell is not None:
                    present = True
                cells.append(
                    BreakdownCell(
                        category_label(key, category),
                        cell if isinstance(cell, ItemStats) else None,
                    )
                )
            if present:
                rows.append((short_label(item), item, cells))
        if rows:
            tables.append(
                BreakdownTable(
                    key=key,
                    title=BREAKDOWN_TITLES[key],
                    categories=[category_label(key, c) for c in categories],
                    rows=rows,
                )
            )
    return tables


def impact_json(cohort: Cohort) -> dict[str, Any]:
    """The figures ``manage.py impact_report --format json`` prints for one cohort."""
    page = build_impact_page(cohort.name, [cohort])
    data = page.report.as_dict()
    return {
        "cohort": cohort.name,
        "school": cohort.school.name,
        "school_urn": cohort.school.urn,
        "programme": cohort.template_slug,
        "instrument": page.instrument.version,
        "min_group": data["min_group"],
        "children_included": page.participation["included"],
        "items": data["items"],
        "breakdowns": data["breakdowns"],
        "unpaired": data["unpaired"],
    }


def aspirations_by_school(school_ids: Sequence[int]) -> dict[str, int]:
    """{job slug: children} for the careers library's "jobs near us" page: consenting children's
    answers, only as the blocks each cohort's impact report lists by name (see
    ``aspirations.shown_job_blocks``), so the page can never be subtracted from those reports."""
    if not school_ids:
        return {}
    cohort_ids = list(Cohort.objects.filter(school_id__in=school_ids).values_list("pk", flat=True))
    return shown_job_blocks(aspiration_rows(cohort_ids), min_group())
