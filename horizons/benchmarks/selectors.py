"""Reads for benchmarks, always scoped to the user through accounts.permissions.

Who may do what:
- a school's careers leader starts, answers and submits audits and edits the action plan;
- teachers at the school view them (read only);
- facilitators view their hubs' schools' audits (read only), and run the hub overview, visit
  notes, area meetings and the resource library;
- platform admins may do everything; everyone else gets 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role, User
from horizons.accounts.permissions import AnyUser
from horizons.benchmarks.framework import BENCHMARK_NUMBERS, Framework, load_framework
from horizons.benchmarks.models import (
    Action,
    ActionUpdate,
    AreaMeeting,
    Audit,
    AuditAnswer,
    Resource,
    SchoolAuditSummary,
    VisitNote,
)
from horizons.benchmarks.scoring import AuditScore, State, score
from horizons.benchmarks.terms import school_year_start
from horizons.organisations.models import Hub, School
from horizons.organisations.selectors import schools_in_fsm_band
from horizons.reports import policy, suppression

# A hub average is shown only when enough schools contribute to it, so that a figure never
# stands in for one other school's result.
MIN_SCHOOLS_FOR_AVERAGE = 3


# --- Who may do what --------------------------------------------------------------------------


def school_overseen_by(user: AnyUser, urn: int) -> School:
    return permissions.get_or_404(
        permissions.schools_overseen_by(user).select_related("hub"), urn=urn
    )


def audits_visible_to(user: AnyUser) -> QuerySet[Audit]:
    if permissions.is_platform_admin(user):
        return Audit.objects.all()
    return Audit.objects.filter(
        Q(school__hub_id__in=permissions.facilitated_hub_ids(user))
        | Q(school_id__in=permissions.school_ids_for_staff(user))
    )


def audit_for(user: AnyUser, pk: int) -> Audit:
    try:
        return (
            audits_visible_to(user)
            .select_related("school__hub", "started_by", "submitted_by")
            .get(pk=pk)
        )
    except Audit.DoesNotExist as exc:
        raise Http404("Not found") from exc


def audit_for_leading(user: AnyUser, pk: int) -> Audit:
    """An audit the user may change; anyone else (including viewers) gets 404."""
    audit = audit_for(user, pk)
    if not permissions.can_lead_school(user, audit.school):
        raise Http404("Not found")
    return audit


def can_update_action(user: AnyUser, action: Action) -> bool:
    """The careers leader manages every action; a member of staff updates the ones they own."""
    if permissions.can_lead_school(user, action.school):
        return True
    return (
        action.owner_user_id is not None
        and action.owner_user_id == getattr(user, "pk", None)
        and action.school_id in permissions.school_ids_for_staff(user)
    )


def action_for_updating(user: AnyUser, pk: int) -> Action:
    """An action the user may update (their own, or any if they lead the school); else 404."""
    action = action_for(user, pk)
    if not can_update_action(user, action):
        raise Http404("Not found")
    return action


def staff_members(*, school: School) -> QuerySet[Any]:
    """The school's careers leaders and teachers: the people who can own an action."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__school=school,
            memberships__role__in=[Role.CAREERS_LEADER, Role.TEACHER],
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def action_for(user: AnyUser, pk: int, *, leading: bool = False) -> Action:
    try:
        action = (
            Action.objects.filter(audit__in=audits_visible_to(user))
            .select_related("audit__school", "school", "owner_user", "carried_to__audit")
            .get(pk=pk)
        )
    except Action.DoesNotExist as exc:
        raise Http404("Not found") from exc
    if leading and not permissions.can_lead_school(user, action.school):
        raise Http404("Not found")
    return action


def staff_schools(user: AnyUser) -> QuerySet[School]:
    """Schools whose audits the user works on or views as staff (not as a facilitator)."""
    if permissions.is_platform_admin(user) and not permissions.is_school_staff(user):
        return School.objects.none()
    return School.objects.filter(pk__in=permissions.school_ids_for_staff(user)).select_related(
        "hub"
    )


def school_audit_list(*, school: School) -> list[Audit]:
    return list(
        Audit.objects.filter(school=school)
        .select_related("started_by", "submitted_by")
        .order_by("-started_at")
    )


def draft_audit(*, school: School) -> Audit | None:
    return Audit.objects.filter(school=school, submitted_at__isnull=True).first()


