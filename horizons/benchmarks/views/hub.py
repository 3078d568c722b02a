"""Hub oversight for facilitators (overview, visit notes, area meetings) and the resource library."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, AuthenticatedHttpRequest
from horizons.benchmarks import selectors, services
from horizons.benchmarks.forms import AreaMeetingForm, HubFilterForm, ResourceForm, VisitNoteForm
from horizons.benchmarks.framework import BENCHMARK_NUMBERS, load_framework
from horizons.benchmarks.models import SUBJECTS, YEAR_GROUPS, AreaMeeting, Resource
from horizons.benchmarks.terms import school_year_label, school_year_start
from horizons.core import academic_year
from horizons.core.querystring import id_from_query
from horizons.training import selectors as training_selectors

HEATMAP_PAGE_SIZE = 50


@permissions.hub_staff_required
def hub_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Schools × benchmarks heatmap with headline figures, a fixed number of queries."""
    hubs = list(permissions.hubs_facilitated_by(request.user).order_by("name"))
    form = HubFilterForm(
        request.GET or None, hubs=hubs, local_authorities=selectors.local_authorities(request.user)
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.HubFilters(
        hub=data.get("hub") or "",
        la_name=data.get("la") or "",
        fsm_band=data.get("fsm") or "",
        audited_since=data.get("since"),
        status=data.get("status") or "",
    )
    schools = selectors.filtered_schools(request.user, filters)
    figures = selectors.hub_figures(schools)
    paginator = Paginator(selectors.heatmap_page_ids(schools), HEATMAP_PAGE_SIZE)
    paginator.count = figures.schools  # already counted above; saves a query
    page = paginator.get_page(request.GET.get("page"))
    rows = selectors.heatmap_rows(cast(list[int], list(page.object_list)))
    framework = load_framework()
    today = timezone.localdate()
    # Staff CPD attended this school year (the training app): the filtered schools' total and
    # each school on the page, one query each.
    cpd_year = academic_year.start_year(today)
    cpd_totals = training_selectors.cpd_totals(schools, year=cpd_year)
    cpd_hours = training_selectors.cpd_hours_by_school(
        [row.school.pk for row in rows], year=cpd_year
    )
    return render(
        request,
        "benchmarks/hub_overview.html",
        {
            "form": form,
            "filters": filters,
            "figures": figures,
            "page": page,
            "rows": rows,
            "benchmarks": framework.benchmarks,
            "numbers": BENCHMARK_NUMBERS,
            "hubs": hubs,
            "school_year": school_year_label(today),
            "school_year_start_iso": school_year_start(today).isoformat(),
            "follow_ups": list(selectors.overdue_follow_ups(request.user, today)[:20]),
            "cpd_totals": cpd_totals,
            "cpd_hours": cpd_hours,
        },
    )


@permissions.hub_staff_required
def school_oversight(request: AuthenticatedHttpRequest, urn: int) -> HttpResponse:
    """A facilitator's page for one school: audit history, progress and visit notes."""
    school = selectors.school_overseen_by(request.user, urn)
    form = VisitNoteForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_note_create(school=school, by=request.user, **form.cleaned_data)
        except services.BenchmarkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Visit note saved.")
            return redirect("benchmarks:school_oversight", urn=school.urn)
    audits = selectors.school_audit_list(school=school)
    picture = selectors.school_picture(school=school)
    return render(
        request,
        "benchmarks/school_oversight.html",
        {
            "school": school,
            "audits": audits,
            "submitted": [a for a in audits if a.is_submitted],
            "notes": selectors.visit_notes(school=school),
            "form": form,
            "picture": picture,
            "overdue": picture.plan.overdue if picture.plan else 0,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@permissions.hub_staff_required
def follow_up_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark a visit note's follow-up as done, then go back to where the button was."""
    note = selectors.visit_note_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.visit_note_follow_up_done(note=note, by=request.user)
    except services.BenchmarkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Follow-up done: {note.follow_up[:80]}")
    if request.POST.get("next") == "overview":
        return redirect("benchmarks:hub_overview")
    return redirect("benchmarks:school_oversight", urn=note.school.urn)


@permissions.hub_staff_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "benchmarks/meeting_list.html",
        {"meetings": selectors.area_meetings_for(request.user), "today": timezone.localdate()},
    )


def _meeting_form(request: HttpRequest, meeting: AreaMeeting | None) -> AreaMeetingForm:
    initial: dict[str, Any] = {}
    if meeting is not None:
        initial = {
            "hub": meeting.hub,
            "title": meeting.title,
            "date": meeting.date,
            "location": meeting.location,
            "schools": list(meeting.schools.all()),
            "notes": meeting.notes,
        }
    return AreaMeetingForm(
        request.POST or None,
        initial=initial,
        hubs=permissions.hubs_facilitated_by(request.user).order_by("name"),
        schools=permissions.schools_overseen_by(request.user),
    )


@permissions.hub_staff_required
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _meeting_edit(request, None)


@permissions.hub_staff_required
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _meeting_edit(request, selectors.area_meeting_for(request.user, pk))


def _meeting_edit(request: HttpRequest, meeting: AreaMeeting | None) -> HttpResponse:
    form = _meeting_form(request, meeting)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.area_meeting_save(
                by=request.user, data=form.cleaned_data, meeting=meeting
            )
        except services.BenchmarkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Meeting saved.")
            return redirect("benchmarks:meeting_detail", pk=saved.pk)
    return render(
        request,
        "benchmarks/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


@permissions.hub_staff_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.area_meeting_for(request.user, pk)
    return render(request, "benchmarks/meeting_detail.html", {"meeting": meeting})


@permissions.role_required(ADMIN, Role.FACILITATOR, Role.CAREERS_LEADER, Role.TEACHER)
def resource_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    benchmark = request.GET.get("benchmark", "")
    subject = request.GET.get("subject", "")
    year_group = request.GET.get("year", "")
    resources = selectors.resources_for(
        request.user,
        benchmark=id_from_query(request, "benchmark", label="benchmark"),
        subject=subject if subject in SUBJECTS else "",
        year_group=year_group if year_group in YEAR_GROUPS else "",
    )
    return render(
        request,
        "benchmarks/resource_list.html",
        {
            "resources": resources,
            "selected": {"benchmark": benchmark, "subject": subject, "year": year_group},
            "subjects": SUBJECTS,
            "year_groups": YEAR_GROUPS,
            "benchmarks": load_framework().benchmarks,
            "can_add": permissions.can_oversee_hubs(request.user),
        },
    )


@permissions.hub_staff_required
def resource_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _resource_edit(request, None)


@permissions.hub_staff_required
def resource_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _resource_edit(request, selectors.resource_for(request.user, pk, editing=True))


def _resource_edit(request: HttpRequest, resource: Resource | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if resource is not None:
        initial = {
            "hub": resource.hub,
            "title": resource.title,
            "description": resource.description,
            "url": resource.url,
            "benchmarks": [str(n) for n in resource.benchmarks],
            "subjects": resource.subjects,
            "year_groups": resource.year_groups,
        }
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        hubs=permissions.hubs_facilitated_by(request.user).order_by("name"),
        has_file=bool(resource and resource.file),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_save(by=request.user, data=form.cleaned_data, resource=resource)
        except services.BenchmarkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Resource saved.")
            return redirect("benchmarks:resource_list")
    return render(
        request,
        "benchmarks/resource_form.html",
        {"form": form, "resource": resource},
        status=400 if form.errors else 200,
    )


@permissions.hub_staff_required
def resource_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_for(request.user, pk, editing=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.resource_delete(by=request.user, resource=resource)
    messages.success(request, f"Removed {resource.title}.")
    return redirect("benchmarks:resource_list")


@login_required
def resource_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    resource = selectors.resource_for(request.user, pk)
    if not resource.file:
        raise Http404("Not found")
    name = (resource.file.name or "resource").rsplit("/", 1)[-1]
    return FileResponse(resource.file.open("rb"), as_attachment=True, filename=name)
