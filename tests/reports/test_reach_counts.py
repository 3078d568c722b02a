"""Reach pages: the chart draws only what the table shows, and templates take the threshold
from reports.suppression rather than a literal 5."""

from __future__ import annotations

import re
from datetime import date

from django.template import Context, Template
from django.test import override_settings

from horizons.encounters.selectors import DayReach, Reach
from horizons.encounters.views.reach import _chart


def _bar_totals(svg: str) -> list[str]:
    return re.findall(r'text-anchor="middle" font-size="13">([\d,]+)</text>', svg)


def test_a_small_group_is_not_drawn_so_the_bar_total_cannot_reveal_it() -> None:
    reach = Reach(
        by_day=[DayReach(date(2026, 12, 1), 3, 20, 2), DayReach(date(2026, 12, 2), 30, 0, 1)]
    )
    svg = _chart("Children reached", reach)
    # The table says "fewer than 5" for the 3 in person on 1 December: the bar shows 20, not 23.
    assert _bar_totals(svg)[:2] == ["20", "30"]
    monthly = _chart("Children reached", reach, by_month=True)
    assert _bar_totals(monthly)[0] == "50"  # not 53


def test_templates_use_the_configured_threshold() -> None:
    template = Template("{% load suppression_tags %}{{ a|children_count }}|{{ b|children_count }}")
    assert template.render(Context({"a": 3, "b": 1234})) == "fewer than 5|1,234"
    with override_settings(HORIZONS_MIN_GROUP_SIZE=10):
        assert template.render(Context({"a": 7, "b": 0})) == "fewer than 10|0"