def latest_submitted_audit(*, school: School) -> Audit | None:
    return (
        Audit.objects.filter(school=school, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def previous_submitted_audit(*, audit: Audit) -> Audit | None:
    """The school's submitted audit before this one (by submission, then started date)."""
    audits = Audit.objects.filter(school_id=audit.school_id, submitted_at__isnull=False).exclude(
        pk=audit.pk
    )
    if audit.submitted_at is not None:
        audits = audits.filter(submitted_at__lt=audit.submitted_at)
    return audits.order_by("-submitted_at", "-pk").first()


# --- Answers, progress and scores -------------------------------------------------------------


def answers_by_criterion(*, audit: Audit) -> dict[str, AuditAnswer]:
    return {
        answer.criterion_id: answer
        for answer in audit.answers.select_related("updated_by").order_by("criterion_id")
    }


@dataclass(frozen=True)
class SectionProgress:
    number: int
    title: str
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def section_progress(framework: Framework, answered_ids: Iterable[str]) -> list[SectionProgress]:
    answered = set(answered_ids)
    return [
        SectionProgress(
            number=benchmark.number,
            title=benchmark.title,
            answered=sum(1 for cid in benchmark.criterion_ids if cid in answered),
            total=len(benchmark.criteria),
        )
        for benchmark in framework.benchmarks
    ]


def audit_progress(*, audit: Audit) -> list[SectionProgress]:
    framework = load_framework(audit.framework_version)
    ids = audit.answers.values_list("criterion_id", flat=True)
    return section_progress(framework, ids)


def audit_score(*, audit: Audit) -> AuditScore:
    """Score with the audit's own framework version, whatever the latest version is."""
    framework = load_framework(audit.framework_version)
    states: dict[str, State | str | None] = dict(audit.answers.values_list("criterion_id", "state"))
    return score(framework, states)


def hub_average(*, hub: Hub | None) -> dict[int, float] | None:
    """Mean percentage per benchmark over each hub school's latest submitted audit.

    None when fewer than MIN_SCHOOLS_FOR_AVERAGE schools in the hub have submitted an audit.
    """
    if hub is None:
        return None
    figures = SchoolAuditSummary.objects.filter(school__hub=hub).aggregate(
        schools=Count("pk"), **{f"b{n}": Avg(f"latest_b{n}") for n in BENCHMARK_NUMBERS}
    )
    if (figures["schools"] or 0) < MIN_SCHOOLS_FOR_AVERAGE:
        return None
    return {n: round(float(figures[f"b{n}"]), 1) for n in BENCHMARK_NUMBERS}


def _open_overdue(today: date) -> Q:
    """Overdue: not done, past its date, and not carried forward into a later plan."""
    return Q(achieve_by__lt=today, carried_to__isnull=True) & ~Q(status=Action.Status.DONE)


@dataclass(frozen=True)
class PlanProgress:
    """Where the school's current action plan (its latest submitted audit's) stands."""

    audit: Audit
    total: int
    done: int
    in_progress: int
    not_started: int
    overdue: int


def plan_progress(*, school: School, today: date | None = None) -> PlanProgress | None:
    """The current plan's figures in one aggregate query (None before the first audit).

    The home page's "N actions overdue" and its link, the facilitator's school page and the
    plan itself all count from here, so the number and the plan it opens always agree.
    """
    today = today or timezone.localdate()
    audit = latest_submitted_audit(school=school)
    if audit is None:
        return None
    figures = Action.objects.filter(audit=audit).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Action.Status.DONE)),
        in_progress=Count("pk", filter=Q(status=Action.Status.IN_PROGRESS)),
        overdue=Count("pk", filter=_open_overdue(today)),
    )
    total = figures["total"] or 0
    return PlanProgress(
        audit=audit,
        total=total,
        done=figures["done"] or 0,
        in_progress=figures["in_progress"] or 0,
        not_started=total - (figures["done"] or 0) - (figures["in_progress"] or 0),
        overdue=figures["overdue"] or 0,
    )


def overdue_action_count(*, school: School, today: date | None = None) -> int:
    """Overdue actions in the school's current plan (see plan_progress)."""
    progress = plan_progress(school=school, today=today)
    return progress.overdue if progress is not None else 0


