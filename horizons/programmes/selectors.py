"""Reads for programmes, scoped to the person asking; someone else's object is a 404.

Two levels of access: *pupil-level* (names, answers) for the school's own staff and platform
admins, and *aggregate* (impact reports, suppressed) which hub facilitators also get.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from horizons.accounts import permissions
from horizons.organisations.models import School, Volunteer
from horizons.programmes.models import Cohort, CohortSession, Consent, Pupil


def _get_or_404(queryset: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Not found") from exc


def cohorts_for_staff(user: Any) -> QuerySet[Cohort]:
    """Cohorts whose pupils the user may see: their school's staff, and platform admins."""
    cohorts = Cohort.objects.select_related("school")
    if permissions.is_platform_admin(user):
        return cohorts.all()
    return cohorts.filter(school_id__in=permissions.school_ids_for_staff(user))


def cohorts_for_impact(user: Any) -> QuerySet[Cohort]:
    """Cohorts whose (aggregated, suppressed) impact the user may see: staff plus facilitators."""
    cohorts = Cohort.objects.select_related("school", "school__hub")
    if permissions.is_platform_admin(user):
        return cohorts.all()
    return cohorts.filter(
        Q(school_id__in=permissions.school_ids_for_staff(user))
        | Q(school__hub_id__in=permissions.facilitated_hub_ids(user))
    )


def cohort_for_staff(user: Any, pk: int) -> Cohort:
    return _get_or_404(cohorts_for_staff(user), pk=pk)


def cohort_for_impact(user: Any, pk: int) -> Cohort:
    return _get_or_404(cohorts_for_impact(user), pk=pk)


def pupil_for_staff(user: Any, pk: int) -> Pupil:
    pupils = Pupil.objects.select_related("cohort", "cohort__school", "consent")
    if not permissions.is_platform_admin(user):
        pupils = pupils.filter(cohort__school_id__in=permissions.school_ids_for_staff(user))
    return _get_or_404(pupils, pk=pk)


def cohort_for_pupil_changes(user: Any, pk: int) -> Cohort:
    """A group whose children the user may change; 404 otherwise (see
    ``permissions.can_change_cohort_pupils``)."""
    cohort = cohort_for_staff(user, pk)
    if not permissions.can_change_cohort_pupils(user, cohort):
        raise Http404("Not found")
    return cohort


def pupil_for_change(user: Any, pk: int) -> Pupil:
    pupil = pupil_for_staff(user, pk)
    if not permissions.can_change_cohort_pupils(user, pupil.cohort):
        raise Http404("Not found")
    return pupil


def cohort_for_data_manager(user: Any, pk: int) -> Cohort:
    """A group the user may delete: their school's careers leader, or a platform admin."""
    cohort = cohort_for_staff(user, pk)
    if not permissions.can_manage_pupil_data(user, cohort.school_id):
        raise Http404("Not found")
    return cohort


def pupil_for_data_manager(user: Any, pk: int) -> Pupil:
    pupil = pupil_for_staff(user, pk)
    if not permissions.can_manage_pupil_data(user, pupil.cohort.school_id):
        raise Http404("Not found")
    return pupil


def school_teachers(school: School) -> QuerySet[Any]:
    """The school's teachers, for choosing who runs a group."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__school=school, memberships__role="teacher")
        .distinct()
        .order_by("email")
    )


def session_for_staff(user: Any, cohort: Cohort, step: int) -> CohortSession:
    sessions = CohortSession.objects.select_related("cohort", "cohort__school").filter(
        cohort=cohort
    )
    return _get_or_404(sessions, step=step)


def consent_for_token(token: str) -> Consent:
    if not token or len(token) > 64:
        raise Http404("Not found")
    return _get_or_404(
        Consent.objects.select_related("pupil", "pupil__cohort", "pupil__cohort__school"),
        token=token,
    )


def schools_for_new_cohort(user: Any) -> QuerySet[School]:
    return permissions.schools_editable_by(user).order_by("name")


def can_run_programmes(user: Any) -> bool:
    return permissions.is_platform_admin(user) or permissions.is_school_staff(user)


def local_volunteers(school: School) -> QuerySet[Volunteer]:
    """Professionals a school may invite to a session: volunteers at its hub's employers."""
    if school.hub_id is None:
        return Volunteer.objects.none()
    return (
        Volunteer.objects.filter(employer__hub_id=school.hub_id)
        .select_related("employer")
        .order_by("employer__name", "last_name", "first_name")
    )


def cohort_pupils(cohort: Cohort) -> QuerySet[Pupil]:
    """The class list with consent and how many questions each child answered, in one query."""
    return (
        cohort.pupils.select_related("consent")
        .annotate(
            pre_answers=Count("answers", filter=Q(answers__phase="pre")),
            post_answers=Count("answers", filter=Q(answers__phase="post")),
        )
        .order_by("class_name", "first_name", "last_initial", "reference")
    )


def cohort_sessions(cohort: Cohort) -> list[CohortSession]:
    sessions = (
        cohort.sessions.annotate(present=Count("attendance"))
        .prefetch_related(
            Prefetch("volunteers", queryset=Volunteer.objects.select_related("employer"))
        )
        .order_by("step")
    )
    result: list[CohortSession] = list(sessions)
    for session in result:
        session.cohort = cohort  # share the already-loaded cohort (and its template)
    return result


def consent_summary(cohort: Cohort) -> dict[str, int]:
    counts = Consent.objects.filter(pupil__cohort=cohort).aggregate(
        pupils=Count("pk"),
        applied=Count("pk", filter=Q(applied_at__isnull=False)),
        granted=Count("pk", filter=Q(applied_at__isnull=False, parent_consent="granted")),
        refused=Count("pk", filter=Q(parent_consent="refused")),
        waiting=Count("pk", filter=Q(applied_at__isnull=False, parent_consent="pending")),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def sessions_for_visitor(user: Any) -> QuerySet[CohortSession]:
    """Sessions the user's volunteering covers: their own, or their employer's volunteers'."""
    if not user.is_authenticated:
        return CohortSession.objects.none()
    condition = Q(volunteers__user=user)
    coordinated = permissions.coordinated_employer_ids(user)
    if coordinated:
        condition |= Q(volunteers__employer_id__in=coordinated)
    return (
        CohortSession.objects.filter(condition)
        .select_related("cohort", "cohort__school")
        .prefetch_related(
            Prefetch("volunteers", queryset=Volunteer.objects.select_related("employer"))
        )
        .distinct()
        .order_by("date", "cohort__name", "step")
    )
