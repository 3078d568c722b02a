"""Server-side SVG charts for impact reports: before and after, side by side.

Every bar carries its figure and the word "before" or "after", so colour is never the only
signal; the page shows the same figures in a table. Pure module: no Django; every piece of
text is escaped here, so the markup can be placed in a page as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from horizons.reports.charts import LinearScale, row_top, shorten

BEFORE_COLOUR = "#6f777b"
AFTER_COLOUR = "#1d4f91"
_WIDTH = 720
_LABEL_WIDTH = 300
_VALUE_WIDTH = 110
_BAR_HEIGHT = 16
_ROW_GAP = 18
_TOP = 40


@dataclass(frozen=True)
class BarPair:
    label: str
    before: float | None  # None: suppressed (fewer than five children)
    after: float | None


def paired_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[BarPair],
    maximum: float,
    value_format: str = "{:.1f}",
) -> str:
    """A horizontal bar chart with a before bar and an after bar per row."""
    scale = LinearScale(maximum=maximum, length=_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH)
    row_height = 2 * _BAR_HEIGHT + _ROW_GAP
    height = _TOP + row_height * len(rows) + 10
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="hz-bar-chart" role="img" aria-labelledby="{escape(title_id)} '
        f'{escape(desc_id)}" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
        _legend(),
    ]
    for index, row in enumerate(rows):
        y = row_top(index, start=_TOP, pitch=row_height)
        parts.append(
            f'<text x="{_LABEL_WIDTH - 10}" y="{y + _BAR_HEIGHT + 4}" text-anchor="end" '
            f'font-size="13" fill="#0b0c0c">{escape(_shorten(row.label))}</text>'
        )
        if row.before is None or row.after is None:
            parts.append(
                f'<text x="{_LABEL_WIDTH}" y="{y + _BAR_HEIGHT + 4}" font-size="14" '
                'fill="#0b0c0c">Fewer than 5 children</text>'
            )
            continue
        for offset, value, colour, word in (
            (0, row.before, BEFORE_COLOUR, "before"),
            (_BAR_HEIGHT + 2, row.after, AFTER_COLOUR, "after"),
        ):
            length = scale.size(value)
            top = y + offset
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{top}" width="{length:.1f}" '
                f'height="{_BAR_HEIGHT}" fill="{colour}"></rect>'
            )
            parts.append(
                f'<text x="{_LABEL_WIDTH + length + 6:.1f}" y="{top + _BAR_HEIGHT - 3}" '
                f'font-size="13" fill="#0b0c0c">{escape(value_format.format(value))} '
                f"{word}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> str:
    return (
        f'<rect x="{_LABEL_WIDTH}" y="8" width="16" height="16" fill="{BEFORE_COLOUR}"></rect>'
        f'<text x="{_LABEL_WIDTH + 22}" y="21" font-size="14" fill="#0b0c0c">Before</text>'
        f'<rect x="{_LABEL_WIDTH + 100}" y="8" width="16" height="16" '
        f'fill="{AFTER_COLOUR}"></rect>'
        f'<text x="{_LABEL_WIDTH + 122}" y="21" font-size="14" fill="#0b0c0c">After</text>'
    )


def _shorten(label: str, limit: int = 42) -> str:
    return shorten(label, limit)
