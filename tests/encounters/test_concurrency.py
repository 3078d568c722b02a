"""Capacity under concurrent booking, with real threads against PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from horizons.encounters import services
from horizons.encounters.models import Booking, Event
from horizons.encounters.services import ClassSpec, EncounterError, EventFull
from tests.conftest import _school
from tests.encounters import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_simultaneous_bookings_of_the_last_five_places(world):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL row locks and real concurrent connections (set DATABASE_URL)")
    event = f.event(world, kind=Event.Kind.ONLINE, capacity=5, capacity_unit=Event.Unit.CLASSES)
    schools = [_school(400000 + i, f"Race Primary {i}", world.hub) for i in range(20)]
    barrier = threading.Barrier(len(schools))
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(school):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.booking_create(
                event=event, school=school, classes=[ClassSpec("Year 5", 5, 28)], by=world.lead
            )
            result = "booked"
        except EventFull as exc:
            result = f"full: {exc}"
        except EncounterError as exc:  # pragma: no cover - would be a bug
            result = f"error: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(s,)) for s in schools]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    event.refresh_from_db()
    booked = [o for o in outcomes if o == "booked"]
    full = [o for o in outcomes if o.startswith("full")]
    assert len(booked) == 5 and len(full) == 15, outcomes
    assert all("full — join the waiting list" in o for o in full)
    assert event.places_booked == 5
    assert Booking.objects.filter(event=event, status=Booking.Status.CONFIRMED).count() == 5


def test_one_class_booked_at_once_into_eight_overlapping_events_lands_in_one(world):
    """No clash under concurrency: the school row is locked before the clash check, so only
    one of eight simultaneous bookings of the same class at the same time succeeds."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL row locks and real concurrent connections (set DATABASE_URL)")
    events = [f.event(world, title=f"Visit {i}", volunteers=[]) for i in range(8)]
    barrier = threading.Barrier(len(events))
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(event):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.booking_create(
                event=event, school=world.school, classes=[ClassSpec("Year 5 Oak", 5, 28)],
                by=world.lead,
            )  # fmt: skip
            result = "booked"
        except EncounterError as exc:
            result = str(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(e,)) for e in events]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("booked") == 1, outcomes
    assert all("is already at Visit" in o for o in outcomes if o != "booked"), outcomes
    assert Booking.objects.filter(school=world.school, status=Booking.Status.CONFIRMED).count() == 1
