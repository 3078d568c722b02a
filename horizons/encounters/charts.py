"""Inline SVG charts for reach pages. Pure (no Django): strings in, escaped SVG out.

Every chart carries role="img", a <title> and an aria-label, and its page shows the same figures
in a table; bars are told apart by pattern position and a legend, not by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from horizons.reports.charts import Bands, LinearScale

WIDTH = 640
BAR_AREA = 200
LEFT = 48


def stacked_bars(
    *, title: str, labels: Sequence[str], in_person: Sequence[int], online: Sequence[int]
) -> str:
    """Bars per day: in person (solid, bottom) and online (hatched, top), with totals on top."""
    n = len(labels)
    if n == 0:
        return ""
    top = max((a + b for a, b in zip(in_person, online, strict=True)), default=0) or 1
    bands = Bands(start=LEFT, length=WIDTH - LEFT - 10, count=n, fill=0.6, max_width=60.0)
    bar = bands.width
    scale = LinearScale(maximum=top, length=BAR_AREA)
    height = BAR_AREA + 70
    parts = [
        f'<svg class="hz-bar-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        '<defs><pattern id="hz-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<rect width="3" height="6" fill="#1d70b8"/></pattern></defs>',
        f'<line x1="{LEFT}" y1="{BAR_AREA + 20}" x2="{WIDTH - 5}" y2="{BAR_AREA + 20}" stroke="#0b0c0c"/>',
    ]
    for i, label in enumerate(labels):
        x = bands.at(i)
        h_in = scale.size(in_person[i])
        h_on = scale.size(online[i])
        base = BAR_AREA + 20
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h_in:.1f}" width="{bar:.1f}" height="{h_in:.1f}" fill="#0b2e5c"/>'
        )
        parts.append(
            f'<rect x="{x:.1f}" y="{base - h_in - h_on:.1f}" width="{bar:.1f}" height="{h_on:.1f}" '
            'fill="url(#hz-hatch)" stroke="#1d70b8"/>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{base - h_in - h_on - 4:.1f}" text-anchor="middle" '
            f'font-size="13">{in_person[i] + online[i]:,}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{base + 18:.1f}" text-anchor="middle" font-size="13">{escape(label)}</text>'
        )
    legend_y = height - 14
    parts.append(f'<rect x="{LEFT}" y="{legend_y - 11}" width="14" height="14" fill="#0b2e5c"/>')
    parts.append(f'<text x="{LEFT + 20}" y="{legend_y}" font-size="13">In person</text>')
    parts.append(
        f'<rect x="{LEFT + 110}" y="{legend_y - 11}" width="14" height="14" fill="url(#hz-hatch)" stroke="#1d70b8"/>'
    )
    parts.append(f'<text x="{LEFT + 130}" y="{legend_y}" font-size="13">Online</text>')
    parts.append("</svg>")
    return "".join(parts)
