"""Which schools take their classes to a host school's rotation event (pure, no Django).

In an Aspirations Week (Coventry: 33 schools, 13 host schools) small or nearby schools bring
their classes to a host school whose hall holds several classes, and volunteers rotate round
them. A school that said it can host is a host; every other school goes to the nearest host
within reach whose hall still has room for all its classes (so a hall is never promised more
pupils than it holds), nearest pairs first. A school with no host in reach stays at home and
gets visits, as without rotation events.
"""

from __future__ import annotations

from dataclasses import dataclass

from .geo import haversine_km

HOST_REACH_KM = 8.0  # how far a school's classes are taken to a host (a short coach trip)


@dataclass(frozen=True)
class Site:
    id: str
    lat: float
    lon: float
    pupils: int  # all the school's classes in the campaign
    can_host: bool = False
    hall_pupils: int | None = None  # None: the host did not say; its own classes only count
    classes: int = 0  # the school's classes in the campaign
    max_classes: int | None = None  # a facilitator's cap on the classes in the hall


def group_with_hosts(
    sites: list[Site],
    reach_km: float = HOST_REACH_KM,
    fixed: dict[str, str | None] | None = None,
) -> dict[str, str]:
    """{visiting school id: host school id}, nearest pairs first, halls never overfilled.

    `fixed` is the facilitator's steer: {school id: host id, or None to stay at home}. Those
    schools go where they are sent (whatever the distance) before the others are placed, and
    take up their hall's room; no other school is sent to a hall past its pupils or classes.
    """
    fixed = fixed or {}
    hosts = [s for s in sites if s.can_host]
    if not hosts:
        return {}
    room = {h.id: (h.hall_pupils if h.hall_pupils is not None else 0) - h.pupils for h in hosts}
    seats = {
        h.id: (h.max_classes - h.classes if h.max_classes is not None else 10**9) for h in hosts
    }
    out: dict[str, str] = {}
    by_id = {s.id: s for s in sites}
    for visitor, host in fixed.items():
        if host is not None and visitor in by_id and host in room:
            out[visitor] = host
            room[host] -= by_id[visitor].pupils
            seats[host] -= by_id[visitor].classes
    pairs = sorted(
        (haversine_km(v.lat, v.lon, h.lat, h.lon), v.id, h.id, v.pupils, v.classes)
        for v in sites
        if not v.can_host and v.id not in fixed
        for h in hosts
    )
    for km, visitor, host, pupils, classes in pairs:
        if km > reach_km:
            break
        if visitor in out or room[host] < pupils or seats[host] < classes:
            continue
        out[visitor] = host
        room[host] -= pupils
        seats[host] -= classes
    return out
