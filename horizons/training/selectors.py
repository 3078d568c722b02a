"""Reads about staff training, scoped to the person asking (someone else's is a 404)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from horizons.accounts import permissions
from horizons.accounts.models import Membership, Role, User
from horizons.accounts.permissions import AnyUser
from horizons.core import academic_year
from horizons.organisations.models import School
from horizons.training.models import TrainingBooking, TrainingSession

BOOKED = TrainingBooking.Status.BOOKED
WAITING = TrainingBooking.Status.WAITING


def _with_counts(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return sessions.select_related("hub").annotate(
        booked=Count("bookings", filter=Q(bookings__status=BOOKED)),
        waiting=Count("bookings", filter=Q(bookings__status=WAITING)),
        attended_count=Count("bookings", filter=Q(bookings__attended=True)),
    )


def sessions_managed_by(user: AnyUser) -> QuerySet[TrainingSession]:
    """Sessions of the hubs the user runs, with places booked and waiting."""
    return _with_counts(
        TrainingSession.objects.filter(hub__in=permissions.hubs_facilitated_by(user))
    )


def session_for_managing(user: AnyUser, pk: int) -> TrainingSession:
    return permissions.get_or_404(
        TrainingSession.objects.filter(
            hub__in=permissions.hubs_facilitated_by(user)
        ).select_related("hub"),
        pk=pk,
    )


def booking_hub_ids(user: AnyUser) -> list[int] | None:
    """Hubs whose sessions the user may book: those of the schools where they are staff
    (None: every hub, for a platform admin)."""
    if permissions.is_platform_admin(user):
        return None
    return permissions.staff_hub_ids(user)


def sessions_open_to(user: AnyUser, *, today: date) -> QuerySet[TrainingSession]:
    """Sessions still to come that the user's schools may book."""
    sessions = TrainingSession.objects.filter(date__gte=today, cancelled_at__isnull=True)
    hub_ids = booking_hub_ids(user)
    if hub_ids is not None:
        sessions = sessions.filter(hub_id__in=hub_ids)
    return _with_counts(sessions)


def session_for_booking(user: AnyUser, pk: int) -> TrainingSession:
    hub_ids = booking_hub_ids(user)
    sessions = TrainingSession.objects.select_related("hub")
    if hub_ids is not None:
        sessions = sessions.filter(hub_id__in=hub_ids)
    return permissions.get_or_404(sessions, pk=pk)


def bookable_schools(user: AnyUser, session: TrainingSession) -> list[School]:
    """The user's schools in the session's hub (any school there for a platform admin)."""
    schools = School.objects.filter(hub_id=session.hub_id)
    if not permissions.is_platform_admin(user):
        schools = schools.filter(pk__in=permissions.school_ids_for_staff(user))
    return list(schools.order_by("name"))


def colleagues_bookable_by(user: AnyUser, school: School) -> list[User]:
    """Who the user may book at ``school``: themselves, and every colleague if they lead it."""
    if not permissions.can_lead_school(user, school):
        return [user] if isinstance(user, User) else []
    staff = (
        User.objects.filter(
            pk__in=Membership.objects.filter(
                school=school, role__in=[Role.CAREERS_LEADER, Role.TEACHER]
            ).values("user_id"),
            is_active=True,
        )
        .order_by("first_name", "last_name", "email")
        .distinct()
    )
    return list(staff)


def bookings_visible_to(user: AnyUser) -> QuerySet[TrainingBooking]:
    """Bookings the user may see and cancel: their own, their led schools', their hubs'."""
    bookings = TrainingBooking.objects.select_related("session__hub", "school", "attendee")
    if permissions.is_platform_admin(user):
        return bookings
    return bookings.filter(
        Q(attendee_id=user.pk)
        | Q(school_id__in=permissions.led_school_ids(user))
        | Q(session__hub_id__in=permissions.facilitated_hub_ids(user))
    )


def booking_for(user: AnyUser, pk: int) -> TrainingBooking:
    return permissions.get_or_404(bookings_visible_to(user), pk=pk)


def my_bookings(user: AnyUser) -> list[TrainingBooking]:
    return list(
        TrainingBooking.objects.filter(attendee_id=user.pk)
        .exclude(status=TrainingBooking.Status.CANCELLED)
        .select_related("session__hub", "school")
        .order_by("-session__date", "-session__starts_at")
    )


def session_bookings(session: TrainingSession) -> list[TrainingBooking]:
    """Everyone booked or waiting, in booking order (the waiting list's order too)."""
    return list(
        session.bookings.exclude(status=TrainingBooking.Status.CANCELLED)
        .select_related("attendee", "school")
        .order_by("status", "created_at", "pk")
    )


def called_off_bookings(session: TrainingSession) -> list[TrainingBooking]:
    """Who was booked or waiting when the hub cancelled the session (none if it was not)."""
    if session.cancelled_at is None:
        return []
    return list(
        session.bookings.filter(cancelled_at=session.cancelled_at)
        .select_related("attendee", "school")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class CpdLine:
    title: str
    date: date
    hours: Decimal
    benchmarks: tuple[int, ...]
    attendee: str


@dataclass(frozen=True)
class SchoolCpd:
    year: int
    lines: list[CpdLine]

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))

    @property
    def sessions(self) -> int:
        return len({(line.title, line.date) for line in self.lines})

    @property
    def people(self) -> int:
        return len({line.attendee for line in self.lines})

    @property
    def label(self) -> str:
        return academic_year.label(self.year)

    def for_benchmark(self, number: int) -> list[CpdLine]:
        return [line for line in self.lines if number in line.benchmarks]


def school_cpd(*, school: School, year: int) -> SchoolCpd:
    """Training the school's staff attended in school year ``year``: one query."""
    first, last = academic_year.bounds(year)
    rows = (
        TrainingBooking.objects.filter(
            school=school, attended=True, session__date__range=(first, last)
        )
        .select_related("session", "attendee")
        .order_by("session__date", "session__starts_at", "attendee__last_name")
    )
    return SchoolCpd(
        year=year,
        lines=[
            CpdLine(
                title=b.session.title,
                date=b.session.date,
                hours=b.session.hours,
                benchmarks=tuple(int(n) for n in b.session.benchmarks),
                attendee=b.attendee.get_full_name() or b.attendee.email,
            )
            for b in rows
        ],
    )


def _attended_in(first: date, last: date) -> QuerySet[TrainingBooking]:
    return TrainingBooking.objects.filter(attended=True, session__date__range=(first, last))


def cpd_hours_by_school(school_ids: Iterable[int], *, year: int) -> dict[int, Decimal]:
    """CPD hours attended per school in school year ``year``, for the given schools: one query."""
    first, last = academic_year.bounds(year)
    rows = (
        _attended_in(first, last)
        .filter(school_id__in=list(school_ids))
        .values("school_id")
        .annotate(hours=Sum("session__hours"))
    )
    return {row["school_id"]: row["hours"] for row in rows}


def cpd_totals(schools: QuerySet[School], *, year: int) -> dict[str, Any]:
    """Hours and schools with any CPD in school year ``year`` across ``schools``: one query."""
    first, last = academic_year.bounds(year)
    row = (
        _attended_in(first, last)
        .filter(school__in=schools.values("pk"))
        .aggregate(hours=Sum("session__hours"), schools=Count("school", distinct=True))
    )
    return {"hours": row["hours"] or Decimal(0), "schools": row["schools"] or 0}
