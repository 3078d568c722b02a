"""A teacher's "My class": the children, their consent and what each has done, and what is
coming up for the class (programme sessions and encounters)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core.audit_log import log_pupil_data_access
from horizons.programmes import selectors
from horizons.programmes.instrument import instrument

SESSION_CLASS = "hz_my_class"


@permissions.school_staff_required
def my_class(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    choices = selectors.class_choices(request.user, today=today)
    by_key = {c.key: c for c in choices}
    asked = request.GET.get("class")
    message = ""
    if asked is not None and asked not in by_key:
        # A stale link or a class from another school: say so, change nothing, show the list.
        message = "That class is not one of yours any more. Choose a class from the list."
        chosen = None
    else:
        remembered = request.session.get(SESSION_CLASS)
        key = asked or (remembered if remembered in by_key else None)
        chosen = by_key.get(key) if key else (choices[0] if len(choices) == 1 else None)
    view = None
    question_total = 0
    if chosen is not None:
        request.session[SESSION_CLASS] = chosen.key
        view = selectors.class_view(chosen, today=today)
        if view.pupils:
            question_total = max(len(instrument(c.instrument_version).items) for c in view.cohorts)
            log_pupil_data_access(
                request,
                school=view.pupils[0].cohort.school,
                what=f"My class {chosen.name}",
            )
    return render(
        request,
        "programmes/my_class.html",
        {
            "choices": choices,
            "chosen": chosen,
            "view": view,
            "message": message,
            "question_total": question_total,
        },
        status=404 if message else 200,
    )
