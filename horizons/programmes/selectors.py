"""Reads for programmes, scoped to the person asking; someone else's object is a 404.

Two levels of access: *pupil-level* (names, answers) for the school's own staff and platform
admins, and *aggregate* (impact reports, suppressed) which hub facilitators also get.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.accounts.permissions import AnyUser
from horizons.encounters.models import Booking, BookingClass
from horizons.messaging.addresses import masked
from horizons.messaging.models import Message
from horizons.organisations.models import School, Volunteer
from horizons.programmes.models import Cohort, CohortSession, Consent, ParentContact, Pupil


def cohorts_for_staff(user: AnyUser) -> QuerySet[Cohort]:
    """Cohorts whose pupils the user may see: their school's staff, and platform admins."""
    cohorts = Cohort.objects.select_related("school")
    if permissions.is_platform_admin(user):
        return cohorts.all()
    return cohorts.filter(school_id__in=permissions.school_ids_for_staff(user))


def cohorts_for_impact(user: AnyUser) -> QuerySet[Cohort]:
    """Cohorts whose (aggregated, suppressed) impact the user may see: staff plus facilitators."""
    cohorts = Cohort.objects.select_related("school", "school__hub")
    if permissions.is_platform_admin(user):
        return cohorts.all()
    return cohorts.filter(
        Q(school_id__in=permissions.school_ids_for_staff(user))
        | Q(school__hub_id__in=permissions.facilitated_hub_ids(user))
    )


def cohort_for_staff(user: AnyUser, pk: int) -> Cohort:
    return permissions.get_or_404(cohorts_for_staff(user), pk=pk)


def cohort_for_impact(user: AnyUser, pk: int) -> Cohort:
    return permissions.get_or_404(cohorts_for_impact(user), pk=pk)


def pupil_for_staff(user: AnyUser, pk: int) -> Pupil:
    pupils = Pupil.objects.select_related("cohort", "cohort__school", "consent")
    if not permissions.is_platform_admin(user):
        pupils = pupils.filter(cohort__school_id__in=permissions.school_ids_for_staff(user))
    return permissions.get_or_404(pupils, pk=pk)


def cohort_for_pupil_changes(user: AnyUser, pk: int) -> Cohort:
    """A group whose children the user may change; 404 otherwise (see
    ``permissions.can_change_cohort_pupils``)."""
    cohort = cohort_for_staff(user, pk)
    if not permissions.can_change_cohort_pupils(user, cohort):
        raise Http404("Not found")
    return cohort


def pupil_for_change(user: AnyUser, pk: int) -> Pupil:
    pupil = pupil_for_staff(user, pk)
    if not permissions.can_change_cohort_pupils(user, pupil.cohort):
        raise Http404("Not found")
    return pupil


def cohort_for_data_manager(user: AnyUser, pk: int) -> Cohort:
    """A group the user may delete: their school's careers leader, or a platform admin."""
    cohort = cohort_for_staff(user, pk)
    if not permissions.can_manage_pupil_data(user, cohort.school_id):
        raise Http404("Not found")
    return cohort


def pupil_for_data_manager(user: AnyUser, pk: int) -> Pupil:
    pupil = pupil_for_staff(user, pk)
    if not permissions.can_manage_pupil_data(user, pupil.cohort.school_id):
        raise Http404("Not found")
    return pupil


def school_teachers(school: School) -> QuerySet[Any]:
    """The school's teachers, for choosing who runs a group."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__school=school, memberships__role=Role.TEACHER)
        .distinct()
        .order_by("email")
    )


def session_for_staff(user: AnyUser, cohort: Cohort, step: int) -> CohortSession:
    sessions = CohortSession.objects.select_related("cohort", "cohort__school").filter(
        cohort=cohort
    )
    return permissions.get_or_404(sessions, step=step)


def consent_for_token(token: str) -> Consent:
    if not token or len(token) > 64:
        raise Http404("Not found")
    return permissions.get_or_404(
        Consent.objects.select_related("pupil", "pupil__cohort", "pupil__cohort__school"),
        token=token,
    )


def consent_for_short_code(code: str) -> Consent | None:
    """The consent a short link names (typed any case, with spaces or dashes), or None."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if not cleaned or len(cleaned) > 12:
        return None
    return Consent.objects.filter(short_code=cleaned).only("pk", "token").first()


def schools_for_new_cohort(user: AnyUser) -> QuerySet[School]:
    return permissions.schools_editable_by(user).order_by("name")


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
            # Only with a parent's yes: a withdrawn child's hidden answers are not counted.
            pre_answers=Count(
                "answers", filter=Q(answers__phase="pre", consent__parent_consent="granted")
            ),
            post_answers=Count(
                "answers", filter=Q(answers__phase="post", consent__parent_consent="granted")
            ),
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


def sessions_for_visitor(user: AnyUser) -> QuerySet[CohortSession]:
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


