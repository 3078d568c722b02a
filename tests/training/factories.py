"""Training sessions and bookings around the world's personas."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from horizons.training import services
from horizons.training.models import TrainingSession
from horizons.training.services import SessionPlan


def plan(**overrides: Any) -> SessionPlan:
    values: dict[str, Any] = {
        "title": "Careers in the curriculum",
        "date": timezone.localdate() + timedelta(days=14),
        "starts_at": time(16, 0),
        "ends_at": time(17, 30),
        "capacity": 20,
        "hours": Decimal("1.5"),
        "venue": "Gateshead Civic Centre",
        "benchmarks": (1, 4),
    }
    values.update(overrides)
    return SessionPlan(**values)


def session(world: Any, **overrides: Any) -> TrainingSession:
    hub = overrides.pop("hub", world.hub)
    by = world.facilitator if hub == world.hub else world.outsider
    return services.session_create(hub=hub, by=by, plan=plan(**overrides))


def move_to_past(session: TrainingSession, days: int = 7) -> TrainingSession:
    """Sessions are published for the future; tests move them back to record attendance."""
    TrainingSession.objects.filter(pk=session.pk).update(
        date=timezone.localdate() - timedelta(days=days)
    )
    session.refresh_from_db()
    return session