def action_plan(*, audit: Audit) -> list[Action]:
    return list(
        audit.actions.select_related("owner_user", "carried_from__audit", "carried_to__audit")
        .annotate(update_count=Count("updates"))
        .order_by("benchmark", "criterion_id", "pk")
    )


def my_actions(user: AnyUser) -> list[Action]:
    """Unfinished actions the user owns in their schools' current plans, soonest due first."""
    if not isinstance(user, User):  # the anonymous visitor
        return []
    current = SchoolAuditSummary.objects.filter(
        school_id__in=permissions.school_ids_for_staff(user)
    ).values("latest_audit_id")
    return list(
        Action.objects.filter(owner_user=user, audit_id__in=current, carried_to__isnull=True)
        .exclude(status=Action.Status.DONE)
        .select_related("school", "audit")
        .order_by(F("achieve_by").asc(nulls_last=True), "pk")
    )


def action_chain(action: Action) -> list[Action]:
    """The action and the earlier actions it was carried forward from, oldest first."""
    chain = [action]
    seen = {action.pk}
    current = action
    while current.carried_from_id is not None and current.carried_from_id not in seen:
        earlier = Action.objects.select_related("audit").filter(pk=current.carried_from_id).first()
        if earlier is None:
            break
        chain.append(earlier)
        seen.add(earlier.pk)
        current = earlier
    return list(reversed(chain))


def action_history(action: Action) -> list[ActionUpdate]:
    """Every update to this action and to the plans' earlier copies of it, oldest first."""
    ids = [a.pk for a in action_chain(action)]
    return list(
        ActionUpdate.objects.filter(action_id__in=ids)
        .select_related("by", "action__audit")
        .order_by("at", "pk")
    )


# --- Hub oversight ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HubFilters:
    hub: str = ""  # slug
    la_name: str = ""
    fsm_band: str = ""
    audited_since: date | None = None
    status: str = ""  # "", "not_audited", "stuck", "audited"


def filtered_schools(user: AnyUser, filters: HubFilters) -> QuerySet[School]:
    schools = permissions.schools_overseen_by(user)
    if filters.hub:
        schools = schools.filter(hub__slug=filters.hub)
    if filters.la_name:
        schools = schools.filter(la_name=filters.la_name)
    schools = schools_in_fsm_band(schools, filters.fsm_band)
    if filters.audited_since is not None:
        schools = schools.filter(
            audit_summary__latest_submitted_at__gte=start_of_day(filters.audited_since)
        )
    this_year = start_of_day(school_year_start(timezone.localdate()))
    if filters.status == "not_audited":
        schools = schools.filter(
            Q(audit_summary__isnull=True) | Q(audit_summary__latest_submitted_at__lt=this_year)
        )
    elif filters.status == "stuck":
        schools = schools.filter(audit_summary__change_since_previous__lte=0)
    elif filters.status == "audited":
        schools = schools.filter(audit_summary__isnull=False)
    return schools


