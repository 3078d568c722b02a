"""Booking under contention: 50 concurrent clients race for the last places on PostgreSQL.

Creates a throwaway database on the server named by DATABASE_URL (Django's test-database
machinery, named ``bench_contention_<pid>``, dropped afterwards), then for each round opens an event with
`--capacity` places and lets `--clients` threads, each with its own connection, book at once
through `services.booking_create`. Prints one JSON line: successes, failures, oversold (must be
0), seconds. Exits 1 if any round oversold or booked fewer places than it had.

Run: ``DATABASE_URL=postgres://horizons:horizons@127.0.0.1:5432/horizons \
.venv/bin/python -m bench.booking_contention [--clients 50] [--capacity 20] [--rounds 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from datetime import time as clock
from datetime import timedelta


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--capacity", type=int, default=20, help="Places (classes) per event")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print(
            json.dumps(
                {
                    "benchmark": "booking_contention",
                    "skipped": "set DATABASE_URL to a PostgreSQL server",
                }
            )
        )
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "horizons.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"  # no emails here
    import django

    django.setup()
    from django.db import connection, connections
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Our own throwaway database, never the test database another run may be using.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_contention_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        figures = _run(args, connections)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(figures))
    return 0 if figures["oversold"] == 0 and figures["undersold"] == 0 else 1


def _run(args: argparse.Namespace, connections) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from horizons.accounts.models import User
    from horizons.encounters import services
    from horizons.encounters.models import Booking, Event, Offer
    from horizons.encounters.services import ClassSpec, EventFull, EventPlan
    from horizons.organisations.models import Employer, Hub, School

    hub = Hub.objects.create(name="Contention Hub", slug="contention")
    schools = School.objects.bulk_create(
        School(urn=700000 + i, name=f"Racing Primary {i}", hub=hub) for i in range(args.clients)
    )
    employer = Employer.objects.create(name="Busy Employer", sector="digital", hub=hub)
    facilitator = User.objects.create_user("bench@example.org", "bench-password")
    offer = Offer.objects.create(
        employer=employer,
        title="Live coding",
        what_children_do="Watch and ask",
        format="online",
        year_groups=[5],
        can_travel=False,
    )
    day = timezone.localdate() + timedelta(days=14)
    while day.weekday() > 4:
        day += timedelta(days=1)

    successes = failures = errors = oversold = undersold = 0
    seconds = 0.0
    for round_number in range(args.rounds):
        event = services.event_create(
            hub=hub,
            by=facilitator,
            offers=[offer],
            plan=EventPlan(
                kind=Event.Kind.ONLINE,
                title=f"Round {round_number}",
                date=day,
                starts_at=clock(10, 0),
                ends_at=clock(10, 45),
                capacity=args.capacity,
                capacity_unit=Event.Unit.CLASSES,
                year_groups=(5,),
                join_url="https://meet.example.org/x",
            ),
        )
        barrier = threading.Barrier(args.clients)
        results: list[str] = []
        lock = threading.Lock()

        def client(school, event=event, barrier=barrier, results=results, lock=lock):  # type: ignore[no-untyped-def]
            try:
                barrier.wait()
                services.booking_create(
                    event=event, school=school, classes=[ClassSpec("Year 5", 5, 28)], by=facilitator
                )
                outcome = "booked"
            except EventFull:
                outcome = "full"
            except Exception as exc:  # noqa: BLE001 - counted and reported, never hidden
                outcome = f"error: {type(exc).__name__}: {exc}"
            finally:
                connections.close_all()
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=client, args=(s,)) for s in schools]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds += time.perf_counter() - started
        event.refresh_from_db()
        confirmed = Booking.objects.filter(event=event, status=Booking.Status.CONFIRMED).count()
        successes += results.count("booked")
        failures += results.count("full")
        errors += sum(1 for r in results if r.startswith("error"))
        oversold += max(0, confirmed - event.capacity) + max(
            0, event.places_booked - event.capacity
        )
        undersold += max(0, min(args.capacity, args.clients) - confirmed)
        if errors:
            print(next(r for r in results if r.startswith("error")), file=sys.stderr)
    return {
        "benchmark": "booking_contention",
        "database": "postgresql",
        "clients": args.clients,
        "capacity": args.capacity,
        "rounds": args.rounds,
        "successes": successes,
        "failures": failures,
        "errors": errors,
        "oversold": oversold,
        "undersold": undersold,
        "seconds": round(seconds, 3),
        "bookings_per_second": round((successes + failures) / seconds, 1) if seconds else None,
    }


if __name__ == "__main__":
    sys.exit(main())
