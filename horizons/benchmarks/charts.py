"""Server-drawn SVG for benchmark results. Pure: no Django.

The chart is an image with a title and description for screen readers; the page always shows
the same figures in a table beside it, and bars carry their figure as text, so neither colour
nor shape is the only signal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from horizons.reports.charts import GRID_COLOUR, LinearScale, nice_ticks, row_top, shorten

BAR_COLOUR = "#1d4f91"
TRACK_COLOUR = "#f3f2f1"
AVERAGE_COLOUR = "#0b0c0c"


@dataclass(frozen=True)
class ChartBar:
    number: int
    title: str
    percentage: int
    average: float | None = None


def heat_level(percentage: int | float | None) -> str:
    """The heatmap class suffix: 0 (under 20%) to 4 (80% or more), or "none"."""
    if percentage is None:
        return "none"
    return str(min(4, max(0, int(percentage) // 20)))


def _short(title: str, limit: int = 26) -> str:
    return shorten(title, limit, trim=True)


def results_chart(bars: Sequence[ChartBar], *, title: str, chart_id: str = "results-chart") -> str:
    """A horizontal bar per benchmark (0–100%), with the hub average as a marked line."""
    label_width, plot_width, right_pad = 270, 300, 70
    row_height, top, bottom = 40, 30, 56
    width = label_width + plot_width + right_pad
    height = top + row_height * len(bars) + bottom
    has_average = any(bar.average is not None for bar in bars)

    x_at = LinearScale(maximum=100, length=plot_width, origin=label_width).at

    description = "; ".join(
        f"Benchmark {bar.number} {bar.title}: {bar.percentage}%"
        + (f", hub average {bar.average:g}%" if bar.average is not None else "")
        for bar in bars
    )
    parts = [
        f'<svg class="hz-bar-chart hz-results-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick in nice_ticks(100, intervals=4):
        x = x_at(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" '
            f'y2="{top + row_height * len(bars)}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{top - 12}" font-size="13" text-anchor="middle" '
            f'fill="#0b0c0c">{tick}%</text>'
        )
    for index, bar in enumerate(bars):
        y = row_top(index, start=top, pitch=row_height)
        bar_y = y + 10
        parts.append(
            f'<text x="{label_width - 10}" y="{y + 25}" font-size="14" text-anchor="end" '
            f'fill="#0b0c0c">{bar.number}. {escape(_short(bar.title))}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{bar_y}" width="{plot_width}" height="20" '
            f'fill="{TRACK_COLOUR}"/>'
        )
        bar_width = x_at(bar.percentage) - label_width
        if bar_width > 0:
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{bar_width:.1f}" height="20" '
                f'fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{label_width + plot_width + 8}" y="{y + 25}" font-size="15" '
            f'font-weight="bold" fill="#0b0c0c">{bar.percentage}%</text>'
        )
        if bar.average is not None:
            ax = x_at(bar.average)
            parts.append(
                f'<line x1="{ax:.1f}" y1="{bar_y - 5}" x2="{ax:.1f}" y2="{bar_y + 25}" '
                f'stroke="{AVERAGE_COLOUR}" stroke-width="3"/>'
            )
            parts.append(
                f'<path d="M{ax:.1f} {bar_y - 11} l5 6 l-5 6 l-5 -6 z" fill="{AVERAGE_COLOUR}"/>'
            )
    legend_y = top + row_height * len(bars) + 30
    parts.append(
        f'<rect x="{label_width}" y="{legend_y - 12}" width="16" height="16" fill="{BAR_COLOUR}"/>'
        f'<text x="{label_width + 22}" y="{legend_y + 1}" font-size="14" fill="#0b0c0c">'
        "This audit</text>"
    )
    if has_average:
        lx = label_width + 130
        parts.append(
            f'<path d="M{lx} {legend_y - 14} l5 6 l-5 6 l-5 -6 z" fill="{AVERAGE_COLOUR}"/>'
            f'<line x1="{lx}" y1="{legend_y - 4}" x2="{lx}" y2="{legend_y + 4}" '
            f'stroke="{AVERAGE_COLOUR}" stroke-width="3"/>'
            f'<text x="{lx + 12}" y="{legend_y + 1}" font-size="14" fill="#0b0c0c">'
            "Hub average</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bars_from(
    titles: Mapping[int, str],
    percentages: Mapping[int, int],
    averages: Mapping[int, float] | None = None,
) -> list[ChartBar]:
    return [
        ChartBar(
            number=number,
            title=title,
            percentage=percentages.get(number, 0),
            average=None if averages is None else averages.get(number),
        )
        for number, title in sorted(titles.items())
    ]
