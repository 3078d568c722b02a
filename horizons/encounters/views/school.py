"""A school's side: what is on, booking, cancelling, attendance and the year's record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core.querystring import id_from_query
from horizons.encounters import selectors, services
from horizons.encounters.forms import (
    AttendanceForm,
    BookingForm,
    CancelForm,
    ClassFormSet,
    filled_classes,
)
from horizons.encounters.models import Booking, Campaign, SchoolRequest
from horizons.encounters.scheduling import (
    academic_year_bounds,
    academic_year_label,
    describe_year_groups,
)


@login_required
def encounters_school(request: AuthenticatedHttpRequest) -> HttpResponse:
    school = selectors.encounter_school_for(
        request.user, id_from_query(request, "school", label="school")
    )
    today = timezone.localdate()
    bookings = list(selectors.school_bookings(school=school))
    booked_event_ids = {b.event_id for b in bookings if b.is_live}
    campaigns = list(
        Campaign.objects.filter(
            hub_id=school.hub_id or 0, status=Campaign.Status.OPEN, ends_on__gte=today
        ).order_by("starts_on")
    )
    requests = {
        r.campaign_id: r
        for r in SchoolRequest.objects.filter(school=school, campaign__in=campaigns)
    }
    year = selectors.current_academic_year(today)
    return render(
        request,
        "encounters/school_home.html",
        {
            "school": school,
            "other_schools": permissions.schools_editable_by(request.user)
            .exclude(pk=school.pk)
            .order_by("name")[:20],
            "upcoming": [b for b in bookings if b.is_live and b.event.date >= today],
            "to_record": [
                b
                for b in bookings
                if b.status == Booking.Status.CONFIRMED
                and b.event.date <= today
                and not b.attendance_recorded_at
            ],
            "recorded": [b for b in bookings if b.attendance_recorded_at][-5:][::-1],
            "bookable": [
                e
                for e in selectors.bookable_events(school=school, today=today)
                if e.pk not in booked_event_ids
            ],
            "campaigns": [(c, requests.get(c.pk), c.accepts_requests(today)) for c in campaigns],
            "summary": selectors.school_record_summary(school=school, start_year=year),
            "year_label": academic_year_label(year),
            "year": year,
        },
    )


@login_required
def school_encounter_record(request: AuthenticatedHttpRequest, urn: int) -> HttpResponse:
    """Which classes had which encounters in a year: benchmark 5 evidence, printable."""
    school = permissions.school_for(request.user, urn=urn)
    today = timezone.localdate()
    current = selectors.current_academic_year(today)
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    year = min(max(year, 2000), current + 1)
    rows = selectors.school_record(school=school, start_year=year)
    first, last = academic_year_bounds(year)
    return render(
        request,
        "encounters/school_record.html",
        {
            "school": school,
            "rows": rows,
            "year": year,
            "year_label": academic_year_label(year),
            "first": first,
            "last": last,
            "previous": year - 1,
            "next": year + 1 if year < current else None,
            "pupils": sum(r.pupils for r in rows),
            "events": len({r.event_id for r in rows}),
            "years": describe_year_groups({r.year_group for r in rows}) if rows else "",
        },
    )


@login_required
def event_book(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, pk)
    school = selectors.encounter_school_for(
        request.user, id_from_query(request, "school", label="school")
    )
    if school.hub_id != event.hub_id:
        raise Http404("Not found")
    initial: list[dict[str, Any]] = [{}]
    request_obj = None
    if event.campaign_id:
        request_obj = SchoolRequest.objects.filter(
            campaign_id=event.campaign_id, school=school
        ).first()
        if request_obj is not None:
            suitable = [c for c in request_obj.classes.all() if c.year_group in event.year_groups]
            initial = [
                {"name": c.name, "year_group": c.year_group, "pupils": c.pupils} for c in suitable
            ] or [{}]
    supervised_visit = bool(services.volunteers_without_check(event.date, event.volunteers.all()))
    form = BookingForm(request.POST or None, supervised_visit=supervised_visit)
    formset = ClassFormSet(request.POST or None, initial=initial, prefix="classes")
    full = False
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            booking = services.booking_create(
                event=event,
                school=school,
                classes=filled_classes(formset),
                by=request.user,
                join_waiting_list=form.cleaned_data["join_waiting_list"],
                request=request_obj,
                supervised_by_staff=form.cleaned_data.get("supervised_by_staff", False),
            )
        except services.EventFull as exc:
            full = exc.waiting_list
            form.add_error(None, str(exc))
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            if booking.status == Booking.Status.WAITING:
                messages.success(
                    request, "You are on the waiting list. We will email you if a place comes free."
                )
            else:
                messages.success(request, "Booked. A calendar invitation is on its way by email.")
            return redirect("encounters:event_detail", pk=event.pk)
    return render(
        request,
        "encounters/book.html",
        {
            "event": event,
            "school": school,
            "form": form,
            "formset": formset,
            "full": full or event.places_left == 0,
            "years": describe_year_groups(event.year_groups),
            "supervised_visit": supervised_visit,
        },
    )


@login_required
def booking_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_for_cancelling(request.user, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_cancel(
                booking=booking, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Booking cancelled. Its places go to the waiting list.")
            return redirect("encounters:event_detail", pk=booking.event_id)
    return render(
        request,
        "encounters/confirm.html",
        {
            "form": form,
            "title": f"Cancel {booking.school}'s booking",
            "event": booking.event,
            "explain": "The places go to the first school on the waiting list that they fit.",
            "button": "Cancel the booking",
            "back": booking.event,
        },
    )


@login_required
def booking_no_show(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_for_cancelling(request.user, pk)
    form = CancelForm(request.POST or None)
    del form.fields["reason"]
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_mark_no_show(booking=booking, by=request.user)
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Recorded that {booking.school} did not attend.")
            return redirect("encounters:event_detail", pk=booking.event_id)
    return render(
        request,
        "encounters/confirm.html",
        {
            "form": form,
            "title": f"{booking.school} did not attend",
            "event": booking.event,
            "explain": "The booking stays on record as not attended and counts in no reach figures.",
            "button": "Record that they did not attend",
            "back": booking.event,
        },
    )


@login_required
def attendance_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_for_school_staff(request.user, pk)
    classes = selectors.booked_classes(booking)
    feedback = getattr(booking, "feedback", None)  # reverse one-to-one: None when not given
    initial = {"rating": feedback.rating, "comments": feedback.comments} if feedback else {}
    form = AttendanceForm(request.POST or None, classes=classes, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                booking=booking,
                by=request.user,
                attended=form.attended(),
                rating=form.cleaned_data["rating"],
                comments=form.cleaned_data["comments"],
                quotes=form.quotes(),
            )
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Attendance and feedback saved. Thank you.")
            return redirect(f"{_url('encounters:encounters_school')}?school={booking.school.urn}")
    return render(
        request,
        "encounters/attendance_form.html",
        {
            "form": form,
            "booking": booking,
            "event": booking.event,
            "event_in_future": booking.event.date > timezone.localdate(),
        },
    )


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
