"""A simple map of schools and volunteers for the plan review, drawn as SVG (no map tiles).

Pure: takes coordinates and returns shapes in SVG user units; the template draws them. An
equirectangular projection scaled by cos(latitude) is accurate enough across a city or region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT, MARGIN = 640, 420, 24


@dataclass(frozen=True)
class Point:
    id: str
    x: float
    y: float
    label: str
    kind: str  # "school-reached", "school-unreached", "volunteer"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class MapShapes:
    width: int
    height: int
    points: list[Point]
    lines: list[Line]


def project(
    places: dict[str, tuple[float, float, str, str]], links: list[tuple[str, str]]
) -> MapShapes:
    """places: id → (lat, lon, label, kind); links: pairs of place ids to join with a line."""
    if not places:
        return MapShapes(WIDTH, HEIGHT, [], [])
    lats = [p[0] for p in places.values()]
    lons = [p[1] for p in places.values()]
    squash = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * squash, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        x = MARGIN + (lon - min(lons)) * squash * scale
        y = HEIGHT - MARGIN - (lat - min(lats)) * scale
        return round(x, 1), round(y, 1)

    points = []
    at: dict[str, tuple[float, float]] = {}
    for pid, (lat, lon, label, kind) in places.items():
        x, y = xy(lat, lon)
        at[pid] = (x, y)
        points.append(Point(pid, x, y, label, kind))
    lines = [Line(*at[a], *at[b]) for a, b in links if a in at and b in at]
    return MapShapes(WIDTH, HEIGHT, points, lines)
