"""Demo staff training: the hub's CPD sessions, some past with attendance recorded, some to
come with bookings and one full with a waiting list.

Dates are relative to the day the demo is seeded. The demo careers leader and teacher attended
two sessions this term, so their school's audit shows CPD as evidence for benchmarks 1 and 4
and the hub overview shows its CPD hours.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from horizons.training.models import TrainingBooking, TrainingSession

SESSIONS = [
    # (days from today, title, hours, capacity, benchmarks, venue, online, description)
    (
        -20,
        "Careers in the primary curriculum",
        Decimal("3"),
        30,
        [1, 4],
        "Gateshead Civic Centre, Regent Street",
        "",
        "Linking maths, English and science lessons to jobs: planning a careers-linked unit "
        "for each year group, with examples from schools in the hub.",
    ),
    (
        -9,
        "Running your careers programme: the benchmarks audit",
        Decimal("1.5"),
        40,
        [1],
        "",
        "https://meet.example.org/horizons-audit-cpd",
        "How to use the audit and action plan, who to involve, and how to show impact to "
        "governors.",
    ),
    (
        14,
        "Challenging stereotypes about jobs in KS2",
        Decimal("2"),
        25,
        [1, 3, 4],
        "Sunderland Software Centre",
        "https://meet.example.org/horizons-stereotypes",
        "Activities that help children see that any job is for anyone, and how to invite "
        "role models who break the mould.",
    ),
    (
        28,
        "Planning National Careers Week with employers",
        Decimal("1"),
        1,
        [1, 5],
        "",
        "https://meet.example.org/horizons-ncw",
        "A short online session on planning a week of encounters with employers, colleges "
        "and universities.",
    ),
]


def seed(region: Any) -> None:
    today = timezone.localdate()
    facilitator = region.users["facilitator"]
    lead = region.users["lead"]
    teacher = region.users["teacher"]
    school = region.lead_school
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            hub=region.hub,
            title=title,
            description=description,
            date=today + timedelta(days=days),
            starts_at=time(13, 0) if hours >= 3 else time(16, 0),
            ends_at=_end(hours),
            venue=venue,
            online_link=online,
            capacity=capacity,
            hours=hours,
            benchmarks=benchmarks,
            created_by=facilitator,
        )
        for days, title, hours, capacity, benchmarks, venue, online, description in SESSIONS
    )
    curriculum, audit, stereotypes, ncw = sessions
    TrainingBooking.objects.bulk_create(
        [
            TrainingBooking(
                session=curriculum, attendee=lead, school=school, booked_by=lead, attended=True
            ),
            TrainingBooking(
                session=curriculum, attendee=teacher, school=school, booked_by=lead, attended=True
            ),
            TrainingBooking(
                session=audit, attendee=lead, school=school, booked_by=lead, attended=True
            ),
            TrainingBooking(
                session=stereotypes, attendee=teacher, school=school, booked_by=teacher
            ),
            # The online NCW session has one place and the teacher has it: the lead can join
            # its waiting list.
            TrainingBooking(session=ncw, attendee=teacher, school=school, booked_by=teacher),
        ]
    )


def _end(hours: Decimal) -> time:
    """Sessions start at 13:00 (3 hours and more) or 16:00; they end ``hours`` later."""
    minutes = int(hours * 60)
    start = 13 * 60 if hours >= 3 else 16 * 60
    end = start + minutes
    return time(end // 60, end % 60)