def start_of_day(day: date) -> datetime:
    """Midnight in the site's time zone: comparing datetimes lets the database use its index."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class HubFigures:
    schools: int
    audited: int
    audited_this_year: int
    not_audited_this_year: int
    stuck: int
    mean_fully_achieved: float | None
    mean_change_since_first: float | None
    averages: dict[int, float]
    achieved_counts: dict[int, int]


def hub_figures(schools: QuerySet[School]) -> HubFigures:
    """Every headline figure in one aggregate query over one row per school."""
    this_year = start_of_day(school_year_start(timezone.localdate()))
    per_benchmark: dict[str, Any] = {}
    for n in BENCHMARK_NUMBERS:
        per_benchmark[f"mean_b{n}"] = Avg(f"audit_summary__latest_b{n}")
        per_benchmark[f"achieved_b{n}"] = Count(
            "audit_summary", filter=Q(**{f"audit_summary__latest_b{n}": 100})
        )
    row = schools.aggregate(
        total=Count("pk"),
        audited=Count("audit_summary"),
        this_year=Count(
            "audit_summary", filter=Q(audit_summary__latest_submitted_at__gte=this_year)
        ),
        stuck=Count("audit_summary", filter=Q(audit_summary__change_since_previous__lte=0)),
        mean_achieved=Avg("audit_summary__latest_fully_achieved"),
        mean_change=Avg("audit_summary__change_since_first"),
        **per_benchmark,
    )

    def rounded(value: Any) -> float | None:
        return None if value is None else round(float(value), 1)

    total = row["total"] or 0
    averages = {n: rounded(row[f"mean_b{n}"]) for n in BENCHMARK_NUMBERS}
    return HubFigures(
        schools=total,
        audited=row["audited"] or 0,
        audited_this_year=row["this_year"] or 0,
        not_audited_this_year=total - (row["this_year"] or 0),
        stuck=row["stuck"] or 0,
        mean_fully_achieved=rounded(row["mean_achieved"]),
        mean_change_since_first=rounded(row["mean_change"]),
        averages={n: avg for n, avg in averages.items() if avg is not None},
        achieved_counts={n: row[f"achieved_b{n}"] or 0 for n in BENCHMARK_NUMBERS},
    )


@dataclass(frozen=True)
class HeatmapRow:
    school: School
    summary: SchoolAuditSummary | None

    @property
    def percentages(self) -> dict[int, int]:
        return self.summary.latest_percentages if self.summary else {}


def heatmap_page_ids(schools: QuerySet[School]) -> QuerySet[School]:
    """School ids in heatmap order. Paginating the bare ids keeps the sort on one narrow table;
    the joins happen afterwards for the 50 schools on the page only."""
    return schools.order_by("name", "pk").values_list("pk", flat=True)  # type: ignore[return-value]


def heatmap_rows(ids: list[int]) -> list[HeatmapRow]:
    """The page's schools with their latest-audit figures, in one query."""
    found = {
        school.pk: school
        for school in School.objects.filter(pk__in=ids).select_related(
            "audit_summary__latest_audit"
        )
    }
    return [HeatmapRow(school=found[pk], summary=_summary(found[pk])) for pk in ids if pk in found]


def _summary(school: School) -> SchoolAuditSummary | None:
    try:
        return school.audit_summary  # type: ignore[attr-defined,no-any-return]
    except SchoolAuditSummary.DoesNotExist:
        return None


def local_authorities(user: AnyUser) -> list[str]:
    return list(
        permissions.schools_overseen_by(user)
        .exclude(la_name="")
        .order_by("la_name")
        .values_list("la_name", flat=True)
        .distinct()
    )


def overdue_follow_ups(user: AnyUser, today: date | None = None) -> QuerySet[VisitNote]:
    """Visit follow-ups past their date and not done, in the hubs the user oversees."""
    today = today or timezone.localdate()
    return (
        VisitNote.objects.filter(
            school__in=permissions.schools_overseen_by(user),
            follow_up_done_at__isnull=True,
            follow_up_by__lt=today,
        )
        .exclude(follow_up="")
        .select_related("school")
        .order_by("follow_up_by", "pk")
    )


def visit_note_for(user: AnyUser, pk: int) -> VisitNote:
    try:
        return VisitNote.objects.select_related("school__hub").get(
            pk=pk, school__in=permissions.schools_overseen_by(user)
        )
    except VisitNote.DoesNotExist as exc:
        raise Http404("Not found") from exc


def visit_notes(*, school: School) -> QuerySet[VisitNote]:
    return school.visit_notes.select_related("author").order_by("-visited_on", "-pk")  # type: ignore[attr-defined,no-any-return]


def area_meetings_for(user: AnyUser) -> QuerySet[AreaMeeting]:
    return (
        AreaMeeting.objects.filter(hub__in=permissions.hubs_facilitated_by(user))
        .select_related("hub")
        .annotate(school_count=Count("schools"))
        .order_by("-date", "-pk")
    )


def area_meeting_for(user: AnyUser, pk: int) -> AreaMeeting:
    try:
        return (
            AreaMeeting.objects.filter(hub__in=permissions.hubs_facilitated_by(user))
            .select_related("hub")
            .prefetch_related(Prefetch("schools", queryset=School.objects.order_by("name")))
            .get(pk=pk)
        )
    except AreaMeeting.DoesNotExist as exc:
        raise Http404("Not found") from exc


# --- Resource library -------------------------------------------------------------------------


