"""The school's staff CPD as evidence for benchmarks 1 (a careers programme) and 4 (careers in
the curriculum), shown beside those sections of the audit: never written into the answers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

BENCHMARKS = (1, 4)
MAX_LINES = 8


def _evidence(school: Any, benchmark: int) -> list[Any]:
    """This school year's CPD attended by the school's staff that supports ``benchmark``: one
    query. Names are staff (adults), never children."""
    from horizons.benchmarks.evidence import EvidenceItem
    from horizons.core import academic_year
    from horizons.training import selectors

    year = academic_year.start_year(timezone.localdate())
    record = selectors.school_cpd(school=school, year=year)
    url = reverse("training:school_record", args=[school.urn]) + f"?year={year}"
    lines = record.for_benchmark(benchmark)
    if not lines:
        return [
            EvidenceItem(
                f"No staff training for benchmark {benchmark} recorded in {record.label} yet",
                "Book your hub's CPD sessions; attendance the hub records appears here.",
                reverse("training:catalogue"),
            )
        ]
    hours = sum(line.hours for line in lines)
    sessions = {(line.title, line.date) for line in lines}
    people = {line.attendee for line in lines}
    items = [
        EvidenceItem(
            f"Staff CPD in {record.label}: {hours:g} hours",
            f"{len(sessions)} session{'s' if len(sessions) != 1 else ''} supporting benchmark "
            f"{benchmark}, attended by {len(people)} member{'s' if len(people) != 1 else ''} "
            "of staff.",
            url,
        )
    ]
    for line in lines[:MAX_LINES]:
        items.append(
            EvidenceItem(
                f"{line.title} ({line.date:%-d %B %Y})",
                f"{line.attendee}, {line.hours:g} hours",
                url,
            )
        )
    return items


def benchmark_1_evidence(school: Any) -> list[Any]:
    return _evidence(school, 1)


def benchmark_4_evidence(school: Any) -> list[Any]:
    return _evidence(school, 4)


def register() -> None:
    from horizons.benchmarks.evidence import register_evidence

    register_evidence(1, benchmark_1_evidence)
    register_evidence(4, benchmark_4_evidence)