# --- data protection --------------------------------------------------------------------------


def access_log_for_school(school: School) -> QuerySet[Any]:
    """The school's pupil-data access log, newest first."""
    from horizons.core.models import PupilDataAccess

    return (
        PupilDataAccess.objects.filter(school=school).select_related("user").order_by("-at", "-pk")
    )


def pupil_names(school: School, pupil_ids: list[int]) -> dict[int, str]:
    """Current display names of these children at this school (erased ones are absent)."""
    pupils = Pupil.objects.filter(pk__in=set(pupil_ids), cohort__school=school).only(
        "pk", "first_name", "last_initial", "reference"
    )
    return {p.pk: p.display_name for p in pupils if p.first_name}


def pupil_data_export(pupil: Pupil) -> dict[str, Any]:
    """Everything Horizons holds about one child, for a subject-access request."""
    from horizons.core.models import PupilDataAccess
    from horizons.programmes.instrument import instrument

    cohort = pupil.cohort
    assessment = instrument(cohort.instrument_version)
    items = {item.code: item for item in assessment.items}
    consent = pupil.consent
    answers = []
    for answer in pupil.answers.order_by("phase", "item"):
        item = items.get(answer.item)
        choice = item.choice(answer.value) if item and answer.value is not None else None
        answers.append(
            {
                "when": "before the programme" if answer.phase == "pre" else "after the programme",
                "question": item.prompt if item else answer.item,
                "answer": answer.value,
                "answer_label": getattr(choice, "label", None),
                "words": answer.text,
                "matched_job": answer.job_title,
                "source": answer.get_source_display(),
                "answered_at": answer.answered_at,
            }
        )
    log = PupilDataAccess.objects.filter(pupil_id=pupil.pk).select_related("user").order_by("at")
    return {
        "about": "Everything Horizons holds about this child, exported for a subject-access "
        "request. See docs/retention.md for how long each part is kept.",
        "exported_at": timezone.now(),
        "child": {
            "pupil_id": pupil.pk,
            "first_name": pupil.first_name,
            "surname_initial": pupil.last_initial,
            "year_group": pupil.year_group,
            "class": pupil.class_name,
            "pupil_premium": pupil.pupil_premium,
            "send": pupil.send,
            "gender": pupil.get_gender_display() if pupil.gender else None,
            "picture_code": f"{pupil.get_picture_display()} {pupil.picture_number}",
            "school_reference": pupil.reference,
            "added_at": pupil.created_at,
        },
        "school": {"name": cohort.school.name, "urn": cohort.school.urn},
        "programme": {
            "group": cohort.name,
            "programme": cohort.template.title,
            "status": cohort.get_status_display(),
        },
        "consent": {
            "child_applied_at": consent.applied_at,
            "parent_consent": consent.get_parent_consent_display(),
            "how": consent.get_method_display() if consent.method else None,
            "recorded_at": consent.recorded_at,
        },
        "answers": answers,
        "activities": [
            {"activity": r.get_kind_display(), "choices": r.data, "updated_at": r.updated_at}
            for r in pupil.reflections.order_by("kind")
        ],
        "sessions_attended": [
            {"session": a.session.title, "date": a.session.date}
            for a in pupil.attendance.select_related("session", "session__cohort").order_by(
                "session__step"
            )
        ],
        "who_saw_this_childs_data": [
            {
                "at": entry.at,
                "who": entry.user.email if entry.user else None,
                "action": entry.action,
                "what": entry.what,
            }
            for entry in log
        ],
    }


# --- a teacher's class -----------------------------------------------------------------------


@dataclass(frozen=True)
class ClassChoice:
    """One class a member of staff can open on "My class": a school and a class name."""

    school_id: int
    school_name: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.school_id}:{self.name}"

    @property
    def label(self) -> str:
        return f"{self.name}, {self.school_name}"


MAX_CLASS_CHOICES = 200


def class_choices(user: AnyUser, *, today: date) -> list[ClassChoice]:
    """Classes at the user's schools: in a programme that is not finished, or booked on an
    encounter still to come. The same name in another case is one class ("5b" = "5B")."""
    if permissions.is_platform_admin(user):
        school_filter: dict[str, Any] = {}
    else:
        school_filter = {"school_id__in": permissions.school_ids_for_staff(user)}
    found: dict[tuple[int, str], ClassChoice] = {}
    pupil_classes = (
        Pupil.objects.filter(**{f"cohort__{k}": v for k, v in school_filter.items()})
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .values_list("cohort__school_id", "cohort__school__name", "class_name")
        .distinct()
        .order_by("cohort__school__name", "class_name")[:MAX_CLASS_CHOICES]
    )
    booked_classes = (
        BookingClass.objects.filter(
            **{f"booking__{k}": v for k, v in school_filter.items()},
            booking__status__in=Booking.LIVE,
            booking__event__date__gte=today,
        )
        .values_list("booking__school_id", "booking__school__name", "name")
        .distinct()
        .order_by("booking__school__name", "name")[:MAX_CLASS_CHOICES]
    )
    for school_id, school_name, name in [*pupil_classes, *booked_classes]:
        clean = " ".join(str(name).split())
        if clean:
            found.setdefault(
                (school_id, clean.casefold()), ClassChoice(school_id, school_name, clean)
            )
    return sorted(found.values(), key=lambda c: (c.school_name, c.name.casefold()))[
        :MAX_CLASS_CHOICES
    ]


