"""The one place that decides who may see and change what.

Every scope and role rule lives here (or in a small app ``access.py`` built only on this
module): which hubs, schools, employers and volunteers a person may see or change, which roles
open which pages, and the 404 for anything outside that. Someone else's object is a 404, never
a 403: we do not confirm that it exists.

**Who checks access — the rule.**

1. *Views* decide who may reach a page and which objects they may touch: a decorator states the
   roles a page needs (``@role_required(ADMIN, Role.FACILITATOR)``, ``@school_staff_required``)
   and every object is fetched through a scope here or in the app's selectors
   (``school_for(user, urn=...)``, ``get_or_404(scope, pk=...)``); anything else is a 404.
2. *Services* take the objects the view fetched and trust that fetch for *seeing* them. A
   service that acts for a person (it takes ``by=``) re-checks that person's right to make the
   change with a function from this module and raises its domain error with a message a person
   can act on — so the rule holds whoever calls it (a view, a command, a task, a test), and a
   page that shows an object to more people than may change it (teachers see audits, school
   staff see events) cannot let the wrong one change it. Examples: ``benchmarks.services``
   (``can_lead_school``, ``can_update_action``), ``organisations.services``
   (``can_manage_employer``, ``can_record_check``), ``accounts.services`` (invitations), and
   ``encounters.services.common.require_hub_runner`` for campaigns and events.
3. Services re-check business rules always (a submitted audit cannot change, a full event
   takes no booking), and never look a person's objects up by scope themselves.

Not yet applied to the programmes, bookings, attendance, offers and allocation services: they
rely on the view alone. Their callers need changing first (some tests pass a teacher who does
not run the group, the booking bench books as a facilitator).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from horizons.accounts.models import Role, User
from horizons.organisations.models import Employer, Hub, School, Volunteer

if TYPE_CHECKING:
    from horizons.accounts.models import Membership
    from horizons.programmes.models import Cohort

_CACHE_ATTR = "_horizons_memberships"

# Platform admins are superusers, not members of anything; "admin" stands beside the
# membership roles wherever a rule or the navigation names who may come in.
ADMIN: Final = "admin"

# Every role a person can hold, platform admin included: the navigation's "everyone".
ALL_ROLES: Final = frozenset({ADMIN, *Role})

# Anyone a request may carry: a signed-in person or the anonymous visitor.
AnyUser: TypeAlias = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """A request from a signed-in person (the views behind ``login_required`` or the
    decorators below): ``request.user`` is a ``User``, never anonymous."""

    user: User


_M = TypeVar("_M", bound=Model)


def get_or_404(queryset: QuerySet[_M], **lookup: Any) -> _M:
    """The one object matching ``lookup`` within ``queryset`` (a scope), else a 404.

    ``.distinct()`` because the scopes here are unions of joins that can repeat a row.
    """
    try:
        return queryset.distinct().get(**lookup)
    except ObjectDoesNotExist as exc:  # the model's DoesNotExist
        raise Http404("Not found") from exc


def memberships(user: AnyUser) -> list[Membership]:
    """The user's memberships, fetched once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(user.memberships.select_related("hub", "school", "employer"))  # type: ignore[union-attr]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: AnyUser) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_platform_admin(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def roles_of(user: AnyUser) -> set[str]:
    """The user's roles (``Role`` values), plus ``ADMIN`` for a platform admin."""
    found: set[str] = {m.role for m in memberships(user)}
    if is_platform_admin(user):
        found.add(ADMIN)
    return found


def has_role(user: AnyUser, *roles: str) -> bool:
    """Whether the user holds any of ``roles`` (``Role`` members or ``ADMIN``)."""
    return not roles_of(user).isdisjoint(roles)


def _ids(user: AnyUser, role_names: set[str], field: str) -> list[int]:
    return [getattr(m, f"{field}_id") for m in memberships(user) if m.role in role_names]


