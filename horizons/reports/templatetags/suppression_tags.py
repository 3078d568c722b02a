"""``{{ count|children_count }}``: a count of children, or "fewer than 5" for a small group.

Templates use this rather than comparing with a literal 5, so ``HORIZONS_MIN_GROUP_SIZE`` and
``reports.suppression`` stay the one place that decides.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma

from horizons.reports import suppression

register = template.Library()


@register.filter
def children_count(value: int | None) -> str:
    count = int(value or 0)
    shown = suppression.display_count(count, settings.HORIZONS_MIN_GROUP_SIZE)
    return shown if isinstance(shown, str) else str(intcomma(shown))
