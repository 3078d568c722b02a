"""Chart axes and scales: the one Django-free module the four SVG chart helpers draw with."""

from __future__ import annotations

import subprocess
import sys

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
