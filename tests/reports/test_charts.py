"""Chart axes and scales: the one Django-free module the four SVG chart helpers draw with."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from horizons.benchmarks.charts import ChartBar, results_chart
from horizons.careers.library import bar_chart
from horizons.encounters.charts import stacked_bars
from horizons.programmes.charts import BarPair, paired_bar_chart
from horizons.reports.charts import Bands, LinearScale, nice_step, nice_ticks, row_top, shorten


def test_a_linear_scale_clamps_to_its_plot() -> None:
    scale = LinearScale(maximum=100, length=300, origin=270)
    assert scale.at(0) == 270 and scale.at(50) == 420 and scale.at(100) == 570
    assert scale.at(-20) == 270 and scale.at(140) == 570  # never outside the plot
    assert LinearScale(maximum=5, length=310).size(2.5) == 155
    with pytest.raises(ValueError, match="maximum must be positive"):
        LinearScale(maximum=0, length=10)


@pytest.mark.parametrize(
    ("maximum", "intervals", "ticks"),
    [
        (100, 4, [0, 25, 50, 75, 100]),
        (100, 5, [0, 20, 40, 60, 80, 100]),
        (5, 5, [0, 1, 2, 3, 4, 5]),
        (7, 4, [0, 2, 4, 6, 8]),
        (1234, 4, [0, 500, 1000, 1500]),
        (1, 4, [0, 0.25, 0.5, 0.75, 1]),
    ],
)
def test_nice_ticks_are_round_and_reach_the_maximum(
    maximum: float, intervals: int, ticks: list[float]
) -> None:
    assert nice_ticks(maximum, intervals) == ticks
    assert nice_ticks(maximum, intervals)[-1] >= maximum
    assert all(isinstance(t, int) for t in nice_ticks(100, 4))  # "25%", never "25.0%"


def test_nice_step_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        nice_step(0, 4)


def test_bands_centre_capped_bars_in_equal_slots() -> None:
    bands = Bands(start=48, length=582, count=3, fill=0.6, max_width=60)
    assert bands.step == 194 and bands.width == 60
    assert bands.at(0) == 48 + 67 and bands.centre(2) == 48 + 2 * 194 + 97
    narrow = Bands(start=0, length=100, count=10)
    assert narrow.width == pytest.approx(6) and narrow.at(1) == pytest.approx(12)


def test_rows_and_labels() -> None:
    assert row_top(3, start=30, pitch=40) == 150 and isinstance(row_top(1, pitch=2), int)
    assert shorten("Short", 26) == "Short"
    assert shorten("Linking curriculum learning to careers", 12) == "Linking cur…"
    assert shorten("Linking to careers", 9, trim=True) == "Linking…"
    assert shorten("Linking to careers", 9) == "Linking …"


def test_the_four_chart_helpers_draw_with_the_shared_scale() -> None:
    """Figures from the shared module appear in each helper's output (positions unchanged)."""
    svg = results_chart([ChartBar(1, "Stable", 50, 25.0)], title="Results")
    assert 'x1="270.0"' in svg and 'x1="570.0"' in svg  # 0% and 100% ticks
    assert 'width="150.0" height="20"' in svg  # 50% of 300
    assert ">0%<" in svg and ">25%<" in svg and ">100%<" in svg
    assert 'x1="345.0"' in svg  # the hub average at 25%

    reach = stacked_bars(title="Reach", labels=["Mon", "Tue"], in_person=[10, 0], online=[10, 5])
    assert 'height="100.0" fill="#0b2e5c"' in reach  # 10 of 20 over a 200 px bar area
    assert 'x="163.5" y="120.0" width="60.0"' in reach  # the first bar centred in its slot

    paired = paired_bar_chart(
        chart_id="c",
        title="T",
        description="D",
        rows=[BarPair("Item", 2.5, 9.0)],
        maximum=5,
    )
    assert 'width="155.0" height="16"' in paired and 'width="310.0" height="16"' in paired
    with pytest.raises(ValueError, match="maximum must be positive"):
        paired_bar_chart(chart_id="c", title="T", description="D", rows=[], maximum=0)

    chart = bar_chart([("Health", 1000), ("Retail", 250)])
    assert [bar.width for bar in chart.bars] == [360.0, 90.0]
    assert [bar.y for bar in chart.bars] == [24, 84]
    assert bar_chart([("Nobody", 0)]).bars[0].width == 0.0


def test_the_chart_module_does_not_import_django() -> None:
    code = (
        "import sys, horizons.reports.charts; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def _samples() -> dict[str, str]:
    """The four helpers' output on fixed inputs (edge cases: empty, zero, over the maximum,
    suppressed rows, long labels)."""
    out: dict[str, str] = {}
    bars = [
        ChartBar(i, f"Benchmark title number {i} that is long enough to cut", p, a)
        for i, p, a in [
            (1, 0, None),
            (2, 37, 41.5),
            (3, 100, 12.3),
            (4, 66, 0.0),
            (5, 120, 33.33),
            (6, 13, None),
            (7, 87, 99.9),
            (8, 50, 50),
        ]
    ]
    out["bench"] = results_chart(bars, title="Results <&>")
    out["bench_noavg"] = results_chart(
        [ChartBar(1, "A", 33), ChartBar(2, "B & C", 67)], title="T", chart_id="x"
    )
    out["enc"] = stacked_bars(
        title="Reach",
        labels=["Mon 1 Dec", "Tue 2 Dec", "Wed"],
        in_person=[26, 0, 1234],
        online=[57, 5, 0],
    )
    out["enc0"] = stacked_bars(title="Reach", labels=["a", "b"], in_person=[0, 0], online=[0, 0])
    out["enc_empty"] = stacked_bars(title="R", labels=[], in_person=[], online=[])
    rows = [
        BarPair("I know lots of jobs", 2.3, 3.7),
        BarPair("Suppressed row", None, 2.0),
        BarPair("A very long label that goes past forty-two characters easily", 0.0, 5.0),
        BarPair("Over max", 7.1, -1.0),
        BarPair("Third", 1 / 3, 2 / 3),
        BarPair("x", 0.05, 0.15),
    ]
    out["prog"] = paired_bar_chart(chart_id="c", title="T", description="D", rows=rows, maximum=5)
    out["prog_pct"] = paired_bar_chart(
        chart_id="p", title="T", description="D", rows=rows, maximum=100, value_format="{:.0f}%"
    )
    out["careers"] = repr(
        bar_chart([("Health", 1234), ("Retail", 77), ("Zero", 0), ("Third", 411)])
    )
    out["careers0"] = repr(bar_chart([]))
    out["careers_zero"] = repr(bar_chart([("a", 0)]))
    return out


def test_the_four_helpers_draw_exactly_what_they_drew_before_the_shared_module() -> None:
    """``data/charts_before_refactor.json`` was written by the helpers before they used
    ``reports.charts``: the SVG (and the careers chart's geometry) is byte-for-byte the same."""
    before = json.loads(
        (Path(__file__).parent / "data" / "charts_before_refactor.json").read_text()
    )
    assert _samples() == before
