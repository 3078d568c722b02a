"""Events: facilitators create and change them; everyone involved sees them; the calendar file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core.forms import GovukForm
from horizons.core.querystring import id_from_query
from horizons.encounters import (
    arrival,
    lifecycle,
    notifications,
    selectors,
    services,
    volunteer_messages,
)
from horizons.encounters.forms import CancelForm, EventForm, FillPlaceForm, VolunteerFeedbackForm
from horizons.encounters.ics import build_calendar
from horizons.encounters.models import Booking, Event, EventVolunteer, Offer, VolunteerFeedback
from horizons.encounters.scheduling import describe_year_groups
from horizons.organisations.models import Hub, School


def _plan(data: dict[str, Any]) -> services.EventPlan:
    return services.EventPlan(
        kind=data["kind"],
        title=data["title"],
        date=data["date"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        capacity=data["capacity"],
        year_groups=tuple(data["year_groups"]),
        description=data["description"],
        host_school=data["host_school"],
        with_secondary=data.get("with_secondary"),
        location=data["location"],
        join_url=data["join_url"],
        joining_guide=data["joining_guide"],
        capacity_unit=data["capacity_unit"],
        waiting_list_open=data["waiting_list_open"],
        address=data.get("address") or "",
        arrive_by=data.get("arrive_by"),
        arrival_instructions=data.get("arrival_instructions") or "",
        contact_name=data.get("contact_name") or "",
        contact_role=data.get("contact_role") or "",
        contact_phone=data.get("contact_phone") or "",
        safeguarding_lead=data.get("safeguarding_lead") or "",
    )


def _hub_for_new_event(request: HttpRequest) -> tuple[Hub, Any]:
    campaign = None
    campaign_id = id_from_query(request, "campaign", label="campaign")
    if campaign_id is not None:
        campaign = selectors.campaign_for_managing(request.user, campaign_id)
        return campaign.hub, campaign
    hub = permissions.hubs_facilitated_by(request.user).order_by("name").first()
    if hub is None:
        raise Http404("Not found")
    return hub, campaign


@login_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    hub, campaign = _hub_for_new_event(request)
    offers = (
        Offer.objects.filter(employer__hub=hub, is_published=True)
        .select_related("employer")
        .order_by("employer__name", "title")
    )
    schools = School.objects.filter(hub=hub).order_by("name")
    initial: dict[str, Any] = {
        "kind": Event.Kind.SPECIAL,
        "capacity_unit": Event.Unit.PUPILS,
        "waiting_list_open": True,
    }
    if campaign is not None:
        initial["date"] = campaign.starts_on
    form = EventForm(
        request.POST or None,
        offers=offers,
        schools=schools,
        secondaries=selectors.secondaries_for_hub(hub),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["offers"])
        volunteers = list({v.pk: v for o in chosen for v in o.volunteers.all()}.values())
        try:
            event = services.event_create(
                hub=hub,
                by=request.user,
                plan=_plan(form.cleaned_data),
                campaign=campaign,
                offers=chosen,
                volunteers=volunteers,
            )
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{event.title} is on the calendar. Schools can book it now.")
            return redirect("encounters:event_detail", pk=event.pk)
    return render(
        request,
        "encounters/event_form.html",
        {"form": form, "hub": hub, "campaign": campaign, "event": None},
    )


@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event: Event = selectors.event_for(request.user, pk)
    user = request.user
    today = timezone.localdate()
    context = selectors.event_detail(event)
    my_school_ids = (
        set(
            permissions.schools_editable_by(user)
            .filter(hub_id=event.hub_id)
            .values_list("pk", flat=True)
        )
        if permissions.is_school_staff(user)
        else set()
    )
    manages = permissions.can_manage_hub(user, event.hub_id)
    bookings = context["bookings"]
    if not manages:
        # Schools see their own bookings, never other schools' classes.
        bookings = [b for b in bookings if b.school_id in my_school_ids]
    me = permissions.own_volunteer(user)
    is_volunteer = me is not None and any(v.pk == me.pk for v in context["volunteers"])
    feedback = (
        VolunteerFeedback.objects.filter(event=event, volunteer=me).first()
        if is_volunteer
        else None
    )
    booked_here = any(b.school_id in my_school_ids and b.is_live for b in context["bookings"])
    fill_form = None
    open_places = selectors.open_places(event) if manages else []
    if manages and open_places and not event.is_cancelled and event.date >= today:
        fill_form = FillPlaceForm(volunteers=selectors.volunteers_to_fill(event))
    return render(
        request,
        "encounters/event_detail.html",
        {
            **context,
            # Who has confirmed: for the hub, and for the schools booked on the event.
            "confirmations": selectors.event_confirmations(event) if manages or booked_here else [],
            "open_places": open_places,
            "fill_form": fill_form,
            "event": event,
            "bookings": bookings,
            "manages": manages,
            "my_school_ids": my_school_ids,
            "years": describe_year_groups(event.year_groups),
            "can_book": bool(my_school_ids)
            and event.date >= today
            and not event.is_cancelled
            and (event.campaign is None or event.campaign.accepts_bookings(today)),
            "is_volunteer": is_volunteer,
            "locked": lifecycle.refusal(event.campaign.status, "change_event")
            if event.campaign
            else None,
            "arrive_by": arrival.arrive_by(event.starts_at, event.arrive_by),
            "bring": arrival.BRING,
            "briefing": arrival.safeguarding_briefing(
                event.safeguarding_lead, online=event.is_online
            ),
            "supervised_visit": bool(
                services.volunteers_without_check(event.date, context["volunteers"])
            ),
            "feedback": feedback,
            "past": event.date < today,
            "today": today,
            "statuses": Booking.Status,
        },
    )


@login_required
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_managing(request.user, pk)
    schools = School.objects.filter(hub=event.hub).order_by("name")
    initial = {
        f: getattr(event, f)
        for f in (
            "kind",
            "title",
            "description",
            "date",
            "starts_at",
            "ends_at",
            "host_school",
            "with_secondary",
            "location",
            "join_url",
            "joining_guide",
            "capacity",
            "capacity_unit",
            "waiting_list_open",
            *services.ARRIVAL_FIELDS,
        )
    }
    initial["year_groups"] = [str(y) for y in event.year_groups]
    form = EventForm(
        request.POST or None,
        offers=Offer.objects.none(),
        schools=schools,
        secondaries=selectors.secondaries_for_hub(event.hub),
        initial=initial,
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, by=request.user, plan=_plan(form.cleaned_data))
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "Event saved. Booked schools and volunteers are told of any change of day, time or place.",
            )
            return redirect("encounters:event_detail", pk=event.pk)
    return render(
        request,
        "encounters/event_form.html",
        {"form": form, "hub": event.hub, "campaign": event.campaign, "event": event},
    )


@login_required
def event_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_managing(request.user, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "Event cancelled. Booked schools and volunteers have been emailed."
            )
            return redirect("encounters:event_detail", pk=event.pk)
    return render(
        request,
        "encounters/confirm.html",
        {
            "form": form,
            "title": f"Cancel {event.title}",
            "event": event,
            "explain": "Every booked school and volunteer gets an email and a calendar cancellation.",
            "button": "Cancel the event",
            "back": event,
        },
    )


class RotationForm(GovukForm):
    round_minutes = forms.IntegerField(
        label="Minutes per round", min_value=5, max_value=120, initial=20
    )
    changeover_minutes = forms.IntegerField(
        label="Minutes to change over", min_value=0, max_value=30, initial=5
    )


@login_required
def event_timetable(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_managing(request.user, pk)
    if event.kind != Event.Kind.ROTATION:
        raise Http404("Only rotation events have a rotation timetable")
    form = RotationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rounds = services.timetable_set_rotation(
                event=event, by=request.user, **form.cleaned_data
            )
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Timetable written: {rounds} rounds.")
            return redirect("encounters:event_detail", pk=event.pk)
    return render(
        request,
        "encounters/confirm.html",
        {
            "form": form,
            "title": f"Rotation timetable for {event.title}",
            "event": event,
            "explain": "Each booked class visits every employer's station once. Writing it again replaces the old timetable.",
            "button": "Write the timetable",
            "back": event,
        },
    )


@login_required
def event_calendar(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, pk)
    body = build_calendar(notifications.calendar_entry(event), cancelled=event.is_cancelled)
    response = HttpResponse(body, content_type=notifications.ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="horizons-event-{event.pk}.ics"'
    return response


@login_required
def volunteer_feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for(request.user, pk)
    me = permissions.own_volunteer(request.user)
    if me is None or not event.event_volunteers.filter(volunteer=me).exists():
        raise Http404("Not found")
    existing = VolunteerFeedback.objects.filter(event=event, volunteer=me).first()
    initial = (
        {"rating": existing.rating, "went_well": existing.went_well, "improve": existing.improve}
        if existing
        else {}
    )
    form = VolunteerFeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_feedback_save(event=event, volunteer=me, **form.cleaned_data)
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect("encounters:my_sessions")
    return render(request, "encounters/volunteer_feedback.html", {"form": form, "event": event})


@login_required
def my_sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    me = permissions.own_volunteer(request.user)
    if me is None:
        raise Http404("You do not have a volunteer profile")
    today = timezone.localdate()
    sessions = list(selectors.volunteer_sessions(me))
    given = set(VolunteerFeedback.objects.filter(volunteer=me).values_list("event_id", flat=True))
    confirmed = dict(
        EventVolunteer.objects.filter(volunteer=me, event__date__gte=today).values_list(
            "event_id", "confirmed_at"
        )
    )
    for e in sessions:
        if e.date >= today:
            e.confirmed_at = confirmed.get(e.pk)  # type: ignore[attr-defined]
            e.reply_token = volunteer_messages.reply_token(e, me)  # type: ignore[attr-defined]
    return render(
        request,
        "encounters/my_sessions.html",
        {
            "volunteer": me,
            "upcoming": [e for e in sessions if e.date >= today],
            "past": [e for e in sessions if e.date < today][::-1],
            "given": given,
            "offers": Offer.objects.filter(volunteers=me).order_by("title"),
        },
    )
