from __future__ import annotations

import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from horizons.messaging.addresses import masked
from horizons.messaging.catalogue import Channel


class Message(models.Model):
    """One message to one recipient, from the moment it is asked for until it is delivered or
    has failed for good. Delivery status comes from the back end (Notify's callbacks or polling).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        RETRYING = "retrying", "Will try again"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        PERMANENT_FAILURE = "permanent_failure", "Not delivered: address does not exist"
        TEMPORARY_FAILURE = "temporary_failure", "Not delivered: inbox full or phone off"
        TECHNICAL_FAILURE = "technical_failure", "Not delivered: a technical problem"
        REJECTED = "rejected", "Not sent: refused before sending"

    FAILED = frozenset(
        {
            Status.PERMANENT_FAILURE,
            Status.TEMPORARY_FAILURE,
            Status.TECHNICAL_FAILURE,
            Status.REJECTED,
        }
    )
    FINAL = FAILED | {Status.DELIVERED}

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(max_length=10, choices=[(c.value, c.value) for c in Channel])
    template = models.CharField(max_length=80)
    recipient = models.CharField(max_length=400)
    # Kept only until the message reaches a final status (then emptied): it can hold names.
    personalisation = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    school = models.ForeignKey(
        "organisations.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    hub = models.ForeignKey(
        "organisations.Hub", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["about_type", "about_id"], name="message_about")]

    def __str__(self) -> str:
        return f"{self.template} to {self.shown_recipient}: {self.get_status_display()}"

    @property
    def shown_recipient(self) -> str:
        return masked(self.channel, self.recipient)

    @property
    def failed(self) -> bool:
        return self.status in self.FAILED

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL
