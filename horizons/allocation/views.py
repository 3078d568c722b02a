from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.allocation import campaign_problem as cp
from horizons.allocation import selectors, services
from horizons.allocation.forms import HOSTING_FORMS, DecisionForm, PublishForm, RunForm
from horizons.allocation.models import AllocationDecision, AllocationRun, HostingChoice
from horizons.encounters import lifecycle
from horizons.encounters import selectors as encounter_selectors
from horizons.encounters.models import Campaign, RequestClass
from horizons.organisations.models import School, Volunteer


@permissions.hub_staff_required
def allocation_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    campaigns = list(selectors.campaigns_for_allocation(request.user))
    latest: dict[int, AllocationRun] = {}
    for run in AllocationRun.objects.filter(campaign__in=campaigns).order_by(
        "campaign_id", "-created_at"
    ):
        latest.setdefault(run.campaign_id, run)
    return render(
        request,
        "allocation/home.html",
        {"campaigns": [(c, latest.get(c.pk)) for c in campaigns]},
    )


@login_required
def campaign_allocation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = encounter_selectors.campaign_for_managing(request.user, pk)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_start(campaign=campaign, by=request.user, **form.cleaned_data)
        except services.AllocationError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("allocation:allocation_run", pk=run.pk)
    return _campaign_page(request, campaign, form)


def _campaign_page(
    request: AuthenticatedHttpRequest,
    campaign: Campaign,
    form: RunForm,
    hosting: dict[str, Any] | None = None,
) -> HttpResponse:
    problem = cp.build_problem(campaign)
    lists = selectors.hosting_lists(campaign)
    forms = {kind: cls(choices=lists) for kind, cls in HOSTING_FORMS.items()}  # type: ignore[call-arg]
    forms |= hosting or {}
    return render(
        request,
        "allocation/campaign.html",
        {
            "campaign": campaign,
            "form": form,
            "runs": campaign.allocation_runs.select_related("created_by")[:10],
            "decisions": selectors.decisions_for(campaign),
            "hosting_choices": selectors.hosting_choices_for(campaign),
            "hosting_forms": forms,
            "has_hosts": bool(lists["hosts"]),
            "schools": len(problem["schools"]),
            "classes": sum(len(s["classes"]) for s in problem["schools"]),
            "volunteers": len(problem["volunteers"]),
            "stage_refusal": lifecycle.refusal(campaign.status, "allocate"),
        },
    )


@login_required
@require_POST
def hosting_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save one of the facilitator's steers on rotation events; bad input keeps what was typed."""
    campaign = encounter_selectors.campaign_for_managing(request.user, pk)
    kind = request.POST.get("kind", "")
    if kind not in HOSTING_FORMS:
        raise Http404("Unknown kind of hosting choice")
    form = HOSTING_FORMS[kind](request.POST, choices=selectors.hosting_lists(campaign))  # type: ignore[call-arg]
    if form.is_valid():
        data = form.cleaned_data
        school_pk = data.get(f"{kind}_school") or data.get(f"{kind}_host")
        host_pk = data.get("move_host") if kind == "move" else None
        try:
            choice = services.hosting_choice_set(
                campaign=campaign,
                by=request.user,
                kind=kind,
                school=get_object_or_404(School, pk=school_pk),
                host=get_object_or_404(School, pk=host_pk) if host_pk else None,
                slots=data.get("days_slots") or (),
                max_classes=data.get("cap_classes"),
                max_pupils=data.get("cap_pupils"),
            )
        except services.AllocationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Saved for {choice.school}: {choice.get_kind_display().lower()}. Make the plan "
                "again (with rounds at rotation events) to plan around it.",
            )
            return redirect("allocation:allocation_campaign", pk=campaign.pk)
    return _campaign_page(request, campaign, RunForm(), {kind: form})


@login_required
@require_POST
def hosting_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    choice = get_object_or_404(HostingChoice, pk=pk)
    campaign = encounter_selectors.campaign_for_managing(request.user, choice.campaign_id)
    services.hosting_choice_remove(choice=choice)
    messages.success(request, "Removed. The next plan groups schools with hosts by itself.")
    return redirect("allocation:allocation_campaign", pk=campaign.pk)


@login_required
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.user, pk)
    context: dict[str, object] = {"run": run}
    if run.status in (AllocationRun.Status.DONE, AllocationRun.Status.PUBLISHED):
        review = selectors.review(run)
        context |= {
            "review": review,
            "decision_form": DecisionForm(review=review),
            "publish_form": PublishForm(),
        }
        if run.status == AllocationRun.Status.DONE:
            context["changes"] = selectors.plan_changes(run)
            context["published_runs"] = selectors.published_runs(run.campaign)
    return render(request, "allocation/run.html", context)


@login_required
def run_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Polled by the run page while the solver works; tells htmx to reload when it is done."""
    run = selectors.run_for(request.user, pk)
    response = render(request, "allocation/includes/run_status.html", {"run": run})
    if run.is_finished and request.htmx:  # type: ignore[attr-defined]  # django-htmx middleware
        response["HX-Refresh"] = "true"
    return response


@login_required
def run_school(request: AuthenticatedHttpRequest, pk: int, school_pk: int) -> HttpResponse:
    run = selectors.run_for(request.user, pk)
    if run.status not in (AllocationRun.Status.DONE, AllocationRun.Status.PUBLISHED):
        raise Http404("The plan is not ready")
    return render(
        request,
        "allocation/run_school.html",
        {"run": run, **selectors.school_review(run, school_pk)},
    )


@login_required
@require_POST
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.user, pk)
    review = selectors.review(run)
    form = DecisionForm(request.POST, review=review)
    if not form.is_valid():
        messages.error(request, "Choose a class, a volunteer and a time from the lists.")
        return redirect("allocation:allocation_run", pk=run.pk)
    data = form.cleaned_data
    volunteer = get_object_or_404(Volunteer, pk=cp.pk_of(data["volunteer"]))
    request_class = get_object_or_404(
        RequestClass.objects.select_related("request"), pk=cp.pk_of(data["request_class"])
    )
    try:
        services.decision_set(
            campaign=run.campaign,
            by=request.user,
            kind=data["kind"],
            volunteer=volunteer,
            request_class=request_class,
            slot=data["slot"],
        )
    except services.AllocationError as exc:
        messages.error(request, str(exc))
    else:
        verb = "kept in" if data["kind"] == "lock" else "kept out of"
        messages.success(
            request,
            f"{volunteer} with {request_class} on {selectors.slot_label(data['slot'])} will be {verb} "
            "the next plan. Run the allocation again to plan around it.",
        )
    return redirect("allocation:allocation_campaign", pk=run.campaign_id)


@login_required
@require_POST
def decision_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(AllocationDecision, pk=pk)
    campaign = encounter_selectors.campaign_for_managing(request.user, decision.campaign_id)
    services.decision_remove(decision=decision)
    messages.success(request, "Removed. The next run is free to choose again.")
    return redirect("allocation:allocation_campaign", pk=campaign.pk)


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.user, pk)
    form = PublishForm(request.POST)
    link = form.cleaned_data.get("online_link", "") if form.is_valid() else ""
    try:
        events = services.run_publish(run=run, by=request.user, online_link=link or "")
    except services.AllocationError as exc:
        messages.error(request, str(exc))
        return redirect("allocation:allocation_run", pk=run.pk)
    messages.success(
        request,
        f"Published {len(events)} sessions. Schools and volunteers have been sent their invitations.",
    )
    return redirect("allocation:allocation_run", pk=run.pk)
