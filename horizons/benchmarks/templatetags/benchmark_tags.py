from typing import Any

from django import template

from horizons.benchmarks.charts import heat_level as _heat_level

register = template.Library()


@register.filter
def heat_level(percentage: Any) -> str:
    """Heatmap class suffix for a percentage: 0 to 4, or "none"."""
    return _heat_level(percentage)
