"""Allocation runs for a campaign, and the facilitator's locks, vetoes and hosting steers that
survive re-runs."""

from django.conf import settings
from django.db import models

from horizons.encounters.models import Campaign, RequestClass
from horizons.organisations.models import School, Volunteer


class AllocationRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Working"
        DONE = "done", "Ready to review"
        FAILED = "failed", "Could not run"
        PUBLISHED = "published", "Published"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="allocation_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    max_sessions = models.PositiveSmallIntegerField(default=3)
    max_encounters_per_class = models.PositiveSmallIntegerField(default=2)
    time_limit_seconds = models.PositiveSmallIntegerField(default=20)
    problem = models.JSONField(default=dict)
    result = models.JSONField(default=dict, help_text="The plan, reasons and figures")
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_sessions__gte=1, max_sessions__lte=20),
                name="run_max_sessions_sane",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    max_encounters_per_class__gte=1, max_encounters_per_class__lte=10
                ),
                name="run_max_encounters_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"Allocation for {self.campaign} at {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.PUBLISHED}


class AllocationDecision(models.Model):
    """A facilitator's hand edit: keep this pairing in every plan (lock) or never make it (veto)."""

    class Kind(models.TextChoices):
        LOCK = "lock", "Keep"
        FORBID = "forbid", "Never"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="allocation_decisions"
    )
    kind = models.CharField(max_length=6, choices=Kind.choices)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    request_class = models.ForeignKey(RequestClass, on_delete=models.CASCADE, related_name="+")
    slot = models.CharField(max_length=20)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "volunteer", "request_class", "slot"],
                name="one_decision_per_pairing",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: {self.volunteer} with {self.request_class} ({self.slot})"
        )


class HostingChoice(models.Model):
    """A facilitator's steer on rotation events, kept for every later plan of the campaign.

    * move: `school` takes its classes to `host` (or, with no host, stays at home);
    * days: `school` (a host) holds its rotation event only on `slots`;
    * cap: at most `max_classes` classes and `max_pupils` pupils in `school`'s hall.
    """

    class Kind(models.TextChoices):
        MOVE = "move", "Send to a host"
        DAYS = "days", "Host's days"
        CAP = "cap", "Hall cap"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="hosting_choices")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    host = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    slots = models.JSONField(
        default=list, blank=True, help_text="Campaign half-days, 2027-03-02_am"
    )
    max_classes = models.PositiveSmallIntegerField(null=True, blank=True)
    max_pupils = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "school"], name="one_hosting_choice_per_kind"
            ),
            models.CheckConstraint(
                condition=~models.Q(host=models.F("school")), name="hosting_not_own_host"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.school}"
