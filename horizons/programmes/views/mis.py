"""The careers leader's page for a class list synced from the school's MIS: preview, then apply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from horizons.core.audit_log import log_pupil_data_access
from horizons.core.privacy import pupil_data
from horizons.programmes import selectors, services_mis
from horizons.programmes.mis import diff
from horizons.programmes.models import MisConnection


@pupil_data
@login_required
def cohort_mis_sync(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_pupil_changes(request.user, pk)
    connection = MisConnection.objects.filter(school=cohort.school_id).first()
    plan: diff.Plan | None = None
    error = ""
    problems: list[str] = []
    if request.method == "POST":
        try:
            plan = services_mis.mis_preview(cohort=cohort, by=request.user)
        except services_mis.MisSyncError as exc:
            error, problems = str(exc), [str(p) for p in exc.problems]
        else:
            log_pupil_data_access(
                request, school=cohort.school, what=f"MIS sync preview for {cohort.name}"
            )
            if request.POST.get("action") == "apply":
                if request.POST.get("plan") != diff.fingerprint(plan):
                    error = (
                        "The MIS changed since your preview, so nothing was applied. Check the "
                        "changes below and apply them again."
                    )
                else:
                    try:
                        services_mis.mis_apply(cohort=cohort, plan=plan, by=request.user)
                    except services_mis.MisSyncError as exc:
                        error = str(exc)
                    else:
                        messages.success(
                            request,
                            f"Synced {cohort.name} with the MIS: {len(plan.joiners)} joined, "
                            f"{len(plan.leavers)} left, {len(plan.updates)} changed.",
                        )
                        return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "programmes/mis_sync.html",
        {
            "cohort": cohort,
            "connection": connection,
            "plan": plan,
            "fingerprint": diff.fingerprint(plan) if plan else "",
            "error": error,
            "problems": problems,
        },
    )
