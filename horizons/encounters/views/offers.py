"""Employers publish activity offers; hubs and schools browse them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core.querystring import id_from_query
from horizons.core.sectors import SECTORS
from horizons.encounters import selectors, services
from horizons.encounters.forms import OfferForm
from horizons.encounters.models import Event, Offer
from horizons.encounters.scheduling import describe_weekday_slot, describe_year_groups
from horizons.organisations.models import Employer


def _offer_data(form: OfferForm) -> dict[str, object]:
    return {k: v for k, v in form.cleaned_data.items() if k != "volunteers"}


@permissions.member_required
def offer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    offers = list(selectors.offers_visible_to(user).order_by("employer__name", "title"))
    editable = set(selectors.offers_editable_by(user).values_list("pk", flat=True))
    employer_ids = permissions.coordinated_employer_ids(user)
    sessions = (
        Event.objects.filter(
            event_employers__employer_id__in=employer_ids, date__gte=timezone.localdate()
        )
        .select_related("host_school")
        .distinct()
        .order_by("date", "starts_at")[:20]
        if employer_ids
        else []
    )
    return render(
        request,
        "encounters/offer_list.html",
        {
            "offers": offers,
            "editable": editable,
            "can_create": bool(permissions.employers_offering_for(user)),
            "sessions": sessions,
        },
    )


def _employer_for_new_offer(request: HttpRequest) -> Employer:
    employers = permissions.employers_offering_for(request.user)
    if not employers:
        raise Http404("Not found")
    asked = id_from_query(request, "employer", label="employer")
    wanted = str(asked) if asked is not None else request.POST.get("employer")
    if wanted:
        for employer in employers:
            if str(employer.pk) == wanted:
                return employer
        raise Http404("Not found")
    return employers[0]


@login_required
def offer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    employer = _employer_for_new_offer(request)
    form = OfferForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                employer=employer,
                by=request.user,
                data=_offer_data(form),
                volunteers=list(form.cleaned_data["volunteers"]),
            )
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"“{offer.title}” is published.")
            return redirect("encounters:offer_detail", pk=offer.pk)
    return render(
        request, "encounters/offer_form.html", {"form": form, "employer": employer, "offer": None}
    )


@login_required
def offer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offer: Offer = selectors.offer_for(request.user, pk)
    return render(
        request,
        "encounters/offer_detail.html",
        {
            "offer": offer,
            "jobs": selectors.offer_jobs(offer),
            "years": describe_year_groups(offer.year_groups),
            "slots": [describe_weekday_slot(s) for s in offer.available_slots],
            "sectors": [SECTORS.get(s, s) for s in offer.sectors],
            "can_edit": selectors.offers_editable_by(request.user).filter(pk=offer.pk).exists(),
        },
    )


@login_required
def offer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for_editing(request.user, pk)
    form = OfferForm(request.POST or None, instance=offer, employer=offer.employer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(
                offer=offer,
                by=request.user,
                data=_offer_data(form),
                volunteers=list(form.cleaned_data["volunteers"]),
            )
        except services.EncounterError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Offer saved.")
            return redirect("encounters:offer_detail", pk=offer.pk)
    return render(
        request,
        "encounters/offer_form.html",
        {"form": form, "employer": offer.employer, "offer": offer},
    )
