"""Reads for families: the parent's page for one child, printable Future Clouds for a group,
and the termly newsletter for a school. Kept beside ``selectors.py``, with the same rules:
callers fetch the consent, group or school through a scoped selector first (the parent's
token, ``selectors.cohort_for_staff``, ``permissions.school_for_editing``), and each read costs
a fixed number of queries.

What a parent sees of their child follows ``family.consent_state``; what the class did (the
encounters and the programme's visitors) is the school's, not the child's, and names nobody:
visitors appear as "a nurse from City Hospital", never by name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from horizons.careers import library
from horizons.core import academic_year
from horizons.core.terms import TermDates
from horizons.encounters.models import Booking, BookingClass, Event, EventEmployer, EventVolunteer
from horizons.organisations.models import School, Volunteer
from horizons.programmes import family
from horizons.programmes.family import Cloud, TalkingPoint
from horizons.programmes.models import (
    AssessmentAnswer,
    Cohort,
    CohortSession,
    Consent,
    Pupil,
    Reflection,
)
from horizons.reports import suppression

MAX_TALKING_POINTS = 4


def visitor_phrase(volunteer: Volunteer) -> str:
    """How a page names a visitor: their job and employer, never their name."""
    return f"{family._a(volunteer.job_title)} from {volunteer.employer.name}"


def _job_titles(slugs: Iterable[str]) -> list[str]:
    catalogue = library.catalogue()
    titles: list[str] = []
    for slug in slugs:
        profile = catalogue.get(slug)
        if profile is not None and profile.title not in titles:
            titles.append(profile.title)
    return titles


@dataclass(frozen=True)
class EncounterSummary:
    """One encounter event as families read about it."""

    date: date
    title: str
    who_came: tuple[str, ...]
    jobs: tuple[str, ...]
    job_slugs: tuple[str, ...]
    online: bool


def _events_with_visitors(event_ids: Iterable[int]) -> dict[int, EncounterSummary]:
    """Summaries of these events in three queries (events, their employers, their visitors)."""
    events = Event.objects.filter(pk__in=set(event_ids)).prefetch_related(
        Prefetch(
            "event_employers",
            queryset=EventEmployer.objects.select_related("employer", "offer").order_by(
                "employer__name"
            ),
        ),
        Prefetch(
            "event_volunteers",
            queryset=EventVolunteer.objects.select_related(
                "volunteer", "volunteer__employer"
            ).order_by("volunteer__job_title", "pk"),
        ),
    )
    found: dict[int, EncounterSummary] = {}
    for event in events:
        volunteers = [ev.volunteer for ev in event.event_volunteers.all()]
        employers = [ee.employer.name for ee in event.event_employers.all()]
        who = [visitor_phrase(v) for v in volunteers]
        seen_employers = {v.employer.name for v in volunteers}
        who += [name for name in employers if name not in seen_employers]
        slugs = family.unique_slugs(
            [
                *(
                    s
                    for ee in event.event_employers.all()
                    if ee.offer
                    for s in ee.offer.job_profile_slugs
                ),
                *(v.job_profile_slug for v in volunteers),
            ],
            limit=8,
        )
        found[event.pk] = EncounterSummary(
            event.date,
            event.title,
            tuple(dict.fromkeys(who)),
            tuple(_job_titles(slugs)),
            tuple(slugs),
            event.is_online,
        )
    return found


def _live_classes(school: School) -> QuerySet[BookingClass]:
    return BookingClass.objects.filter(
        booking__school=school,
        booking__status=Booking.Status.CONFIRMED,
        booking__event__status=Event.Status.SCHEDULED,
    ).select_related("booking", "booking__event")


# --- The parent's page -----------------------------------------------------------------------


@dataclass(frozen=True)
class ClassEncounter:
    summary: EncounterSummary
    classes: tuple[str, ...]
    childs_class: bool
    upcoming: bool


@dataclass(frozen=True)
class ProgrammeVisit:
    title: str
    date: date | None
    visitors: tuple[str, ...]
    held: bool


@dataclass(frozen=True)
class FamilyPage:
    consent: Consent
    pupil: Pupil
    cohort: Cohort
    state: str
    year: int
    encounters: tuple[ClassEncounter, ...]
    visits: tuple[ProgrammeVisit, ...]
    cloud: Cloud | None = None
    child_jobs: tuple[TalkingPoint, ...] = ()
    class_jobs: tuple[TalkingPoint, ...] = ()
    withdrawn_on: date | None = None

    @property
    def shows_child(self) -> bool:
        return self.state == family.SHOWN

    @property
    def name(self) -> str:
        return self.pupil.first_name or "your child"

    @property
    def year_label(self) -> str:
        return academic_year.long_label(self.year)


def cohort_year(cohort: Cohort, sessions: Sequence[CohortSession]) -> int:
    """The school year a group ran in: that of its first dated session, else its creation."""
    days = [s.date for s in sessions if s.date]
    first = min(days) if days else academic_year.london_date(cohort.created_at)
    return academic_year.start_year(first)


def _same_class(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def family_page(consent: Consent, *, today: date) -> FamilyPage:
    """Everything the parent's page shows for the child behind this consent."""
    pupil = consent.pupil
    cohort = pupil.cohort
    state = family.consent_state(
        applied=consent.applied_at is not None,
        parent_consent=consent.parent_consent,
        withdrawn=consent.withdrawn_at is not None,
        removed=cohort.pseudonymised_at is not None,
    )
    sessions = list(
        CohortSession.objects.filter(cohort=cohort)
        .prefetch_related(
            Prefetch("volunteers", queryset=Volunteer.objects.select_related("employer"))
        )
        .order_by("step")
    )
    for session in sessions:
        session.cohort = cohort
    year = cohort_year(cohort, sessions)
    first, last = academic_year.bounds(year)
    if state == family.REMOVED:
        return FamilyPage(consent, pupil, cohort, state, year, (), ())

    # The class's encounters: every class of the child's year group at the school, the
    # child's own class marked (schools name classes differently in each system).
    rows = list(
        _live_classes(cohort.school)
        .filter(year_group=pupil.year_group, booking__event__date__range=(first, last))
        .order_by("booking__event__date", "booking__event__starts_at", "name")
    )
    summaries = _events_with_visitors(r.booking.event_id for r in rows)
    by_event: dict[int, list[BookingClass]] = defaultdict(list)
    for row in rows:
        by_event[row.booking.event_id].append(row)
    encounters = tuple(
        ClassEncounter(
            summaries[event_id],
            tuple(dict.fromkeys(c.name for c in classes)),
            any(_same_class(c.name, pupil.class_name) for c in classes),
            summaries[event_id].date > today,
        )
        for event_id, classes in by_event.items()
        if event_id in summaries
    )
    visits = tuple(
        ProgrammeVisit(
            s.title,
            s.date,
            tuple(dict.fromkeys(visitor_phrase(v) for v in s.volunteers.all())),
            s.held,
        )
        for s in sessions
        if s.info.professionals_attend or s.volunteers.all()
    )
    met_slugs = family.unique_slugs(
        [
            *(slug for e in encounters for slug in e.summary.job_slugs),
            *(v.job_profile_slug for s in sessions for v in s.volunteers.all()),
        ],
        limit=20,
    )
    cloud = None
    child_jobs: list[TalkingPoint] = []
    name = pupil.first_name or "your child"
    if state == family.SHOWN:
        reflection = Reflection.objects.filter(pupil=pupil, kind="future_cloud").first()
        cloud = family.cloud_from_data(reflection.data if reflection else None)
        answers = {
            a.phase: a.job_slug
            for a in AssessmentAnswer.objects.filter(pupil=pupil, item="job_wanted").only(
                "phase", "job_slug"
            )
        }
        picks = [
            (cloud.job_slug if cloud else "", f"In {name}'s Future Cloud"),
            (answers.get("post", ""), f"The job {name} wanted at the end of the programme"),
            (answers.get("pre", ""), f"The job {name} wanted at the start"),
        ]
        catalogue = library.catalogue()
        for slug, why in picks:
            profile = catalogue.get(slug) if slug else None
            if profile is not None and all(p.slug != slug for p in child_jobs):
                child_jobs.append(family.talking_point(profile, why))
    chosen = {p.slug for p in child_jobs}
    catalogue = library.catalogue()
    class_jobs = [
        family.talking_point(profile, "Met by the class")
        for slug in met_slugs
        if slug not in chosen and (profile := catalogue.get(slug)) is not None
    ][: max(1, MAX_TALKING_POINTS - len(child_jobs))]
    withdrawn_on = academic_year.london_date(consent.withdrawn_at) if consent.withdrawn_at else None
    return FamilyPage(
        consent,
        pupil,
        cohort,
        state,
        year,
        encounters,
        visits,
        cloud,
        tuple(child_jobs[:MAX_TALKING_POINTS]),
        tuple(class_jobs),
        withdrawn_on,
    )


