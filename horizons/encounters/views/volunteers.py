"""Volunteers kept in the loop: the one-tap reply page (no sign-in), and the facilitator's
"at risk" list with "send again" and filling a place someone gave up."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest, hub_staff_required
from horizons.encounters import selectors, services, volunteer_tokens
from horizons.encounters.forms import CannotComeForm, FillPlaceForm
from horizons.encounters.models import Event, EventVolunteer, VolunteerDropOut
from horizons.encounters.volunteer_messages import place, when
from horizons.organisations.models import Volunteer
from horizons.reports import tabular


def volunteer_reply(request: HttpRequest, token: str) -> HttpResponse:
    """ "Yes, I'll be there" / "I can't make it" from the link in a message or on the sessions
    page. Opening the link changes nothing (mail scanners open links); the tap is a POST."""
    today = timezone.localdate()
    try:
        reply = volunteer_tokens.read(token, today=today)
    except volunteer_tokens.TokenError as error:
        return render(
            request, "encounters/volunteer_reply_broken.html", {"error": str(error)}, status=400
        )
    event = Event.objects.select_related("hub", "host_school").filter(pk=reply.event_id).first()
    volunteer = Volunteer.objects.filter(pk=reply.volunteer_id).first()
    if event is None or volunteer is None:
        return render(
            request,
            "encounters/volunteer_reply_broken.html",
            {"error": "This event is no longer in Horizons. Your hub will be in touch."},
            status=404,
        )
    form = CannotComeForm(request.POST if request.POST.get("answer") == "no" else None)
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "yes":
                outcome = services.volunteer_confirm(event=event, volunteer=volunteer)
            elif answer == "no" and form.is_valid():
                outcome = services.volunteer_drop_out(
                    event=event, volunteer=volunteer, reason=form.cleaned_data["reason"]
                )
            else:
                outcome = None
        except services.EncounterError as error:
            form.add_error(None, str(error))
        else:
            if outcome is not None:
                messages.success(request, outcome.message)
                return redirect(_back(request, request.path))
    link = EventVolunteer.objects.filter(event=event, volunteer=volunteer).first()
    dropped = VolunteerDropOut.objects.filter(event=event, volunteer=volunteer).first()
    return render(
        request,
        "encounters/volunteer_reply.html",
        {
            "event": event,
            "volunteer": volunteer,
            "link": link,
            "dropped": dropped if link is None else None,
            "when": when(event),
            "place": place(event),
            "form": form,
            "asked": request.GET.get("answer", ""),
            "over": event.is_cancelled or event.date < today,
        },
    )


@hub_staff_required
def volunteers_at_risk(request: AuthenticatedHttpRequest) -> HttpResponse:
    hubs = list(permissions.hubs_facilitated_by(request.user).order_by("name"))
    campaign = None
    campaign_id = request.GET.get("campaign", "")
    if campaign_id:
        campaign = selectors.campaign_for_managing(
            request.user, int(campaign_id) if campaign_id.isdigit() else 0
        )
    today = timezone.localdate()
    rows = selectors.volunteers_at_risk(
        hub_ids=[h.pk for h in hubs], today=today, campaign=campaign
    )
    if request.GET.get("format") == "csv":
        # A list to work through by phone, away from the page: the same rows, the same scope.
        response = HttpResponse(at_risk_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="volunteers-at-risk-{today:%Y-%m-%d}.csv"'
        )
        response["Cache-Control"] = "no-store"  # volunteers' contact details
        return response
    return render(
        request,
        "encounters/volunteers_at_risk.html",
        {
            "rows": rows,
            "campaign": campaign,
            "hubs": hubs,
            "today": today,
            "window_days": selectors.volunteers.WINDOW_DAYS,
            "events_count": len({r.event.pk for r in rows}),
        },
    )


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    # Only our own pages: a path on this site, never another host.
    if target.startswith("/") and not target.startswith("//"):
        return target
    return fallback


@require_POST
@hub_staff_required
def volunteer_send_again(
    request: AuthenticatedHttpRequest, pk: int, volunteer_pk: int
) -> HttpResponse:
    event = selectors.event_for_managing(request.user, pk)
    link = permissions.get_or_404(
        EventVolunteer.objects.select_related("volunteer"), event=event, volunteer_id=volunteer_pk
    )
    try:
        services.volunteer_confirmation_resend(
            event=event, volunteer=link.volunteer, by=request.user
        )
    except services.EncounterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Asked {link.volunteer} again to confirm {event.title}.")
    return redirect(_back(request, reverse("encounters:volunteers_at_risk")))


@require_POST
@hub_staff_required
def event_fill_place(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_managing(request.user, pk)
    form = FillPlaceForm(request.POST, volunteers=selectors.volunteers_to_fill(event))
    if not form.is_valid():
        messages.error(request, "Choose a volunteer from the list to fill the place.")
    else:
        volunteer = form.cleaned_data["volunteer"]
        try:
            services.event_volunteer_add(event=event, volunteer=volunteer, by=request.user)
        except services.EncounterError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"{volunteer} is now down to help at {event.title} and has been asked to confirm.",
            )
    return redirect(reverse("encounters:event_detail", args=[event.pk]) + "#volunteers")


def at_risk_csv(rows: list[selectors.volunteers.AtRisk]) -> str:
    header = ["Date", "Time", "Event", "Volunteer", "Employer", "Problem", "What to do", "Contact"]
    lines = [
        [
            r.event.date,
            r.event.starts_at,
            r.event.title,
            f"{r.volunteer.first_name} {r.volunteer.last_name}",
            r.volunteer.employer.name if r.volunteer.employer_id else "",
            r.label + (f" ({r.detail})" if r.detail else ""),
            r.what_to_do,
            "; ".join(r.contacts),
        ]
        for r in rows
    ]
    return tabular.tables_csv([tabular.Table("Volunteers at risk", header, lines)])
