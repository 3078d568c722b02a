"""Axes and scales for Horizons' server-drawn SVG charts. Pure: no Django.

The four chart helpers (``benchmarks/charts.py``, ``encounters/charts.py``,
``programmes/charts.py`` and the careers library's ``bar_chart`` in ``careers/library.py``)
draw different pictures but share their arithmetic, which lives here:

* :class:`LinearScale` — a value from 0 to ``maximum`` as a length (a bar) or a position
  along an axis (a tick, a marker), clamped so a bad figure never draws outside the plot;
* :func:`nice_ticks` — round tick values for an axis (0, 25, 50, 75, 100);
* :class:`Bands` — evenly spaced bars across an axis (one per day, one per month);
* :func:`row_top` — where the n-th row of a horizontal chart starts;
* :func:`shorten` — an axis label cut to fit, with an ellipsis;
* the shared colours of text and axes.

Charts never carry a figure only in colour or shape: each helper writes the value as text and
its page shows the same figures in a table. Figures about children are suppressed by the
caller (``reports.suppression``) before they reach a chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
ELLIPSIS = "…"


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True)
class LinearScale:
    """Values from 0 to ``maximum`` drawn over ``length`` units, starting at ``origin``."""

    maximum: float
    length: float
    origin: float = 0

    def __post_init__(self) -> None:
        if self.maximum <= 0:
            raise ValueError("maximum must be positive")

    def size(self, value: float) -> float:
        """The length of a bar for ``value`` (0 below zero, ``length`` above the maximum)."""
        return self.length * clamp(value, 0, self.maximum) / self.maximum

    def at(self, value: float) -> float:
        """The position of ``value`` along the axis."""
        return self.origin + self.size(value)


def nice_step(span: float, intervals: int) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) splitting ``span`` into at most
    about ``intervals`` parts."""
    if span <= 0 or intervals < 1:
        raise ValueError("span and intervals must be positive")
    raw = span / intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * magnitude
        if raw <= step * (1 + 1e-9):
            return step
    return 10 * magnitude  # pragma: no cover (10 always fits)


def nice_ticks(maximum: float, intervals: int = 4) -> list[float]:
    """Tick values from 0 to at least ``maximum`` in round steps; whole numbers as ints, so a
    label reads "25%" rather than "25.0%"."""
    step = nice_step(maximum, intervals)
    count = math.ceil(maximum / step - 1e-9)
    ticks: list[float] = []
    for index in range(count + 1):
        value = round(index * step, 10)
        ticks.append(int(value) if float(value).is_integer() else value)
    return ticks


@dataclass(frozen=True)
class Bands:
    """``count`` evenly spaced slots along ``length`` units from ``start``, each holding a bar
    ``fill`` of the slot wide (never wider than ``max_width``), centred in its slot."""

    start: float
    length: float
    count: int
    fill: float = 0.6
    max_width: float = math.inf

    @property
    def step(self) -> float:
        return self.length / self.count

    @property
    def width(self) -> float:
        return min(self.max_width, self.step * self.fill)

    def at(self, index: int) -> float:
        """The left edge of the bar in slot ``index``."""
        return self.start + index * self.step + (self.step - self.width) / 2

    def centre(self, index: int) -> float:
        return self.at(index) + self.width / 2


def row_top(index: int, *, start: int = 0, pitch: int) -> int:
    """The top of row ``index`` in a horizontal chart whose rows are ``pitch`` apart."""
    return start + index * pitch


def shorten(label: str, limit: int, *, trim: bool = False) -> str:
    """``label`` cut to ``limit`` characters with an ellipsis; ``trim`` drops a space that
    would otherwise sit before the ellipsis."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    return (cut.rstrip() if trim else cut) + ELLIPSIS
