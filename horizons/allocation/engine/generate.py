"""Realistic synthetic campaigns for tests, benchmarks and demos (no real people or schools).

Schools and employers cluster around English towns (bigger towns spread wider), with a rural
fringe; free-school-meal shares are skewed (most schools 0.05–0.3, a tail to 0.6) and higher
near town centres; schools range from small rural ones with mixed-age classes to three-form
entry; only some classes sign up to a campaign; teachers and volunteers offer a few half-days.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from .problem import Problem, Rotation, School, SchoolClass, Volunteer

# (name, lat, lon, relative population) — approximate town centres.
TOWNS: tuple[tuple[str, float, float, float], ...] = (
    ("London", 51.507, -0.128, 30),
    ("Birmingham", 52.486, -1.890, 12),
    ("Manchester", 53.481, -2.243, 11),
    ("Leeds", 53.800, -1.549, 8),
    ("Liverpool", 53.408, -2.992, 6),
    ("Sheffield", 53.381, -1.470, 6),
    ("Bristol", 51.455, -2.588, 6),
    ("Newcastle upon Tyne", 54.978, -1.618, 5),
    ("Nottingham", 52.954, -1.158, 5),
    ("Leicester", 52.637, -1.140, 4),
    ("Coventry", 52.407, -1.512, 4),
    ("Bradford", 53.795, -1.759, 4),
    ("Hull", 53.745, -0.336, 3),
    ("Stoke-on-Trent", 53.003, -2.180, 3),
    ("Plymouth", 50.376, -4.143, 3),
    ("Southampton", 50.910, -1.404, 3),
    ("Portsmouth", 50.820, -1.088, 3),
    ("Derby", 52.922, -1.476, 3),
    ("Reading", 51.454, -0.978, 2.5),
    ("Norwich", 52.630, 1.297, 2),
    ("Sunderland", 54.906, -1.381, 2.5),
    ("Middlesbrough", 54.574, -1.235, 2.5),
    ("Brighton", 50.823, -0.137, 3),
    ("York", 53.960, -1.082, 2),
    ("Exeter", 50.718, -3.534, 1.5),
    ("Hastings", 50.856, 0.573, 1),
    ("Carlisle", 54.893, -2.932, 1),
    ("Lincoln", 53.234, -0.539, 1),
    ("Ipswich", 52.059, 1.155, 1.5),
    ("Cambridge", 52.205, 0.122, 1.5),
    ("Oxford", 51.752, -1.258, 1.5),
    ("Peterborough", 52.570, -0.240, 2),
    ("Preston", 53.763, -2.703, 2),
    ("Blackpool", 53.817, -3.036, 1.5),
    ("Bournemouth", 50.720, -1.880, 2.5),
    ("Swindon", 51.556, -1.780, 2),
    ("Milton Keynes", 52.041, -0.759, 2.5),
    ("Northampton", 52.240, -0.903, 2),
    ("Luton", 51.879, -0.418, 2),
    ("Gloucester", 51.864, -2.238, 1.5),
    ("Truro", 50.263, -5.051, 0.5),
    ("Wolverhampton", 52.587, -2.129, 2.5),
    ("Bolton", 53.578, -2.430, 2),
    ("Warrington", 53.390, -2.597, 1.5),
    ("Worcester", 52.192, -2.220, 1),
    ("Shrewsbury", 52.707, -2.754, 1),
)

SECTORS = (
    "health-and-care", "engineering", "energy", "emergency-services", "construction",
    "creative", "retail", "finance", "public-sector", "transport", "education", "science",
    "digital", "sport", "animals-and-land", "hospitality",
)  # fmt: skip
ROLES = {
    "health-and-care": ("nurse", "midwife", "paramedic", "care worker"),
    "engineering": ("engineer", "technician", "designer"),
    "energy": ("electrical engineer", "wind turbine technician"),
    "emergency-services": ("firefighter", "police officer", "army medic"),
    "construction": ("builder", "architect", "electrician"),
    "creative": ("animator", "journalist", "musician"),
    "retail": ("store manager", "buyer"),
    "finance": ("accountant", "bank adviser"),
    "public-sector": ("solicitor", "council planner"),
    "transport": ("train driver", "pilot", "logistics planner"),
    "education": ("nursery teacher", "librarian"),
    "science": ("scientist", "lab technician"),
    "digital": ("software developer", "games designer"),
    "sport": ("coach", "physiotherapist"),
    "animals-and-land": ("vet", "farmer", "park ranger"),
    "hospitality": ("chef", "hotel manager", "hairdresser"),
}
# Year groups volunteers say they work with: (years, probability).
YEAR_RANGES = (((1, 2, 3, 4, 5, 6), 0.40), ((3, 4, 5, 6), 0.30), ((5, 6), 0.15),
               ((1, 2), 0.10), ((3, 4), 0.05))  # fmt: skip
# Forms of entry: (classes in the school, probability); small schools mix year groups.
SCHOOL_SIZES = ((3, 0.10), (4, 0.10), (6, 0.45), (9, 0.15), (12, 0.15), (18, 0.05))


def campaign_slots(days: int, start: dt.date = dt.date(2026, 3, 2)) -> tuple[str, ...]:
    """Half-day slot ids on school days from `start`, e.g. '2026-03-02 AM'."""
    out: list[str] = []
    day = start
    while len(out) < 2 * days:
        if day.weekday() < 5:
            out += [f"{day.isoformat()} AM", f"{day.isoformat()} PM"]
        day += dt.timedelta(days=1)
    return tuple(out)


# Rough boxes covering England's land (lat, lat, lon, lon), for market towns and villages.
ENGLAND = ((50.4, 51.2, -5.2, -2.9), (50.6, 51.5, -2.9, 1.3), (51.5, 52.9, -2.9, 1.6),
           (52.9, 53.8, -3.0, 0.2), (53.8, 54.9, -3.3, -0.4), (54.9, 55.6, -2.6, -1.6))  # fmt: skip


def _towns(n_schools: int, rng: np.random.Generator) -> list[tuple[str, float, float, float]]:
    """A region's towns: the anchor town and its nearest neighbours, more for bigger runs,
    plus market towns and villages around them (most English schools are not in cities)."""
    k = max(1, min(len(TOWNS), math.ceil(n_schools**0.45 / 3)))
    anchor = TOWNS[int(rng.integers(len(TOWNS)))]
    by_distance = sorted(TOWNS, key=lambda t: (t[1] - anchor[1]) ** 2 + (t[2] - anchor[2]) ** 2)
    towns = list(TOWNS) if k >= len(TOWNS) else by_distance[:k]
    if n_schools < 200:
        return towns
    areas = np.array([(b[1] - b[0]) * (b[3] - b[2]) for b in ENGLAND])
    n_small = int(12 * len(TOWNS) * 8)  # market towns and villages across England
    box = rng.choice(len(ENGLAND), size=n_small, p=areas / areas.sum())
    b = np.array(ENGLAND)[box]
    lat = rng.uniform(b[:, 0], b[:, 1])
    lon = rng.uniform(b[:, 2], b[:, 3])
    # Keep the ones near the chosen towns; their share of schools matches a real region.
    near = np.zeros(n_small, dtype=bool)
    for t in towns:
        near |= np.hypot(lat - t[1], (lon - t[2]) * 0.62) < 0.45  # within ~50 km
    city_weight = sum(t[3] for t in towns)
    per_small = 1.3 * city_weight / max(1, int(near.sum()))
    return towns + [
        (f"Town {i}", float(lat[i]), float(lon[i]), per_small) for i in np.flatnonzero(near)
    ]


def _scatter(
    rng: np.random.Generator, towns: list, n: int, spread: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n points around towns by population; returns lat, lon and distance from centre (km)."""
    pop = np.array([t[3] for t in towns], dtype=float)
    pick = rng.choice(len(towns), size=n, p=pop / pop.sum())
    sigma = spread * (2.0 + 1.5 * np.sqrt(pop[pick]))  # km: London ~16, a small town ~3.5
    rural = rng.random(n) < 0.25
    sigma = np.where(rural, sigma * 3.0, sigma)
    dx, dy = rng.normal(size=n) * sigma, rng.normal(size=n) * sigma
    lat0 = np.array([t[1] for t in towns])[pick]
    lon0 = np.array([t[2] for t in towns])[pick]
    lat = lat0 + dy / 111.2
    lon = lon0 + dx / (111.2 * np.cos(np.radians(lat0)))
    return lat, lon, np.hypot(dx, dy) / sigma


