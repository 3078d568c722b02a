"""The pupil-data access log: who saw or changed which children's data, when and from where.

Entries about one child hold the child's id and a label that is not a name ("Pupil 1234");
pages show the child's current name while the child exists, so once a child is erased (or the
retention schedule removes names) the log holds no name. ``scrub_names`` removes any name
written into older entries' descriptions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from horizons.core.models import PupilDataAccess
from horizons.core.privacy import client_ip


def pupil_label(pupil_id: int) -> str:
    return f"Pupil {pupil_id}"


def log_pupil_data_access(
    request: HttpRequest,
    *,
    school: Any,
    what: str,
    action: str = "view",
    pupil: Any = None,
    pupil_id: int | None = None,
) -> None:
    """Record that this user saw (or changed, exported) pupil-level data at this school.

    ``what`` must not hold a child's name: pass the child as ``pupil`` (or, once deleted,
    their former ``pupil_id``) instead.
    """
    if pupil is not None:
        pupil_id = pupil.pk
    ip = client_ip(request) or None
    PupilDataAccess.objects.create(
        user=request.user if request.user.is_authenticated else None,
        school=school,
        action=action,
        what=what[:200],
        path=request.path[:300],
        ip=ip,
        pupil_id=pupil_id,
        pupil_label=pupil_label(pupil_id) if pupil_id is not None else "",
    )


def scrub_names(*, school: Any, pupils: Iterable[tuple[int, str]]) -> int:
    """Remove these children's names from the school's log entries; returns entries changed.

    ``pupils`` holds (pupil id, display name) pairs. Entries about a child keep the id and
    label; a name written into an older entry's description is replaced by the label.
    """
    changed = 0
    for pupil_id, name in pupils:
        label = pupil_label(pupil_id)
        changed += (
            PupilDataAccess.objects.filter(pupil_id=pupil_id)
            .exclude(pupil_label=label)
            .update(pupil_label=label)
        )
        if not name:
            continue
        for entry in PupilDataAccess.objects.filter(school=school, what__contains=name).only(
            "pk", "what"
        ):
            entry.what = entry.what.replace(name, label)[:200]
            entry.save(update_fields=["what"])
            changed += 1
    return changed
