"""The one place that decides who may see and change what.

Every view that fetches a hub's, school's, employer's or volunteer's object goes through these
functions. Someone else's object is a 404, never a 403: we do not confirm that it exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from horizons.organisations.models import Employer, Hub, School, Volunteer

if TYPE_CHECKING:
    from horizons.accounts.models import Membership

_CACHE_ATTR = "_horizons_memberships"


def memberships(user: Any) -> list[Membership]:
    """The user's memberships, fetched once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(user.memberships.select_related("hub", "school", "employer"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def roles_of(user: Any) -> set[str]:
    found = {m.role for m in memberships(user)}
    if is_platform_admin(user):
        found.add("admin")
    return found


def _ids(user: Any, role_names: set[str], field: str) -> list[int]:
    return [getattr(m, f"{field}_id") for m in memberships(user) if m.role in role_names]


def facilitated_hub_ids(user: Any) -> list[int]:
    return _ids(user, {"facilitator"}, "hub")


def school_ids_for_staff(user: Any) -> list[int]:
    return _ids(user, {"careers_leader", "teacher"}, "school")


def led_school_ids(user: Any) -> list[int]:
    return _ids(user, {"careers_leader"}, "school")


def coordinated_employer_ids(user: Any) -> list[int]:
    return _ids(user, {"employer_coordinator"}, "employer")


def employer_ids_for(user: Any) -> list[int]:
    return _ids(user, {"employer_coordinator", "volunteer"}, "employer")


# --- Querysets: what a user may see ---------------------------------------------------------


def hubs_visible_to(user: Any) -> QuerySet[Hub]:
    if is_platform_admin(user):
        return Hub.objects.all()
    school_hubs = School.objects.filter(pk__in=school_ids_for_staff(user)).values("hub_id")
    return Hub.objects.filter(pk__in=facilitated_hub_ids(user)) | Hub.objects.filter(
        pk__in=school_hubs
    )


def schools_visible_to(user: Any) -> QuerySet[School]:
    """Schools whose records (audits, classes, pupils) the user may see."""
    if is_platform_admin(user):
        return School.objects.all()
    return School.objects.filter(hub_id__in=facilitated_hub_ids(user)) | School.objects.filter(
        pk__in=school_ids_for_staff(user)
    )


def schools_editable_by(user: Any) -> QuerySet[School]:
    """Schools whose careers records the user may change: their own school's staff."""
    if is_platform_admin(user):
        return School.objects.all()
    return School.objects.filter(pk__in=school_ids_for_staff(user))


def employers_visible_to(user: Any) -> QuerySet[Employer]:
    if is_platform_admin(user):
        return Employer.objects.all()
    return Employer.objects.filter(hub_id__in=facilitated_hub_ids(user)) | Employer.objects.filter(
        pk__in=employer_ids_for(user)
    )


def employers_editable_by(user: Any) -> QuerySet[Employer]:
    if is_platform_admin(user):
        return Employer.objects.all()
    return Employer.objects.filter(pk__in=coordinated_employer_ids(user))


def volunteers_visible_to(user: Any) -> QuerySet[Volunteer]:
    if is_platform_admin(user):
        return Volunteer.objects.all()
    own = Volunteer.objects.filter(user_id=user.pk) if user.is_authenticated else None
    scoped = Volunteer.objects.filter(
        employer__hub_id__in=facilitated_hub_ids(user)
    ) | Volunteer.objects.filter(employer_id__in=coordinated_employer_ids(user))
    return (scoped | own) if own is not None else scoped


def volunteers_editable_by(user: Any) -> QuerySet[Volunteer]:
    if is_platform_admin(user):
        return Volunteer.objects.all()
    own = Volunteer.objects.filter(user_id=user.pk)
    return own | Volunteer.objects.filter(employer_id__in=coordinated_employer_ids(user))


