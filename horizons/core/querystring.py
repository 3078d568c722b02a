"""Reading ids from a query string (`?school=100001`, `?campaign=7`) without a 500.

A link someone edited, truncated or pasted into an email can carry anything. A value that is
not a whole number is a 400 with a message saying what is wrong (our 400 page shows it); a
number that names nothing the user may see stays the caller's 404.
"""

from __future__ import annotations

from django.http import HttpRequest

from horizons.core.views.errors import ClearBadRequest

# Larger than any id or URN, smaller than the databases' biggest integer: no overflow errors.
_LARGEST = 10**15


def id_from_query(request: HttpRequest, name: str, *, label: str | None = None) -> int | None:
    """The whole number in ``request.GET[name]``; None when absent or empty.

    Raises ClearBadRequest (→ our 400 page) for anything else, e.g. ``?school=abc``.
    """
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) > _LARGEST:
        shown = raw if len(raw) <= 20 else raw[:20] + "…"
        raise ClearBadRequest(
            f"The link asks for the {label or name} “{shown}”, which is not a number we use. "
            "Go back and choose from the list, or follow the link again from its page."
        )
    return int(raw)
