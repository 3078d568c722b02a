"""Volunteers at risk of not turning up, for the hub's facilitators; and who has confirmed, for an
event page.

The at-risk list covers a hub's scheduled events in the next 14 days (or one campaign's): a
volunteer asked to confirm who has not answered, or never asked because we cannot reach them;
a place given up and not yet filled; a volunteer without a verified safeguarding check that
covers the day; a message about the event that could not be delivered. Each row says what to
do. A fixed number of queries, whatever the number of events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from horizons.encounters import scheduling
from horizons.encounters.models import Campaign, Event, EventVolunteer, VolunteerDropOut
from horizons.messaging.models import Message
from horizons.organisations import selectors as org_selectors
from horizons.organisations.models import Volunteer

WINDOW_DAYS = 14


@dataclass
class AtRisk:
    event: Event
    volunteer: Volunteer
    kind: str  # "unconfirmed", "unreachable", "dropped_out", "no_check", "not_delivered"
    label: str
    what_to_do: str
    can_send_again: bool = False
    can_fill: bool = False
    detail: str = ""
    contacts: list[str] = field(default_factory=list)


ORDER = {"dropped_out": 0, "no_check": 1, "not_delivered": 2, "unreachable": 3, "unconfirmed": 4}


def _contacts(volunteer: Volunteer) -> list[str]:
    found = []
    if volunteer.user is not None and volunteer.user.email:
        found.append(volunteer.user.email)
    if volunteer.mobile:
        found.append(volunteer.mobile)
    return found


def upcoming_events(
    *, hub_ids: list[int], today: date, campaign: Campaign | None = None
) -> QuerySet[Event]:
    events = Event.objects.filter(
        hub_id__in=hub_ids, status=Event.Status.SCHEDULED, date__gte=today
    ).select_related("hub", "campaign")
    if campaign is not None:
        return events.filter(campaign=campaign)
    return events.filter(date__lte=today + timedelta(days=WINDOW_DAYS))


def volunteers_at_risk(
    *, hub_ids: list[int], today: date, campaign: Campaign | None = None
) -> list[AtRisk]:
    events = {e.pk: e for e in upcoming_events(hub_ids=hub_ids, today=today, campaign=campaign)}
    rows: list[AtRisk] = []
    links = list(
        EventVolunteer.objects.filter(event_id__in=list(events)).select_related(
            "volunteer__user", "volunteer__employer"
        )
    )
    checked: dict[int, set[int]] = {}
    for day in {e.date for e in events.values()}:
        ids = [link.volunteer_id for link in links if events[link.event_id].date == day]
        checked[day.toordinal()] = set(
            org_selectors.valid_checks(on=day)
            .filter(volunteer_id__in=ids)
            .values_list("volunteer_id", flat=True)
        )
    for link in links:
        event, volunteer = events[link.event_id], link.volunteer
        contacts = _contacts(volunteer)
        if volunteer.pk not in checked[event.date.toordinal()]:
            special = event.kind == Event.Kind.SPECIAL
            rows.append(
                AtRisk(
                    event,
                    volunteer,
                    "no_check",
                    "No valid safeguarding check",
                    (
                        "Ask their employer's coordinator to record a check; until then school "
                        "staff must stay with them throughout."
                        if special
                        else "Record their check before the day, or choose another volunteer."
                    ),
                    contacts=contacts,
                )
            )
        if link.confirmed_at is not None:
            continue
        if link.confirm_requested_at is None:
            rows.append(
                AtRisk(
                    event,
                    volunteer,
                    "unreachable",
                    "Not asked to confirm",
                    "We have no email address or mobile number that works for them: ask their "
                    "employer's coordinator for one, or ring them.",
                    can_send_again=bool(contacts),
                    contacts=contacts,
                )
            )
        else:
            asked = link.confirm_requested_at
            rows.append(
                AtRisk(
                    event,
                    volunteer,
                    "unconfirmed",
                    "Has not confirmed",
                    "Send the request again, or contact them.",
                    can_send_again=bool(contacts),
                    detail=f"Last asked {asked.day} {asked:%B %Y}",
                    contacts=contacts,
                )
            )
    for drop_out in VolunteerDropOut.objects.filter(
        event_id__in=list(events), filled_at__isnull=True
    ).select_related("volunteer__user", "volunteer__employer"):
        rows.append(
            AtRisk(
                events[drop_out.event_id],
                drop_out.volunteer,
                "dropped_out",
                "Cannot come: place open",
                "Choose another volunteer on the event page.",
                can_fill=True,
                detail=f"Reason: {drop_out.reason}" if drop_out.reason else "No reason given",
                contacts=_contacts(drop_out.volunteer),
            )
        )
    rows += _not_delivered(events, links)
    rows.sort(key=lambda r: (r.event.date, r.event.starts_at, r.event.pk, ORDER[r.kind]))
    return rows


def _not_delivered(events: dict[int, Event], links: list[EventVolunteer]) -> list[AtRisk]:
    """Failed messages about these events to volunteers still on them (the newest per person)."""
    on_event = {(link.event_id, link.volunteer_id): link for link in links}
    failed = Message.objects.filter(
        about_type=ContentType.objects.get_for_model(Event),
        about_id__in=list(events),
        status__in=Message.FAILED,
        idempotency_key__startswith="event:",
    ).order_by("-created_at", "-pk")
    rows, seen = [], set()
    for message in failed:
        parts = (message.idempotency_key or "").split(":")
        if len(parts) < 4 or parts[2] != "volunteer" or not parts[3].isdigit():
            continue
        key = (int(parts[1]), int(parts[3]))
        link = on_event.get(key)
        if link is None or key in seen:
            continue
        seen.add(key)
        rows.append(
            AtRisk(
                events[key[0]],
                link.volunteer,
                "not_delivered",
                "Message not delivered",
                "Check their email address or mobile number with them, then send again.",
                can_send_again=link.confirmed_at is None and bool(_contacts(link.volunteer)),
                detail=f"To {message.shown_recipient}: {message.get_status_display()}",
                contacts=_contacts(link.volunteer),
            )
        )
    return rows


def event_confirmations(event: Event) -> list[EventVolunteer]:
    """Who is down to help at `event` and whether they have confirmed (for its page)."""
    return list(
        EventVolunteer.objects.filter(event=event)
        .select_related("volunteer")
        .order_by("volunteer__first_name", "volunteer__last_name")
    )


def open_places(event: Event) -> list[VolunteerDropOut]:
    return list(
        VolunteerDropOut.objects.filter(event=event, filled_at__isnull=True).select_related(
            "volunteer"
        )
    )


def volunteers_to_fill(event: Event) -> list[Volunteer]:
    """The hub's volunteers who could take an open place: free that half-day and not already on
    the event (the service checks safeguarding and clashes when one is chosen). Availability is
    a JSON list, filtered here so SQLite and PostgreSQL agree."""
    slot = scheduling.weekday_slot(event.date, event.starts_at)
    candidates = (
        Volunteer.objects.filter(employer__hub_id=event.hub_id)
        .exclude(pk__in=EventVolunteer.objects.filter(event=event).values("volunteer_id"))
        .exclude(pk__in=VolunteerDropOut.objects.filter(event=event).values("volunteer_id"))
        .select_related("employer")
        .order_by("first_name", "last_name", "pk")
    )
    return [v for v in candidates if slot in (v.availability or [])]