def volunteers_checkable_by(user: Any) -> QuerySet[Volunteer]:
    """Volunteers whose safeguarding checks the user may record: their employer coordinator,
    their hub's facilitator, platform admins. Never the volunteer themselves."""
    if is_platform_admin(user):
        return Volunteer.objects.all()
    scoped = Volunteer.objects.filter(
        employer__hub_id__in=facilitated_hub_ids(user)
    ) | Volunteer.objects.filter(employer_id__in=coordinated_employer_ids(user))
    return scoped.exclude(user_id=user.pk)


def hubs_facilitated_by(user: Any) -> QuerySet[Hub]:
    """Hubs whose settings the user may change."""
    if is_platform_admin(user):
        return Hub.objects.all()
    return Hub.objects.filter(pk__in=facilitated_hub_ids(user))


# --- Single objects: 404 for anything outside the user's scope -------------------------------


def _get_or_404(queryset: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return queryset.distinct().get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Not found") from exc


def school_for(user: Any, **lookup: Any) -> School:
    return _get_or_404(schools_visible_to(user).select_related("hub"), **lookup)


def school_for_editing(user: Any, **lookup: Any) -> School:
    return _get_or_404(schools_editable_by(user).select_related("hub"), **lookup)


def hub_for(user: Any, **lookup: Any) -> Hub:
    return _get_or_404(hubs_visible_to(user), **lookup)


def facilitated_hub_for(user: Any, **lookup: Any) -> Hub:
    if is_platform_admin(user):
        return _get_or_404(Hub.objects.all(), **lookup)
    return _get_or_404(Hub.objects.filter(pk__in=facilitated_hub_ids(user)), **lookup)


def employer_for(user: Any, **lookup: Any) -> Employer:
    return _get_or_404(employers_visible_to(user), **lookup)


def employer_for_editing(user: Any, **lookup: Any) -> Employer:
    return _get_or_404(employers_editable_by(user), **lookup)


def volunteer_for(user: Any, **lookup: Any) -> Volunteer:
    return _get_or_404(volunteers_visible_to(user).select_related("employer"), **lookup)


def volunteer_for_editing(user: Any, **lookup: Any) -> Volunteer:
    return _get_or_404(volunteers_editable_by(user).select_related("employer"), **lookup)


def volunteer_for_checking(user: Any, **lookup: Any) -> Volunteer:
    return _get_or_404(volunteers_checkable_by(user).select_related("employer__hub"), **lookup)


# --- Yes/no questions -----------------------------------------------------------------------


def can_manage_staff(user: Any, school: School) -> bool:
    """Careers leaders invite and remove staff at their school; teachers cannot."""
    return is_platform_admin(user) or school.pk in led_school_ids(user)


def can_invite_to_hub(user: Any, hub: Hub) -> bool:
    return is_platform_admin(user) or hub.pk in facilitated_hub_ids(user)


def can_manage_employer(user: Any, employer: Employer) -> bool:
    return is_platform_admin(user) or employer.pk in coordinated_employer_ids(user)


def can_record_check(user: Any, volunteer: Volunteer) -> bool:
    return volunteers_checkable_by(user).filter(pk=volunteer.pk).exists()


def is_facilitator(user: Any) -> bool:
    return bool(facilitated_hub_ids(user))


def is_school_staff(user: Any) -> bool:
    return bool(school_ids_for_staff(user))


def is_employer_side(user: Any) -> bool:
    return bool(employer_ids_for(user))


# --- Children's records: who may change them ------------------------------------------------


def can_change_cohort_pupils(user: Any, cohort: Any) -> bool:
    """Change a programme group's children (import, edit, remove, record consent): the
    school's careers leader, a teacher who runs the group, or a platform admin. Other staff
    at the school may see the children but not change them."""
    if is_platform_admin(user) or cohort.school_id in led_school_ids(user):
        return True
    if cohort.school_id in _ids(user, {"teacher"}, "school"):
        return bool(cohort.teachers.filter(pk=user.pk).exists())
    return False


def can_manage_pupil_data(user: Any, school_id: int) -> bool:
    """Delete a group, export or erase a child's data, read the school's access log and set
    its retention schedule: the school's careers leader, or a platform admin."""
    return is_platform_admin(user) or school_id in led_school_ids(user)
