"""Reach for a national year: 16,800 schools and 500,000 class encounters.

Builds a throwaway SQLite database in a temporary folder (bulk_create), then times the hub reach
selector and the whole reach page as a platform admin (every hub: the national picture), and
counts their queries. Prints one JSON line. Target: under a second, a fixed number of queries.

Run: ``.venv/bin/python -m bench.encounters_reach [--schools 16800] [--encounters 500000]``
(about a minute to build the data at the default size; the timed part is the point).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path


def _setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "horizons.settings")
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()


def build(schools_n: int, encounters_n: int, seed: int) -> dict[str, float]:
    from django.db import connection, transaction

    from horizons.encounters.models import (
        Attendance,
        Booking,
        BookingClass,
        Event,
        EventEmployer,
        EventVolunteer,
    )
    from horizons.organisations.models import Employer, Hub, School, Volunteer

    rng = random.Random(seed)
    started = time.perf_counter()
    with connection.cursor() as cursor:  # a throwaway database: speed over durability
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA journal_mode=MEMORY")
    hubs = Hub.objects.bulk_create(Hub(name=f"Hub {i}", slug=f"hub-{i}") for i in range(40))
    schools = School.objects.bulk_create(
        (
            School(
                urn=500000 + i,
                name=f"School {i}",
                hub=hubs[i % len(hubs)],
                percentage_fsm=round(min(80.0, rng.lognormvariate(3.1, 0.5)), 1),
                number_of_pupils=300,
            )
            for i in range(schools_n)
        ),
        batch_size=2000,
    )
    sectors = [
        "health-and-care",
        "engineering",
        "energy",
        "digital",
        "creative",
        "construction",
        "science",
        "transport",
    ]
    employers = Employer.objects.bulk_create(
        (
            Employer(
                name=f"Employer {i}", sector=sectors[i % len(sectors)], hub=hubs[i % len(hubs)]
            )
            for i in range(schools_n // 3)
        ),
        batch_size=2000,
    )
    volunteers = Volunteer.objects.bulk_create(
        (
            Volunteer(
                employer=employers[i % len(employers)],
                first_name="V",
                last_name=str(i),
                job_title="Job",
                availability=["tue_am"],
            )
            for i in range(len(employers) * 3)
        ),
        batch_size=2000,
    )
    # Each event: a host school and about five classes from two or three schools nearby.
    year_start = date(2025, 9, 1)
    school_days = [
        year_start + timedelta(days=d)
        for d in range(365)
        if (year_start + timedelta(days=d)).weekday() < 5
    ]
    classes_per_event = 5
    events_n = encounters_n // classes_per_event
    with transaction.atomic():
        events = Event.objects.bulk_create(
            (
                Event(
                    hub_id=(host := schools[rng.randrange(schools_n)]).hub_id,  # type: ignore[misc]
                    host_school=None if (online := i % 10 == 0) else host,
                    kind="online" if online else "special",
                    title=f"Event {i}",
                    join_url="https://x.example" if online else "",
                    date=rng.choice(school_days),
                    starts_at="09:30",
                    ends_at="10:30",
                    year_groups=[3, 4, 5, 6],
                    capacity=500,
                    places_booked=0,
                    pupils_attended=100,
                )
                for i in range(events_n)
            ),
            batch_size=2000,
        )
        EventEmployer.objects.bulk_create(
            (
                EventEmployer(event=e, employer=employers[rng.randrange(len(employers))])
                for e in events
            ),
            batch_size=5000,
        )
        EventVolunteer.objects.bulk_create(
            (
                EventVolunteer(event=e, volunteer=volunteers[rng.randrange(len(volunteers))])
                for e in events
            ),
            batch_size=5000,
        )
        bookings: list[Booking] = []
        for e in events:
            first = rng.randrange(schools_n - 1)
            for offset in range(2):  # two different schools at each event
                bookings.append(
                    Booking(
                        event=e,
                        school=schools[first + offset],
                        status="confirmed",
                        places=60,
                        pupils=60,
                    )
                )
        bookings = Booking.objects.bulk_create(bookings, batch_size=5000)
        classes = BookingClass.objects.bulk_create(
            (
                BookingClass(
                    booking=bookings[i // 5 * 2 + (i % 5 > 2)],
                    name=f"C{i}",
                    year_group=3 + i % 4,
                    pupils=28,
                )
                for i in range(events_n * classes_per_event)
            ),
            batch_size=5000,
        )
        event_of = {b.pk: b.event for b in bookings}
        high_fsm = {s.pk: s.fsm_band == "high" for s in schools}
        Attendance.objects.bulk_create(
            (
                Attendance(
                    booking_class=c,
                    booking_id=c.booking_id,
                    event_id=(ev := event_of[c.booking_id]).pk,
                    school_id=c.booking.school_id,
                    hub_id=ev.hub_id,
                    date=ev.date,
                    online=ev.kind == "online",
                    host_school_id=ev.host_school_id,
                    year_group=c.year_group,
                    class_name=c.name,
                    booked_pupils=28,
                    pupils=28 - rng.randrange(4),
                    high_fsm=high_fsm[c.booking.school_id],
                )
                for c in classes
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"build_seconds": round(time.perf_counter() - started, 1), "events": events_n}


def measure(repeats: int) -> dict[str, object]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from horizons.accounts.models import User
    from horizons.encounters.selectors import hub_reach

    admin = User.objects.filter(email="bench@example.org").first() or User.objects.create_superuser(
        "bench@example.org", "bench-password"
    )
    client = Client()
    client.force_login(admin)
    selector_times, page_times = [], []
    client.get("/encounters/reach/?year=2025")  # warm: session, memberships, templates
    for _ in range(repeats):
        reset_queries()  # the build's queries would fill the debug log and hide ours
        with CaptureQueriesContext(connection) as selector_queries:
            started = time.perf_counter()
            reach = hub_reach(hub_ids=None, start_year=2025)
            selector_times.append(time.perf_counter() - started)
        reset_queries()
        with CaptureQueriesContext(connection) as page_queries:
            started = time.perf_counter()
            response = client.get("/encounters/reach/?year=2025")
            page_times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return {
        "children": reach.children,
        "classes": reach.classes,
        "schools_reached": reach.schools,
        "selector_seconds": round(min(selector_times), 3),
        "selector_queries": len(selector_queries.captured_queries),
        "page_seconds": round(min(page_times), 3),
        "page_queries": len(page_queries.captured_queries),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=16_800)
    parser.add_argument("--encounters", type=int, default=500_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", help="Keep the built database at this path and reuse it next time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.db) if args.db else Path(folder) / "reach.sqlite3"
        reuse = path.exists()
        _setup_django(path)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        built = (
            {"build_seconds": 0.0, "reused": True}
            if reuse
            else build(args.schools, args.encounters, args.seed)
        )
        figures = measure(args.repeats)
    result = {
        "benchmark": "encounters_reach",
        "schools": args.schools,
        "encounters": args.encounters,
        **built,
        **figures,
    }
    result["under_a_second"] = figures["page_seconds"] < 1.0  # type: ignore[operator]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