def generate(
    schools: int,
    volunteers: int,
    days: int,
    seed: int = 0,
    participation: float = 0.4,
    max_encounters_per_class: int = 3,
    host_share: float = 0.05,
) -> Problem:
    """A synthetic campaign: `days` school days of AM and PM slots."""
    rng = np.random.default_rng(seed)
    slots = campaign_slots(days)
    n_slots = len(slots)
    towns = _towns(schools, rng)

    lat, lon, centrality = _scatter(rng, towns, schools, 1.0)
    # Skewed FSM, higher near centres: mostly 0.05–0.3 with a tail to 0.6.
    fsm = 0.05 + 0.55 * rng.beta(1.6 + 1.2 * np.exp(-centrality), 4.0, size=schools)
    sizes, probs = zip(*SCHOOL_SIZES, strict=True)
    n_classes = rng.choice(sizes, size=schools, p=probs)
    prior_mean = 2.5 * (1 - fsm)  # schools with more disadvantage have had fewer visitors

    school_list: list[School] = []
    for i in range(schools):
        k = int(n_classes[i])
        years = np.resize(np.arange(1, 7), k) if k >= 6 else np.linspace(2, 6, k).round()
        take = rng.random(k) < participation
        if not take.any():
            take[rng.integers(k)] = True
        classes = []
        for j in np.flatnonzero(take):
            free = rng.random(n_slots) < rng.uniform(0.3, 0.7)
            if not free.any():
                free[rng.integers(n_slots)] = True
            classes.append(
                SchoolClass(
                    id=f"S{i}-C{j}",
                    year=int(years[j]),
                    pupils=int(rng.integers(18, 31) if k >= 6 else rng.integers(12, 26)),
                    prior_encounters=int(rng.poisson(prior_mean[i])),
                    slots=tuple(s for s, f in zip(slots, free, strict=True) if f),
                )
            )
        school_list.append(
            School(
                f"S{i}",
                float(lat[i]),
                float(lon[i]),
                round(float(fsm[i]), 3),
                tuple(classes),
                name=f"School {i}",
            )  # fmt: skip
        )

    # A few big schools host rotation events; small neighbours within 5 km travel to them.
    rotations: list[Rotation] = []
    if host_share > 0 and schools >= 10:
        n_hosts = max(1, int(schools * host_share / 3))
        big = np.flatnonzero(n_classes >= 9)
        hosts = rng.choice(big, size=min(n_hosts, len(big)), replace=False)
        host_set = set(hosts.tolist())
        guests: dict[int, int] = {}
        for h in hosts:
            d = np.hypot(
                (lat - lat[h]) * 111.2, (lon - lon[h]) * 111.2 * math.cos(math.radians(lat[h]))
            )  # noqa: E501
            near = [
                j for j in np.argsort(d)[1:4] if d[j] < 5 and j not in host_set and j not in guests
            ]  # noqa: E501
            for j in near:
                guests[int(j)] = int(h)
            slot = slots[int(rng.integers(n_slots))]
            rotations.append(Rotation(f"S{h}", slot, 4))
        for guest, host_index in guests.items():
            s = school_list[guest]
            school_list[guest] = School(
                s.id, s.lat, s.lon, s.fsm, s.classes, s.name, f"S{host_index}", s.online
            )

    # Volunteers work at employers in towns; employers have a sector.
    n_emp = max(1, volunteers // 6)
    elat, elon, _ = _scatter(rng, towns, n_emp, 0.5)
    esector = rng.choice(len(SECTORS), size=n_emp)
    emp = rng.integers(n_emp, size=volunteers)
    vlat = elat[emp] + rng.normal(size=volunteers) * 0.01
    vlon = elon[emp] + rng.normal(size=volunteers) * 0.015
    radius = np.clip(rng.lognormal(math.log(10), 0.45, size=volunteers), 3, 40).round(1)
    online = rng.random(volunteers) < 0.12
    online_only = online & (rng.random(volunteers) < 0.3)
    cs = rng.random(volunteers) < 0.15
    yr = [years for years, _share in YEAR_RANGES]
    yp = [share for _years, share in YEAR_RANGES]
    vol_list: list[Volunteer] = []
    for i in range(volunteers):
        k = int(min(n_slots, rng.choice([1, 2, 2, 3, 3, 4, 6])))
        free_slots = rng.choice(n_slots, size=k, replace=False)
        sector = SECTORS[esector[emp[i]]]
        roles = ROLES[sector]
        vol_list.append(
            Volunteer(
                id=f"V{i}",
                employer=f"Employer {emp[i]}",
                sector=sector,
                lat=round(float(vlat[i]), 5),
                lon=round(float(vlon[i]), 5),
                radius_km=float(radius[i]),
                online=bool(online[i]),
                years=tuple(yr[int(rng.choice(len(yr), p=yp))]),
                slots=tuple(slots[j] for j in sorted(free_slots)),
                max_sessions=int(min(k, rng.choice([1, 2, 2, 3]))),
                counter_stereotype=bool(cs[i]),
                in_person=not bool(online_only[i]),
                name=f"Volunteer {i}",
                role=roles[int(rng.integers(len(roles)))],
            )
        )
    school_list = [
        School(s.id, round(s.lat, 5), round(s.lon, 5), s.fsm, s.classes, s.name, s.host, s.online)
        for s in school_list
    ]
    return Problem(
        slots=slots,
        schools=tuple(school_list),
        volunteers=tuple(vol_list),
        max_encounters_per_class=max_encounters_per_class,
        rotations=tuple(rotations),
    )
