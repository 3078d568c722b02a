from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from horizons.accounts import permissions
from horizons.organisations import selectors, services
from horizons.organisations.forms import EmployerForm, VolunteerForm
from horizons.organisations.models import FSM_BANDS, WEEKDAY_SLOTS, Volunteer


@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    if not (
        permissions.is_platform_admin(request.user)
        or permissions.is_facilitator(request.user)
        or permissions.is_school_staff(request.user)
    ):
        raise Http404("Not found")
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
def school_detail(request: HttpRequest, urn: int) -> HttpResponse:
    school = permissions.school_for(request.user, urn=urn)
    return render(
        request,
        "organisations/school_detail.html",
        {"school": school, "can_manage_staff": permissions.can_manage_staff(request.user, school)},
    )


@login_required
def employer_list(request: HttpRequest) -> HttpResponse:
    employers = selectors.employer_list(user=request.user)
    if not employers.exists() and not (
        permissions.is_facilitator(request.user) or permissions.is_platform_admin(request.user)
    ):
        raise Http404("Not found")
    return render(request, "organisations/employer_list.html", {"employers": employers})


@login_required
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = permissions.employer_for(request.user, pk=pk)
    return render(
        request,
        "organisations/employer_detail.html",
        {
            "employer": employer,
            "volunteers": selectors.volunteer_list(user=request.user, employer=employer),
            "can_manage": permissions.can_manage_employer(request.user, employer),
        },
    )


@login_required
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = permissions.employer_for_editing(request.user, pk=pk)
    form = EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        services.employer_update(by=request.user, employer=employer, data=form.cleaned_data)
        messages.success(request, "Employer details saved.")
        return redirect("employer_detail", pk=employer.pk)
    return render(request, "organisations/employer_edit.html", {"form": form, "employer": employer})


@login_required
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = permissions.volunteer_for(request.user, pk=pk)
    can_edit = permissions.volunteers_editable_by(request.user).filter(pk=volunteer.pk).exists()
    return render(
        request,
        "organisations/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "can_edit": can_edit,
            "availability": [WEEKDAY_SLOTS.get(s, s) for s in volunteer.availability],
        },
    )


@login_required
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = permissions.volunteer_for_editing(request.user, pk=pk)
    form = VolunteerForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.volunteer_update(by=request.user, volunteer=volunteer, data=data)
        except services.OrganisationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Profile saved.")
            return redirect("volunteer_detail", pk=volunteer.pk)
    return render(
        request, "organisations/volunteer_edit.html", {"form": form, "volunteer": volunteer}
    )


@login_required
def my_volunteer_profile(request: HttpRequest) -> HttpResponse:
    volunteer = Volunteer.objects.filter(user=request.user).first()  # type: ignore[misc]  # login_required
    if volunteer is None:
        raise Http404("You do not have a volunteer profile")
    return redirect("volunteer_detail", pk=volunteer.pk)
