"""How many places a booking takes, and who comes off the waiting list. Pure (no Django)."""

from __future__ import annotations

from collections.abc import Sequence

PUPILS = "pupils"
CLASSES = "classes"


def places_needed(class_sizes: Sequence[int], unit: str) -> int:
    """In-person events count pupils; online sessions may count classes (one screen each)."""
    if unit == CLASSES:
        return len(class_sizes)
    if unit == PUPILS:
        return sum(class_sizes)
    raise ValueError(f"Unknown capacity unit {unit!r}")


def promotable(waiting: Sequence[tuple[int, int]], remaining: int) -> list[int]:
    """Which waiting bookings (id, places), in queue order, to confirm with `remaining` places.

    First come, first served, but a large booking at the front does not block a smaller one
    behind it that fits: each in turn is confirmed if it fits in what is left.
    """
    chosen: list[int] = []
    for booking_id, places in waiting:
        if 0 < places <= remaining:
            chosen.append(booking_id)
            remaining -= places
    return chosen
