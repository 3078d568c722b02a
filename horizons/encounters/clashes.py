"""No clash, ever: a volunteer or a class is in at most one event at a time (issue 17).

Django-free: the services pass in what the selectors read (`Commitment`s: the other events a
volunteer or class is already at on the day), and get back the first clash, described so a
person can act on it ("Callum A. is already at Jarrow rotation, Tue 2 March 09:15–11:00").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True)
class Commitment:
    """Someone (a volunteer, or a school's class) already at an event."""

    who: str  # "Callum A." or "Year 6 Elm (Benwell Primary)"
    key: str  # what identifies them: "volunteer-7", "class-12-year 6 elm"
    event_id: int
    title: str
    date: date
    starts_at: time
    ends_at: time


def overlaps(a_start: time, a_end: time, b_start: time, b_end: time) -> bool:
    """Two times on the same day overlap; one ending as the other starts does not."""
    return a_start < b_end and b_start < a_end


def first_clash(
    day: date,
    starts_at: time,
    ends_at: time,
    keys: Iterable[str],
    commitments: Iterable[Commitment],
    *,
    event_id: int | None = None,
) -> Commitment | None:
    """The first commitment of anyone in `keys` at another event overlapping these times."""
    wanted = set(keys)
    clashes = [
        c
        for c in commitments
        if c.key in wanted
        and c.event_id != event_id
        and c.date == day
        and overlaps(starts_at, ends_at, c.starts_at, c.ends_at)
    ]
    return min(clashes, key=lambda c: (c.starts_at, c.title, c.who), default=None)


def describe(clash: Commitment) -> str:
    """``Callum A. is already at Jarrow rotation, Tue 2 March 09:15–11:00``."""
    return (
        f"{clash.who} is already at {clash.title}, {clash.date:%a} {clash.date.day} "
        f"{clash.date:%B} {clash.starts_at:%H:%M}–{clash.ends_at:%H:%M}"
    )


def volunteer_key(pk: int) -> str:
    return f"volunteer-{pk}"


def class_key(school_pk: int, class_name: str) -> str:
    """A class is known by its school and its name (bookings hold no pupil lists)."""
    return f"class-{school_pk}-{class_name.strip().casefold()}"
