"""Demo data for the careers library: local jobs by sector for the demo hub's area.

The figures in data/labour_market_demo.csv are invented (the source column says so); the demo
volunteers' jobs and role-model consent come from the demo region (`horizons.demo.region`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from horizons.careers import labour_market
from horizons.careers.services import LoadResult, labour_market_load

DEMO_CSV = Path(__file__).resolve().parent / "data" / "labour_market_demo.csv"
DEMO_AREA = "Tyne and Wear"


def seed(region: Any) -> LoadResult:
    figures = labour_market.parse(labour_market.decode(DEMO_CSV.read_bytes()))
    area = getattr(region.hub, "area", "") or DEMO_AREA
    # The demo file is written for Tyne and Wear; a hub elsewhere gets the same figures.
    figures = [dataclasses.replace(figure, area=area) for figure in figures]
    return labour_market_load(figures=figures)
