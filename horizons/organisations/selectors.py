"""Reads for organisations, always scoped through accounts.permissions."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
from horizons.organisations.models import (
    FSM_AVERAGE_FROM,
    FSM_HIGH_FROM,
    Employer,
    Hub,
    SafeguardingCheck,
    School,
    Volunteer,
)
from horizons.organisations.safeguarding import CheckStatus, check_status


def school_list(
    *, user: AnyUser, query: str = "", la_name: str = "", fsm_band: str = ""
) -> QuerySet[School]:
    schools = permissions.schools_visible_to(user).select_related("hub")
    if query:
        schools = schools.filter(
            Q(name__icontains=query)
            | Q(postcode__istartswith=query)
            | Q(urn__startswith=query if query.isdigit() else "-")
        )
    if la_name:
        schools = schools.filter(la_name=la_name)
    return schools_in_fsm_band(schools, fsm_band).order_by("name")


def schools_in_fsm_band(schools: QuerySet[School], band: str) -> QuerySet[School]:
    """Narrow to one FSM band (see organisations.models.fsm_band); "" keeps every school."""
    if band == "low":
        return schools.filter(percentage_fsm__lt=FSM_AVERAGE_FROM)
    if band == "average":
        return schools.filter(
            percentage_fsm__gte=FSM_AVERAGE_FROM, percentage_fsm__lt=FSM_HIGH_FROM
        )
    if band == "high":
        return schools.filter(percentage_fsm__gte=FSM_HIGH_FROM)
    if band == "unknown":
        return schools.filter(percentage_fsm__isnull=True)
    return schools


def local_authorities_for(user: AnyUser) -> list[str]:
    return list(
        permissions.schools_visible_to(user)
        .exclude(la_name="")
        .order_by("la_name")
        .values_list("la_name", flat=True)
        .distinct()
    )


def employer_list(*, user: AnyUser) -> QuerySet[Employer]:
    return (
        permissions.employers_visible_to(user)
        .annotate(volunteer_count=Count("volunteers", distinct=True))
        .order_by("name")
    )


def volunteer_list(*, user: AnyUser, employer: Employer | None = None) -> QuerySet[Volunteer]:
    volunteers = permissions.volunteers_visible_to(user).select_related("employer")
    if employer is not None:
        volunteers = volunteers.filter(employer=employer)
    return volunteers.order_by("last_name", "first_name")


# --- Safeguarding checks ------------------------------------------------------------------------


def valid_checks(*, on: date, until: date | None = None) -> QuerySet[SafeguardingCheck]:
    """Checks that were recorded by someone other than the volunteer and that cover every day
    from `on` to `until` (default: just `on`)."""
    return SafeguardingCheck.objects.exclude(kind=SafeguardingCheck.Kind.SELF_DECLARED).filter(
        verified_at__isnull=False, checked_on__lte=on, expires_on__gte=until or on
    )


def volunteers_cleared(
    volunteers: QuerySet[Volunteer], *, on: date, until: date | None = None
) -> QuerySet[Volunteer]:
    """Narrow `volunteers` to those allowed to meet children unsupervised from `on` to `until`."""
    return volunteers.filter(pk__in=valid_checks(on=on, until=until).values("volunteer_id"))


def volunteers_needing_a_check(*, user: AnyUser, today: date) -> int:
    """How many volunteers whose checks the user records have no verified check valid today."""
    return (
        permissions.volunteers_checkable_by(user)
        .exclude(pk__in=valid_checks(on=today).values("volunteer_id"))
        .distinct()
        .count()
    )


def latest_check(checks: Iterable[SafeguardingCheck]) -> SafeguardingCheck | None:
    """The check that describes a volunteer: their longest-lasting verified check, or else the
    date they once gave themselves."""
    checks = list(checks)
    verified = [c for c in checks if c.is_verified]
    if verified:
        return max(verified, key=lambda c: (c.expires_on, c.pk))
    return max(checks, key=lambda c: (c.checked_on, c.pk), default=None)


def status_of(check: SafeguardingCheck | None, *, today: date) -> CheckStatus:
    return check_status(
        verified=None if check is None else check.is_verified,
        expires_on=None if check is None else check.expires_on,
        today=today,
    )


def volunteer_check_status(volunteer: Volunteer, *, today: date) -> CheckStatus:
    return status_of(latest_check(volunteer.safeguarding_checks.all()), today=today)


CHECK_STATUS_ORDER = {"expired": 0, "none": 1, "unverified": 2, "expires_soon": 3, "valid": 4}


def volunteers_with_checks(
    *, user: AnyUser, today: date, employer: Employer | None = None, status: str = ""
) -> list[Volunteer]:
    """Volunteers the user may see, each with `.safeguarding_check` (their latest check or None) and
    `.check_status`, most urgent first (expired, none, unverified, expiring, valid)."""
    volunteers = (
        volunteer_list(user=user, employer=employer)
        .select_related("employer__hub")
        .prefetch_related(
            Prefetch(
                "safeguarding_checks",
                queryset=SafeguardingCheck.objects.select_related("verified_by"),
            )
        )
        .distinct()
    )
    found = []
    for volunteer in volunteers:
        check = latest_check(volunteer.safeguarding_checks.all())
        volunteer.safeguarding_check = check  # type: ignore[attr-defined]
        volunteer.check_status = status_of(check, today=today)  # type: ignore[attr-defined]
        if not status or volunteer.check_status.key == status:  # type: ignore[attr-defined]
            found.append(volunteer)
    found.sort(
        key=lambda v: (CHECK_STATUS_ORDER[v.check_status.key], v.last_name, v.first_name)  # type: ignore[attr-defined]
    )
    return found


def hubs_with_check_settings(*, user: AnyUser) -> QuerySet[Hub]:
    """Hubs whose safeguarding settings the user may change."""
    return permissions.hubs_facilitated_by(user).order_by("name")
