"""Demo messages: what the Messages page shows a careers leader and a facilitator. Most were
delivered; one email bounced, one could not be delivered for now, and one never reached
Notify in 8 tries.

Recorded as they would be after delivery (nothing is sent), to fictional addresses only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from horizons.messaging.models import Message

S = Message.Status


def seed(region: Any) -> None:
    now = timezone.now()
    school, hub = region.lead_school, region.hub
    rows = [
        # (template, channel, recipient, status, last error, school?, hours ago)
        ("account_invitation", "email", "new.teacher@example.org", S.DELIVERED, "", True, 50),
        (
            "campaign_invitation",
            "email",
            "office@old-school-domain.example.org",
            S.PERMANENT_FAILURE,
            "",
            True,
            30,
        ),
        (
            "event_reminder",
            "email",
            "deputy.head@example.org",
            S.TEMPORARY_FAILURE,
            "",
            True,
            20,
        ),
        ("booking_confirmed", "email", "lead@horizons.test", S.DELIVERED, "", True, 6),
        ("campaign_invitation", "email", "events@example.org", S.DELIVERED, "", False, 28),
        (
            "booking_schools_update",
            "email",
            "volunteer@horizons.test",
            S.TECHNICAL_FAILURE,
            "GOV.UK Notify could not be reached or failed (503): Request failed",
            False,
            1,
        ),
    ]
    for template, channel, recipient, status, error, for_school, hours in rows:
        message = Message.objects.create(
            channel=channel,
            template=template,
            recipient=recipient,
            school=school if for_school else None,
            hub=hub,
            status=status,
            last_error=error,
            attempts=8 if status == S.TECHNICAL_FAILURE else 1,
            provider_id="" if status == S.TECHNICAL_FAILURE else f"demo-{template}-{hours}",
        )
        at = now - timedelta(hours=hours)
        Message.objects.filter(pk=message.pk).update(
            created_at=at, sent_at=at, status_at=at + timedelta(minutes=2)
        )