def facilitated_hub_ids(user: AnyUser) -> list[int]:
    return _ids(user, {Role.FACILITATOR}, "hub")


def school_ids_for_staff(user: AnyUser) -> list[int]:
    return _ids(user, {Role.CAREERS_LEADER, Role.TEACHER}, "school")


def led_school_ids(user: AnyUser) -> list[int]:
    return _ids(user, {Role.CAREERS_LEADER}, "school")


def taught_school_ids(user: AnyUser) -> list[int]:
    return _ids(user, {Role.TEACHER}, "school")


def coordinated_employer_ids(user: AnyUser) -> list[int]:
    return _ids(user, {Role.EMPLOYER_COORDINATOR}, "employer")


def employer_ids_for(user: AnyUser) -> list[int]:
    return _ids(user, {Role.EMPLOYER_COORDINATOR, Role.VOLUNTEER}, "employer")


def staff_hub_ids(user: AnyUser) -> list[int]:
    """Hubs of the schools where the user is staff."""
    return list(
        School.objects.filter(pk__in=school_ids_for_staff(user))
        .exclude(hub__isnull=True)
        .values_list("hub_id", flat=True)
        .distinct()
    )


def employer_hub_ids(user: AnyUser) -> list[int]:
    """Hubs of the employers the user coordinates or volunteers for."""
    return list(
        Employer.objects.filter(pk__in=employer_ids_for(user))
        .exclude(hub__isnull=True)
        .values_list("hub_id", flat=True)
        .distinct()
    )


def reach_hub_ids(user: AnyUser) -> list[int] | None:
    """Hubs whose reach (and other hub-wide figures) the user sees; None means all (platform
    admins); anyone who facilitates no hub gets a 404."""
    if is_platform_admin(user):
        return None
    ids = facilitated_hub_ids(user)
    if not ids:
        raise Http404("Not found")
    return ids


def own_volunteer(user: AnyUser) -> Volunteer | None:
    """The volunteer record behind a signed-in volunteer, if any."""
    if not isinstance(user, User):  # the anonymous visitor
        return None
    return Volunteer.objects.filter(user=user).select_related("employer").first()


# --- Querysets: what a user may see ---------------------------------------------------------


def hubs_visible_to(user: AnyUser) -> QuerySet[Hub]:
    if is_platform_admin(user):
        return Hub.objects.all()
    school_hubs = School.objects.filter(pk__in=school_ids_for_staff(user)).values("hub_id")
    return Hub.objects.filter(pk__in=facilitated_hub_ids(user)) | Hub.objects.filter(
        pk__in=school_hubs
    )


def schools_visible_to(user: AnyUser) -> QuerySet[School]:
    """Schools whose records (audits, classes, pupils) the user may see."""
    if is_platform_admin(user):
        return School.objects.all()
    return School.objects.filter(hub_id__in=facilitated_hub_ids(user)) | School.objects.filter(
        pk__in=school_ids_for_staff(user)
    )


def schools_editable_by(user: AnyUser) -> QuerySet[School]:
    """Schools whose careers records the user may change: their own school's staff."""
    if is_platform_admin(user):
        return School.objects.all()
    return School.objects.filter(pk__in=school_ids_for_staff(user))


def employers_visible_to(user: AnyUser) -> QuerySet[Employer]:
    if is_platform_admin(user):
        return Employer.objects.all()
    return Employer.objects.filter(hub_id__in=facilitated_hub_ids(user)) | Employer.objects.filter(
        pk__in=employer_ids_for(user)
    )


def employers_offering_for(user: AnyUser) -> list[Employer]:
    """Employers whose offers this user may create: coordinators and volunteers of an employer
    (volunteers then edit only the offers they created), platform admins any."""
    if is_platform_admin(user):
        return list(Employer.objects.all())
    return list(Employer.objects.filter(pk__in=employer_ids_for(user)))


def employers_editable_by(user: AnyUser) -> QuerySet[Employer]:
    if is_platform_admin(user):
        return Employer.objects.all()
    return Employer.objects.filter(pk__in=coordinated_employer_ids(user))


