"""Facilitators publish training sessions, see who is booked and record attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.training import selectors, services
from horizons.training.forms import SessionCancelForm, SessionForm
from horizons.training.models import TrainingBooking, TrainingSession


@permissions.hub_staff_required
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sessions = selectors.sessions_managed_by(request.user).order_by("date", "starts_at")
    return render(
        request,
        "training/session_list.html",
        {
            "upcoming": [s for s in sessions if s.date >= today],
            "past": [s for s in sessions if s.date < today][::-1][:50],
        },
    )


def _session_form(
    request: AuthenticatedHttpRequest, session: TrainingSession | None
) -> SessionForm:
    hubs = list(permissions.hubs_facilitated_by(request.user).order_by("name"))
    initial: dict[str, Any] = {"benchmarks": ["1", "4"]}
    if session is not None:
        initial = {
            "hub": session.hub_id,
            "title": session.title,
            "description": session.description,
            "date": session.date,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "venue": session.venue,
            "online_link": session.online_link,
            "capacity": session.capacity,
            "hours": session.hours,
            "benchmarks": [str(n) for n in session.benchmarks],
        }
    return SessionForm(request.POST or None, hubs=hubs, initial=initial)


@permissions.hub_staff_required
def session_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _session_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                hub=form.cleaned_data["hub"], by=request.user, plan=form.plan()
            )
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Published: {session.title}. Schools can book it now.")
            return redirect("training:session_detail", pk=session.pk)
    return render(
        request,
        "training/session_form.html",
        {"form": form, "session": None},
        status=400 if form.errors else 200,
    )


@permissions.hub_staff_required
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_managing(request.user, pk)
    form = _session_form(request, session)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["hub"].pk != session.hub_id:
            form.add_error("hub", "A session stays with the hub that published it.")
        else:
            try:
                services.session_update(session=session, by=request.user, plan=form.plan())
            except services.TrainingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Session saved.")
                return redirect("training:session_detail", pk=session.pk)
    return render(
        request,
        "training/session_form.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


@permissions.hub_staff_required
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who is booked and waiting; after the session, the attendance register."""
    session = selectors.session_for_managing(request.user, pk)
    today = timezone.localdate()
    error = ""
    if request.method == "POST":
        try:
            came = services.attendance_record(
                session=session, by=request.user, attended_ids=request.POST.getlist("attended")
            )
        except services.TrainingError as exc:
            error = str(exc)
        else:
            messages.success(request, f"Attendance saved: {came} came.")
            return redirect("training:session_detail", pk=session.pk)
    bookings = selectors.session_bookings(session)
    booked = [b for b in bookings if b.status == TrainingBooking.Status.BOOKED]
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "booked": booked,
            "waiting": [b for b in bookings if b.status == TrainingBooking.Status.WAITING],
            "can_record": session.date <= today and session.cancelled_at is None,
            "places_left": max(session.capacity - len(booked), 0),
            "called_off": selectors.called_off_bookings(session),
            "error": error,
        },
        status=400 if error else 200,
    )


@permissions.hub_staff_required
def session_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Call a session off: everyone booked or waiting is emailed."""
    session = selectors.session_for_managing(request.user, pk)
    form = SessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=session, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Cancelled: {session.title}. Everyone booked or waiting is being emailed."
            )
            return redirect("training:session_detail", pk=session.pk)
    people = session.bookings.exclude(status=TrainingBooking.Status.CANCELLED).count()
    return render(
        request,
        "training/session_cancel.html",
        {"session": session, "form": form, "people": people},
        status=400 if form.errors else 200,
    )
