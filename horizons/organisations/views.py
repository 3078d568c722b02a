from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, AuthenticatedHttpRequest
from horizons.organisations import selectors, services
from horizons.organisations.forms import (
    EmployerForm,
    HubCheckValidityForm,
    SafeguardingCheckForm,
    VolunteerForm,
)
from horizons.organisations.models import FSM_BANDS, WEEKDAY_SLOTS, Volunteer


@permissions.role_required(ADMIN, Role.FACILITATOR, Role.CAREERS_LEADER, Role.TEACHER)
def school_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = {
        "query": request.GET.get("q", "").strip()[:100],
        "la_name": request.GET.get("la", ""),
        "fsm_band": request.GET.get("fsm", ""),
    }
    schools = selectors.school_list(user=request.user, **filters)
    page = Paginator(schools, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/school_list.html",
        {
            "page": page,
            "filters": filters,
            "local_authorities": selectors.local_authorities_for(request.user),
            "fsm_bands": FSM_BANDS,
        },
    )


@login_required
def school_detail(request: AuthenticatedHttpRequest, urn: int) -> HttpResponse:
    school = permissions.school_for(request.user, urn=urn)
    return render(
        request,
        "organisations/school_detail.html",
        {"school": school, "can_manage_staff": permissions.can_manage_staff(request.user, school)},
    )


@login_required
def employer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    employers = selectors.employer_list(user=request.user)
    if not employers.exists() and not (
        permissions.is_facilitator(request.user) or permissions.is_platform_admin(request.user)
    ):
        raise Http404("Not found")
    return render(request, "organisations/employer_list.html", {"employers": employers})


@login_required
def employer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employer = permissions.employer_for(request.user, pk=pk)
    return render(
        request,
        "organisations/employer_detail.html",
        {
            "employer": employer,
            "volunteers": selectors.volunteers_with_checks(
                user=request.user, employer=employer, today=timezone.localdate()
            ),
            "can_manage": permissions.can_manage_employer(request.user, employer),
            "can_record_checks": permissions.volunteers_checkable_by(request.user)
            .filter(employer=employer)
            .exists(),
        },
    )


@login_required
def employer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employer = permissions.employer_for_editing(request.user, pk=pk)
    form = EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        services.employer_update(by=request.user, employer=employer, data=form.cleaned_data)
        messages.success(request, "Employer details saved.")
        return redirect("organisations:employer_detail", pk=employer.pk)
    return render(request, "organisations/employer_edit.html", {"form": form, "employer": employer})


@login_required
def volunteer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    volunteer = permissions.volunteer_for(request.user, pk=pk)
    check = selectors.latest_check(volunteer.safeguarding_checks.select_related("verified_by"))
    can_edit = permissions.volunteers_editable_by(request.user).filter(pk=volunteer.pk).exists()
    return render(
        request,
        "organisations/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "can_edit": can_edit,
            "availability": [WEEKDAY_SLOTS.get(s, s) for s in volunteer.availability],
            "check": check,
            "check_status": selectors.status_of(check, today=timezone.localdate()),
            "can_record_check": permissions.can_record_check(request.user, volunteer),
        },
    )


@login_required
def volunteer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    volunteer = permissions.volunteer_for_editing(request.user, pk=pk)
    form = VolunteerForm(request.POST or None, instance=volunteer)
    if volunteer.user_id != request.user.pk:
        # Their mobile is for their hub's reminders: the volunteer gives it, nobody else sees it.
        del form.fields["mobile"]
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.fields}
        try:
            services.volunteer_update(by=request.user, volunteer=volunteer, data=data)
        except services.OrganisationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Profile saved.")
            return redirect("organisations:volunteer_detail", pk=volunteer.pk)
    return render(
        request, "organisations/volunteer_edit.html", {"form": form, "volunteer": volunteer}
    )


@login_required
def my_volunteer_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    volunteer = Volunteer.objects.filter(user=request.user).first()
    if volunteer is None:
        raise Http404("You do not have a volunteer profile")
    return redirect("organisations:volunteer_detail", pk=volunteer.pk)


CHECK_FILTERS = {
    "": "All volunteers",
    "expired": "Expired",
    "none": "No check",
    "unverified": "Not verified",
    "expires_soon": "Expires soon",
    "valid": "Verified",
}


@permissions.role_required(ADMIN, Role.FACILITATOR, Role.EMPLOYER_COORDINATOR)
def safeguarding_checks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every volunteer the user looks after, with where their check stands: coordinators see
    their employer's, facilitators their hub's."""
    status = request.GET.get("status", "")
    if status not in CHECK_FILTERS:
        status = ""
    volunteers = selectors.volunteers_with_checks(
        user=request.user, today=timezone.localdate(), status=status
    )
    checkable = set(permissions.volunteers_checkable_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "organisations/safeguarding_checks.html",
        {
            "volunteers": volunteers,
            "checkable": checkable,
            "status": status,
            "filters": CHECK_FILTERS,
            "hubs": selectors.hubs_with_check_settings(user=request.user),
        },
    )


@login_required
def safeguarding_check_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    volunteer = permissions.volunteer_for_checking(request.user, pk=pk)
    form = SafeguardingCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.safeguarding_check_record(
                by=request.user,
                volunteer=volunteer,
                kind=form.cleaned_data["kind"],
                checked_on=form.cleaned_data["checked_on"],
                certificate_last4=form.cleaned_data["certificate_last4"] or "",
            )
        except services.OrganisationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Safeguarding check recorded for {volunteer}.")
            return redirect("organisations:safeguarding_checks")
    return render(
        request,
        "organisations/safeguarding_check_record.html",
        {
            "form": form,
            "volunteer": volunteer,
            "valid_months": services.valid_months_for(volunteer),
        },
    )


@login_required
def hub_check_validity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    hub = permissions.facilitated_hub_for(request.user, pk=pk)
    form = HubCheckValidityForm(request.POST or None, initial={"months": hub.check_valid_months})
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_check_validity_set(
                by=request.user, hub=hub, months=form.cleaned_data["months"]
            )
        except services.OrganisationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Safeguarding checks in {hub} now stay valid for {hub.check_valid_months} months.",
            )
            return redirect("organisations:safeguarding_checks")
    return render(request, "organisations/hub_check_validity.html", {"form": form, "hub": hub})
