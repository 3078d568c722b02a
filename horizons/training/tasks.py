"""Background work for staff training: the day-before reminders."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from horizons.training import notifications


@task()
def send_training_reminders(day: str) -> int:
    """Remind everyone booked on a session on `day` (ISO date). Safe to run twice."""
    return notifications.send_reminders(day=date.fromisoformat(day))
