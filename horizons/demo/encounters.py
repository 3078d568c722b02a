"""Demo encounters: a finished Aspirations Week the size of Coventry's, an upcoming one taking
requests, and one-off events this autumn, so every demo login has something to see and do.

Aspirations Week 2026 (2–6 March 2026): 33 schools, 13 of them hosting rotation events, 26
employers, about 1,000 children in person and 2,500 online, with attendance, teacher feedback,
children's quotes and volunteer feedback. Aspirations Week 2027 (1–5 March 2027) is taking
requests. Deterministic (fixed seed) and built with bulk_create; dates are fixed, written for a
demo seen around 22 November 2026.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.utils import timezone

from horizons.encounters.clashes import overlaps
from horizons.encounters.models import (
    Attendance,
    Booking,
    BookingClass,
    Campaign,
    CampaignInvitation,
    ChildQuote,
    Event,
    EventEmployer,
    EventVolunteer,
    Offer,
    RequestClass,
    SchoolRequest,
    TeacherFeedback,
    TimetableSlot,
    VolunteerDropOut,
    VolunteerFeedback,
)
from horizons.encounters.scheduling import date_slot, rotation_timetable, weekday_slot
from horizons.messaging.models import Message
from horizons.organisations.models import Employer, School, Volunteer

SEED = 2026
WEEK_2026 = date(2026, 3, 2)
WEEK_2027 = date(2027, 3, 1)
CLASS_NAMES = ["Oak", "Ash", "Elm", "Birch", "Willow", "Rowan", "Hazel", "Maple"]

# What each sector's employers bring (title, what children do, format).
SECTOR_ACTIVITIES: dict[str, tuple[str, str, str]] = {
    "health-and-care": (
        "Who helps when someone needs care?",
        "Children role-play a ward round, take a pulse and learn who does what in a hospital team.",
        "workshop",
    ),
    "energy": (
        "A day in the life of a network engineer",
        "Children use an app to fix a power cut, then build a simple circuit.",
        "workshop",
    ),
    "engineering": (
        "Build it, test it, improve it",
        "Teams design a paper bridge, load it with weights and improve the design.",
        "workshop",
    ),
    "emergency-services": (
        "999: who answers?",
        "Children meet the crew, try on kit and plan a safe route out of a building.",
        "talk",
    ),
    "construction": (
        "Build a tower",
        "Children plan and build the tallest tower that stands up to a fan.",
        "workshop",
    ),
    "creative": (
        "Make a game character",
        "Children sketch and animate a character the way a studio does.",
        "workshop",
    ),
    "retail": (
        "Run a market stall",
        "Children price, sell and count up at a pretend market stall.",
        "workshop",
    ),
    "finance": (
        "Money detectives",
        "Children solve a budgeting mystery with an accountant.",
        "talk",
    ),
    "public-sector": (
        "How does our city work?",
        "Children find out who keeps the streets, libraries and parks running.",
        "talk",
    ),
    "transport": (
        "Getting from A to B",
        "Children plan a route, read a timetable and meet a driver or pilot.",
        "talk",
    ),
    "science": (
        "Slime, fizz and crystals",
        "Children test materials and record results like a lab scientist.",
        "workshop",
    ),
    "digital": (
        "Code a robot",
        "Children give instructions to a floor robot and debug them.",
        "workshop",
    ),
    "animals-and-land": (
        "Caring for animals",
        "Children check a toy patient, read a chart and plan its care.",
        "workshop",
    ),
    "sport": ("Coach for a day", "Children plan and lead a warm-up for their class.", "workshop"),
    "hospitality": (
        "Kitchen brigade",
        "Children prepare a healthy snack as a kitchen team.",
        "workshop",
    ),
}
QUOTES = [
    "I didn't know girls could be engineers!",
    "When I grow up I want to help people like the nurse did.",
    "I liked fixing the power cut on the tablet.",
    "Maths is used in every job, even building towers.",
    "I want to be a vet because I love animals.",
    "The firefighter said you have to be brave and calm.",
    "I never knew there were so many jobs at the airport.",
    "Coding the robot was the best bit of the week.",
    "It made me think about what I could do when I'm older.",
    "I want to work with computers like the lady from Helix.",
    "You can be a scientist if you ask lots of questions.",
    "I liked that everyone in the team had a job to do.",
]


class _Builder:
    """Accumulates rows, then writes them in a few bulk inserts."""

    def __init__(self, region: Any):
        self.region = region
        self.rng = random.Random(SEED)
        self.hub = region.hub
        self.schools: list[School] = region.schools
        self.employers: list[Employer] = region.employers
        self.by_employer: dict[int, list[Volunteer]] = defaultdict(list)
        for v in region.volunteers:
            self.by_employer[v.employer_id].append(v)
        self.facilitator = region.users.get("facilitator")
        self.lead = region.users.get("lead")
        self.offers: dict[int, Offer] = {}
        self.used: set[int] = set()
        # Who is where and when, so that nobody is in two events at once (encounters/clashes.py).
        self.busy: dict[tuple[Any, date], list[tuple[time, time]]] = defaultdict(list)

    # --- helpers -------------------------------------------------------------------------

    def is_free(self, who: Any, day: date, start: time, end: time) -> bool:
        return not any(overlaps(start, end, s, e) for s, e in self.busy[(who, day)])

    def take(self, who: Any, day: date, start: time, end: time) -> None:
        self.busy[(who, day)].append((start, end))

    def free_volunteers(
        self, employer: Employer, slot: str, when: tuple[date, time, time] | None = None
    ) -> list[Volunteer]:
        return [
            v
            for v in self.by_employer[employer.pk]
            if slot in v.availability and (when is None or self.is_free(v.pk, *when))
        ]

    def free_classes(
        self, school: School, classes: list[tuple[str, int, int]], day: date, start: time, end: time
    ) -> list[tuple[str, int, int]]:
        """Those of `classes` not already at another event then; each is taken."""
        free = [c for c in classes if self.is_free((school.pk, c[0]), day, start, end)]
        for name, _, _ in free:
            self.take((school.pk, name), day, start, end)
        return free

    def book(
        self, event: Event, school: School, classes: list[tuple[str, int, int]], attended: bool
    ) -> None:
        """Book the classes that are free at the event's time (none booked twice at once)."""
        free = self.free_classes(school, classes, event.date, event.starts_at, event.ends_at)
        if free:
            self.bookings.append((event, school, free, attended))

    def pick_employers(
        self,
        slot: str,
        count: int,
        pool: list[Employer],
        must: Employer | None = None,
        when: tuple[date, time, time] | None = None,
    ) -> list[tuple[Employer, Volunteer]]:
        chosen: list[tuple[Employer, Volunteer]] = []
        # Employers not yet met this week first, so every employer takes part somewhere.
        fresh = [e for e in pool if e.pk not in self.used and e != must]
        again = [e for e in pool if e.pk in self.used and e != must]
        candidates = (
            ([must] if must else [])
            + self.rng.sample(fresh, len(fresh))
            + self.rng.sample(again, len(again))
        )
        for employer in candidates:
            free = self.free_volunteers(employer, slot, when)
            if free:
                chosen.append((employer, free[0]))
            if len(chosen) == count:
                break
        self.used |= {e.pk for e, _ in chosen}
        if when is not None:
            for _, volunteer in chosen:
                self.take(volunteer.pk, *when)
        return chosen

    def classes_for(
        self, school: School, years: list[int], count: int
    ) -> list[tuple[str, int, int]]:
        picked = self.rng.sample(years, min(count, len(years)))
        return [
            (
                f"Year {y} {CLASS_NAMES[(school.pk + y) % len(CLASS_NAMES)]}",
                y,
                self.rng.randint(24, 31),
            )
            for y in sorted(picked)
        ]

    # --- offers --------------------------------------------------------------------------

    def build_offers(self) -> None:
        offers = []
        for employer in self.employers:
            title, what, kind = SECTOR_ACTIVITIES.get(
                employer.sector,
                ("Meet the team", "Children find out what our jobs involve.", "talk"),
            )
            volunteers = self.by_employer[employer.pk]
            slots = sorted({s for v in volunteers for s in v.availability})
            offers.append(
                Offer(
                    employer=employer,
                    title=title,
                    what_children_do=what,
                    format=kind,
                    sectors=[employer.sector],
                    year_groups=[3, 4, 5, 6],
                    group_size=32,
                    duration_minutes=45 if kind == "talk" else 60,
                    job_profile_slugs=sorted(
                        {v.job_profile_slug for v in volunteers if v.job_profile_slug}
                    )[:3],
                    available_slots=slots,
                    can_travel=True,
                    travel_radius_km=20,
                    can_host=employer.size == "large",
                    is_published=True,
                    created_by=self.region.users.get("employer")
                    if employer == self.employers[0]
                    else None,
                )
            )
        Offer.objects.bulk_create(offers)
        links = []
        for offer in Offer.objects.filter(employer__in=self.employers):
            self.offers[offer.employer_id] = offer
            links += [
                Offer.volunteers.through(offer_id=offer.pk, volunteer_id=v.pk)
                for v in self.by_employer[offer.employer_id]
            ]
        Offer.volunteers.through.objects.bulk_create(links)

    # --- events ----------------------------------------------------------------------------

    def online_session(
        self,
        campaign: Campaign,
        day: date,
        pool: list[Employer],
        *,
        fallback: Employer,
        join_url: str,
        guide: str,
        classes: int,
        must: Employer | None = None,
    ) -> Event:
        """An afternoon online session many classes join, led by one employer from `pool`."""
        start = time(14, 0)
        people = self.pick_employers(
            weekday_slot(day, start), 1, pool, must, when=(day, start, time(14, 45))
        )
        employer = people[0][0] if people else fallback
        event = self.new_event(
            campaign=campaign,
            kind=Event.Kind.ONLINE,
            title=f"Live from {employer.name}",
            join_url=join_url,
            joining_guide=guide,
            date=day,
            starts_at=start,
            ends_at=time(14, 45),
            year_groups=[3, 4, 5, 6],
            capacity=classes,
            capacity_unit=Event.Unit.CLASSES,
        )
        self.event_people.append((event, people))
        return event

    def new_event(self, **fields: Any) -> Event:
        host = fields.get("host_school")
        if host is not None and fields.get("kind") != Event.Kind.ONLINE:
            # What a visiting volunteer needs on the day (fictional: Ofcom's drama numbers).
            number = len(self.events) % 1000
            fields.setdefault("address", f"{number % 90 + 1} School Lane, {host.la_name or 'Town'}")
            fields.setdefault(
                "arrival_instructions",
                "Use the main gate on School Lane; visitor parking is on the left. "
                "Reception is straight ahead.",
            )
            fields.setdefault("contact_name", "Mrs Lynn Robson")
            fields.setdefault("contact_role", "school business manager")
            fields.setdefault("contact_phone", f"0191 498 0{number:03d}")
            fields.setdefault("safeguarding_lead", "Mr David Charlton, deputy headteacher")
        event = Event(hub=self.hub, created_by=self.facilitator, **fields)
        self.events.append(event)
        return event

    def plan(self) -> None:
        self.events: list[Event] = []
        self.event_people: list[tuple[Event, list[tuple[Employer, Volunteer]]]] = []
        self.bookings: list[
            tuple[Event, School, list[tuple[str, int, int]], bool]
        ] = []  # attended?
        self.plan_week_2026()
        self.plan_autumn_2026()
        self.plan_week_2027()

    def plan_week_2026(self) -> None:
        campaign = Campaign.objects.create(
            hub=self.hub,
            name="Aspirations Week 2026",
            area=self.hub.area,
            description="A city-wide week of employer encounters for children aged 7 to 11, during National Careers Week.",
            starts_on=WEEK_2026,
            ends_on=WEEK_2026 + timedelta(days=4),
            requests_close_on=date(2026, 1, 30),
            status=Campaign.Status.CLOSED,
            created_by=self.facilitator,
        )
        self.week_2026 = campaign
        lead_school = self.region.lead_school
        schools = [lead_school] + self.rng.sample([s for s in self.schools if s != lead_school], 32)
        hosts, visitors = schools[:13], schools[13:]
        pool = self.employers[:26]
        days = [WEEK_2026 + timedelta(days=i) for i in range(5)]
        demo_volunteer = self.region.volunteers[0]
        self.requests_2026: dict[int, list[tuple[str, int, int]]] = {}
        for index, host in enumerate(hosts):
            day = days[index % 5]
            # The demo careers leader's school hosts on a morning the demo volunteer is free.
            if host == lead_school:
                slot_key = demo_volunteer.availability[0]
                day = next(d for d in days if weekday_slot(d, time(9))[:3] == slot_key[:3])
                start = time(9, 15) if slot_key.endswith("am") else time(13, 15)
            else:
                start = time(9, 15) if index % 2 == 0 else time(13, 15)
            slot = weekday_slot(day, start)
            must = self.employers[0] if host == lead_school else None
            end = (datetime.combine(day, start) + timedelta(minutes=100)).time()
            people = self.pick_employers(slot, 4, pool, must, when=(day, start, end))
            guests = visitors[index * 20 // 13 : (index + 1) * 20 // 13]
            event = self.new_event(
                campaign=campaign,
                kind=Event.Kind.ROTATION,
                title=f"Careers carousel at {host.name}",
                description="Four employers, four stations: classes rotate every 20 minutes.",
                host_school=host,
                location="School hall",
                date=day,
                starts_at=start,
                ends_at=end,
                year_groups=[3, 4, 5, 6],
                capacity=150,
                capacity_unit=Event.Unit.PUPILS,
            )
            self.event_people.append((event, people))
            for school in [host, *guests]:
                classes = self.classes_for(school, [3, 4, 5, 6], 1)
                self.requests_2026[school.pk] = classes
                self.book(event, school, classes, True)
        # Special events: one employer at one school, on another day at a host school.
        for index, school in enumerate(hosts[1:9]):
            day = days[(index + 2) % 5]
            start = time(10, 0) if index % 2 else time(13, 30)
            slot = weekday_slot(day, start)
            end = (datetime.combine(day, start) + timedelta(minutes=60)).time()
            people = self.pick_employers(slot, 1, pool, when=(day, start, end))
            if not people:
                continue
            employer = people[0][0]
            event = self.new_event(
                campaign=campaign,
                kind=Event.Kind.SPECIAL,
                title=f"{self.offers[employer.pk].title} with {employer.name}",
                host_school=school,
                location="Classroom",
                date=day,
                starts_at=start,
                ends_at=end,
                year_groups=[3, 4, 5, 6],
                capacity=60,
                capacity_unit=Event.Unit.PUPILS,
            )
            self.event_people.append((event, people))
            self.book(event, school, self.classes_for(school, [4, 5, 6], 1), True)
        # Online sessions: one a day, many classes at once.
        for index, day in enumerate(days):
            event = self.online_session(
                campaign,
                day,
                pool,
                fallback=pool[index],
                must=self.employers[index * 5 % 26],
                join_url=f"https://meet.example.org/aspirations-2026-day-{index + 1}",
                guide="Open the link five minutes early, with the sound on and the camera facing the class. Children can ask questions in the chat through their teacher.",
                classes=30,
            )
            for school in self.rng.sample(schools, 10):
                self.book(event, school, self.classes_for(school, [3, 4, 5, 6], 2), True)

    def plan_autumn_2026(self) -> None:
        """One-off events this school year: some done, one awaiting attendance, some to come."""
        self.used = set()
        lead_school = self.region.lead_school
        demo_volunteer = self.region.volunteers[0]
        first_slot = sorted(demo_volunteer.availability)[0]
        weekday = ["mon", "tue", "wed", "thu", "fri"].index(first_slot[:3])
        start = time(9, 30) if first_slot.endswith("am") else time(13, 30)

        def on(d: date) -> date:
            return d + timedelta(days=(weekday - d.weekday()) % 7)

        plans = [
            (on(date(2026, 10, 5)), lead_school, True, True),  # done, attendance in
            (on(date(2026, 11, 16)), lead_school, True, False),  # done, attendance to record
            (on(date(2026, 12, 7)), lead_school, False, False),  # coming up, booked
            (on(date(2027, 1, 18)), None, False, False),  # coming up, open to book
        ]
        for day, school, _, attended in plans:
            host = school or self.schools[5]
            event = self.new_event(
                kind=Event.Kind.SPECIAL,
                title=f"{self.offers[self.employers[0].pk].title} with {self.employers[0].name}",
                description="A visit from the Trust's staff, arranged with the hub.",
                host_school=host,
                location="Year group classroom",
                date=day,
                starts_at=start,
                ends_at=(datetime.combine(day, start) + timedelta(minutes=60)).time(),
                year_groups=[3, 4, 5, 6],
                capacity=60,
                capacity_unit=Event.Unit.PUPILS,
            )
            self.event_people.append((event, [(self.employers[0], demo_volunteer)]))
            self.take(demo_volunteer.pk, day, event.starts_at, event.ends_at)
            if school is not None:
                self.book(event, school, [("Year 5 Oak", 5, 29)], attended)
        # Other schools' autumn encounters, for the hub's figures this year.
        for index in range(10):
            day = date(2026, 9, 14) + timedelta(days=7 * index + index % 5)
            if day.weekday() > 4:
                day -= timedelta(days=day.weekday() - 4)
            start = time(10, 0)
            people = self.pick_employers(
                weekday_slot(day, start), 1, self.employers[1:], when=(day, start, time(11, 0))
            )
            if not people:
                continue
            employer = people[0][0]
            school = self.schools[10 + index * 5]
            event = self.new_event(
                kind=Event.Kind.SPECIAL,
                title=f"{self.offers[employer.pk].title} with {employer.name}",
                host_school=school,
                location="Classroom",
                date=day,
                starts_at=start,
                ends_at=time(11, 0),
                year_groups=[3, 4, 5, 6],
                capacity=60,
                capacity_unit=Event.Unit.PUPILS,
            )
            self.event_people.append((event, people))
            self.book(event, school, self.classes_for(school, [3, 4, 5, 6], 2), True)

    def plan_week_2027(self) -> None:
        self.used = set()
        campaign = Campaign.objects.create(
            hub=self.hub,
            name="Aspirations Week 2027",
            area=self.hub.area,
            description="Our second city-wide week. Tell us which classes would like to meet employers, and whether you can host other schools.",
            starts_on=WEEK_2027,
            ends_on=WEEK_2027 + timedelta(days=4),
            requests_close_on=date(2027, 1, 29),
            status=Campaign.Status.OPEN,
            created_by=self.facilitator,
        )
        self.week_2027 = campaign
        CampaignInvitation.objects.bulk_create(
            [
                CampaignInvitation(campaign=campaign, school=s, invited_by=self.facilitator)
                for s in self.schools
            ]
            + [
                CampaignInvitation(campaign=campaign, employer=e, invited_by=self.facilitator)
                for e in self.employers[:26]
            ]
        )
        # Online sessions already open for booking.
        for index, day in enumerate([WEEK_2027, WEEK_2027 + timedelta(days=2)]):
            self.online_session(
                campaign,
                day,
                self.employers[:26],
                fallback=self.employers[index],
                join_url=f"https://meet.example.org/aspirations-2027-{index + 1}",
                guide="Open the link five minutes early with the sound on.",
                classes=40,
            )
        # A rotation event the demo employer is part of, at a host school, open for booking.
        day = WEEK_2027 + timedelta(days=1)
        start = time(9, 15)
        people = self.pick_employers(
            weekday_slot(day, start),
            4,
            self.employers[:26],
            self.employers[0],
            when=(day, start, time(11, 0)),
        )
        event = self.new_event(
            campaign=campaign,
            kind=Event.Kind.ROTATION,
            title=f"Careers carousel at {self.schools[3].name}",
            host_school=self.schools[3],
            location="School hall",
            date=day,
            starts_at=start,
            ends_at=time(11, 0),
            year_groups=[3, 4, 5, 6],
            capacity=150,
            capacity_unit=Event.Unit.PUPILS,
        )
        self.event_people.append((event, people))

    # --- writing -------------------------------------------------------------------------

    def write(self) -> None:
        Event.objects.bulk_create(self.events)  # sets pks (RETURNING on SQLite and PostgreSQL)
        assert all(e.pk for e in self.events)
        links_e, links_v = [], []
        for event, people in self.event_people:
            seen: set[int] = set()
            for employer, volunteer in people:
                if employer.pk not in seen:
                    links_e.append(
                        EventEmployer(
                            event_id=event.pk, employer=employer, offer=self.offers.get(employer.pk)
                        )
                    )
                    seen.add(employer.pk)
                links_v.append(EventVolunteer(event_id=event.pk, volunteer=volunteer))
        EventEmployer.objects.bulk_create(links_e)
        EventVolunteer.objects.bulk_create(links_v, ignore_conflicts=True)
        self.write_requests()
        self.write_bookings()

    def write_requests(self) -> None:
        requests = []
        for school_pk in self.requests_2026:
            requests.append(
                SchoolRequest(
                    campaign=self.week_2026,
                    school_id=school_pk,
                    can_host=False,
                    slots=[
                        date_slot(WEEK_2026 + timedelta(days=d), h)
                        for d in range(5)
                        for h in ("am", "pm")
                    ],
                    hopes="Employers children would not otherwise meet.",
                    online_ok=True,
                )
            )
        lead_school = self.region.lead_school
        for index, school in enumerate([s for s in self.schools if s != lead_school][:14]):
            requests.append(
                SchoolRequest(
                    campaign=self.week_2027,
                    school=school,
                    can_host=index % 4 == 0,
                    host_pupils=120 if index % 4 == 0 else None,
                    online_ok=index % 5 != 0,
                    slots=[
                        date_slot(WEEK_2027 + timedelta(days=(index + d) % 5), h)
                        for d in range(2)
                        for h in ("am", "pm")
                    ],
                    sectors_wanted=[self.employers[index].sector],
                    hopes=[
                        "Women in engineering for Year 6.",
                        "Health jobs for Year 4.",
                        "Anything hands-on.",
                        "",
                    ][index % 4],
                )
            )
        SchoolRequest.objects.bulk_create(requests)
        saved = {
            (r.campaign_id, r.school_id): r
            for r in SchoolRequest.objects.filter(campaign__hub=self.hub)
        }
        rows = []
        for (campaign_id, school_id), request in saved.items():
            if campaign_id == self.week_2026.pk:
                classes = self.requests_2026[school_id]
            else:
                school = next(s for s in self.schools if s.pk == school_id)
                classes = self.classes_for(school, [3, 4, 5, 6], 2)
            rows += [
                RequestClass(request=request, name=n, year_group=y, pupils=p) for n, y, p in classes
            ]
        RequestClass.objects.bulk_create(rows)
        self.request_ids: dict[tuple[int | None, int], int] = {k: r.pk for k, r in saved.items()}

    def write_bookings(self) -> None:
        now = timezone.now()
        bookings = []
        merged: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
        flags: dict[tuple[int, int], bool] = {}
        events_by_pk = {e.pk: e for e in self.events}
        for event, school, classes, attended in self.bookings:
            key = (event.pk, school.pk)
            existing = merged.setdefault(key, [])
            names = {n for n, _, _ in existing}
            existing += [c for c in classes if c[0] not in names]
            flags[key] = attended
        for (event_id, school_id), classes in merged.items():
            event = events_by_pk[event_id]
            places = (
                len(classes)
                if event.capacity_unit == Event.Unit.CLASSES
                else sum(p for _, _, p in classes)
            )
            bookings.append(
                Booking(
                    event_id=event_id,
                    school_id=school_id,
                    status=Booking.Status.CONFIRMED,
                    places=places,
                    pupils=sum(p for _, _, p in classes),
                    booked_by=self.lead if school_id == self.region.lead_school.pk else None,
                    confirmed_at=now,
                    request_id=self.request_ids.get((event.campaign_id, school_id)),
                    attendance_recorded_at=now if flags[(event_id, school_id)] else None,
                )
            )
        Booking.objects.bulk_create(bookings)
        saved = {(b.event_id, b.school_id): b for b in Booking.objects.filter(event__hub=self.hub)}
        booking_classes = [
            BookingClass(booking=saved[key], name=n, year_group=y, pupils=p)
            for key, classes in merged.items()
            for n, y, p in classes
        ]
        BookingClass.objects.bulk_create(booking_classes)
        # Places booked follow the bookings, as the services would have kept them.
        for event in self.events:
            event.places_booked = sum(b.places for k, b in saved.items() if k[0] == event.pk)
        Event.objects.bulk_update(self.events, ["places_booked"])
        self.write_attendance(saved, events_by_pk)

    def write_attendance(
        self, bookings: dict[tuple[int, int], Booking], events: dict[int, Event]
    ) -> None:
        rng = self.rng
        attendance: list[Attendance] = []
        feedback: list[TeacherFeedback] = []
        quotes: list[ChildQuote] = []
        high = {school.pk: school.fsm_band == "high" for school in self.schools}
        for klass in BookingClass.objects.filter(booking__event__hub=self.hub).select_related(
            "booking"
        ):
            booking = klass.booking
            if not booking.attendance_recorded_at:
                continue
            event = events[booking.event_id]
            came = max(0, klass.pupils - rng.choice([0, 0, 1, 1, 2, 3]))
            attendance.append(
                Attendance(
                    booking_class=klass,
                    booking=booking,
                    event_id=event.pk,
                    school_id=booking.school_id,
                    hub=self.hub,
                    campaign_id=event.campaign_id,
                    date=event.date,
                    online=event.is_online,
                    host_school_id=None if event.is_online else event.host_school_id,
                    year_group=klass.year_group,
                    class_name=klass.name,
                    booked_pupils=klass.pupils,
                    pupils=came,
                    high_fsm=high.get(booking.school_id, False),
                )
            )
        Attendance.objects.bulk_create(attendance, batch_size=500)
        for (event_id, _), booking in bookings.items():
            if booking.attendance_recorded_at and rng.random() < 0.7:
                feedback.append(
                    TeacherFeedback(
                        booking=booking,
                        rating=rng.choice([5, 5, 5, 4, 4, 3]),
                        comments=rng.choice(
                            [
                                "The children were buzzing all afternoon.",
                                "Really well pitched for our Year 5s.",
                                "More hands-on time next year, please.",
                                "Brilliant role models.",
                                "",
                            ]
                        ),
                    )
                )
            event = events[event_id]
            if (
                booking.attendance_recorded_at
                and event.campaign_id == self.week_2026.pk
                and rng.random() < 0.15
            ):
                quotes.append(
                    ChildQuote(
                        booking=booking,
                        event_id=event_id,
                        text=QUOTES[len(quotes) % len(QUOTES)],
                        year_group=rng.choice([3, 4, 5, 6]),
                        consent=len(quotes) % 6 != 5,
                    )
                )
        TeacherFeedback.objects.bulk_create(feedback)
        ChildQuote.objects.bulk_create(quotes)
        totals = dict(
            Attendance.objects.filter(hub=self.hub)
            .values_list("event_id")
            .annotate(n=Sum("pupils"))
            .values_list("event_id", "n")
        )
        for event in self.events:
            event.pupils_attended = totals.get(event.pk, 0)
        Event.objects.bulk_update(self.events, ["pupils_attended"])
        done = [e for e in self.events if e.pupils_attended]
        VolunteerFeedback.objects.bulk_create(
            [
                VolunteerFeedback(
                    event_id=link.event_id,
                    volunteer_id=link.volunteer_id,
                    rating=rng.choice([4, 5, 5]),
                    went_well="The children asked brilliant questions.",
                    improve="",
                )
                for link in EventVolunteer.objects.filter(event__in=done).order_by("pk")
                if rng.random() < 0.6 and link.volunteer_id != self.region.volunteers[0].pk
            ]
        )
        self.write_timetables()

    def write_timetables(self) -> None:
        slots = []
        for event in Event.objects.filter(hub=self.hub, kind=Event.Kind.ROTATION).prefetch_related(
            "employers"
        ):
            labels = [
                f"{c.name} ({c.booking.school.name})"[:60]
                for c in BookingClass.objects.filter(booking__event=event)
                .select_related("booking__school")
                .order_by("booking__pk", "name")
            ]
            employers = sorted(event.employers.all(), key=lambda e: e.name)
            by_name = {e.name: e for e in employers}
            for r in rotation_timetable(
                employers=[e.name for e in employers],
                classes=labels,
                starts_at=event.starts_at,
                round_minutes=20,
            ):
                for label, employer in r.pairs:
                    slots.append(
                        TimetableSlot(
                            event=event,
                            starts_at=r.starts_at,
                            ends_at=r.ends_at,
                            activity=f"Round {r.number}: " + (employer or "with their teacher"),
                            employer=by_name.get(employer) if employer else None,
                            class_label=label,
                        )
                    )
        TimetableSlot.objects.bulk_create(slots)


def keep_volunteers_in_the_loop(builder: _Builder) -> None:
    """The autumn event coming up in December, as the facilitator's "at risk" list shows it:
    the demo volunteer was asked to confirm two days ago and has not answered (they can, on
    "My sessions"); another volunteer has said they cannot come (the place is open to fill); a
    third was asked by text, which did not arrive (an Ofcom drama number)."""
    region = builder.region
    demo_volunteer = region.volunteers[0]
    upcoming = [
        e
        for e, people in builder.event_people
        if e.host_school_id == region.lead_school.pk
        and e.date >= date(2026, 12, 1)
        and e.date < date(2027, 1, 1)
    ]
    if not upcoming:
        return
    event = upcoming[0]
    now = timezone.now()
    EventVolunteer.objects.filter(event=event, volunteer=demo_volunteer).update(
        placed_at=now - timedelta(days=9), confirm_requested_at=now - timedelta(days=2)
    )
    slot = weekday_slot(event.date, event.starts_at)
    colleagues = [
        v
        for v in region.volunteers
        if v.pk != demo_volunteer.pk
        and slot in (v.availability or [])
        and builder.is_free(v.pk, event.date, event.starts_at, event.ends_at)
    ]
    if len(colleagues) < 2:
        return
    dropped, unreached = colleagues[0], colleagues[1]
    VolunteerDropOut.objects.create(
        event=event,
        volunteer=dropped,
        dropped_out_at=now - timedelta(days=1),
        reason="Called to a site inspection that morning",
    )
    Volunteer.objects.filter(pk=unreached.pk).update(mobile="07700 900461")
    EventVolunteer.objects.create(
        event=event,
        volunteer=unreached,
        placed_at=now - timedelta(days=9),
        confirm_requested_at=now - timedelta(days=9),
    )
    builder.take(unreached.pk, event.date, event.starts_at, event.ends_at)
    Message.objects.create(
        channel="sms",
        template="volunteer_confirm_request_sms",
        recipient="+447700900461",
        idempotency_key=f"event:{event.pk}:volunteer:{unreached.pk}:confirm-placed:sms",
        hub=event.hub,
        about_type=ContentType.objects.get_for_model(Event),
        about_id=event.pk,
        status=Message.Status.PERMANENT_FAILURE,
        attempts=1,
        status_at=now - timedelta(days=9),
    )


def seed(region: Any) -> None:
    builder = _Builder(region)
    builder.build_offers()
    builder.plan()
    builder.write()
    keep_volunteers_in_the_loop(builder)
