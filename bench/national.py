"""The national view at the size of England, on PostgreSQL: page times alone and under load.

Run: ``.venv/bin/python -m bench.national [--database-url postgres://…] [--schools 16800]``

Builds a national data set in a throwaway PostgreSQL database (created beside the one in
``--database-url``/``BENCH_DATABASE_URL``, dropped at the end unless ``--keep``): 16,800
primary schools in 150 local authorities, 9 regions and 40 hubs; three school years of audits
(two a year per school) with each school's latest-audit summary; 500,000 class encounters
(``Attendance`` rows with their events, bookings and classes); 100,000 programme pupils with
consent. Then:

1. **Alone**: renders the national, hub and school pages through Django's test client (the
   whole view, selectors, template and middleware), median of ``--repeat`` runs each, with the
   national figures worked out in full every time (their cache off).
2. **Under load**: serves the same database with gunicorn (2 workers per core), and 50
   signed-in clients request the pages in turn for ``--seconds``; p50 and p95 per page, and for
   a bare view (``/healthz``) in the same run. The server runs as in production, national
   figures cached for 5 minutes per web process.

Prints one JSON line. Targets: every national and hub page under 1 s alone; under load, every
page's p95 at most 3× the bare view's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REGIONS = [
    "north_east",
    "north_west",
    "yorkshire",
    "east_midlands",
    "west_midlands",
    "east",
    "london",
    "south_east",
    "south_west",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://horizons:horizons@127.0.0.1:5432/horizons"
        ),
        help="a PostgreSQL server to create the throwaway database on",
    )
    parser.add_argument("--schools", type=int, default=16_800)
    parser.add_argument("--encounters", type=int, default=500_000)
    parser.add_argument("--pupils", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    parts = urlsplit(args.database_url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("bench.national needs PostgreSQL: pass --database-url postgres://…")
    name = f"horizons_bench_national_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))
    _admin_sql(admin_url, f'CREATE DATABASE "{name}"')
    try:
        run(args, bench_url)
    finally:
        if not args.keep:
            _admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


def run(args: argparse.Namespace, url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "horizons.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["HORIZONS_DEMO"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    # Alone, every national page is worked out in full each time (no cached figures): the
    # honest cost. Under load the server keeps its default cache (5 minutes), as in production.
    settings.HORIZONS_NATIONAL_CACHE_SECONDS = 0
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    people, sizes = build(args)
    build_seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    pages = _pages(people)
    alone = {label: _alone(who, path, people, args.repeat) for label, who, path in pages}
    load = _under_load(args, url, people, pages)
    bare = load.get("bare /healthz", {}).get("p95") or 0.0
    print(
        json.dumps(
            {
                **sizes,
                "build_seconds": round(build_seconds, 1),
                "alone_seconds": alone,
                "alone_over_1s": sorted(k for k, v in alone.items() if v > 1.0),
                "load": load,
                "load_p95_over_3x_bare": sorted(
                    k for k, v in load.items() if bare and v["p95"] > 3 * bare
                ),
                "database": "postgresql",
                "cores": os.cpu_count(),
                "load_average": os.getloadavg()[0],
            }
        )
    )


def _pages(people: dict[str, Any]) -> list[tuple[str, str, str]]:
    urn = people["school_urn"]
    return [
        ("national by region", "national", "/national/"),
        ("national by hub", "national", "/national/?group=hub"),
        ("national by local authority", "national", "/national/?group=la"),
        ("national, one region by FSM band", "national", "/national/?group=fsm&region=london"),
        ("hub overview", "facilitator", "/benchmarks/hub/"),
        ("hub reach", "facilitator", "/encounters/reach/"),
        ("school oversight", "facilitator", f"/benchmarks/hub/schools/{urn}/"),
        ("school encounter record", "facilitator", f"/encounters/schools/{urn}/record/"),
    ]


def _alone(who: str, path: str, people: dict[str, Any], repeat: int) -> float:
    from django.test import Client

    client = Client()
    client.force_login(people[who])
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - started)
    return round(statistics.median(timings), 3)


def _session_cookie(user: Any) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def _under_load(
    args: argparse.Namespace, url: str, people: dict[str, Any], pages: list[tuple[str, str, str]]
) -> dict[str, dict[str, float]]:
    from django.db import connections

    cookies = {who: _session_cookie(people[who]) for who in ("national", "facilitator")}
    connections.close_all()
    port = 18_000 + os.getpid() % 1_000
    workers = 2 * (os.cpu_count() or 1)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "HORIZONS_DEMO": "0"}
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "horizons.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/healthz")
        targets = [("bare /healthz", "", "/healthz"), *pages]
        timings: dict[str, list[float]] = {label: [] for label, _, _ in targets}
        errors: list[str] = []
        stop = time.perf_counter() + args.seconds
        lock = threading.Lock()

        def client(index: int) -> None:
            turn = index
            while time.perf_counter() < stop:
                label, who, path = targets[turn % len(targets)]
                turn += 1
                request = urllib.request.Request(base + path)
                if who:
                    request.add_header("Cookie", cookies[who])
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=120) as response:
                        response.read()
                        status = response.status
                except Exception as exc:  # noqa: BLE001 - counted, not hidden
                    with lock:
                        errors.append(f"{path}: {exc}")
                    continue
                elapsed = time.perf_counter() - started
                with lock:
                    if status == 200:
                        timings[label].append(elapsed)
                    else:
                        errors.append(f"{path}: {status}")

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            print(f"{len(errors)} failed requests, e.g. {errors[:3]}", file=sys.stderr)
        return {
            label: {
                "requests": len(values),
                "p50": round(statistics.median(values), 3) if values else 0.0,
                "p95": round(_percentile(values, 0.95), 3) if values else 0.0,
            }
            for label, values in timings.items()
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _wait_until_up(url: str) -> None:
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not start: {url}")


def build(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, int]]:
    from django.utils import timezone

    from horizons.accounts.models import Membership, Role, User
    from horizons.benchmarks.models import Audit, SchoolAuditSummary
    from horizons.core import academic_year
    from horizons.encounters.models import Attendance, Booking, BookingClass, Event
    from horizons.organisations.models import Hub, School
    from horizons.programmes.models import Cohort, Consent, Pupil
    from horizons.programmes.pictures import PICTURES

    rng = random.Random(16_800)
    hubs = Hub.objects.bulk_create(
        Hub(name=f"Hub {i:02d}", slug=f"hub-{i}", region=REGIONS[i % len(REGIONS)])
        for i in range(40)
    )
    School.objects.bulk_create(
        (
            School(
                urn=100_000 + i,
                name=f"Primary school {i:05d}",
                la_name=f"Local authority {i % 150}",
                phase="Primary",
                percentage_fsm=round(rng.uniform(2, 60), 1),
                hub=hubs[(i % 150) % len(hubs)],  # a local authority lies in one hub
            )
            for i in range(args.schools)
        ),
        batch_size=5_000,
    )
    schools = list(School.objects.order_by("pk").values_list("pk", "hub_id", "percentage_fsm"))
    this_year = academic_year.start_year(timezone.localdate())
    years = [this_year - 2, this_year - 1, this_year]

    audits = []
    for school_id, _, _ in schools:
        for year in years:
            first, last = academic_year.bounds(year)
            for term_day in (40, 200):
                day = min(first + timedelta(days=term_day), timezone.localdate())
                moment = timezone.make_aware(datetime.combine(day, clock(12)))
                audits.append(
                    Audit(
                        school_id=school_id,
                        framework_version="2026.1",
                        term=f"Term {day:%B %Y}",
                        started_at=moment,
                        updated_at=moment,
                        submitted_at=moment,
                        fully_achieved_count=rng.randint(0, 8),
                        overall_percentage=rng.randint(20, 95),
                    )
                )
    Audit.objects.bulk_create(audits, batch_size=10_000)
    summaries = []
    by_school: dict[int, list[tuple[int, Any, Any]]] = {}
    for audit_id, school_id, submitted, overall in Audit.objects.order_by(
        "school_id", "submitted_at"
    ).values_list("pk", "school_id", "submitted_at", "overall_percentage"):
        by_school.setdefault(school_id, []).append((audit_id, submitted, overall))
    for school_id, rows in by_school.items():
        first_id, _, first_overall = rows[0]
        previous_id, _, previous_overall = rows[-2]
        latest_id, latest_day, latest_overall = rows[-1]
        summary = SchoolAuditSummary(
            school_id=school_id,
            first_audit_id=first_id,
            previous_audit_id=previous_id,
            latest_audit_id=latest_id,
            latest_submitted_at=latest_day,
            audit_count=len(rows),
            change_since_first=latest_overall - first_overall,
            change_since_previous=latest_overall - previous_overall,
            latest_fully_achieved=rng.randint(0, 8),
        )
        summary.set_latest_percentages({n: rng.choice((0, 25, 50, 75, 100)) for n in range(1, 9)})
        summaries.append(summary)
    SchoolAuditSummary.objects.bulk_create(summaries, batch_size=5_000)

    # Encounters: five classes (from five schools of one hub) at each event.
    first_day, _ = academic_year.bounds(this_year)
    span = max(1, (timezone.localdate() - first_day).days)
    by_hub: dict[int, list[tuple[int, Any]]] = {}
    for school_id, hub_id, fsm in schools:
        by_hub.setdefault(hub_id, []).append((school_id, fsm))
    event_count = args.encounters // 5
    hub_ids = sorted(by_hub)
    events = []
    for i in range(event_count):
        hub_id = hub_ids[i % len(hub_ids)]
        events.append(
            Event(
                hub_id=hub_id,
                kind="special",
                title=f"Meet a professional {i}",
                date=first_day + timedelta(days=i % span),
                starts_at=clock(9, 30),
                ends_at=clock(10, 30),
                year_groups=[5, 6],
                capacity=150,
                places_booked=150,
            )
        )
    Event.objects.bulk_create(events, batch_size=10_000)
    event_rows = list(Event.objects.order_by("pk").values_list("pk", "hub_id", "date"))
    bookings = []
    plan: list[tuple[int, int, int, Any, date, int]] = []
    for event_id, hub_id, day in event_rows:
        pool = by_hub[hub_id]
        for _ in range(5):
            school_id, fsm = pool[rng.randrange(len(pool))]
            pupils = rng.randint(20, 30)
            bookings.append(
                Booking(
                    event_id=event_id,
                    school_id=school_id,
                    status="confirmed",
                    places=pupils,
                    pupils=pupils,
                )
            )
            plan.append((event_id, hub_id, school_id, fsm, day, pupils))
    # One live booking per school and event: duplicates drawn by chance are skipped.
    Booking.objects.bulk_create(bookings, batch_size=10_000, ignore_conflicts=True)
    booking_ids = {
        (event_id, school_id): pk
        for pk, event_id, school_id in Booking.objects.values_list("pk", "event_id", "school_id")
    }
    seen: set[tuple[int, int]] = set()
    classes = []
    kept = []
    for event_id, hub_id, school_id, fsm, day, pupils in plan:
        if (event_id, school_id) in seen:
            continue
        seen.add((event_id, school_id))
        classes.append(
            BookingClass(
                booking_id=booking_ids[(event_id, school_id)],
                name="5A",
                year_group=5,
                pupils=pupils,
            )
        )
        kept.append((event_id, hub_id, school_id, fsm, day, pupils))
    BookingClass.objects.bulk_create(classes, batch_size=10_000)
    class_ids = dict(BookingClass.objects.values_list("booking_id", "pk"))
    attendance = []
    for event_id, hub_id, school_id, fsm, day, pupils in kept:
        booking_id = booking_ids[(event_id, school_id)]
        attendance.append(
            Attendance(
                booking_class_id=class_ids[booking_id],
                booking_id=booking_id,
                event_id=event_id,
                school_id=school_id,
                hub_id=hub_id,
                date=day,
                online=False,
                year_group=5,
                class_name="5A",
                booked_pupils=pupils,
                pupils=pupils,
                high_fsm=float(fsm) >= 30,
            )
        )
    Attendance.objects.bulk_create(attendance, batch_size=10_000)

    # Programme pupils: groups of 25, each child with consent.
    cohorts = []
    group_count = args.pupils // 25
    for i in range(group_count):
        school_id = schools[(i * 7) % len(schools)][0]
        cohorts.append(
            Cohort(
                school_id=school_id,
                template_slug="aspirations-stem",
                name=f"Year 5 group {i}",
                year_group=5,
                classes=["5A"],
                class_code=f"B{i:06d}"[:8],
                status="running",
            )
        )
    Cohort.objects.bulk_create(cohorts, batch_size=5_000)
    pictures = [p[0] for p in PICTURES]
    children = []
    for cohort_id in Cohort.objects.values_list("pk", flat=True):
        for n in range(25):
            children.append(
                Pupil(
                    cohort_id=cohort_id,
                    first_name=f"Child{n}",
                    last_initial="A",
                    year_group=5,
                    class_name="5A",
                    picture=pictures[n % len(pictures)],
                    picture_number=10 + n,
                )
            )
    Pupil.objects.bulk_create(children, batch_size=10_000)
    now = timezone.now()
    Consent.objects.bulk_create(
        (
            Consent(pupil_id=pk, applied_at=now, parent_consent="granted", method="paper")
            for pk in Pupil.objects.values_list("pk", flat=True)
        ),
        batch_size=10_000,
    )

    national = User.objects.create_user("bench-national@example.org", "bench-password-123")
    Membership.objects.create(user=national, role=Role.NATIONAL)
    facilitator = User.objects.create_user("bench-hub@example.org", "bench-password-123")
    Membership.objects.create(user=facilitator, role=Role.FACILITATOR, hub=hubs[0])
    school_urn = School.objects.filter(hub=hubs[0]).order_by("urn").values_list("urn", flat=True)[0]
    sizes = {
        "schools": len(schools),
        "hubs": len(hubs),
        "regions": len(REGIONS),
        "audits": len(audits),
        "class_encounters": len(attendance),
        "programme_pupils": len(children),
        "hub_schools": School.objects.filter(hub=hubs[0]).count(),
    }
    return {"national": national, "facilitator": facilitator, "school_urn": school_urn}, sizes


if __name__ == "__main__":
    main()