def volunteers_visible_to(user: AnyUser) -> QuerySet[Volunteer]:
    if is_platform_admin(user):
        return Volunteer.objects.all()
    own = Volunteer.objects.filter(user_id=user.pk) if user.is_authenticated else None
    scoped = Volunteer.objects.filter(
        employer__hub_id__in=facilitated_hub_ids(user)
    ) | Volunteer.objects.filter(employer_id__in=coordinated_employer_ids(user))
    return (scoped | own) if own is not None else scoped


def volunteers_editable_by(user: AnyUser) -> QuerySet[Volunteer]:
    if is_platform_admin(user):
        return Volunteer.objects.all()
    own = Volunteer.objects.filter(user_id=user.pk)  # type: ignore[misc]  # views sign in first
    return own | Volunteer.objects.filter(employer_id__in=coordinated_employer_ids(user))


def volunteers_checkable_by(user: AnyUser) -> QuerySet[Volunteer]:
    """Volunteers whose safeguarding checks the user may record: their employer coordinator,
    their hub's facilitator, platform admins. Never the volunteer themselves."""
    if is_platform_admin(user):
        return Volunteer.objects.all()
    scoped = Volunteer.objects.filter(
        employer__hub_id__in=facilitated_hub_ids(user)
    ) | Volunteer.objects.filter(employer_id__in=coordinated_employer_ids(user))
    return scoped.exclude(user_id=user.pk)  # type: ignore[misc]  # views sign in first


def hubs_facilitated_by(user: AnyUser) -> QuerySet[Hub]:
    """Hubs the user runs: every hub for a platform admin, otherwise the hubs they facilitate.
    Their settings, oversight pages, campaigns and events are the user's to change."""
    if is_platform_admin(user):
        return Hub.objects.all()
    return Hub.objects.filter(pk__in=facilitated_hub_ids(user))


def schools_overseen_by(user: AnyUser) -> QuerySet[School]:
    """Schools in the hubs the user runs (every school for a platform admin): their audits
    and visit notes are the facilitator's to oversee."""
    if is_platform_admin(user):
        return School.objects.all()
    return School.objects.filter(hub_id__in=facilitated_hub_ids(user))


# --- Single objects: 404 for anything outside the user's scope -------------------------------


def school_for(user: AnyUser, **lookup: Any) -> School:
    return get_or_404(schools_visible_to(user).select_related("hub"), **lookup)


def school_for_editing(user: AnyUser, **lookup: Any) -> School:
    return get_or_404(schools_editable_by(user).select_related("hub"), **lookup)


def hub_for(user: AnyUser, **lookup: Any) -> Hub:
    return get_or_404(hubs_visible_to(user), **lookup)


def facilitated_hub_for(user: AnyUser, **lookup: Any) -> Hub:
    return get_or_404(hubs_facilitated_by(user), **lookup)


def employer_for(user: AnyUser, **lookup: Any) -> Employer:
    return get_or_404(employers_visible_to(user), **lookup)


def employer_for_editing(user: AnyUser, **lookup: Any) -> Employer:
    return get_or_404(employers_editable_by(user), **lookup)


def volunteer_for(user: AnyUser, **lookup: Any) -> Volunteer:
    return get_or_404(volunteers_visible_to(user).select_related("employer"), **lookup)


def volunteer_for_editing(user: AnyUser, **lookup: Any) -> Volunteer:
    return get_or_404(volunteers_editable_by(user).select_related("employer"), **lookup)


def volunteer_for_checking(user: AnyUser, **lookup: Any) -> Volunteer:
    return get_or_404(volunteers_checkable_by(user).select_related("employer__hub"), **lookup)


# --- Yes/no questions -----------------------------------------------------------------------


def can_manage_staff(user: AnyUser, school: School) -> bool:
    """Careers leaders invite and remove staff at their school; teachers cannot."""
    return is_platform_admin(user) or school.pk in led_school_ids(user)


