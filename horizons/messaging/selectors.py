"""What became of the messages about something."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from horizons.messaging.models import Message


def messages_about(obj: models.Model) -> models.QuerySet[Message]:
    return Message.objects.filter(
        about_type=ContentType.objects.get_for_model(obj), about_id=obj.pk
    )


def latest_about(objects: Iterable[models.Model]) -> dict[int, Message]:
    """The newest message about each object (all of one model), keyed by the object's pk."""
    items = list(objects)
    if not items:
        return {}
    kind = ContentType.objects.get_for_model(items[0])
    latest: dict[int, Message] = {}
    for message in Message.objects.filter(
        about_type=kind, about_id__in=[o.pk for o in items]
    ).order_by("about_id", "created_at", "pk"):
        assert message.about_id is not None
        latest[message.about_id] = message
    return latest
