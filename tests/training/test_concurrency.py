"""No over-booking: twelve teachers booking the last three places at once, on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from horizons.accounts.models import Membership, Role, User
from horizons.training import services
from horizons.training.models import TrainingBooking
from horizons.training.services import SessionFull, TrainingError
from tests.training.factories import session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twelve_simultaneous_bookings_of_the_last_three_places(world):  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL row locks and real concurrent connections (set DATABASE_URL)")
    s = session(world, capacity=3)
    teachers = []
    for i in range(12):
        user = User.objects.create_user(f"race{i}@example.org", "pw-12345678")
        Membership.objects.create(user=user, role=Role.TEACHER, school=world.school)
        teachers.append(user)
    barrier = threading.Barrier(len(teachers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(teacher):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.booking_create(session=s, school=world.school, attendee=teacher, by=teacher)
            result = "booked"
        except SessionFull as exc:
            result = f"full: {exc}"
        except TrainingError as exc:  # pragma: no cover - would be a bug
            result = f"error: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(t,)) for t in teachers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o[:6] for o in outcomes) == ["booked"] * 3 + ["full: "] * 9, outcomes
    assert TrainingBooking.objects.filter(session=s, status="booked").count() == 3
