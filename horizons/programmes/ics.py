"""A calendar invitation (.ics, RFC 5545) for one event. Pure module: no Django."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    pieces: list[str] = []
    current = b""
    for char in line:
        size = len(char.encode("utf-8"))
        if len(current) + size > (75 if not pieces else 74):
            pieces.append(current.decode("utf-8"))
            current = b""
        current += char.encode("utf-8")
    pieces.append(current.decode("utf-8"))
    return "\r\n ".join(pieces)


def event_ics(
    *,
    uid: str,
    title: str,
    start: datetime | date,
    duration_minutes: int,
    location: str = "",
    description: str = "",
    stamp: datetime | None = None,
) -> str:
    """``start`` as an aware datetime (stored in UTC) or a date (an all-day event)."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Horizons//Programmes//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
    ]
    if isinstance(start, datetime):
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        begin = start.astimezone(UTC)
        end = begin + timedelta(minutes=duration_minutes)
        lines += [f"DTSTART:{begin:%Y%m%dT%H%M%SZ}", f"DTEND:{end:%Y%m%dT%H%M%SZ}"]
    else:
        lines += [
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
        ]
    lines.append(f"SUMMARY:{_escape(title)}")
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