# --- Printable Future Clouds -----------------------------------------------------------------


@dataclass(frozen=True)
class PrintedCloud:
    first_name: str
    class_name: str
    cloud: Cloud
    colour: str


@dataclass(frozen=True)
class ClassClouds:
    """One class of a group: the clouds that may be printed, and how many children have none."""

    name: str
    clouds: tuple[PrintedCloud, ...] = ()
    without_consent: int = 0
    not_made: int = 0


@dataclass(frozen=True)
class CloudPrint:
    cohort: Cohort
    classes: tuple[ClassClouds, ...] = field(default_factory=tuple)

    def for_class(self, name: str) -> ClassClouds | None:
        return next((c for c in self.classes if c.name == name), None)

    @property
    def clouds(self) -> tuple[PrintedCloud, ...]:
        return tuple(cloud for c in self.classes for cloud in c.clouds)


def clouds_for_printing(cohort: Cohort) -> CloudPrint:
    """The group's Future Clouds a school may print, class by class, in two queries.

    Only children whose consent allows their answers to be shown get a page: a child without
    a parent's yes (or whose parent withdrew it) is only counted, never named.
    """
    pupils: list[Pupil] = list(
        cohort.pupils.select_related("consent")
        .prefetch_related(
            Prefetch(
                "reflections",
                queryset=Reflection.objects.filter(kind="future_cloud"),
                to_attr="clouds",
            )
        )
        .order_by("class_name", "first_name", "last_initial", "pk")
    )
    by_class: dict[str, list[Pupil]] = defaultdict(list)
    for pupil in pupils:
        by_class[pupil.class_name].append(pupil)
    classes = []
    colour = 0
    for name, members in by_class.items():
        clouds: list[PrintedCloud] = []
        without = not_made = 0
        for member in members:
            consent = getattr(member, "consent", None)
            if consent is None or not consent.allows_answers or not member.first_name:
                without += 1
                continue
            kept = getattr(member, "clouds", [])
            stored = kept[0].data if kept else None
            cloud = family.cloud_from_data(stored)
            if cloud is None:
                not_made += 1
                continue
            clouds.append(
                PrintedCloud(
                    member.first_name,
                    name,
                    cloud,
                    family.CLOUD_COLOURS[colour % len(family.CLOUD_COLOURS)],
                )
            )
            colour += 1
        classes.append(ClassClouds(name, tuple(clouds), without, not_made))
    return CloudPrint(cohort, tuple(classes))