@dataclass(frozen=True)
class ClassView:
    choice: ClassChoice
    pupils: Sequence[Pupil]
    cohorts: list[Cohort]
    upcoming_sessions: list[CohortSession]
    upcoming_encounters: list[BookingClass]


def class_view(choice: ClassChoice, *, today: date) -> ClassView:
    """Everything about one class a teacher needs: pupils with consent and what each has done,
    and the programme sessions and encounters still to come. A fixed number of queries."""
    pupils = list(
        Pupil.objects.filter(cohort__school_id=choice.school_id, class_name__iexact=choice.name)
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .select_related("consent", "cohort", "cohort__school")
        .annotate(
            pre_answers=Count("answers", filter=Q(answers__phase="pre"), distinct=True),
            post_answers=Count("answers", filter=Q(answers__phase="post"), distinct=True),
            who_am_i=Count("reflections", filter=Q(reflections__kind="who_am_i"), distinct=True),
            future_cloud=Count(
                "reflections", filter=Q(reflections__kind="future_cloud"), distinct=True
            ),
            sessions_attended=Count("attendance", distinct=True),
        )
        .order_by("first_name", "last_initial", "reference")
    )
    cohorts = list({p.cohort_id: p.cohort for p in pupils}.values())
    sessions = list(
        CohortSession.objects.filter(cohort__in=cohorts, held=False, date__gte=today)
        .select_related("cohort")
        .order_by("date", "starts_at", "step")[:20]
    )
    encounters = list(
        BookingClass.objects.filter(
            booking__school_id=choice.school_id,
            name__iexact=choice.name,
            booking__status__in=Booking.LIVE,
            booking__event__date__gte=today,
        )
        .select_related("booking__event", "booking__event__host_school")
        .order_by("booking__event__date", "booking__event__starts_at")[:20]
    )
    return ClassView(choice, pupils, cohorts, sessions, encounters)


# --- consent requests by email and text --------------------------------------------------------


@dataclass(frozen=True)
class ConsentRequestRow:
    """One child on the consent page: their parent's contact (masked) and what became of the
    latest request (one message per contact in that round)."""

    pupil: Pupil
    has_contact: bool
    contact_shown: str  # masked: enough to recognise, not enough to copy
    latest: list[Message]

    @property
    def failed(self) -> list[Message]:
        return [m for m in self.latest if m.failed]

    @property
    def can_be_asked(self) -> bool:
        consent = self.pupil.consent
        return (
            self.has_contact
            and consent.applied_at is not None
            and consent.parent_consent == Consent.Parent.PENDING
        )


def consent_request_rows(pupils: Sequence[Pupil]) -> list[ConsentRequestRow]:
    """Per child (with ``consent`` loaded): contact and latest request round, in two queries."""
    ids = [p.pk for p in pupils]
    contacts = {c.pupil_id: c for c in ParentContact.objects.filter(pupil_id__in=ids)}
    rounds = {p.pk: p.consent.requests_sent for p in pupils}
    latest: dict[int, list[Message]] = {pk: [] for pk in ids}
    messages = Message.objects.filter(
        about_type=ContentType.objects.get_for_model(Consent), about_id__in=ids
    ).order_by("about_id", "idempotency_key")
    for message in messages:
        pk = int(message.about_id or 0)
        if pk in latest and (message.idempotency_key or "").startswith(
            f"consent:{pk}:round:{rounds[pk]}:"
        ):
            latest[pk].append(message)
    rows = []
    for pupil in pupils:
        contact = contacts.get(pupil.pk)
        shown = ""
        if contact is not None:
            parts = [masked("email", contact.email)] if contact.email else []
            parts += [masked("sms", contact.mobile)] if contact.mobile else []
            shown = ", ".join(parts)
        rows.append(ConsentRequestRow(pupil, contact is not None, shown, latest[pupil.pk]))
    return rows


def cohort_contact_rows(cohort: Cohort) -> list[tuple[Pupil, ParentContact | None]]:
    """Every child of the group, in page order, with their parent's contact (two queries)."""
    pupils = list(cohort.pupils.order_by("class_name", "first_name", "last_initial", "pk"))
    contacts = {
        c.pupil_id: c for c in ParentContact.objects.filter(pupil_id__in=[p.pk for p in pupils])
    }
    return [(p, contacts.get(p.pk)) for p in pupils]
