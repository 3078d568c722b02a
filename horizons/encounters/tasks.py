"""Background work for encounters: emails with calendar invitations, and day-before reminders."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from horizons.encounters import notifications


@task()
def send_booking_email(booking_id: int, kind: str) -> int:
    return notifications.send_booking_emails(booking_id, kind)


@task()
def send_event_email(event_id: int, kind: str, booking_ids: list[int] | None = None) -> int:
    return notifications.send_event_emails(event_id, kind, booking_ids)


@task()
def send_campaign_invitations(campaign_id: int, items: list[list[object]]) -> int:
    return notifications.send_invitation_emails(campaign_id, items)


@task()
def send_event_reminders(day: str) -> int:
    """Remind schools and volunteers of the events on `day` (ISO date). Safe to run twice."""
    from horizons.encounters.services import reminders_send

    return reminders_send(day=date.fromisoformat(day))
