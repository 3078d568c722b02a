"""The Messages pages (what became of the messages about a hub's or a school's work) and the
delivery receipts GOV.UK Notify posts back."""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from horizons.accounts.models import Role
from horizons.accounts.permissions import (
    ADMIN,
    AuthenticatedHttpRequest,
    get_or_404,
    role_required,
)
from horizons.messaging import catalogue, delivery, selectors

logger = logging.getLogger("horizons.messaging")

messages_staff_required = role_required(ADMIN, Role.FACILITATOR, Role.CAREERS_LEADER, Role.TEACHER)


def _describe(template_key: str) -> str:
    try:
        chosen = catalogue.get(template_key)
    except catalogue.TemplateError:
        return template_key
    return chosen.description or template_key.replace("_", " ").capitalize()


@messages_staff_required
def message_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "")
    if show not in selectors.FILTERS:
        show = ""
    page = Paginator(selectors.message_list(request.user, show=show), 50).get_page(
        request.GET.get("page")
    )
    rows = [(message, _describe(message.template)) for message in page.object_list]
    return render(
        request,
        "messaging/message_list.html",
        {
            "page": page,
            "rows": rows,
            "show": show,
            "filters": [(key, label) for key, (label, _) in selectors.FILTERS.items()],
        },
    )


@messages_staff_required
def message_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = get_or_404(selectors.messages_visible_to(request.user), pk=pk)
    return render(
        request,
        "messaging/message_detail.html",
        {"message": message, "description": _describe(message.template)},
    )


def _bearer_ok(request: HttpRequest) -> bool:
    expected = getattr(settings, "HORIZONS_NOTIFY_CALLBACK_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given[len("Bearer ") :].encode(), expected.encode())


@csrf_exempt
@require_POST
def notify_callback(request: HttpRequest) -> HttpResponse:
    """GOV.UK Notify's delivery receipt: JSON with id, reference and status, and the bearer
    token set in Notify's "Callbacks" page (HORIZONS_NOTIFY_CALLBACK_TOKEN). 403 without it."""
    if not _bearer_ok(request):
        return JsonResponse({"error": "Wrong or missing bearer token."}, status=403)
    try:
        receipt = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    if not isinstance(receipt, dict) or not receipt.get("status"):
        return JsonResponse({"error": "A receipt needs a status."}, status=400)
    message = delivery.status_record(
        provider_id=str(receipt.get("id") or ""),
        reference=str(receipt.get("reference") or ""),
        word=str(receipt["status"]),
    )
    if message is None:
        # Not ours (another service's reference) or a status word we do not know: Notify must
        # not retry it, so still 200.
        logger.info("Notify receipt matched no message: %s", receipt.get("id"))
        return JsonResponse({"recorded": False})
    return JsonResponse({"recorded": True, "status": message.status})
