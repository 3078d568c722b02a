"""Facilitators run campaigns; schools send requests to them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core.querystring import id_from_query
from horizons.encounters import lifecycle, selectors, services
from horizons.encounters.campaign_templates import NATIONAL_CAREERS_WEEK, national_careers_week
from horizons.encounters.forms import (
    CampaignForm,
    CampaignTemplateForm,
    ClassFormSet,
    InviteForm,
    RequestForm,
    filled_classes,
)
from horizons.encounters.models import Campaign, Event, SchoolRequest
from horizons.encounters.scheduling import campaign_slots
from horizons.organisations.models import FSM_BANDS, Employer, Hub, School
from horizons.organisations.selectors import schools_in_fsm_band


@permissions.member_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "encounters/campaign_list.html",
        {
            "campaigns": selectors.campaign_list(user=user),
            "can_create": permissions.is_platform_admin(user) or permissions.is_facilitator(user),
        },
    )


def _hubs_for_new_campaign(request: HttpRequest) -> list[Hub]:
    return list(permissions.hubs_facilitated_by(request.user))


@login_required
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    hubs = _hubs_for_new_campaign(request)
    if not hubs:
        raise Http404("Not found")
    hub_id = id_from_query(request, "hub", label="hub")
    hub = hubs[0] if hub_id is None else next((h for h in hubs if h.pk == hub_id), None)
    if hub is None:
        raise Http404("Not found")
    initial: dict[str, Any] = {"area": hub.area, "kind": Campaign.Kind.CAMPAIGN}
    template_form = CampaignTemplateForm(
        request.GET if "template" in request.GET else None,
        today=timezone.localdate(),
        initial={"template": NATIONAL_CAREERS_WEEK},
    )
    if template_form.is_bound and template_form.is_valid():
        week = national_careers_week(template_form.cleaned_data["year"])
        initial.update(
            kind=week.kind,
            name=week.name,
            description=week.description,
            starts_on=week.starts_on,
            ends_on=week.ends_on,
            requests_close_on=week.requests_close_on,
        )
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(hub=hub, by=request.user, data=form.cleaned_data)
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{campaign.name} is set up as a draft: only your hub can see it. "
                "Open it for requests when you are ready to invite schools and employers.",
            )
            return redirect("encounters:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "encounters/campaign_form.html",
        {"form": form, "hub": hub, "campaign": None, "template_form": template_form},
        status=400 if template_form.errors else 200,
    )


@login_required
def campaign_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for_managing(request.user, pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(campaign=campaign, by=request.user, data=form.cleaned_data)
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Campaign saved.")
            return redirect("encounters:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "encounters/campaign_form.html",
        {
            "form": form,
            "hub": campaign.hub,
            "campaign": campaign,
            "refusal": lifecycle.refusal(campaign.status, "edit"),
        },
    )


@login_required
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for(request.user, pk)
    manages = permissions.can_manage_hub(request.user, campaign.hub_id)
    today = timezone.localdate()
    events = (
        Event.objects.filter(campaign=campaign)
        .select_related("host_school")
        .prefetch_related("employers")
        .order_by("date", "starts_at")
    )
    my_schools = list(permissions.schools_editable_by(request.user).filter(hub_id=campaign.hub_id))
    my_requests = {
        r.school_id: r
        for r in SchoolRequest.objects.filter(campaign=campaign, school__in=my_schools)
    }
    return render(
        request,
        "encounters/campaign_detail.html",
        {
            "campaign": campaign,
            "manages": manages,
            "events": events,
            "visible_events": set(
                selectors.events_visible_to(request.user)
                .filter(campaign=campaign)
                .values_list("pk", flat=True)
            ),
            "accepts_requests": campaign.accepts_requests(today),
            "accepts_bookings": campaign.accepts_bookings(today),
            "my_schools": [(s, my_requests.get(s.pk)) for s in my_schools],
            "request_count": campaign.requests.count() if manages else None,
            "invited": campaign.invitations.count() if manages else None,
            "quotes": selectors.consented_quotes(campaign, limit=4),
            "days": len(campaign_slots(campaign.starts_on, campaign.ends_on)) // 2,
            "stage": _stage(campaign) if manages else None,
        },
    )


def _stage(campaign: Campaign) -> dict[str, object]:
    """What the facilitator can do at this stage of the campaign, and why not the rest."""
    status = campaign.status
    return {
        "stages": [(s, Campaign.Status(s).label, s == status) for s in lifecycle.ORDER],
        "next": lifecycle.NEXT.get(status),
        "invite": lifecycle.refusal(status, "invite"),
        "add_event": lifecycle.refusal(status, "add_event"),
        "edit": lifecycle.refusal(status, "edit"),
        "allocate": lifecycle.refusal(status, "allocate"),
    }


@login_required
@require_POST
def campaign_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move the campaign one stage on; an out-of-order or stale press changes nothing."""
    campaign = selectors.campaign_for_managing(request.user, pk)
    try:
        services.campaign_move(
            campaign=campaign,
            by=request.user,
            to=request.POST.get("to", ""),
            seen=request.POST.get("seen") or None,
        )
    except services.EncounterError as exc:
        messages.error(request, str(exc))
    else:
        campaign.refresh_from_db(fields=["status"])
        messages.success(request, f"{campaign.name} is now {lifecycle.LABELS[campaign.status]}.")
    return redirect("encounters:campaign_detail", pk=campaign.pk)


