"""Staff training (CPD): sessions a hub publishes, and the school staff booked on them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from horizons.organisations.models import Hub, School

MAX_CAPACITY = 500
MAX_HOURS = Decimal("40")


class TrainingSession(models.Model):
    """A CPD session a hub runs for school staff: in person at a venue, online, or both."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="training_sessions")
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=4000, blank=True)
    date = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    venue = models.CharField(max_length=200, blank=True)
    online_link = models.URLField("online link", blank=True)
    capacity = models.PositiveSmallIntegerField(
        "places", validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    hours = models.DecimalField(
        "CPD hours counted",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_HOURS)],
    )
    # Benchmark numbers (1 to 8) the session supports; usually 1 and 4.
    benchmarks = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised when the time or place changes, so calendars update the entry (.ics SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Set when the hub calls the session off: kept, with every booking cancelled, for the record.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField("why it is cancelled", max_length=300, blank=True)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        indexes = [models.Index(fields=["hub", "date"], name="training_session_hub_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="training_session_capacity_sane",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=Decimal("0.5"), hours__lte=MAX_HOURS),
                name="training_session_hours_sane",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~models.Q(venue="", online_link=""),
                name="training_session_has_a_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def places_left(self) -> int:
        """Places not yet booked (uses the ``booked`` count a selector annotated, if any)."""
        booked = getattr(self, "booked", None)
        if booked is None:
            booked = self.bookings.filter(status=TrainingBooking.Status.BOOKED).count()
        return max(self.capacity - booked, 0)

    @property
    def where(self) -> str:
        if self.venue and self.online_link:
            return f"{self.venue}, or online"
        return self.venue or "Online"


class TrainingBooking(models.Model):
    """One member of a school's staff on a session: booked, on the waiting list, or cancelled.
    Attendance is recorded by the hub after the session."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="bookings")
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_bookings"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="training_bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    # None until the hub records attendance; then whether they came.
    attended = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["school", "attended"], name="training_booking_school"),
            models.Index(fields=["session", "status"], name="training_booking_session"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "attendee"],
                condition=~models.Q(status="cancelled"),
                name="training_one_live_booking_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(attended__isnull=True) | models.Q(status="booked"),
                name="training_attendance_only_for_booked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attendee} on {self.session}"
