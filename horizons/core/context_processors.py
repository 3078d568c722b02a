from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from horizons.accounts.permissions import memberships, roles_of
from horizons.core.navigation import nav_entries_for

ROLE_LABELS = {
    "admin": "Platform admin",
    "facilitator": "Hub facilitator",
    "careers_leader": "Careers leader",
    "teacher": "Teacher",
    "employer_coordinator": "Employer coordinator",
    "volunteer": "Volunteer",
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    base = {"show_demo_logins": settings.HORIZONS_SHOW_DEMO_LOGINS}
    if user is None or not user.is_authenticated:
        return base
    roles = roles_of(user)
    items = []
    for entry in nav_entries_for(roles):
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": entry.label, "url": url, "current": current})
    first = memberships(user)[0] if memberships(user) else None
    label = "Platform admin" if "admin" in roles else (ROLE_LABELS.get(first.role) if first else "")
    return base | {"nav_items": items, "nav_role_label": label, "user_roles": roles}
