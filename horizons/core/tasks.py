"""Housekeeping the task worker runs once a day (queued by ``manage.py run_housekeeping``):
expired sessions are cleared and every school's retention schedule is applied."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task


def housekeeping_run() -> dict[str, Any]:
    """Clear expired sessions, then apply the retention schedule. Safe to run twice."""
    from horizons.programmes.services_retention import retention_apply

    sessions, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    run = retention_apply()
    return {
        "sessions_cleared": sessions,
        "cohorts_pseudonymised": run.cohorts_pseudonymised,
        "pupils_pseudonymised": run.pupils_pseudonymised,
        "log_entries_deleted": run.log_entries_deleted,
    }


@task()
def housekeeping() -> dict[str, Any]:
    return housekeeping_run()
