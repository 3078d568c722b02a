"""Reads for encounters, always scoped to the user through accounts.permissions.

Someone else's offer, campaign, event or booking is a 404. Pages cost a fixed number of queries:
lists use select_related/prefetch_related, and reach is a handful of aggregate queries whatever
the number of schools or encounters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from horizons.accounts import permissions
from horizons.careers.profiles import JobProfile, profiles_by_slug
from horizons.core.sectors import SECTORS
from horizons.encounters.models import (
    Attendance,
    Booking,
    BookingClass,
    Campaign,
    ChildQuote,
    Event,
    EventEmployer,
    EventVolunteer,
    Offer,
    SchoolRequest,
)
from horizons.encounters.scheduling import academic_year_bounds, academic_year_of
from horizons.organisations.models import School, Volunteer

HIGH_FSM_PERCENT = 30  # the "high" band of organisations.models.fsm_band


def _get_or_404(queryset: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return queryset.distinct().get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Not found") from exc


def staff_hub_ids(user: Any) -> list[int]:
    return list(
        School.objects.filter(pk__in=permissions.school_ids_for_staff(user))
        .exclude(hub__isnull=True)
        .values_list("hub_id", flat=True)
        .distinct()
    )


def employer_hub_ids(user: Any) -> list[int]:
    from horizons.organisations.models import Employer

    return list(
        Employer.objects.filter(pk__in=permissions.employer_ids_for(user))
        .exclude(hub__isnull=True)
        .values_list("hub_id", flat=True)
        .distinct()
    )


def own_volunteer(user: Any) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user).select_related("employer").first()


# --- Offers -----------------------------------------------------------------------------------


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    """Employers see their own offers and the published offers of their hub; facilitators all
    their hub's; school staff the published offers of their hub's employers."""
    offers = Offer.objects.select_related("employer")
    if permissions.is_platform_admin(user):
        return offers.all()
    return offers.filter(
        Q(employer_id__in=permissions.employer_ids_for(user))
        | Q(employer__hub_id__in=permissions.facilitated_hub_ids(user))
        | Q(employer__hub_id__in=[*staff_hub_ids(user), *employer_hub_ids(user)], is_published=True)
    )


def offers_editable_by(user: Any) -> QuerySet[Offer]:
    """Coordinators edit their employer's offers; a volunteer edits the offers they created."""
    if permissions.is_platform_admin(user):
        return Offer.objects.all()
    return Offer.objects.filter(
        Q(employer_id__in=permissions.coordinated_employer_ids(user))
        | Q(employer_id__in=permissions.employer_ids_for(user), created_by_id=user.pk)
    )


def offer_for(user: Any, pk: int) -> Offer:
    return _get_or_404(offers_visible_to(user).prefetch_related("volunteers"), pk=pk)


def offer_for_editing(user: Any, pk: int) -> Offer:
    return _get_or_404(offers_editable_by(user).select_related("employer"), pk=pk)


def jobs_for(slugs: Iterable[str]) -> list[JobProfile]:
    """Job profiles children will meet, in the order given, unknown slugs skipped."""
    library = profiles_by_slug()
    seen: dict[str, JobProfile] = {}
    for slug in slugs:
        if slug and slug in library and slug not in seen:
            seen[slug] = library[slug]
    return list(seen.values())


def offer_jobs(offer: Offer) -> list[JobProfile]:
    return jobs_for(
        [*offer.job_profile_slugs, *(v.job_profile_slug for v in offer.volunteers.all())]
    )


# --- Campaigns --------------------------------------------------------------------------------


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.select_related("hub")
    if permissions.is_platform_admin(user):
        return campaigns.all()
    published = ~Q(status=Campaign.Status.DRAFT)
    return campaigns.filter(
        Q(hub_id__in=permissions.facilitated_hub_ids(user))
        | (Q(hub_id__in=staff_hub_ids(user)) & published)
        | (Q(hub_id__in=employer_hub_ids(user)) & published)
    )


def campaigns_managed_by(user: Any) -> QuerySet[Campaign]:
    if permissions.is_platform_admin(user):
        return Campaign.objects.select_related("hub")
    return Campaign.objects.select_related("hub").filter(
        hub_id__in=permissions.facilitated_hub_ids(user)
    )


def campaign_for(user: Any, pk: int) -> Campaign:
    return _get_or_404(campaigns_visible_to(user), pk=pk)


def campaign_for_managing(user: Any, pk: int) -> Campaign:
    return _get_or_404(campaigns_managed_by(user), pk=pk)