def resource_hub_ids(user: AnyUser) -> list[int] | None:
    """Hubs whose library the user may browse; None means every hub (platform admins)."""
    if permissions.is_platform_admin(user):
        return None
    staff_hubs = School.objects.filter(
        pk__in=permissions.school_ids_for_staff(user), hub__isnull=False
    ).values_list("hub_id", flat=True)
    return sorted(set(permissions.facilitated_hub_ids(user)) | set(staff_hubs))


def resources_for(
    user: AnyUser, *, benchmark: int | None = None, subject: str = "", year_group: str = ""
) -> list[Resource]:
    hub_ids = resource_hub_ids(user)
    resources = Resource.objects.select_related("hub").order_by("title", "pk")
    if hub_ids is not None:
        resources = resources.filter(hub_id__in=hub_ids)
    found = list(resources)
    # Tags are small JSON lists; filtering here works the same on SQLite and PostgreSQL.
    if benchmark:
        found = [r for r in found if benchmark in r.benchmarks]
    if subject:
        found = [r for r in found if subject in r.subjects]
    if year_group:
        found = [r for r in found if year_group in r.year_groups]
    return found


def resource_for(user: AnyUser, pk: int, *, editing: bool = False) -> Resource:
    """A resource the user may browse, or (``editing``) one in a hub they facilitate."""
    resources = Resource.objects.select_related("hub")
    if editing:
        resources = resources.filter(hub__in=permissions.hubs_facilitated_by(user))
    else:
        hub_ids = resource_hub_ids(user)
        if hub_ids is not None:
            resources = resources.filter(hub_id__in=hub_ids)
    try:
        return resources.get(pk=pk)
    except Resource.DoesNotExist as exc:
        raise Http404("Not found") from exc


# --- The facilitator's whole picture of one school --------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    role: str


@dataclass(frozen=True)
class SchoolPicture:
    plan: PlanProgress | None
    latest: Audit | None
    previous: Audit | None
    year_label: str
    bookings_live: int
    encounters_attended: int
    classes_reached: int
    pupils_reached: int
    cohorts: int
    cohort_children: int | None  # None: too few to show (suppressed)
    contacts: list[Contact]


def school_contacts(*, school: School) -> list[Contact]:
    """The school's careers leaders, then teachers, from their memberships."""
    from horizons.accounts.models import Membership

    rows = (
        Membership.objects.filter(school=school, role__in=[Role.CAREERS_LEADER, Role.TEACHER])
        .select_related("user")
        .order_by("role", "user__first_name", "user__last_name", "user__email")
    )
    return [
        Contact(
            name=m.user.get_full_name() or m.user.email,
            email=m.user.email,
            role=m.get_role_display(),
        )
        for m in rows
        if m.user.is_active
    ]


def school_picture(*, school: School, today: date | None = None) -> SchoolPicture:
    """Everything a facilitator needs about one school, a fixed handful of queries.

    Encounters and programmes are read through their own apps, read-only.
    """

    from horizons.encounters import selectors as encounters
    from horizons.encounters.models import Booking
    from horizons.encounters.scheduling import academic_year_bounds, academic_year_label
    from horizons.programmes.models import Cohort, Pupil

    today = today or timezone.localdate()
    start_year = encounters.current_academic_year(today)
    first, last = academic_year_bounds(start_year)
    attended = encounters.school_record_summary(school=school, start_year=start_year)
    bookings_live = (
        encounters.school_bookings(school=school)
        .filter(status__in=Booking.LIVE, event__date__range=(first, last))
        .count()
    )
    latest = latest_submitted_audit(school=school)
    # Children's data: only the number of cohorts and, when at least the minimum group size,
    # how many children take part (``reports.suppression``; no cohorts reads as none shown).
    cohorts = Cohort.objects.filter(school=school).count()
    children = Pupil.objects.filter(cohort__school=school).count()
    minimum = policy.min_group_size()
    return SchoolPicture(
        plan=plan_progress(school=school, today=today),
        latest=latest,
        previous=previous_submitted_audit(audit=latest) if latest is not None else None,
        year_label=academic_year_label(start_year),
        bookings_live=bookings_live,
        encounters_attended=attended["encounters"] or 0,
        classes_reached=attended["classes"] or 0,
        pupils_reached=attended["pupils"] or 0,
        cohorts=cohorts,
        cohort_children=suppression.shown_count(children, minimum) if children else None,
        contacts=school_contacts(school=school),
    )
