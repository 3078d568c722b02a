"""Evidence from other apps, shown beside a benchmark's criteria while a school audits.

Another app registers a provider for a benchmark, usually from its ``AppConfig.ready()``::

    from horizons.benchmarks.evidence import EvidenceItem, register_evidence

    def encounter_evidence(school) -> list[EvidenceItem]:
        return [EvidenceItem("12 employer encounters this year", "Years 1 to 6", "/encounters/")]

    register_evidence(5, encounter_evidence)

A provider takes a ``School`` and returns a list of ``EvidenceItem``. It must only show what the
school's own staff may see, and should cost a fixed, small number of queries. A provider that
fails is skipped (and logged) so one broken app cannot stop a school auditing.

Deliberately free of model imports so any app can import it at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from horizons.benchmarks.framework import BENCHMARK_NUMBERS

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    title: str
    detail: str = ""
    url: str = ""


EvidenceProvider = Callable[[Any], list[EvidenceItem]]

_providers: dict[int, list[EvidenceProvider]] = {number: [] for number in BENCHMARK_NUMBERS}


def register_evidence(benchmark_number: int, provider: EvidenceProvider) -> None:
    """Add a provider of evidence for one benchmark (1 to 8); registering twice is harmless."""
    if benchmark_number not in BENCHMARK_NUMBERS:
        raise ValueError(f"Benchmark number must be 1 to 8, not {benchmark_number!r}")
    if provider not in _providers[benchmark_number]:
        _providers[benchmark_number].append(provider)


def unregister_evidence(benchmark_number: int, provider: EvidenceProvider) -> None:
    """Remove a provider (mainly for tests)."""
    if provider in _providers.get(benchmark_number, []):
        _providers[benchmark_number].remove(provider)


def providers_for(benchmark_number: int) -> list[EvidenceProvider]:
    return list(_providers.get(benchmark_number, []))


def evidence_for(school: Any, benchmark_number: int) -> list[EvidenceItem]:
    """Every registered provider's evidence for this school and benchmark, in registration order."""
    items: list[EvidenceItem] = []
    for provider in providers_for(benchmark_number):
        try:
            items.extend(provider(school))
        except Exception:  # noqa: BLE001 - one app's failure must not block an audit
            logger.exception(
                "Evidence provider %r failed for benchmark %s", provider, benchmark_number
            )
    return items
