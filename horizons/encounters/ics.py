"""Calendar invitations (.ics, RFC 5545) for encounter events. Pure: icalendar, no Django.

Times are wall-clock times in Europe/London with the VTIMEZONE included, so a calendar shows
09:30 on the day of the event whether or not the clocks have changed since it was booked.
A change keeps the UID and raises SEQUENCE, so calendars update the entry instead of adding one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Horizons//Employer encounters//EN"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    sequence: int
    title: str
    day: date
    starts_at: time
    ends_at: time
    location: str = ""
    description: str = ""
    url: str = ""
    organiser_email: str = ""


def build_calendar(entry: CalendarEntry, *, cancelled: bool = False) -> bytes:
    """One VEVENT; METHOD:CANCEL with STATUS:CANCELLED when the place or event is cancelled."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("summary", entry.title)
    event.add("dtstamp", datetime.now(tz=ZoneInfo("UTC")))
    event.add("dtstart", datetime.combine(entry.day, entry.starts_at, tzinfo=LONDON))
    event.add("dtend", datetime.combine(entry.day, entry.ends_at, tzinfo=LONDON))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if entry.location:
        event.add("location", entry.location)
    if entry.description:
        event.add("description", entry.description)
    if entry.url:
        event.add("url", entry.url)
    if entry.organiser_email:
        event.add("organizer", f"mailto:{entry.organiser_email}")
    calendar.add_component(event)
    # Only the transitions around the event, not fifty years of them.
    calendar.add_missing_timezones(
        first_date=date(entry.day.year - 1, 1, 1), last_date=date(entry.day.year + 2, 1, 1)
    )
    return calendar.to_ical()
