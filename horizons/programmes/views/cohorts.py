"""Staff pages for running a programme: the list, a cohort, its sessions and its class code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, AuthenticatedHttpRequest
from horizons.core.audit_log import log_pupil_data_access
from horizons.core.privacy import pupil_data
from horizons.organisations.models import School
from horizons.programmes import child_session, qr, selectors, services, services_retention
from horizons.programmes.forms import (
    CohortEditForm,
    CohortForm,
    CohortTeachersForm,
    SessionForm,
)
from horizons.programmes.instrument import instrument
from horizons.programmes.models import Cohort
from horizons.programmes.pictures import PICTURE_EMOJI
from horizons.programmes.templates_data import get_template, load_templates


@permissions.role_required(ADMIN, Role.CAREERS_LEADER, Role.TEACHER, Role.FACILITATOR)
def programme_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    staff_cohorts = list(selectors.cohorts_for_staff(request.user).order_by("-created_at")[:100])
    hub_cohorts = []
    if permissions.is_facilitator(request.user) or permissions.is_platform_admin(request.user):
        staff_ids = {c.pk for c in staff_cohorts}
        hub_cohorts = [
            c
            for c in selectors.cohorts_for_impact(request.user).order_by("school__name", "name")[
                :200
            ]
            if c.pk not in staff_ids
        ]
    return render(
        request,
        "programmes/home.html",
        {
            "staff_cohorts": staff_cohorts,
            "hub_cohorts": hub_cohorts,
            "templates": list(load_templates().values()),
            "can_start": permissions.can_run_programmes(request.user),
            "data_schools": School.objects.filter(
                pk__in=permissions.led_school_ids(request.user)
            ).order_by("name"),
        },
    )


@permissions.role_required(ADMIN, Role.CAREERS_LEADER, Role.TEACHER, Role.FACILITATOR)
def programme_template(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    try:
        template = get_template(slug)
    except KeyError as exc:
        raise Http404("No such programme") from exc
    return render(
        request,
        "programmes/template_detail.html",
        {"template": template, "can_start": permissions.can_run_programmes(request.user)},
    )


@login_required
def cohort_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    schools = selectors.schools_for_new_cohort(request.user)
    if not permissions.can_run_programmes(request.user) or not schools.exists():
        raise Http404("Not found")
    initial = {"template_slug": request.GET.get("programme", "")}
    form = CohortForm(
        request.POST if request.method == "POST" else None, schools=schools, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = services.cohort_create(
                school=data["school"],
                template_slug=data["template_slug"],
                name=data["name"],
                year_group=data["year_group"],
                classes=data["classes"],
                by=request.user,
            )
        except services.ProgrammeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"'{cohort.name}' is ready. Next, add the class list.")
            return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(request, "programmes/cohort_form.html", {"form": form})


@pupil_data
@login_required
def cohort_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_staff(request.user, pk)
    pupils = list(selectors.cohort_pupils(cohort))
    log_pupil_data_access(request, school=cohort.school, what=f"Programme group {cohort.name}")
    total = len(instrument(cohort.instrument_version).items)
    return render(
        request,
        "programmes/cohort_detail.html",
        {
            "cohort": cohort,
            "template": cohort.template,
            "sessions": selectors.cohort_sessions(cohort),
            "pupils": pupils,
            "consent": selectors.consent_summary(cohort),
            **_sign_in_context(cohort),
            "question_total": total,
            "picture_emoji": PICTURE_EMOJI,
            "can_manage": permissions.can_manage_pupil_data(request.user, cohort.school_id),
        },
    )


@pupil_data
@login_required
def cohort_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_staff(request.user, pk)
    initial = {
        "name": cohort.name,
        "year_group": cohort.year_group,
        "classes": cohort.classes_text,
        "status": cohort.status,
        "open_phase": cohort.open_phase,
    }
    data = request.POST if request.method == "POST" else None
    form: CohortEditForm
    if permissions.can_manage_pupil_data(request.user, cohort.school_id):
        # Only the careers leader chooses who runs the group.
        initial["teachers"] = list(cohort.teachers.all())
        form = CohortTeachersForm(
            data, initial=initial, teachers=selectors.school_teachers(cohort.school)
        )
    else:
        form = CohortEditForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, by=request.user, **form.cleaned_data)
        except services.ProgrammeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Changes saved.")
            return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(request, "programmes/cohort_edit.html", {"form": form, "cohort": cohort})


def _sign_in_context(cohort: Cohort) -> dict[str, object]:
    open_now = cohort.sign_in_is_open()
    return {
        "sign_in_open": open_now,
        "sign_in_until": cohort.sign_in_open_until if open_now else None,
        "sign_in_minutes": child_session.SIGN_IN_MINUTES,
        "max_wrong": child_session.MAX_WRONG,
        "running": cohort.status == Cohort.Status.RUNNING,
    }


@pupil_data
@login_required
def cohort_board(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_staff(request.user, pk)
    short_link = request.build_absolute_uri(reverse("child_go", args=[cohort.class_code]))
    return render(
        request,
        "programmes/cohort_board.html",
        {
            "cohort": cohort,
            "sign_in_url": qr.without_scheme(
                request.build_absolute_uri(reverse("programmes:child_start"))
            ),
            "short_link": qr.without_scheme(short_link),
            "qr_code": qr.qr_data_uri(short_link),
            **_sign_in_context(cohort),
        },
    )


@pupil_data
@login_required
def cohort_sign_in_window(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Open the class code for children for a few minutes, or close it now."""
    cohort = selectors.cohort_for_staff(request.user, pk)  # someone else's cohort: 404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = (
        "programmes:cohort_board"
        if request.POST.get("next") == "board"
        else "programmes:cohort_detail"
    )
    try:
        if request.POST.get("action") == "close":
            services.sign_in_window_close(cohort=cohort, by=request.user)
            messages.success(request, "Sign-in is closed. The class code no longer works.")
        else:
            services.sign_in_window_open(cohort=cohort, by=request.user)
            until = timezone.localtime(cohort.sign_in_open_until).strftime("%H:%M")
            messages.success(request, f"Children can sign in until {until}.")
    except services.ProgrammeError as exc:
        messages.error(request, str(exc))
    return redirect(back, pk=cohort.pk)