# --- The termly newsletter -------------------------------------------------------------------


def _children_text(
    decision: suppression.UnitDecision[int], year_group: int, size: int, minimum: int
) -> int | str:
    """A year group's count as the newsletter prints it: hidden when small, and hidden too
    (as "some") when it would let a reader work out a small year group by subtraction."""
    if not decision.total_shown:
        return suppression.fewer_than(minimum) if size else 0
    if decision.left_out or year_group in decision.shown:
        return size
    return "some"


def newsletter(
    *, school: School, term: TermDates, today: date, introduction: str, minimum: int
) -> family.Newsletter:
    """What happened at the school this term, for families: no child is named, and every
    count of children goes through ``reports.suppression`` (year groups as one breakdown)."""
    minimum = suppression.check_minimum(minimum)
    last = min(term.last, today)
    rows = (
        list(
            _live_classes(school)
            .filter(booking__event__date__range=(term.first, last))
            .select_related("attendance")
            .order_by("year_group", "booking__event__date", "booking__event__starts_at", "name")
        )
        if term.first <= last
        else []
    )
    summaries = _events_with_visitors(r.booking.event_id for r in rows)
    # Children reached: each class once (its largest attendance), summed by year group.
    reach: dict[tuple[int, str], int] = {}
    events_by_year: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        attendance = getattr(row, "attendance", None)
        pupils = attendance.pupils if attendance is not None else row.pupils
        key = (row.year_group, " ".join(row.name.split()).casefold())
        reach[key] = max(reach.get(key, 0), pupils)
        events_by_year[row.year_group][row.booking.event_id].append(row.name)
    sizes: Counter[int] = Counter()
    for (year_group, _), pupils in reach.items():
        sizes[year_group] += pupils
    decision = suppression.decide_unit(dict(sizes), minimum)
    year_groups = []
    for year_group in sorted(events_by_year):
        encounters = []
        for event_id, class_names in events_by_year[year_group].items():
            summary = summaries.get(event_id)
            if summary is None:
                continue
            encounters.append(
                family.NewsletterEncounter(
                    summary.date,
                    summary.title,
                    summary.who_came,
                    summary.jobs,
                    tuple(dict.fromkeys(class_names)),
                    summary.online,
                )
            )
        encounters.sort(key=lambda e: (e.date, e.title))
        year_groups.append(
            family.NewsletterYearGroup(
                year_group,
                _children_text(decision, year_group, sizes[year_group], minimum),
                tuple(encounters),
            )
        )
    total = sum(sizes.values())
    children_total: int | str = total
    if not decision.total_shown and total:
        children_total = suppression.fewer_than(minimum)
    programmes = _programme_highlights(school, term.first, last, minimum)
    notes = []
    if any(isinstance(y.children, str) for y in year_groups) or isinstance(children_total, str):
        notes.append(
            f"To protect children's privacy, numbers are not shown for groups of fewer than "
            f"{minimum} children, or where they would let someone work one out."
        )
    return family.Newsletter(
        school.name,
        term.label,
        term.first,
        term.last,
        introduction,
        tuple(year_groups),
        programmes,
        children_total,
        tuple(notes),
    )