def can_manage_hub(user: Any, hub_id: int | None) -> bool:
    return permissions.is_platform_admin(user) or hub_id in permissions.facilitated_hub_ids(user)


def campaign_list(*, user: Any) -> QuerySet[Campaign]:
    return (
        campaigns_visible_to(user)
        .annotate(
            request_count=Count("requests", distinct=True),
            event_count=Count("events", distinct=True),
        )
        .order_by("-starts_on")
    )


def campaign_requests(campaign: Campaign) -> QuerySet[SchoolRequest]:
    return (
        campaign.requests.select_related("school", "submitted_by")
        .prefetch_related("classes")
        .order_by("school__name")
    )


# --- Events -----------------------------------------------------------------------------------


def events_visible_to(user: Any) -> QuerySet[Event]:
    """Facilitators see their hub's events; school staff their hub's published events (to book);
    employer coordinators their employer's; volunteers the sessions they are part of."""
    events = Event.objects.select_related("campaign", "host_school", "hub")
    if permissions.is_platform_admin(user):
        return events.all()
    published = Q(campaign__isnull=True) | ~Q(campaign__status=Campaign.Status.DRAFT)
    involved_employer = EventEmployer.objects.filter(
        event=OuterRef("pk"), employer_id__in=permissions.coordinated_employer_ids(user)
    )
    involved_volunteer = EventVolunteer.objects.filter(
        event=OuterRef("pk"), volunteer__user_id=user.pk
    )
    return events.filter(
        Q(hub_id__in=permissions.facilitated_hub_ids(user))
        | (Q(hub_id__in=staff_hub_ids(user)) & published)
        | Exists(involved_employer)
        | Exists(involved_volunteer)
    )


def event_for(user: Any, pk: int) -> Event:
    return _get_or_404(events_visible_to(user), pk=pk)


def event_for_managing(user: Any, pk: int) -> Event:
    event = _get_or_404(Event.objects.select_related("campaign", "host_school", "hub"), pk=pk)
    if not can_manage_hub(user, event.hub_id):
        raise Http404("Not found")
    return event


def event_detail(event: Event) -> dict[str, Any]:
    """Everything an event page shows, in a fixed number of queries."""
    employers = list(
        event.event_employers.select_related("employer", "offer").order_by("employer__name")
    )
    volunteers = list(event.volunteers.select_related("employer").order_by("first_name"))
    offers = [ee.offer for ee in employers if ee.offer]
    slugs = [s for o in offers for s in o.job_profile_slugs] + [
        v.job_profile_slug for v in volunteers
    ]
    bookings = list(
        event.bookings.select_related("school", "booked_by")
        .prefetch_related("classes")
        .order_by("status", "created_at")
    )
    return {
        "event_employers": employers,
        "volunteers": volunteers,
        "jobs": jobs_for(slugs),
        "bookings": bookings,
        "confirmed": [b for b in bookings if b.status == Booking.Status.CONFIRMED],
        "waiting": [b for b in bookings if b.status == Booking.Status.WAITING],
        "timetable": list(event.timetable.select_related("employer")),
        "quotes": list(event.quotes.filter(consent=True).order_by("created_at")[:6]),
    }


def bookable_events(*, school: School, today: date) -> QuerySet[Event]:
    """Events this school could book now: in its hub, to come, not cancelled, campaign open."""
    return (
        Event.objects.filter(
            hub_id=school.hub_id or 0, date__gte=today, status=Event.Status.SCHEDULED
        )
        .filter(
            Q(campaign__isnull=True)
            | Q(
                campaign__status__in=[Campaign.Status.OPEN, Campaign.Status.MATCHING],
                campaign__ends_on__gte=today,
            )
        )
        .select_related("campaign", "host_school")
        .prefetch_related("employers")
        .order_by("date", "starts_at")
    )


# --- Bookings ---------------------------------------------------------------------------------


def booking_for_school_staff(user: Any, pk: int) -> Booking:
    """A booking of a school where the user is careers leader or teacher (or an admin)."""
    bookings = Booking.objects.select_related("event__campaign", "event__host_school", "school")
    return _get_or_404(bookings.filter(school__in=permissions.schools_editable_by(user)), pk=pk)


def booking_for_cancelling(user: Any, pk: int) -> Booking:
    """The booking school's staff, or the facilitator running the event."""
    bookings = Booking.objects.select_related("event__campaign", "school")
    return _get_or_404(
        bookings.filter(
            Q(school__in=permissions.schools_editable_by(user))
            | Q(event__hub_id__in=permissions.facilitated_hub_ids(user))
        ),
        pk=pk,
    )


