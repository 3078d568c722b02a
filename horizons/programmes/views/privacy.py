"""The careers leader's data-protection pages: the school's pupil-data access log, its
retention schedule, and a subject-access export of one child's data."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core.audit_log import log_pupil_data_access
from horizons.core.privacy import pupil_data
from horizons.organisations.models import School
from horizons.programmes import retention, selectors, services_retention
from horizons.programmes.forms import RetentionForm
from horizons.programmes.models import RetentionSchedule
from horizons.programmes.services import ProgrammeError

LOG_PAGE_SIZE = 50


def _school_for_data_manager(user: permissions.AnyUser, pk: int) -> School:
    if not permissions.can_manage_pupil_data(user, pk):
        raise Http404("Not found")
    school = School.objects.filter(pk=pk).first()
    if school is None:
        raise Http404("Not found")
    return school


@pupil_data
@login_required
def school_data(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who saw the school's children's data (newest first), and how long data is kept."""
    school = _school_for_data_manager(request.user, pk)
    schedule = services_retention.schedule_for(school)
    form = RetentionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "years_after_finish": schedule.years_after_finish,
            "access_log_years": schedule.access_log_years,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_retention.retention_schedule_update(
                school=school, by=request.user, **form.cleaned_data
            )
        except ProgrammeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The retention schedule was saved.")
            return redirect("programmes:school_data", pk=school.pk)
    page = Paginator(selectors.access_log_for_school(school), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = list(page.object_list)
    names = selectors.pupil_names(school, [e.pupil_id for e in entries if e.pupil_id])
    log_pupil_data_access(request, school=school, what="Pupil data access log")
    example_finish = date(2027, 3, 10)
    return render(
        request,
        "programmes/school_data.html",
        {
            "school": school,
            "page": page,
            "rows": [(entry, names.get(entry.pupil_id or 0, "")) for entry in entries],
            "form": form,
            "schedule": schedule,
            "defaults": RetentionSchedule,
            "example_finish": example_finish,
            "example_until": retention.names_kept_until(
                example_finish, schedule.years_after_finish
            ),
        },
    )


@pupil_data
@login_required
def pupil_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Everything Horizons holds about one child, as JSON (a subject-access request)."""
    pupil = selectors.pupil_for_data_manager(request.user, pk)
    data = selectors.pupil_data_export(pupil)
    log_pupil_data_access(
        request,
        school=pupil.cohort.school,
        what="Subject-access export (everything held about the child)",
        action="export",
        pupil=pupil,
    )
    body = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pupil-{pupil.pk}-data.json"'
    return response
