from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from horizons.organisations.models import School
from horizons.programmes.models import Pupil


class Destination(models.Model):
    """The secondary school a Year 6 child goes to next, and whether their parent agrees to
    share the child's My Future record with it. Goes when the child's record is erased."""

    class Share(models.TextChoices):
        NOT_ASKED = "", "Not answered yet"
        YES = "yes", "Yes, share it"
        NO = "no", "No, do not share it"

    class Method(models.TextChoices):
        LINK = "link", "Parent's online reply"
        PAPER = "paper", "Paper reply recorded by the school"

    pupil = models.OneToOneField(
        Pupil, on_delete=models.CASCADE, primary_key=True, related_name="destination"
    )
    secondary = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    share = models.CharField(max_length=3, choices=Share.choices, blank=True, default="")
    share_method = models.CharField(max_length=5, choices=Method.choices, blank=True)
    share_answered_at = models.DateTimeField(null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(share="") | ~Q(share_method=""), name="destination_share_has_method"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupil} → {self.secondary}"


class Handover(models.Model):
    """One primary school's records for one secondary school, in one academic year."""

    primary = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    secondary = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    start_year = models.PositiveSmallIntegerField("academic year (the year it starts)")
    sections = models.JSONField(default=list)  # what the primary school chose to share
    held_back = models.PositiveSmallIntegerField(default=0)  # children whose parent has not agreed
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handed_over_at = models.DateTimeField()

    class Meta:
        ordering = ["primary__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["primary", "secondary", "start_year"], name="handover_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.primary} → {self.secondary} ({self.start_year})"


class TransferRecord(models.Model):
    """A child's My Future record as the secondary school received it: a copy, because the
    primary school's own data is erased on its retention schedule."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="records")
    # The primary school's pupil id, so handing over again updates rather than duplicates.
    source_pupil_id = models.PositiveBigIntegerField()
    first_name = models.CharField(max_length=50)
    last_initial = models.CharField(max_length=1)
    class_name = models.CharField(max_length=20)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_name", "last_initial"]
        constraints = [
            models.UniqueConstraint(
                fields=["handover", "source_pupil_id"], name="transfer_record_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_initial}."
