"""A school's encounter record as evidence for benchmark 5 (encounters with employers)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

BENCHMARK = 5
MAX_CLASS_LINES = 12


def encounter_evidence(school: Any) -> list[Any]:
    """This academic year's encounters at `school`: a headline, then which class met whom.

    Two queries. Pupil counts are whole classes, never named children.
    """
    from horizons.benchmarks.evidence import EvidenceItem
    from horizons.encounters import selectors
    from horizons.encounters.scheduling import academic_year_label, describe_year_groups

    year = selectors.current_academic_year(timezone.localdate())
    rows = selectors.school_record(school=school, start_year=year)
    url = reverse("encounters:school_encounter_record", args=[school.urn]) + f"?year={year}"
    label = academic_year_label(year)
    if not rows:
        return [
            EvidenceItem(
                f"No employer encounters recorded in {label} yet",
                "Book an event, record attendance afterwards, and it appears here.",
                reverse("encounters:encounters_school") + f"?school={school.urn}",
            )
        ]
    events = {r.event_id for r in rows}
    employers = {name for r in rows for name in r.employers}
    by_class: dict[tuple[int, str], list[str]] = {}
    for r in rows:
        who = ", ".join(r.employers) or r.event_title
        by_class.setdefault((r.year_group, r.class_name), []).append(f"{who} ({r.date:%-d %B})")
    items = [
        EvidenceItem(
            f"{len(events)} employer encounter{'s' if len(events) != 1 else ''} in {label}",
            f"{len(by_class)} classes in {describe_year_groups(y for y, _ in by_class)}, "
            f"{sum(r.pupils for r in rows):,} pupil places, {len(employers)} "
            f"employer{'s' if len(employers) != 1 else ''}.",
            url,
        )
    ]
    for (_, class_name), met in sorted(by_class.items())[:MAX_CLASS_LINES]:
        items.append(
            EvidenceItem(
                f"{class_name}: {len(met)} encounter{'s' if len(met) != 1 else ''}",
                "; ".join(met),
                url,
            )
        )
    return items


def register() -> None:
    try:
        from horizons.benchmarks.evidence import register_evidence
    except ImportError:  # a benchmarks app without evidence has nowhere to show this
        return
    register_evidence(BENCHMARK, encounter_evidence)
