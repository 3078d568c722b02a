"""The demo region's people and organisations, generated deterministically.

Names are invented; places are real North East districts so the map looks right. URNs start at
990001 so they can never collide with real GIAS establishments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from horizons.core import stereotypes

# (local authority, centre latitude, centre longitude, districts)
LOCAL_AUTHORITIES = [
    (
        "Newcastle upon Tyne",
        54.978,
        -1.617,
        [
            "Benwell",
            "Walker",
            "Heaton",
            "Fenham",
            "Kenton",
            "Byker",
            "Gosforth",
            "Elswick",
            "Denton",
            "Westerhope",
            "Newbiggin Hall",
            "Walkergate",
            "Jesmond",
            "Scotswood",
        ],
    ),
    (
        "Gateshead",
        54.952,
        -1.603,
        [
            "Felling",
            "Low Fell",
            "Dunston",
            "Whickham",
            "Birtley",
            "Wrekenton",
            "Deckham",
            "Ryton",
            "Blaydon",
            "Windy Nook",
            "Lobley Hill",
            "Bensham",
        ],
    ),
    (
        "North Tyneside",
        55.017,
        -1.486,
        [
            "Wallsend",
            "Whitley Bay",
            "Tynemouth",
            "North Shields",
            "Killingworth",
            "Longbenton",
            "Forest Hall",
            "Shiremoor",
            "Backworth",
            "Howdon",
            "Cullercoats",
            "Monkseaton",
        ],
    ),
    (
        "South Tyneside",
        54.963,
        -1.432,
        [
            "Jarrow",
            "Hebburn",
            "Boldon",
            "Whitburn",
            "Cleadon",
            "Westoe",
            "Biddick Hall",
            "Simonside",
            "Harton",
            "Marsden",
            "Primrose",
            "Brockley Whins",
        ],
    ),
    (
        "Sunderland",
        54.906,
        -1.383,
        [
            "Hylton",
            "Southwick",
            "Pennywell",
            "Washington",
            "Houghton",
            "Hendon",
            "Millfield",
            "Roker",
            "Seaburn",
            "Ryhope",
            "Silksworth",
            "Castletown",
            "Grindon",
            "Doxford",
        ],
    ),
]

SAINTS = [
    "St Mary's",
    "St Joseph's",
    "St Peter's",
    "St Aidan's",
    "St Cuthbert's",
    "Holy Trinity",
    "St Bede's",
    "St Oswald's",
    "St Hilda's",
    "Christ Church",
]
SCHOOL_PATTERNS = [
    ("{d} Primary School", "Community school"),
    ("{d} Community Primary School", "Community school"),
    ("{d} Academy", "Academy converter"),
    ("{d} Primary Academy", "Academy sponsor led"),
    ("{s} Church of England Primary School", "Voluntary aided school"),
    ("{s} RC Primary School", "Voluntary aided school"),
    ("{d} Junior School", "Community school"),
    ("{d} Village Primary School", "Foundation school"),
]

EMPLOYERS = [
    ("Tyne Valley NHS Foundation Trust", "health-and-care", "large"),
    ("Riverside Care Homes", "health-and-care", "medium"),
    ("Northern Powergrid Networks", "energy", "large"),
    ("Offshore Wind Skills Centre", "energy", "medium"),
    ("Quayside Engineering", "engineering", "medium"),
    ("Wearside Automotive", "engineering", "large"),
    ("Tyne and Wear Fire and Rescue Service", "emergency-services", "large"),
    ("Northumbria Police", "emergency-services", "large"),
    ("Coastline Construction", "construction", "medium"),
    ("Bridgeworks Civil Engineering", "construction", "small"),
    ("Baltic Creative Studio", "creative", "small"),
    ("Ouseburn Games", "creative", "small"),
    ("Metro Centre Retail Group", "retail", "large"),
    ("Grainger Market Traders", "retail", "micro"),
    ("Northern Rock Building Society", "finance", "large"),
    ("Collingwood Accountants", "finance", "small"),
    ("City Council Services", "public-sector", "large"),
    ("Tyneside Libraries", "public-sector", "medium"),
    ("Nexus Metro", "transport", "large"),
    ("Port of Tyne", "transport", "medium"),
    ("Newcastle International Airport", "transport", "large"),
    ("Great North Museum", "creative", "medium"),
    ("Life Science Centre", "science", "medium"),
    ("Helix Digital", "digital", "medium"),
    ("Sage Software North", "digital", "large"),
    ("Tyneside Vets", "animals-and-land", "small"),
    ("Kielder Forest Rangers", "animals-and-land", "small"),
    ("Northern Stage Theatre", "creative", "small"),
    ("Eldon Sports Centre", "sport", "small"),
    ("Quayside Hotel and Kitchens", "hospitality", "medium"),
]

# Jobs per sector: (job title, careers library slug, counter-stereotypical for women?, for men?)
JOBS = {
    "health-and-care": [
        ("Nurse", "nurse"),
        ("Midwife", "midwife"),
        ("Paramedic", "paramedic"),
        ("Doctor", "doctor"),
        ("Care worker", "care-worker"),
        ("Physiotherapist", "physiotherapist"),
    ],
    "energy": [
        ("Electricity network engineer", "electricity-network-engineer"),
        ("Wind turbine technician", "wind-turbine-technician"),
        ("Electrician", "electrician"),
    ],
    "engineering": [
        ("Mechanical engineer", "mechanical-engineer"),
        ("Robotics engineer", "robotics-engineer"),
        ("Engineer", "engineer"),
    ],
    "emergency-services": [
        ("Firefighter", "firefighter"),
        ("Police officer", "police-officer"),
        ("Detective", "detective"),
    ],
    "construction": [
        ("Bricklayer", "bricklayer"),
        ("Civil engineer", "civil-engineer"),
        ("Carpenter", "carpenter"),
        ("Architect", "architect"),
    ],
    "creative": [
        ("Graphic designer", "graphic-designer"),
        ("Game designer", "game-designer"),
        ("Actor", "actor"),
        ("Photographer", "photographer"),
        ("Animator", "animator"),
    ],
    "retail": [("Shop manager", "shopkeeper"), ("Shop assistant", "shop-assistant")],
    "finance": [("Accountant", "accountant"), ("Bank worker", "bank-worker")],
    "public-sector": [("Librarian", "librarian"), ("Council worker", "council-worker")],
    "transport": [
        ("Train driver", "train-driver"),
        ("Pilot", "pilot"),
        ("Bus driver", "bus-driver"),
        ("Air traffic controller", "air-traffic-controller"),
    ],
    "science": [("Scientist", "scientist"), ("Chemist", "chemist")],
    "digital": [
        ("Software developer", "software-developer"),
        ("Data scientist", "data-scientist"),
        ("Cyber security expert", "cyber-security-expert"),
    ],
    "animals-and-land": [("Vet", "vet"), ("Vet nurse", "vet-nurse"), ("Ranger", "ranger")],
    "sport": [("Sports coach", "sports-coach"), ("Personal trainer", "personal-trainer")],
    "hospitality": [("Chef", "chef"), ("Hotel manager", "hotel-manager")],
}

# Jobs children most often see as "for boys" or "for girls" (see core/stereotypes.py).
MALE_TYPED = stereotypes.MALE_TYPED
FEMALE_TYPED = stereotypes.FEMALE_TYPED

FIRST_NAMES_WOMEN = [
    "Amira",
    "Beth",
    "Chloe",
    "Danielle",
    "Emma",
    "Fatima",
    "Grace",
    "Hannah",
    "Imogen",
    "Jade",
    "Kirsty",
    "Laura",
    "Megan",
    "Nadia",
    "Olivia",
    "Priya",
    "Rachel",
    "Sophie",
    "Tasha",
    "Zainab",
    "Aisha",
    "Gemma",
    "Lucy",
    "Siobhan",
]
FIRST_NAMES_MEN = [
    "Adam",
    "Ben",
    "Callum",
    "Daniel",
    "Ethan",
    "Farhan",
    "Gary",
    "Harry",
    "Imran",
    "Jack",
    "Kyle",
    "Liam",
    "Mohammed",
    "Nathan",
    "Owen",
    "Paul",
    "Ryan",
    "Sam",
    "Tom",
    "Wei",
    "Kwame",
    "Luke",
    "Ravi",
    "Stephen",
]
LAST_NAMES = [
    "Armstrong",
    "Bell",
    "Charlton",
    "Dodds",
    "Elliott",
    "Forster",
    "Graham",
    "Hall",
    "Iqbal",
    "Johnson",
    "Kerr",
    "Liddle",
    "Milburn",
    "Nixon",
    "Oliver",
    "Patel",
    "Robson",
    "Shearer",
    "Thompson",
    "Usman",
    "Varley",
    "Wilson",
    "Young",
    "Ahmed",
    "Chen",
    "Okafor",
    "Nowak",
    "Begum",
]


@dataclass(frozen=True)
class DemoSchool:
    urn: int
    name: str
    la_name: str
    establishment_type: str
    postcode: str
    latitude: float
    longitude: float
    number_of_pupils: int
    percentage_fsm: float


@dataclass(frozen=True)
class DemoVolunteer:
    first_name: str
    last_name: str
    gender: str
    job_title: str
    job_profile_slug: str
    sector: str
    employer_index: int
    travel_radius_km: int
    availability: tuple[str, ...]
    safeguarding_checked_on: date | None
    show_as_role_model: bool
    can_present_online: bool


def demo_schools(count: int = 70, seed: int = 2026) -> list[DemoSchool]:
    rng = random.Random(seed)
    schools: list[DemoSchool] = []
    used: set[str] = set()
    saints = iter(SAINTS * 3)
    for i in range(count):
        la_name, lat, lon, districts = LOCAL_AUTHORITIES[i % len(LOCAL_AUTHORITIES)]
        district = districts[(i // len(LOCAL_AUTHORITIES)) % len(districts)]
        pattern, kind = SCHOOL_PATTERNS[rng.randrange(len(SCHOOL_PATTERNS))]
        name = pattern.format(d=district, s=next(saints) if "{s}" in pattern else "")
        if "{s}" in pattern:
            name = name.replace("Primary School", f"Primary School, {district}")
        while name in used:
            name = f"{district} {rng.choice(['West', 'East', 'North', 'South'])} Primary School"
        used.add(name)
        # FSM in the North East is above the national average with a long upper tail.
        fsm = round(min(68.0, max(3.0, rng.lognormvariate(3.25, 0.45))), 1)
        pupils = int(rng.choice([105, 150, 210, 240, 315, 420, 460, 630]) * rng.uniform(0.85, 1.05))
        postcode_area = {
            "Newcastle upon Tyne": "NE",
            "Gateshead": "NE",
            "North Tyneside": "NE",
            "South Tyneside": "NE",
            "Sunderland": "SR",
        }[la_name]
        postcode = f"{postcode_area}{rng.randint(1, 38)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        schools.append(
            DemoSchool(
                urn=990001 + i,
                name=name,
                la_name=la_name,
                establishment_type=kind,
                postcode=postcode,
                latitude=round(lat + rng.uniform(-0.045, 0.045), 5),
                longitude=round(lon + rng.uniform(-0.07, 0.07), 5),
                number_of_pupils=pupils,
                percentage_fsm=fsm,
            )
        )
    return schools


# The demo's safeguarding checks date from 2024 to late 2026, so with the default 36 months
# they all still count while the demo's campaigns run.
DEMO_CHECKS_FROM = date(2026, 9, 1)


def demo_volunteers(count: int = 120, seed: int = 2026) -> list[DemoVolunteer]:
    rng = random.Random(seed + 1)
    slots = [f"{d}_{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]
    volunteers: list[DemoVolunteer] = []
    today = date(2026, 11, 1)
    for i in range(count):
        employer_index = i % len(EMPLOYERS)
        sector = EMPLOYERS[employer_index][1]
        title, slug = JOBS[sector][rng.randrange(len(JOBS[sector]))]
        # About half women overall, with a deliberate share of counter-stereotypical role models.
        if slug in MALE_TYPED:
            woman = rng.random() < 0.35
        elif slug in FEMALE_TYPED:
            woman = rng.random() < 0.62
        else:
            woman = rng.random() < 0.48
        first = rng.choice(FIRST_NAMES_WOMEN if woman else FIRST_NAMES_MEN)
        last = rng.choice(LAST_NAMES)
        available = tuple(sorted(rng.sample(slots, rng.randint(2, 6))))
        checked = today - timedelta(days=rng.randint(20, 900)) if rng.random() < 0.9 else None
        volunteers.append(
            DemoVolunteer(
                first_name=first,
                last_name=last,
                gender="woman" if woman else "man",
                job_title=title,
                job_profile_slug=slug,
                sector=sector,
                employer_index=employer_index,
                travel_radius_km=rng.choice([5, 8, 10, 15, 20, 30]),
                availability=available,
                safeguarding_checked_on=checked,
                show_as_role_model=rng.random() < 0.75,
                can_present_online=rng.random() < 0.6,
            )
        )
    return volunteers
