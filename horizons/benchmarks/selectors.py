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

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from horizons.accounts import permissions
from horizons.benchmarks.framework import Framework, load_framework
from horizons.benchmarks.models import (
    Action,
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

# A hub average is shown only when enough schools contribute to it, so that a figure never
# stands in for one other school's result.
MIN_SCHOOLS_FOR_AVERAGE = 3


# --- Who may do what --------------------------------------------------------------------------


def can_lead(user: Any, school: School) -> bool:
    """Careers leaders (and platform admins) change audits and action plans."""
    return permissions.is_platform_admin(user) or school.pk in permissions.led_school_ids(user)


def can_oversee(user: Any) -> bool:
    """Facilitators and platform admins see hub oversight pages."""
    return permissions.is_platform_admin(user) or permissions.is_facilitator(user)


def hubs_overseen_by(user: Any) -> QuerySet[Hub]:
    if permissions.is_platform_admin(user):
        return Hub.objects.all()
    return Hub.objects.filter(pk__in=permissions.facilitated_hub_ids(user))


def schools_overseen_by(user: Any) -> QuerySet[School]:
    if permissions.is_platform_admin(user):
        return School.objects.all()
    return School.objects.filter(hub_id__in=permissions.facilitated_hub_ids(user))


def school_overseen_by(user: Any, urn: int) -> School:
    try:
        return schools_overseen_by(user).select_related("hub").get(urn=urn)
    except School.DoesNotExist as exc:
        raise Http404("Not found") from exc


def audits_visible_to(user: Any) -> QuerySet[Audit]:
    if permissions.is_platform_admin(user):
        return Audit.objects.all()
    return Audit.objects.filter(
        Q(school__hub_id__in=permissions.facilitated_hub_ids(user))
        | Q(school_id__in=permissions.school_ids_for_staff(user))
    )


def audit_for(user: Any, pk: int) -> Audit:
    try:
        return (
            audits_visible_to(user)
            .select_related("school__hub", "started_by", "submitted_by")
            .get(pk=pk)
        )
    except Audit.DoesNotExist as exc:
        raise Http404("Not found") from exc


def audit_for_leading(user: Any, pk: int) -> Audit:
    """An audit the user may change; anyone else (including viewers) gets 404."""
    audit = audit_for(user, pk)
    if not can_lead(user, audit.school):
        raise Http404("Not found")
    return audit


def action_for(user: Any, pk: int, *, leading: bool = False) -> Action:
    try:
        action = (
            Action.objects.filter(audit__in=audits_visible_to(user))
            .select_related("audit__school", "school")
            .get(pk=pk)
        )
    except Action.DoesNotExist as exc:
        raise Http404("Not found") from exc
    if leading and not can_lead(user, action.school):
        raise Http404("Not found")
    return action


def staff_schools(user: Any) -> QuerySet[School]:
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
        schools=Count("pk"), **{f"b{n}": Avg(f"latest_b{n}") for n in range(1, 9)}
    )
    if (figures["schools"] or 0) < MIN_SCHOOLS_FOR_AVERAGE:
        return None
    return {n: round(float(figures[f"b{n}"]), 1) for n in range(1, 9)}


def overdue_action_count(*, school: School, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return (
        Action.objects.filter(school=school, achieve_by__lt=today)
        .exclude(status=Action.Status.DONE)
        .count()
    )


def action_plan(*, audit: Audit) -> list[Action]:
    return list(audit.actions.order_by("benchmark", "criterion_id", "pk"))


# --- Hub oversight ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HubFilters:
    hub: str = ""  # slug
    la_name: str = ""
    fsm_band: str = ""
    audited_since: date | None = None
    status: str = ""  # "", "not_audited", "stuck", "audited"


def filtered_schools(user: Any, filters: HubFilters) -> QuerySet[School]:
    schools = schools_overseen_by(user)
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
    for n in range(1, 9):
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
    averages = {n: rounded(row[f"mean_b{n}"]) for n in range(1, 9)}
    return HubFigures(
        schools=total,
        audited=row["audited"] or 0,
        audited_this_year=row["this_year"] or 0,
        not_audited_this_year=total - (row["this_year"] or 0),
        stuck=row["stuck"] or 0,
        mean_fully_achieved=rounded(row["mean_achieved"]),
        mean_change_since_first=rounded(row["mean_change"]),
        averages={n: avg for n, avg in averages.items() if avg is not None},
        achieved_counts={n: row[f"achieved_b{n}"] or 0 for n in range(1, 9)},
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


def local_authorities(user: Any) -> list[str]:
    return list(
        schools_overseen_by(user)
        .exclude(la_name="")
        .order_by("la_name")
        .values_list("la_name", flat=True)
        .distinct()
    )


def visit_notes(*, school: School) -> QuerySet[VisitNote]:
    return school.visit_notes.select_related("author").order_by("-visited_on", "-pk")  # type: ignore[attr-defined,no-any-return]


def area_meetings_for(user: Any) -> QuerySet[AreaMeeting]:
    return (
        AreaMeeting.objects.filter(hub__in=hubs_overseen_by(user))
        .select_related("hub")
        .annotate(school_count=Count("schools"))
        .order_by("-date", "-pk")
    )


def area_meeting_for(user: Any, pk: int) -> AreaMeeting:
    try:
        return (
            AreaMeeting.objects.filter(hub__in=hubs_overseen_by(user))
            .select_related("hub")
            .prefetch_related(Prefetch("schools", queryset=School.objects.order_by("name")))
            .get(pk=pk)
        )
    except AreaMeeting.DoesNotExist as exc:
        raise Http404("Not found") from exc


# --- Resource library -------------------------------------------------------------------------


def resource_hub_ids(user: Any) -> list[int] | None:
    """Hubs whose library the user may browse; None means every hub (platform admins)."""
    if permissions.is_platform_admin(user):
        return None
    staff_hubs = School.objects.filter(
        pk__in=permissions.school_ids_for_staff(user), hub__isnull=False
    ).values_list("hub_id", flat=True)
    return sorted(set(permissions.facilitated_hub_ids(user)) | set(staff_hubs))


def can_browse_resources(user: Any) -> bool:
    return (
        permissions.is_platform_admin(user)
        or permissions.is_facilitator(user)
        or permissions.is_school_staff(user)
    )


def resources_for(
    user: Any, *, benchmark: int | None = None, subject: str = "", year_group: str = ""
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


def resource_for(user: Any, pk: int, *, editing: bool = False) -> Resource:
    """A resource the user may browse, or (``editing``) one in a hub they facilitate."""
    resources = Resource.objects.select_related("hub")
    if editing:
        resources = resources.filter(hub__in=hubs_overseen_by(user))
    else:
        hub_ids = resource_hub_ids(user)
        if hub_ids is not None:
            resources = resources.filter(hub_id__in=hub_ids)
    try:
        return resources.get(pk=pk)
    except Resource.DoesNotExist as exc:
        raise Http404("Not found") from exc
