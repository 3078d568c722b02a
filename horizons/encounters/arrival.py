"""What a visitor to a school needs to arrive safely: arrival time, what to bring, who to ask
for, and the safeguarding briefing. Pure: plain values in, sentences out, so the event page,
the emails and the .ics invitation say the same thing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

# Visitors sign in, get a badge and are walked to the room: a quarter of an hour.
ARRIVE_BEFORE_MINUTES = 15

BRING = "Photo ID, such as a passport or driving licence: reception will ask to see it."


def arrive_by(starts_at: time, given: time | None = None) -> time:
    """The time the school gave, or a quarter of an hour before the start."""
    if given is not None:
        return given
    moment = datetime.combine(date(2000, 1, 3), starts_at) - timedelta(
        minutes=ARRIVE_BEFORE_MINUTES
    )
    return moment.time()


def contact_line(name: str, role: str, phone: str) -> str:
    """ "Ms Patel (school business manager), 0191 496 0000"; "" when nobody is named."""
    if not name.strip():
        return ""
    line = name.strip()
    if role.strip():
        line += f" ({role.strip()})"
    if phone.strip():
        line += f", {phone.strip()}"
    return line


def safeguarding_briefing(lead: str = "", *, online: bool = False) -> list[str]:
    """The standard briefing for a visitor: short sentences, one rule each."""
    who = (
        f"the school's designated safeguarding lead, {lead.strip()}"
        if lead.strip()
        else "the school's designated safeguarding lead (ask at reception who that is)"
    )
    if online:
        return [
            "A teacher stays with the class for the whole session.",
            "Do not share your personal contact details or social media with children.",
            f"If a child says something that worries you, tell the class teacher or {who} "
            "straight after the session.",
        ]
    return [
        "Sign in at reception and wear your visitor badge at all times.",
        "Stay with a member of staff: never be alone with a child or a group of children.",
        "Do not take photos of children or share your personal contact details.",
        "If a child tells you something worrying, do not promise to keep it secret. "
        f"Tell {who} the same day.",
    ]


def calendar_lines(
    *,
    online: bool,
    venue: str,
    address: str,
    starts_at: time,
    given_arrival: time | None,
    instructions: str,
    contact: str,
    safeguarding_lead: str,
) -> list[str]:
    """The arrival details as lines for an email or a calendar invitation's description.

    `venue` is the event's venue (school and room), `address` its street address and postcode."""
    lines: list[str] = []
    if not online:
        where = ", ".join(p for p in (venue, address) if p)
        if where:
            lines.append(f"Where: {where}")
        lines.append(f"Arrive by: {arrive_by(starts_at, given_arrival):%H:%M}")
        if instructions.strip():
            lines.append(f"On arrival: {instructions.strip()}")
        lines.append(f"Bring: {BRING}")
    if contact:
        lines.append(f"Contact on the day: {contact}")
    lines.append("Safeguarding:")
    lines += [f"- {rule}" for rule in safeguarding_briefing(safeguarding_lead, online=online)]
    return lines
