"""A campaign's lifecycle: draft → taking requests → matching and booking → closed.

Pure: no Django. Services ask `refusal(status, action)` before every write that depends on the
campaign's state; the answer is None (go ahead) or the reason, written for the facilitator or
school that tried. Views show the same reason before anyone presses a button.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT = "draft"
OPEN = "open"
MATCHING = "matching"
CLOSED = "closed"

ORDER = (DRAFT, OPEN, MATCHING, CLOSED)
LABELS = {
    DRAFT: "a draft",
    OPEN: "taking requests",
    MATCHING: "matching and booking",
    CLOSED: "closed",
}

# action → the states in which it makes sense, and why not otherwise.
ALLOWED: dict[str, frozenset[str]] = {
    "edit": frozenset({DRAFT, OPEN, MATCHING}),
    "invite": frozenset({OPEN}),
    "request": frozenset({OPEN}),
    "add_event": frozenset({DRAFT, OPEN, MATCHING}),
    "change_event": frozenset({DRAFT, OPEN, MATCHING}),
    "book": frozenset({OPEN, MATCHING}),
    "allocate": frozenset({MATCHING}),
    "publish": frozenset({MATCHING}),
}

REASONS: dict[str, dict[str, str]] = {
    "invite": {
        DRAFT: "Invitations can be sent once the campaign is taking requests. "
        "Open it for requests first.",
        MATCHING: "Requests have closed, so invitations are no longer sent.",
    },
    "request": {
        DRAFT: "This campaign is not open for requests yet.",
        MATCHING: "Requests have closed: the hub is matching volunteers to classes now.",
    },
    "book": {DRAFT: "This campaign is not open yet."},
    "allocate": {
        DRAFT: "Volunteers are matched once requests have closed. "
        "Open the campaign for requests, then start matching and booking.",
        OPEN: "Volunteers are matched once requests have closed. "
        "Start matching and booking on the campaign page first.",
    },
    "publish": {
        DRAFT: "A plan is published while the campaign is matching and booking.",
        OPEN: "A plan is published while the campaign is matching and booking. "
        "Start matching and booking on the campaign page first.",
    },
}

CLOSED_REASON = "This campaign is closed; nothing in it can change now."


@dataclass(frozen=True)
class Step:
    """The one move forward from a state, as a button names it."""

    to: str
    button: str
    explains: str


NEXT: dict[str, Step] = {
    DRAFT: Step(
        OPEN,
        "Open for requests",
        "Schools can send requests and invitations can go out. Only the hub sees a draft.",
    ),
    OPEN: Step(
        MATCHING,
        "Close requests and start matching",
        "Schools can no longer send or change requests; you can make and publish a plan.",
    ),
    MATCHING: Step(
        CLOSED,
        "Close the campaign",
        "Nothing in the campaign can change afterwards, except recording attendance and feedback.",
    ),
}


def refusal(status: str, action: str) -> str | None:
    """None if `action` is allowed while the campaign is `status`, else the reason."""
    if status in ALLOWED[action]:
        return None
    if status == CLOSED:
        return CLOSED_REASON
    return REASONS.get(action, {}).get(
        status, f"This cannot be done while the campaign is {LABELS.get(status, status)}."
    )


def move_refusal(status: str, to: str, *, seen: str | None = None) -> str | None:
    """None if the campaign may move from `status` to `to`, else the reason.

    `seen` is the state the person saw when they pressed the button: if the campaign has moved
    since (another facilitator, an old tab), nothing changes and they are told where it is now.
    """
    if seen is not None and seen != status:
        return (
            f"This campaign is already {LABELS.get(status, status)}: someone moved it on since "
            "you opened the page. Nothing was changed; check the campaign and try again."
        )
    if to not in ORDER:
        return "Choose one of the campaign's stages."
    if status == CLOSED:
        return CLOSED_REASON
    step = NEXT[status]
    if to == status:
        return f"This campaign is already {LABELS[status]}."
    if to != step.to:
        return (
            f"A campaign that is {LABELS[status]} moves next to {LABELS[step.to]}, "
            f"not to {LABELS[to]}. Stages cannot be skipped or undone."
        )
    return None
