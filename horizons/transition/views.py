"""Transition pages: the primary careers leader's destinations and handover, the secondary
careers leader's incoming children, and the parent's answer behind their consent link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core.audit_log import log_pupil_data_access
from horizons.core.privacy import pupil_data
from horizons.encounters import selectors as encounter_selectors
from horizons.programmes import selectors as programme_selectors
from horizons.reports.policy import min_group_size
from horizons.transition import record, selectors, services
from horizons.transition.models import Destination


@login_required
def transition_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "transition/home.html",
        {
            "cohorts": selectors.year6_cohorts(request.user),
            "secondaries": selectors.led_receiving_schools(request.user),
        },
    )


def _save_destinations(request: AuthenticatedHttpRequest, pupils: list[Any]) -> list[str]:
    """Apply the destinations table; returns one message per row that could not be saved
    (other rows are saved: each row is its own child)."""
    errors = []
    for pupil in pupils:
        choice = request.POST.get(f"school-{pupil.pk}", "").strip()
        urn = request.POST.get(f"urn-{pupil.pk}", "").strip()
        share = request.POST.get(f"share-{pupil.pk}")
        try:
            if urn:
                secondary = services.find_receiving_school(urn)
            elif choice:
                secondary = services.find_receiving_school(choice)
            else:
                secondary = None
            services.destination_set(
                by=request.user, pupil=pupil, secondary=secondary, paper_share=share
            )
        except services.TransitionError as exc:
            errors.append(f"{pupil.display_name}: {exc}")
    return errors


@pupil_data
@login_required
def cohort_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_transition(request.user, pk)
    pupils = selectors.cohort_pupils(cohort)
    errors: list[str] = []
    if request.method == "POST" and request.POST.get("action") == "destinations":
        errors = _save_destinations(request, pupils)
        log_pupil_data_access(
            request,
            school=cohort.school,
            what=f"Secondary schools for {cohort.name}",
            action="change",
        )
        if not errors:
            messages.success(request, "Secondary schools saved.")
            return redirect("transition:cohort_transition", pk=cohort.pk)
        typed = {p.pk: request.POST.get(f"urn-{p.pk}", "") for p in pupils}
        pupils = selectors.cohort_pupils(cohort)
        for pupil in pupils:
            pupil.typed_urn = typed.get(pupil.pk, "")  # type: ignore[attr-defined]  # keeps what was typed
    elif request.method == "POST" and request.POST.get("action") == "handover":
        try:
            result = services.handover(
                by=request.user, cohort=cohort, sections=request.POST.getlist("sections")
            )
        except services.TransitionError as exc:
            errors = [str(exc)]
        else:
            log_pupil_data_access(
                request,
                school=cohort.school,
                what=f"Records handed over for {cohort.name}",
                action="export",
            )
            messages.success(
                request,
                f"{result.records} records handed over to {len(result.handovers)} secondary "
                f"schools. {result.held_back} held back (no parent's yes), "
                f"{result.no_destination} with no secondary school recorded.",
            )
            return redirect("transition:cohort_transition", pk=cohort.pk)
    else:
        log_pupil_data_access(request, school=cohort.school, what=f"Transition for {cohort.name}")
    today = timezone.localdate()
    return render(
        request,
        "transition/cohort.html",
        {
            "cohort": cohort,
            "pupils": pupils,
            "near": selectors.receiving_schools_near(cohort.school),
            "errors": errors,
            "sections": record.SECTIONS,
            "chosen": request.POST.getlist("sections") or list(record.SECTIONS),
            "handover_open": services.handover_open(cohort, today),
            "share_choices": [("", "Not answered"), ("yes", "Yes"), ("no", "No")],
            "handovers": selectors.handovers_from(cohort.school),
        },
    )


@pupil_data
@login_required
def incoming(request: AuthenticatedHttpRequest, urn: int) -> HttpResponse:
    school = selectors.receiving_school_for(request.user, urn)
    minimum = min_group_size()
    feeders = []
    for item in selectors.handovers_to(school):
        records = list(item.records.all())
        feeders.append(
            {
                "handover": item,
                "records": records,
                "summary": record.summarise([r.data for r in records], minimum),
            }
        )
    log_pupil_data_access(request, school=school, what="Incoming Year 7 records")
    return render(
        request,
        "transition/incoming.html",
        {
            "school": school,
            "feeders": feeders,
            "minimum": minimum,
            "sections": record.SECTIONS,
            "joint_events": encounter_selectors.joint_events_for(school)[:20],
        },
    )


@pupil_data
@login_required
def incoming_record(request: AuthenticatedHttpRequest, urn: int, pk: int) -> HttpResponse:
    school = selectors.receiving_school_for(request.user, urn)
    item = selectors.record_for(school, pk)
    log_pupil_data_access(request, school=school, what="An incoming child's My Future record")
    return render(
        request,
        "transition/record.html",
        {"school": school, "item": item, "data": item.data, "ratings": record.RATING_WORDS},
    )


@never_cache
def parent_share(request: HttpRequest, token: str) -> HttpResponse:
    consent = programme_selectors.consent_for_token(token)
    pupil = consent.pupil
    destination = Destination.objects.filter(pupil=pupil).select_related("secondary").first()
    error = ""
    done = False
    if request.method == "POST":
        answer = request.POST.get("share")
        if answer not in ("yes", "no"):
            error = "Choose yes or no."
        else:
            try:
                destination = services.share_answer_by_parent(
                    consent=consent, share=answer == "yes"
                )
            except services.TransitionError as exc:
                error = str(exc)
            else:
                done = True
    response = render(
        request,
        "transition/parent_share.html",
        {
            "pupil": pupil,
            "school": pupil.cohort.school,
            "destination": destination,
            "error": error,
            "done": done,
            "token": token,
            "sections": record.SECTIONS,
        },
    )
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response
