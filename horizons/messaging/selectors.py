"""What became of the messages about something."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser
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


# --- The "Messages" page: what each person may see --------------------------------------------

FILTERS = {
    "not_delivered": ("Not delivered", Message.FAILED),
    "waiting": (
        "Not delivered yet",
        {Message.Status.QUEUED, Message.Status.RETRYING, Message.Status.SENDING},
    ),
    "delivered": ("Delivered", {Message.Status.DELIVERED}),
}


def messages_visible_to(user: AnyUser) -> models.QuerySet[Message]:
    """Hub staff see their hub's messages, school staff their school's; platform admins all.
    Nobody else sees any (and someone else's message is a 404 through `get_or_404`)."""
    if permissions.is_platform_admin(user):
        return Message.objects.all()
    hubs = permissions.facilitated_hub_ids(user)
    schools = permissions.school_ids_for_staff(user)
    return Message.objects.filter(
        models.Q(hub_id__in=hubs) | models.Q(school_id__in=schools)
    ).select_related("school", "hub")


def message_list(user: AnyUser, *, show: str = "") -> models.QuerySet[Message]:
    messages = messages_visible_to(user)
    if show in FILTERS:
        messages = messages.filter(status__in=FILTERS[show][1])
    return messages.order_by("-created_at", "-pk")


def may_see_messages(user: AnyUser) -> bool:
    return permissions.is_platform_admin(user) or bool(
        permissions.facilitated_hub_ids(user) or permissions.school_ids_for_staff(user)
    )
