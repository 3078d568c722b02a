from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, memberships, roles_of
from horizons.core.navigation import nav_entries_for

ROLE_LABELS = {ADMIN: "Platform admin", **dict(Role.choices)}


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
    label = ROLE_LABELS[ADMIN] if ADMIN in roles else (ROLE_LABELS.get(first.role) if first else "")
    return base | {"nav_items": items, "nav_role_label": label, "user_roles": roles}
