"""Every staff training page, as every persona (see tests/permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from horizons.training import services
from horizons.training.models import TrainingBooking, TrainingSession
from tests.permission_matrix import Row, only


def _session(world: Any) -> TrainingSession:
    cached = getattr(world, "_training_session", None)
    if cached is None:
        from tests.training.factories import session

        cached = world._training_session = session(world)
    return cached


def _booking(world: Any) -> TrainingBooking:
    cached = getattr(world, "_training_booking", None)
    if cached is None:
        cached = world._training_booking = services.booking_create(
            session=_session(world), school=world.school, attendee=world.teacher, by=world.teacher
        )
    return cached


STAFF = ("lead", "teacher")
MANAGERS = ("admin", "facilitator")

ROWS = [
    Row("training:catalogue", expect=only("admin", *STAFF, "outsider")),
    Row(
        "training:session_book",
        args=lambda w: [_session(w).pk],
        expect=only("admin", *STAFF),
    ),
    Row(
        "training:booking_cancel",
        args=lambda w: [_booking(w).pk],
        expect=only(*MANAGERS, *STAFF),
    ),
    Row(
        "training:school_record",
        args=lambda w: [w.school.urn],
        expect=only(*MANAGERS, *STAFF),
    ),
    Row(
        "training:school_record",
        args=lambda w: [w.foreign_school.urn],
        expect=only("admin", "outsider"),
    ),
    Row("training:session_list", expect=only(*MANAGERS, "outsider")),
    Row("training:session_create", expect=only(*MANAGERS, "outsider")),
    Row("training:session_detail", args=lambda w: [_session(w).pk], expect=only(*MANAGERS)),
    Row("training:session_edit", args=lambda w: [_session(w).pk], expect=only(*MANAGERS)),
    Row("training:session_cancel", args=lambda w: [_session(w).pk], expect=only(*MANAGERS)),
]
