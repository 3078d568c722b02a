"""The configured threshold for reports about children, read in one place.

``suppression`` is pure and takes the threshold as an argument; Django code asks here for
``settings.HORIZONS_MIN_GROUP_SIZE``, checked (at least 1, so a misconfiguration cannot show
every group).
"""

from __future__ import annotations

from django.conf import settings

from horizons.reports import suppression


def min_group_size() -> int:
    """``settings.HORIZONS_MIN_GROUP_SIZE`` (5 unless configured), checked."""
    return suppression.check_minimum(
        getattr(settings, "HORIZONS_MIN_GROUP_SIZE", suppression.DEFAULT_MIN_GROUP)
    )
