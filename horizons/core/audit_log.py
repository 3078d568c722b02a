from typing import Any

from django.http import HttpRequest

from horizons.core.models import PupilDataAccess


def log_pupil_data_access(
    request: HttpRequest, *, school: Any, what: str, action: str = "view"
) -> None:
    """Record that this user saw (or exported) pupil-level data at this school."""
    PupilDataAccess.objects.create(
        user=request.user if request.user.is_authenticated else None,
        school=school,
        action=action,
        what=what[:200],
        path=request.path[:300],
    )