@login_required
def cohort_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_staff(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    child_session.unlock_class_code(cohort.class_code)
    messages.success(request, "Every tablet can try again now.")
    return redirect("programmes:cohort_board", pk=cohort.pk)


@pupil_data
@login_required
def cohort_cards(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_staff(request.user, pk)
    pupils = list(
        cohort.pupils.filter(consent__applied_at__isnull=False).order_by("class_name", "first_name")
    )
    log_pupil_data_access(
        request, school=cohort.school, what=f"Picture code cards for {cohort.name}", action="print"
    )
    return render(
        request,
        "programmes/cohort_cards.html",
        {"cohort": cohort, "pupils": pupils, "picture_emoji": PICTURE_EMOJI},
    )


@pupil_data
@login_required
def cohort_session_edit(request: AuthenticatedHttpRequest, pk: int, step: int) -> HttpResponse:
    if request.method == "POST":
        # Recording attendance changes the children's records: the group's own teachers.
        cohort = selectors.cohort_for_pupil_changes(request.user, pk)
    else:
        cohort = selectors.cohort_for_staff(request.user, pk)
    session = selectors.session_for_staff(request.user, cohort, step)
    pupils = list(
        cohort.pupils.filter(consent__applied_at__isnull=False).order_by("class_name", "first_name")
    )
    volunteers = selectors.local_volunteers(cohort.school)
    initial = {
        "date": session.date,
        "starts_at": session.starts_at,
        "held": session.held,
        "volunteers": list(session.volunteers.all()),
        "present": [str(pk) for pk in session.attendance.values_list("pupil_id", flat=True)],
    }
    posted: QueryDict | None = request.POST if request.method == "POST" else None
    # "Tick everyone" without JavaScript: the page comes back with every child ticked, nothing
    # saved yet, so the teacher unticks the few who were away and then saves.
    ticking_everyone = posted is not None and "select_all" in posted
    if posted is not None and ticking_everyone:
        posted = posted.copy()
        posted.setlist("present", [str(p.pk) for p in pupils])
    form = SessionForm(
        posted,
        initial=initial,
        volunteers=volunteers,
        pupils=pupils,
        with_professionals=session.info.professionals_attend,
    )
    if request.method == "POST" and not ticking_everyone and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_update(
                session=session,
                by=request.user,
                date=data["date"],
                starts_at=data["starts_at"],
                held=data["held"],
                volunteers=data.get("volunteers") or [],
                present_pupil_ids=[int(v) for v in data["present"]],
            )
        except services.ProgrammeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"'{session.title}' saved.")
            return redirect("programmes:cohort_detail", pk=cohort.pk)
    log_pupil_data_access(request, school=cohort.school, what=f"Attendance for {session}")
    return render(
        request,
        "programmes/session_edit.html",
        {"form": form, "cohort": cohort, "session": session, "step": session.info},
    )


@permissions.role_required(ADMIN, Role.EMPLOYER_COORDINATOR, Role.VOLUNTEER)
def programme_visits(request: AuthenticatedHttpRequest) -> HttpResponse:
    """For volunteers and employers: the sessions they attend, with no pupil data."""
    return render(
        request,
        "programmes/visits.html",
        {"sessions": list(selectors.sessions_for_visitor(request.user))},
    )


@pupil_data
@login_required
def cohort_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The careers leader deletes a group and everything about its children, after a page
    that says exactly what will go and asks them to type the group's name."""
    cohort = selectors.cohort_for_data_manager(request.user, pk)
    held = services_retention.data_held(pupil_ids=list(cohort.pupils.values_list("pk", flat=True)))
    error = ""
    typed = ""
    if request.method == "POST":
        typed = request.POST.get("confirm_name", "")[:200]
        school, name, cohort_id = cohort.school, cohort.name, cohort.pk
        try:
            removed = services_retention.cohort_delete(
                cohort=cohort, by=request.user, confirm_name=typed
            )
        except services.ProgrammeError as exc:
            error = str(exc)
        else:
            log_pupil_data_access(
                request,
                school=school,
                what=f"Deleted programme group {cohort_id} and its {removed.pupils} children",
                action="delete",
            )
            messages.success(
                request,
                f"'{name}' was deleted with its {removed.pupils} children and everything "
                "recorded about them.",
            )
            return redirect("programmes:programme_home")
    return render(
        request,
        "programmes/cohort_delete.html",
        {"cohort": cohort, "held": held, "error": error, "typed": typed},
    )