def can_invite_to_hub(user: AnyUser, hub: Hub) -> bool:
    return can_manage_hub(user, hub.pk)


def can_manage_hub(user: AnyUser, hub_id: int | None) -> bool:
    """Run a hub's campaigns, events and oversight: its facilitators and platform admins."""
    return is_platform_admin(user) or hub_id in facilitated_hub_ids(user)


def can_lead_school(user: AnyUser, school: School) -> bool:
    """Change a school's audits and action plan: its careers leader or a platform admin."""
    return is_platform_admin(user) or school.pk in led_school_ids(user)


def can_manage_employer(user: AnyUser, employer: Employer) -> bool:
    return is_platform_admin(user) or employer.pk in coordinated_employer_ids(user)


def can_record_check(user: AnyUser, volunteer: Volunteer) -> bool:
    return volunteers_checkable_by(user).filter(pk=volunteer.pk).exists()


def can_oversee_hubs(user: AnyUser) -> bool:
    """See hub oversight pages (hub overview, visit notes, area meetings): facilitators and
    platform admins."""
    return has_role(user, ADMIN, Role.FACILITATOR)


def can_run_programmes(user: AnyUser) -> bool:
    """Start and run programme groups: school staff and platform admins."""
    return has_role(user, ADMIN, Role.CAREERS_LEADER, Role.TEACHER)


def is_facilitator(user: AnyUser) -> bool:
    return bool(facilitated_hub_ids(user))


def is_school_staff(user: AnyUser) -> bool:
    return bool(school_ids_for_staff(user))


def is_employer_side(user: AnyUser) -> bool:
    return bool(employer_ids_for(user))


# --- Children's records: who may change them ------------------------------------------------


def can_change_cohort_pupils(user: AnyUser, cohort: Cohort) -> bool:
    """Change a programme group's children (import, edit, remove, record consent): the
    school's careers leader, a teacher who runs the group, or a platform admin. Other staff
    at the school may see the children but not change them."""
    if is_platform_admin(user) or cohort.school_id in led_school_ids(user):
        return True
    if cohort.school_id in taught_school_ids(user):
        return bool(cohort.teachers.filter(pk=user.pk).exists())
    return False


def can_manage_pupil_data(user: AnyUser, school_id: int) -> bool:
    """Delete a group, export or erase a child's data, read the school's access log and set
    its retention schedule: the school's careers leader, or a platform admin."""
    return is_platform_admin(user) or school_id in led_school_ids(user)


# --- View decorators: the access a page needs, stated above it -------------------------------

_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def role_required(*roles: str) -> Callable[[_View], _View]:
    """Open a view to people holding any of ``roles`` (``Role`` members or ``ADMIN``).

    Anonymous visitors go to the sign-in page (it includes ``login_required``); a signed-in
    person without one of the roles gets a 404, as for someone else's object. Objects the view
    then fetches are still scoped by the functions above.
    """
    if not roles:
        raise ValueError("role_required needs at least one role")
    unknown = set(roles) - set(Role.values) - {ADMIN}
    if unknown:
        raise ValueError(f"Unknown role(s) for role_required: {', '.join(sorted(unknown))}")

    def decorator(view: _View) -> _View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, *roles):
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)  # type: ignore[attr-defined]
        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


# The combinations that recur across the apps, named for what they open.
# Members of a hub, school or employer (the national overview belongs to none of them).
member_required = role_required(ADMIN, *(role for role in Role if role != Role.NATIONAL))
"""Pages for anyone with a role: every member of a hub, school or employer, and platform
admins. A signed-in account with no membership gets a 404."""

hub_staff_required = role_required(ADMIN, Role.FACILITATOR)
"""Hub pages: facilitators and platform admins."""

school_staff_required = role_required(ADMIN, Role.CAREERS_LEADER, Role.TEACHER)
"""A school's own pages: its careers leaders and teachers, and platform admins."""