def _programme_highlights(
    school: School, first: date, last: date, minimum: int
) -> tuple[family.ProgrammeHighlight, ...]:
    if first > last:
        return ()
    sessions = list(
        CohortSession.objects.filter(cohort__school=school, held=True, date__range=(first, last))
        .select_related("cohort")
        .prefetch_related(
            Prefetch("volunteers", queryset=Volunteer.objects.select_related("employer"))
        )
        .order_by("cohort__name", "step")
    )
    by_cohort: dict[int, list[CohortSession]] = defaultdict(list)
    cohorts: dict[int, Cohort] = {}
    for session in sessions:
        by_cohort[session.cohort_id].append(session)
        cohorts[session.cohort_id] = session.cohort
    if not cohorts:
        return ()
    taking_part = Counter(
        Consent.objects.filter(
            pupil__cohort_id__in=list(cohorts),
            applied_at__isnull=False,
            parent_consent=Consent.Parent.GRANTED,
        ).values_list("pupil__cohort_id", flat=True)
    )
    cloud_jobs: dict[int, Counter[str]] = defaultdict(Counter)
    for cohort_id, data in Reflection.objects.filter(
        kind="future_cloud",
        pupil__cohort_id__in=list(cohorts),
        pupil__consent__applied_at__isnull=False,
        pupil__consent__parent_consent=Consent.Parent.GRANTED,
    ).values_list("pupil__cohort_id", "data"):
        cloud = family.cloud_from_data(data)
        if cloud is not None and cloud.job_title:
            cloud_jobs[cohort_id][cloud.job_title] += 1
    highlights = []
    for cohort_id, cohort_sessions in by_cohort.items():
        cohort = cohorts[cohort_id]
        jobs = cloud_jobs.get(cohort_id, Counter())
        decision = suppression.decide_unit(dict(jobs), minimum)
        popular = sorted(
            ((title, jobs[title]) for title in decision.shown),
            key=lambda pair: (-pair[1], pair[0]),
        )[:3]
        visitors = tuple(
            dict.fromkeys(visitor_phrase(v) for s in cohort_sessions for v in s.volunteers.all())
        )
        highlights.append(
            family.ProgrammeHighlight(
                cohort.template.title,
                cohort.year_group,
                len(cohort_sessions),
                suppression.display_count(taking_part.get(cohort_id, 0), minimum),
                visitors,
                tuple(popular),
            )
        )
    return tuple(highlights)