@login_required
def campaign_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite schools (filtered by local authority and FSM band) and employers of the hub."""
    campaign = selectors.campaign_for_managing(request.user, pk)
    refusal = lifecycle.refusal(campaign.status, "invite")
    invited = campaign.invitations.all()
    hub_schools = School.objects.filter(hub=campaign.hub)
    not_invited = hub_schools.exclude(
        pk__in=invited.exclude(school__isnull=True).values("school_id")
    )
    local_authorities = list(
        hub_schools.exclude(la_name="")
        .order_by("la_name")
        .values_list("la_name", flat=True)
        .distinct()
    )
    la = request.GET.get("la", "")
    fsm = request.GET.get("fsm", "")
    la = la if la in local_authorities else ""
    fsm = fsm if fsm in FSM_BANDS else ""
    schools = not_invited.filter(la_name=la) if la else not_invited
    schools = schools_in_fsm_band(schools, fsm).order_by("name")
    employers = (
        Employer.objects.filter(hub=campaign.hub)
        .exclude(pk__in=invited.exclude(employer__isnull=True).values("employer_id"))
        .order_by("name")
    )
    shown = schools.count()
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        schools=schools,
        employers=employers,
        shown=shown,
    )
    if request.method == "POST" and form.is_valid():
        chosen = (
            list(schools)
            if form.cleaned_data["all_schools"]
            else list(form.cleaned_data["schools"])
        )
        try:
            count = services.campaign_invite(
                campaign=campaign,
                by=request.user,
                schools=chosen,
                employers=list(form.cleaned_data["employers"]),
            )
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            if count:
                messages.success(request, f"{count} invitation{'s' if count != 1 else ''} sent.")
            else:
                messages.info(request, "Nobody new was chosen, so no invitations were sent.")
            return redirect("encounters:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "encounters/campaign_invite.html",
        {
            "campaign": campaign,
            "form": form,
            "refusal": refusal,
            "already": invited.select_related("school", "employer").order_by("invited_at"),
            "local_authorities": local_authorities,
            "fsm_bands": FSM_BANDS,
            "la": la,
            "fsm": fsm,
            "shown": shown,
            "not_invited": not_invited.count(),
            "hub_school_count": hub_schools.count(),
            "invited_schools": invited.filter(school__isnull=False).count(),
            "invited_employers": invited.filter(employer__isnull=False).count(),
            "filter_query": request.GET.urlencode(),
        },
    )


@login_required
def campaign_requests(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for_managing(request.user, pk)
    requests = list(selectors.campaign_requests(campaign))
    classes = [c for r in requests for c in r.classes.all()]
    return render(
        request,
        "encounters/campaign_requests.html",
        {
            "campaign": campaign,
            "requests": requests,
            "class_count": len(classes),
            "pupil_count": sum(c.pupils for c in classes),
            "hosts": sum(1 for r in requests if r.can_host),
            "slot_labels": dict(campaign_slots(campaign.starts_on, campaign.ends_on)),
        },
    )


@login_required
def request_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A school's request to a campaign: classes, half-days, hosting and hopes."""
    school = selectors.encounter_school_for(
        request.user, id_from_query(request, "school", label="school")
    )
    campaign = selectors.campaign_for(request.user, pk)
    if campaign.hub_id != school.hub_id:
        raise Http404("Not found")
    existing = SchoolRequest.objects.filter(campaign=campaign, school=school).first()
    initial: dict[str, object] = {"online_ok": True}
    class_initial: list[dict[str, object]] = [{}, {}, {}]
    if existing:
        initial = {
            "slots": existing.slots,
            "can_host": existing.can_host,
            "host_pupils": existing.host_pupils,
            "online_ok": existing.online_ok,
            "sectors_wanted": existing.sectors_wanted,
            "hopes": existing.hopes,
        }
        class_initial = [
            {"name": c.name, "year_group": c.year_group, "pupils": c.pupils}
            for c in existing.classes.all()
        ] + [{}]
    form = RequestForm(request.POST or None, campaign=campaign, initial=initial)
    formset = ClassFormSet(request.POST or None, initial=class_initial, prefix="classes")
    open_now = campaign.accepts_requests(timezone.localdate())
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.request_save(
                campaign=campaign,
                school=school,
                by=request.user,
                classes=filled_classes(formset),
                slots=data["slots"],
                can_host=data["can_host"],
                host_pupils=data["host_pupils"],
                online_ok=data["online_ok"],
                hopes=data["hopes"],
                sectors_wanted=data["sectors_wanted"],
            )
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Your request for {campaign.name} is in. The hub will be in touch."
            )
            return redirect(f"{_school_url()}?school={school.urn}")
    return render(
        request,
        "encounters/request_form.html",
        {
            "campaign": campaign,
            "school": school,
            "form": form,
            "formset": formset,
            "existing": existing,
            "open_now": open_now,
        },
    )


def _school_url() -> str:
    from django.urls import reverse

    return reverse("encounters:encounters_school")
