"""Writes for the careers library: loading labour market figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from horizons.careers import labour_market
from horizons.careers.models import LabourMarketFigure


class CareersError(Exception):
    """Something a person can fix; the message says what."""


@dataclass(frozen=True)
class LoadResult:
    loaded: int
    replaced: int
    areas: tuple[str, ...]
    years: tuple[int, ...]


@transaction.atomic
def labour_market_load(*, figures: Sequence[labour_market.Figure]) -> LoadResult:
    """Store ``figures``; each (area, year) they cover replaces what was there before.

    One transaction: either every figure is stored or none is.
    """
    if not figures:
        raise CareersError("There are no figures to load.")
    # An area already known keeps its spelling, so "tyne and wear" joins "Tyne and Wear".
    known = {
        name.casefold(): name
        for name in LabourMarketFigure.objects.values_list("area", flat=True).distinct()
    }
    rows = []
    covered: set[tuple[str, int]] = set()
    for figure in figures:
        area = known.setdefault(figure.area.casefold(), figure.area)
        covered.add((area, figure.year))
        rows.append(
            LabourMarketFigure(
                area=area,
                sector=figure.sector,
                jobs=figure.jobs,
                change_pct=figure.change_pct,
                year=figure.year,
                source=figure.source,
            )
        )
    replaced = 0
    for area, year in sorted(covered):
        replaced += LabourMarketFigure.objects.filter(area=area, year=year).delete()[0]
    LabourMarketFigure.objects.bulk_create(rows)
    return LoadResult(
        loaded=len(rows),
        replaced=replaced,
        areas=tuple(sorted({area for area, _ in covered})),
        years=tuple(sorted({year for _, year in covered})),
    )


def labour_market_load_file(*, path: Path, area: str | None = None) -> LoadResult:
    """Read and load a labour market CSV (format in docs/careers.md), all or nothing."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CareersError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    try:
        figures = labour_market.parse(labour_market.decode(data), area=area)
    except labour_market.LabourMarketFileError as exc:
        raise CareersError(str(exc)) from exc
    return labour_market_load(figures=figures)
