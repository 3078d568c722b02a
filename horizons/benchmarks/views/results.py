"""After submission: results, the action plan, and the PDF and spreadsheet exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.benchmarks import exports, selectors, services
from horizons.benchmarks.forms import ActionForm, ActionProgressForm
from horizons.benchmarks.framework import load_framework
from horizons.benchmarks.models import Action
from horizons.benchmarks.results import build_results
from horizons.reports.registry import Format, registry


@login_required
def audit_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_for(request.user, pk)
    if not audit.is_submitted:
        return render(request, "benchmarks/results_pending.html", {"audit": audit})
    return render(
        request,
        "benchmarks/audit_results.html",
        {
            "audit": audit,
            "results": build_results(audit),
            "can_lead": permissions.can_lead_school(request.user, audit.school),
        },
    )


@login_required
def action_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_for(request.user, pk)
    framework = load_framework(audit.framework_version)
    actions = selectors.action_plan(audit=audit)
    today = timezone.localdate()
    can_lead = permissions.can_lead_school(request.user, audit.school)
    current = selectors.latest_submitted_audit(school=audit.school)
    groups = []
    for benchmark in framework.benchmarks:
        items = [a for a in actions if a.benchmark == benchmark.number]
        if items:
            groups.append({"benchmark": benchmark, "actions": items})
    return render(
        request,
        "benchmarks/action_plan.html",
        {
            "audit": audit,
            "groups": groups,
            "today": today,
            "total": len(actions),
            "done": sum(1 for a in actions if a.status == Action.Status.DONE),
            "overdue": sum(1 for a in actions if a.is_overdue(today)),
            "can_lead": can_lead,
            "user_pk": request.user.pk,
            "is_current": current is not None and current.pk == audit.pk,
            "current": current,
        },
    )


def _action_initial(action: Action) -> dict[str, Any]:
    return {
        "benchmark": action.benchmark,
        "criterion_id": action.criterion_id,
        "text": action.text,
        "owner_user": action.owner_user,
        "achieve_by": action.achieve_by,
        "status": action.status,
        "evidence": action.evidence,
    }


@login_required
def action_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_for_leading(request.user, pk)
    framework = load_framework(audit.framework_version)
    initial = {"benchmark": request.GET.get("benchmark", "1"), "status": "not_started"}
    form = ActionForm(
        request.POST or None,
        framework=framework,
        school=audit.school,
        staff=selectors.staff_members(school=audit.school),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(audit=audit, by=request.user, data=form.cleaned_data)
        except services.BenchmarkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Action added.")
            return redirect("benchmarks:action_plan", pk=audit.pk)
    return render(
        request,
        "benchmarks/action_form.html",
        {"audit": audit, "form": form, "action": None},
        status=400 if form.errors else 200,
    )


@login_required
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_for(request.user, pk, leading=True)
    audit = action.audit
    framework = load_framework(audit.framework_version)
    form = ActionForm(
        request.POST or None,
        framework=framework,
        school=action.school,
        staff=selectors.staff_members(school=action.school),
        initial=_action_initial(action),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, by=request.user, data=form.cleaned_data)
        except services.BenchmarkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Action saved.")
            return redirect("benchmarks:action_plan", pk=audit.pk)
    return render(
        request,
        "benchmarks/action_form.html",
        {"audit": audit, "form": form, "action": action},
        status=400 if form.errors else 200,
    )


@login_required
def action_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_for(request.user, pk, leading=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.action_complete(action=action, by=request.user)
    messages.success(request, f"Marked as done: {action.text[:80]}")
    return redirect("benchmarks:action_plan", pk=action.audit_id)


@login_required
def action_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An action's page: its history for everyone who sees the plan; its owner (or the careers
    leader) also updates its status and adds a note. Anyone else's update is a 404."""
    if request.method == "POST":
        action = selectors.action_for_updating(request.user, pk)
    else:
        action = selectors.action_for(request.user, pk)
    can_update = selectors.can_update_action(request.user, action)
    form = ActionProgressForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_progress(
                action=action,
                by=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except services.BenchmarkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Action updated: {action.text[:80]}")
            if permissions.can_lead_school(request.user, action.school):
                return redirect("benchmarks:action_plan", pk=action.audit_id)
            return redirect("benchmarks:my_actions")
    return render(
        request,
        "benchmarks/action_progress.html",
        {
            "action": action,
            "form": form,
            "history": selectors.action_history(action),
            "chain": selectors.action_chain(action),
            "can_lead": permissions.can_lead_school(request.user, action.school),
            "can_update": can_update,
        },
        status=400 if form.errors else 200,
    )


@login_required
def my_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every unfinished action the signed-in member of staff owns."""
    return render(
        request,
        "benchmarks/my_actions.html",
        {"actions": selectors.my_actions(request.user), "today": timezone.localdate()},
    )


def _file_name(results_audit: Any, suffix: str) -> str:
    return f"{exports.file_stem(results_audit)}.{suffix}"


@login_required
def audit_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_for(request.user, pk)
    if not audit.is_submitted:
        messages.info(request, "Submit the audit to download it as a PDF.")
        return redirect("benchmarks:audit_detail", pk=audit.pk)
    response = HttpResponse(exports.audit_pdf(build_results(audit)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(audit, "pdf")}"'
    return response


@login_required
def audit_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_for(request.user, pk)
    if not audit.is_submitted:
        messages.info(request, "Submit the audit to download it as a spreadsheet.")
        return redirect("benchmarks:audit_detail", pk=audit.pk)
    return registry.get("benchmark-audit").download(request, audit, Format.XLSX).response()
