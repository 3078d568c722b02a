"""Housekeeping the task worker runs once a day (queued by ``manage.py run_housekeeping``):
expired sessions are cleared, every school's retention schedule is applied, and the security
log is cut to HORIZONS_SECURITY_LOG_DAYS."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task


def housekeeping_run() -> dict[str, Any]:
    """Clear expired sessions, apply the retention schedule, cut the security log. Safe to run
    twice."""
    from horizons.accounts.models import SecurityEvent
    from horizons.programmes.services_retention import retention_apply
    from horizons.transition.services import records_expire

    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    run = retention_apply()
    transition_records = records_expire(timezone.localdate(now))
    security_cutoff = now - timedelta(days=settings.HORIZONS_SECURITY_LOG_DAYS)
    security_events, _ = SecurityEvent.objects.filter(created_at__lt=security_cutoff).delete()
    return {
        "sessions_cleared": sessions,
        "cohorts_pseudonymised": run.cohorts_pseudonymised,
        "pupils_pseudonymised": run.pupils_pseudonymised,
        "log_entries_deleted": run.log_entries_deleted,
        "parent_contacts_deleted": run.parent_contacts_deleted,
        "security_events_deleted": security_events,
        "transition_records_deleted": transition_records,
    }


@task()
def housekeeping() -> dict[str, Any]:
    return housekeeping_run()
