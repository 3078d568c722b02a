"""School staff find and book their hub's training, cancel, and see the school's CPD record."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, AuthenticatedHttpRequest
from horizons.core import academic_year
from horizons.training import selectors, services
from horizons.training.forms import BookingForm
from horizons.training.models import TrainingBooking

_school_or_hub_staff = permissions.role_required(
    ADMIN, Role.CAREERS_LEADER, Role.TEACHER, Role.FACILITATOR
)


@permissions.school_staff_required
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Training sessions still to come from the hubs of the user's schools, and their bookings."""
    today = timezone.localdate()
    mine = selectors.my_bookings(request.user)
    status_by_session = {b.session_id: b for b in mine}
    schools = list(permissions.schools_editable_by(request.user).order_by("name")[:20])
    return render(
        request,
        "training/catalogue.html",
        {
            "sessions": [
                (session, status_by_session.get(session.pk))
                for session in selectors.sessions_open_to(request.user, today=today)[:100]
            ],
            "my_bookings": mine,
            "schools": schools if not permissions.is_platform_admin(request.user) else [],
            "today": today,
        },
    )


@permissions.school_staff_required
def session_book(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_booking(request.user, pk)
    schools = selectors.bookable_schools(request.user, session)
    people: dict[int, object] = {}
    for school in schools:
        for person in selectors.colleagues_bookable_by(request.user, school):
            people.setdefault(person.pk, person)
    form = BookingForm(
        request.POST or None,
        schools=schools,
        people=list(people.values()),  # type: ignore[arg-type]
        initial={"attendee": request.user.pk},
    )
    booked = services.booked_count(session)
    full = booked >= session.capacity
    past = session.date < timezone.localdate()
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                session=session,
                school=form.cleaned_data["school"],
                attendee=form.cleaned_data["attendee"],
                by=request.user,
                waiting_list=request.POST.get("waiting_list") == "yes",
            )
        except services.SessionFull as exc:
            form.add_error(None, str(exc))
            full = True
        except services.TrainingError as exc:
            form.add_error(None, str(exc))
        else:
            me = booking.attendee_id == request.user.pk
            who = "You are" if me else f"{booking.attendee} is"
            emailed = f"An email with the details is on its way to {'you' if me else 'them'}."
            if booking.status == TrainingBooking.Status.WAITING:
                messages.success(
                    request, f"{who} on the waiting list for {session.title}. {emailed}"
                )
            else:
                messages.success(
                    request,
                    f"{who} booked on {session.title}, {session.date:%A %-d %B %Y} "
                    f"at {session.starts_at:%H:%M}. {emailed}",
                )
            return redirect("training:catalogue")
    return render(
        request,
        "training/book.html",
        {
            "session": session,
            "form": form,
            "full": full,
            "past": past,
            "places_left": max(session.capacity - booked, 0),
            "no_school": not schools,
        },
        status=400 if form.errors else 200,
    )


@_school_or_hub_staff
def booking_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_for(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, by=request.user)
        except services.TrainingError as exc:
            error = str(exc)
        else:
            messages.success(request, f"Cancelled: {booking.attendee} on {booking.session.title}.")
            if permissions.can_manage_hub(request.user, booking.session.hub_id) and (
                booking.attendee_id != request.user.pk
            ):
                return redirect("training:session_detail", pk=booking.session_id)
            return redirect("training:catalogue")
    return render(
        request,
        "training/cancel.html",
        {"booking": booking, "error": error},
        status=400 if error else 200,
    )


@_school_or_hub_staff
def school_record(request: AuthenticatedHttpRequest, urn: int) -> HttpResponse:
    """The school's staff CPD in a school year: who attended what, and the hours."""
    school = permissions.school_for(request.user, urn=urn)
    this_year = academic_year.start_year(timezone.localdate())
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    record = selectors.school_cpd(school=school, year=year)
    return render(
        request,
        "training/school_record.html",
        {
            "school": school,
            "record": record,
            "years": [(y, academic_year.label(y)) for y in range(this_year, this_year - 4, -1)],
        },
    )
