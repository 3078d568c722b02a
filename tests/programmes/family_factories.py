"""Builders for the families tests: a past encounter booked for a school's classes, and a
child's Future Cloud."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from horizons.encounters.models import (
    Booking,
    BookingClass,
    Event,
    EventEmployer,
    EventVolunteer,
    Offer,
)
from horizons.organisations.models import Employer, School, Volunteer
from horizons.programmes.models import Pupil, Reflection


def past_encounter(
    school: School,
    *,
    day: date,
    employer: Employer,
    volunteers: list[Volunteer] = (),  # type: ignore[assignment]
    classes: list[tuple[str, int, int]],
    title: str = "Meet an engineer",
    job_slugs: list[str] | None = None,
    status: str = Booking.Status.CONFIRMED,
) -> Event:
    """An event on ``day`` with ``classes`` (name, year group, pupils) of ``school`` booked."""
    offer = Offer.objects.create(
        employer=employer,
        title=title,
        what_children_do="Children build a bridge.",
        year_groups=[3, 4, 5, 6],
        job_profile_slugs=job_slugs if job_slugs is not None else ["civil-engineer"],
    )
    pupils = sum(p for _, _, p in classes)
    event = Event.objects.create(
        hub=school.hub,
        kind=Event.Kind.SPECIAL,
        title=title,
        host_school=school,
        date=day,
        starts_at=time(9, 30),
        ends_at=time(11, 0),
        year_groups=sorted({y for _, y, _ in classes}),
        capacity=max(pupils, 1),
        places_booked=pupils,
    )
    EventEmployer.objects.create(event=event, employer=employer, offer=offer)
    for volunteer in volunteers:
        EventVolunteer.objects.create(event=event, volunteer=volunteer)
    booking = Booking.objects.create(
        event=event, school=school, status=status, places=max(pupils, 1), pupils=pupils
    )
    for name, year_group, count in classes:
        BookingClass.objects.create(booking=booking, name=name, year_group=year_group, pupils=count)
    return event


def give_cloud(pupil: Pupil, job: str = "Nurse", slug: str = "nurse", **choices: Any) -> Reflection:
    data: dict[str, Any] = {
        "job": {"text": job.lower(), "slug": slug, "title": job},
        "home": ["seaside"],
        "pets": ["dog", "cat"],
        "hobbies": ["music"],
    }
    data.update(choices)
    reflection, _ = Reflection.objects.update_or_create(
        pupil=pupil, kind="future_cloud", defaults={"data": data}
    )
    return reflection