def school_bookings(*, school: School) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(school=school)
        .select_related("event__campaign", "event__host_school")
        .prefetch_related("classes", "event__employers")
        .order_by("event__date", "event__starts_at")
    )


def encounter_school_for(user: Any, urn: int | None) -> School:
    """The school whose encounters a member of staff is looking at (their first by default).

    `urn` comes from `?school=`, read with `horizons.core.querystring.id_from_query`."""
    schools = permissions.schools_editable_by(user).select_related("hub").order_by("name")
    if urn is not None:
        return _get_or_404(schools, urn=urn)
    school = schools.first()
    if school is None:
        raise Http404("Not found")
    return school


# --- Volunteers -------------------------------------------------------------------------------


def volunteer_sessions(volunteer: Volunteer) -> QuerySet[Event]:
    return (
        Event.objects.filter(event_volunteers__volunteer=volunteer)
        .select_related("host_school", "campaign")
        .prefetch_related("employers")
        .annotate(
            schools_booked=Count(
                "bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED), distinct=True
            )
        )
        .order_by("date", "starts_at")
    )


# --- Reach ------------------------------------------------------------------------------------


@dataclass
class DayReach:
    day: date
    in_person: int
    online: int
    classes: int


@dataclass
class Reach:
    """Who an encounter campaign (or a hub's year) reached. See docs/encounters.md for the rules."""

    children_in_person: int = 0
    children_online: int = 0
    schools: int = 0
    host_schools: int = 0
    employers: int = 0
    volunteers: int = 0
    events: int = 0
    classes: int = 0
    high_fsm_pupils: int = 0
    sectors: list[tuple[str, str, int]] = field(default_factory=list)
    by_day: list[DayReach] = field(default_factory=list)
    by_year_group: list[tuple[int, int]] = field(default_factory=list)

    @property
    def children(self) -> int:
        return self.children_in_person + self.children_online

    @property
    def high_fsm_share(self) -> float | None:
        return round(self.high_fsm_pupils / self.children, 3) if self.children else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "children_in_person": self.children_in_person,
            "children_online": self.children_online,
            "children": self.children,
            "schools": self.schools,
            "host_schools": self.host_schools,
            "employers": self.employers,
            "volunteers": self.volunteers,
            "events": self.events,
            "classes": self.classes,
            "sectors": len(self.sectors),
            "sector_list": [{"sector": label, "employers": n} for _, label, n in self.sectors],
            "high_fsm_pupils": self.high_fsm_pupils,
            "high_fsm_share": self.high_fsm_share,
            "by_day": [
                {
                    "date": d.day.isoformat(),
                    "in_person": d.in_person,
                    "online": d.online,
                    "classes": d.classes,
                }
                for d in self.by_day
            ],
            "by_year_group": [{"year_group": y, "pupils": n} for y, n in self.by_year_group],
        }


def _event_filter(prefix: str, **lookups: Any) -> Q:
    return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})


def reach(**scope: Any) -> Reach:
    """Reach of the events matching `scope` (Event lookups such as campaign_id=3 or
    date__range=(a, b), hub_id__in=[1]); Attendance carries the same columns.

    Five queries, whatever the size:
    1. pupils and classes grouped by day, year group and in person/online (a covering index
       serves it without reading the table); totals, days and year groups are summed from
       those few hundred rows in Python;
    2. schools that attended and schools that hosted, as EXISTS probes per school;
    3. events; 4. employers with their sectors; 5. volunteers — joined to their event, so
       each is one pass over the links, with no long IN list.
    """
    attendance = Attendance.objects.filter(**scope)
    attended = Q(pupils_attended__gt=0) & _event_filter("", **scope)
    groups = list(
        attendance.values("date", "year_group", "online")
        .annotate(
            n_pupils=Sum("pupils"),
            n_high=Sum("pupils", filter=Q(high_fsm=True)),
            n_classes=Count("id"),
        )
        .order_by()
    )
    hosted = Event.objects.filter(attended, host_school=OuterRef("pk")).exclude(
        kind=Event.Kind.ONLINE
    )
    schools = School.objects.aggregate(
        schools=Count("pk", filter=Q(Exists(attendance.filter(school=OuterRef("pk"))))),
        hosts=Count("pk", filter=Q(Exists(hosted))),
    )
    event_count = Event.objects.filter(attended).count()
    linked = Q(event__pupils_attended__gt=0) & _event_filter("event__", **scope)
    employer_sectors = (
        EventEmployer.objects.filter(linked)
        .values_list("employer_id", "employer__sector")
        .distinct()
    )
    per_sector: dict[str, int] = {}
    for _, sector in employer_sectors:
        per_sector[sector] = per_sector.get(sector, 0) + 1
    sector_rows = sorted(
        ((key, SECTORS.get(key, key), n) for key, n in per_sector.items()),
        key=lambda r: (-r[2], r[1]),
    )
    volunteers = EventVolunteer.objects.filter(linked).values("volunteer_id").distinct().count()
    days: dict[date, DayReach] = {}
    years: dict[int, int] = {}
    result = Reach(
        schools=schools["schools"],
        host_schools=schools["hosts"],
        employers=sum(n for _, _, n in sector_rows),
        volunteers=volunteers,
        events=event_count,
        sectors=sector_rows,
    )
    for g in groups:
        pupils = g["n_pupils"] or 0
        day = days.setdefault(g["date"], DayReach(g["date"], 0, 0, 0))
        if g["online"]:
            result.children_online += pupils
            day.online += pupils
        else:
            result.children_in_person += pupils
            day.in_person += pupils
        day.classes += g["n_classes"]
        result.classes += g["n_classes"]
        result.high_fsm_pupils += g["n_high"] or 0
        years[g["year_group"]] = years.get(g["year_group"], 0) + pupils
    result.by_day = [days[d] for d in sorted(days)]
    result.by_year_group = sorted(years.items())
    return result


