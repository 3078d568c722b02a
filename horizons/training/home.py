"""What staff training adds to the navigation and to people's home pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN
from horizons.core.navigation import Figure, NextStep, register_home, register_nav
from horizons.training.models import TrainingBooking, TrainingSession


def _home(user: Any, roles: set[str]) -> tuple[list[NextStep], list[Figure]]:
    steps: list[NextStep] = []
    figures: list[Figure] = []
    today = timezone.localdate()
    if roles & {Role.CAREERS_LEADER, Role.TEACHER}:
        upcoming = TrainingBooking.objects.filter(
            attendee_id=user.pk,
            status=TrainingBooking.Status.BOOKED,
            session__date__gte=today,
        ).count()
        figures.append(
            Figure(str(upcoming), "training sessions booked", reverse("training:catalogue"), 40)
        )
    if Role.FACILITATOR in roles:
        to_record = (
            TrainingSession.objects.filter(
                hub_id__in=permissions.facilitated_hub_ids(user),
                date__lte=today,
                bookings__status=TrainingBooking.Status.BOOKED,
                bookings__attended__isnull=True,
            )
            .distinct()
            .count()
        )
        if to_record:
            steps.append(
                NextStep(
                    f"Record attendance at {to_record} training session"
                    f"{'s' if to_record != 1 else ''}",
                    reverse("training:session_list"),
                    "Who came counts as CPD evidence in their school's audit.",
                    25,
                )
            )
    return steps, figures


def register() -> None:
    register_nav("Training", "training:catalogue", {Role.CAREERS_LEADER, Role.TEACHER}, 45)
    register_nav("Training", "training:session_list", {ADMIN, Role.FACILITATOR}, 45)
    register_home(_home)
