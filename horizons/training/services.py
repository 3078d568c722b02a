"""Every write about staff training: sessions, bookings, the waiting list and attendance.

Each booking, place on the waiting list, place that comes free, cancellation and change of a
session's time or place emails the person concerned with a calendar invitation
(notifications.py); the email leaves only once the change is committed.

A full session refuses a booking: the session row is locked (``select_for_update``, a no-op on
SQLite where a write transaction already serialises) while places are counted, so two people
booking the last place at once cannot both get it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Membership, Role, User
from horizons.accounts.permissions import AnyUser
from horizons.benchmarks.framework import BENCHMARK_NUMBERS
from horizons.organisations.models import Hub, School
from horizons.training import notifications
from horizons.training.models import TrainingBooking, TrainingSession


class TrainingError(Exception):
    """A rule was broken; the message says what to change."""


class SessionFull(TrainingError):
    """No places left; the booking can go on the waiting list instead."""


@dataclass(frozen=True)
class SessionPlan:
    title: str
    date: date
    starts_at: time
    ends_at: time
    capacity: int
    hours: Decimal
    description: str = ""
    venue: str = ""
    online_link: str = ""
    benchmarks: tuple[int, ...] = (1, 4)


def _require_hub_runner(by: AnyUser, hub_id: int | None) -> None:
    if not permissions.can_manage_hub(by, hub_id):
        raise TrainingError("Only the hub's facilitators can change its training sessions.")


def _check_plan(plan: SessionPlan) -> None:
    if not plan.title.strip():
        raise TrainingError("Give the session a title.")
    if plan.ends_at <= plan.starts_at:
        raise TrainingError("The session must end after it starts: check the times.")
    if not plan.venue.strip() and not plan.online_link.strip():
        raise TrainingError("Say where the session is: a venue, an online link, or both.")
    if plan.capacity < 1:
        raise TrainingError("A session needs at least 1 place.")
    unknown = [n for n in plan.benchmarks if n not in BENCHMARK_NUMBERS]
    if unknown:
        raise TrainingError("Benchmarks are numbered 1 to 8.")


def _apply(session: TrainingSession, plan: SessionPlan) -> None:
    session.title = plan.title.strip()
    session.description = plan.description.strip()
    session.date = plan.date
    session.starts_at = plan.starts_at
    session.ends_at = plan.ends_at
    session.venue = plan.venue.strip()
    session.online_link = plan.online_link.strip()
    session.capacity = plan.capacity
    session.hours = plan.hours
    session.benchmarks = sorted(set(plan.benchmarks))


@transaction.atomic
def session_create(*, hub: Hub, by: AnyUser, plan: SessionPlan) -> TrainingSession:
    _require_hub_runner(by, hub.pk)
    _check_plan(plan)
    if plan.date < timezone.localdate():
        raise TrainingError("The date is in the past: publish sessions that are still to come.")
    session = TrainingSession(hub=hub, created_by=by if isinstance(by, User) else None)
    _apply(session, plan)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_update(*, session: TrainingSession, by: AnyUser, plan: SessionPlan) -> TrainingSession:
    _require_hub_runner(by, session.hub_id)
    _check_plan(plan)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _refuse_if_cancelled(session)
    booked = session.bookings.filter(status=TrainingBooking.Status.BOOKED).count()
    if plan.capacity < booked:
        raise TrainingError(
            f"{booked} people are already booked: keep at least {booked} places, "
            "or cancel some bookings first."
        )
    before = _time_and_place(session)
    _apply(session, plan)
    moved = _time_and_place(session) != before
    if moved:
        session.sequence += 1
    session.full_clean()
    session.save()
    if moved:
        notifications.send_session_changed(session)
    _promote_waiting(session)
    return session


@transaction.atomic
def session_cancel(*, session: TrainingSession, by: AnyUser, reason: str = "") -> TrainingSession:
    """Call the session off: every booking and place on the waiting list is cancelled and
    each person is emailed (with the calendar entry cancelled). The session stays on record."""
    _require_hub_runner(by, session.hub_id)
    session = TrainingSession.objects.select_for_update().select_related("hub").get(pk=session.pk)
    _refuse_if_cancelled(session)
    if session.date < timezone.localdate():
        raise TrainingError("This session has already happened, so it cannot be cancelled.")
    reason = reason.strip()
    if len(reason) > 300:
        raise TrainingError("Keep the reason to 300 characters: it goes into every email.")
    session.cancelled_at = timezone.now()
    session.cancel_reason = reason
    session.sequence += 1
    session.save(update_fields=["cancelled_at", "cancel_reason", "sequence"])
    people = list(
        session.bookings.exclude(status=TrainingBooking.Status.CANCELLED).select_related(
            "attendee", "school"
        )
    )
    notifications.send_session_cancelled(session, people)  # says booked or waiting: before
    session.bookings.filter(pk__in=[b.pk for b in people]).update(
        status=TrainingBooking.Status.CANCELLED, attended=None, cancelled_at=session.cancelled_at
    )
    return session


def _refuse_if_cancelled(session: TrainingSession) -> None:
    if session.cancelled_at is not None:
        raise TrainingError(
            f"The hub cancelled this session on {session.cancelled_at:%-d %B %Y}: "
            "choose another session."
        )


def _time_and_place(session: TrainingSession) -> tuple[object, ...]:
    """What people booked need to hear about when it changes."""
    return (session.date, session.starts_at, session.ends_at, session.venue, session.online_link)


def booked_count(session: TrainingSession) -> int:
    return session.bookings.filter(status=TrainingBooking.Status.BOOKED).count()


def can_book_for(by: AnyUser, attendee: User, school: School) -> bool:
    """School staff book themselves; a careers leader (or platform admin) may also book a
    colleague at their school."""
    if attendee.pk not in _staff_ids(school):
        return False
    if attendee.pk == getattr(by, "pk", None):
        return school.pk in permissions.school_ids_for_staff(by) or permissions.is_platform_admin(
            by
        )
    return permissions.can_lead_school(by, school)


def _staff_ids(school: School) -> set[int]:
    return set(
        Membership.objects.filter(
            school=school, role__in=[Role.CAREERS_LEADER, Role.TEACHER], user__is_active=True
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def booking_create(
    *,
    session: TrainingSession,
    school: School,
    attendee: User,
    by: AnyUser,
    waiting_list: bool = False,
) -> TrainingBooking:
    """Book ``attendee`` (staff at ``school``) on ``session``; on a full session, raise
    ``SessionFull`` unless ``waiting_list`` asks to join the waiting list."""
    if not can_book_for(by, attendee, school):
        raise TrainingError(
            "You can book yourself, and a careers leader can book colleagues at their school."
        )
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _refuse_if_cancelled(session)
    if school.hub_id != session.hub_id:
        raise TrainingError("This session is run by another hub: book your own hub's sessions.")
    if session.date < timezone.localdate():
        raise TrainingError("This session has already happened: choose one still to come.")
    name = "You are" if attendee.pk == getattr(by, "pk", None) else f"{attendee} is"
    existing = session.bookings.exclude(status=TrainingBooking.Status.CANCELLED).filter(
        attendee=attendee
    )
    current = existing.first()
    if current is not None:
        where = "booked on" if current.status == TrainingBooking.Status.BOOKED else "waiting for"
        raise TrainingError(f"{name} already {where} this session.")
    taken = booked_count(session)
    status = TrainingBooking.Status.BOOKED
    if taken >= session.capacity:
        if not waiting_list:
            raise SessionFull(
                f"This session is full: all {session.capacity} places are taken. "
                "Join the waiting list and you will get the first place that comes free, "
                "or choose another session."
            )
        status = TrainingBooking.Status.WAITING
    booking = TrainingBooking.objects.create(
        session=session,
        school=school,
        attendee=attendee,
        booked_by=by if isinstance(by, User) else None,
        status=status,
    )
    waiting = status == TrainingBooking.Status.WAITING
    notifications.send_booking_message(booking, "waiting" if waiting else "booked")
    return booking


def can_cancel(by: AnyUser, booking: TrainingBooking) -> bool:
    return (
        booking.attendee_id == getattr(by, "pk", None)
        or permissions.can_lead_school(by, booking.school)
        or permissions.can_manage_hub(by, booking.session.hub_id)
    )


@transaction.atomic
def booking_cancel(*, booking: TrainingBooking, by: AnyUser) -> TrainingBooking:
    """Cancel a booking (or leave the waiting list); the first person waiting gets the place."""
    if not can_cancel(by, booking):
        raise TrainingError("Only the person booked, their careers leader or the hub can cancel.")
    session = TrainingSession.objects.select_for_update().get(pk=booking.session_id)
    booking = TrainingBooking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == TrainingBooking.Status.CANCELLED:
        raise TrainingError("This booking is already cancelled.")
    if session.date < timezone.localdate():
        raise TrainingError("This session has already happened, so it cannot be cancelled.")
    booking.status = TrainingBooking.Status.CANCELLED
    booking.attended = None
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "attended", "cancelled_at"])
    by_someone_else = isinstance(by, User) and by.pk != booking.attendee_id
    by_name = (by.get_full_name() or by.email) if isinstance(by, User) and by_someone_else else ""
    notifications.send_booking_message(booking, "cancelled", by_name=by_name)
    _promote_waiting(session)
    return booking


def _promote_waiting(session: TrainingSession) -> None:
    """Give free places to the waiting list, first come first served (session row locked)."""
    free = session.capacity - booked_count(session)
    if free <= 0:
        return
    waiting = list(
        session.bookings.filter(status=TrainingBooking.Status.WAITING).order_by("created_at", "pk")[
            :free
        ]
    )
    for booking in waiting:
        booking.status = TrainingBooking.Status.BOOKED
        booking.save(update_fields=["status"])
        notifications.send_booking_message(booking, "promoted")


@transaction.atomic
def attendance_record(*, session: TrainingSession, by: AnyUser, attended_ids: Iterable[Any]) -> int:
    """Record who came: every booked person whose booking id is in ``attended_ids`` attended,
    every other booked person did not. Returns how many attended."""
    _require_hub_runner(by, session.hub_id)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _refuse_if_cancelled(session)
    if session.date > timezone.localdate():
        raise TrainingError(
            f"The session is on {session.date:%-d %B %Y}: record attendance on the day or after."
        )
    came = {int(pk) for pk in attended_ids}
    booked = list(session.bookings.filter(status=TrainingBooking.Status.BOOKED))
    unknown = came - {b.pk for b in booked}
    if unknown:
        raise TrainingError("Someone ticked is not booked on this session: reload the page.")
    for booking in booked:
        booking.attended = booking.pk in came
    TrainingBooking.objects.bulk_update(booked, ["attended"])
    return len(came)