def campaign_reach(campaign: Campaign) -> Reach:
    return reach(campaign_id=campaign.pk)


def hub_reach(*, hub_ids: list[int] | None, start_year: int) -> Reach:
    """Reach over an academic year for some hubs (None: every hub, the national picture)."""
    scope: dict[str, Any] = {"date__range": academic_year_bounds(start_year)}
    if hub_ids is not None:
        scope["hub_id__in"] = hub_ids
    return reach(**scope)


def reach_hub_ids(user: Any) -> list[int] | None:
    """Hubs whose reach the user sees; None means all (platform admins)."""
    if permissions.is_platform_admin(user):
        return None
    ids = permissions.facilitated_hub_ids(user)
    if not ids:
        raise Http404("Not found")
    return ids


# --- A school's record (benchmark 5 evidence) ---------------------------------------------------


@dataclass
class RecordRow:
    date: date
    class_name: str
    year_group: int
    pupils: int
    event_id: int
    event_title: str
    kind: str
    employers: list[str]


def school_record(*, school: School, start_year: int) -> list[RecordRow]:
    """Which classes had which encounters in an academic year: two queries."""
    first, last = academic_year_bounds(start_year)
    rows = list(
        Attendance.objects.filter(school=school, date__range=(first, last), pupils__gt=0)
        .select_related("event")
        .order_by("date", "year_group", "class_name")
    )
    names: dict[int, list[str]] = {}
    for event_id, name in (
        EventEmployer.objects.filter(event_id__in={r.event_id for r in rows})
        .order_by("employer__name")
        .values_list("event_id", "employer__name")
    ):
        names.setdefault(event_id, []).append(name)
    return [
        RecordRow(
            date=r.date,
            class_name=r.class_name,
            year_group=r.year_group,
            pupils=r.pupils,
            event_id=r.event_id,
            event_title=r.event.title,
            kind=r.event.get_kind_display(),
            employers=names.get(r.event_id, []),
        )
        for r in rows
    ]


def school_record_summary(*, school: School, start_year: int) -> dict[str, Any]:
    """Headline figures of a school's year of encounters: two aggregate queries."""
    first, last = academic_year_bounds(start_year)
    attendance = Attendance.objects.filter(school=school, date__range=(first, last), pupils__gt=0)
    totals = attendance.aggregate(
        encounters=Count("event", distinct=True),
        classes=Count("id"),
        pupils=Sum("pupils"),
    )
    years = sorted(set(attendance.values_list("year_group", flat=True)))
    employers = EventEmployer.objects.filter(event__attendance__in=attendance).aggregate(
        n=Count("employer", distinct=True)
    )["n"]
    return {
        "encounters": totals["encounters"],
        "classes": totals["classes"],
        "pupils": totals["pupils"] or 0,
        "year_groups": years,
        "employers": employers,
    }


def current_academic_year(today: date) -> int:
    return academic_year_of(today)


def consented_quotes(campaign: Campaign, limit: int = 12) -> list[ChildQuote]:
    """Children's words, only where consent to share was given."""
    return list(
        ChildQuote.objects.filter(event__campaign=campaign, consent=True)
        .select_related("event")
        .order_by("created_at")[:limit]
    )


def booked_classes(booking: Booking) -> list[BookingClass]:
    return list(booking.classes.select_related("attendance"))
