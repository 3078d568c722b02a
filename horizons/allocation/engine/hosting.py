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


def group_with_hosts(sites: list[Site], reach_km: float = HOST_REACH_KM) -> dict[str, str]:
    """{visiting school id: host school id}, nearest pairs first, halls never overfilled."""
    hosts = [s for s in sites if s.can_host]
    if not hosts:
        return {}
    room = {h.id: (h.hall_pupils if h.hall_pupils is not None else 0) - h.pupils for h in hosts}
    pairs = sorted(
        (haversine_km(v.lat, v.lon, h.lat, h.lon), v.id, h.id, v.pupils)
        for v in sites
        if not v.can_host
        for h in hosts
    )
    out: dict[str, str] = {}
    for km, visitor, host, pupils in pairs:
        if km > reach_km:
            break
        if visitor in out or room[host] < pupils:
            continue
        out[visitor] = host
        room[host] -= pupils
    return out
