"""Impact reports: a cohort's, and all programmes a person may see (a hub for facilitators).

Aggregated and suppressed: no page here names a child, so facilitators see them too.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import Role
from horizons.accounts.permissions import ADMIN, AuthenticatedHttpRequest
from horizons.core.privacy import pupil_data
from horizons.core.querystring import id_from_query
from horizons.organisations.models import Hub
from horizons.programmes import reports, selectors
from horizons.programmes.aspirations import PHASES
from horizons.programmes.impact import NOT_RECORDED
from horizons.programmes.models import Cohort
from horizons.programmes.templates_data import load_templates


def _context(page: reports.ImpactPage, **extra: Any) -> dict[str, Any]:
    aspirations = [
        (phase, page.aspirations.phases[phase])
        for phase in PHASES
        if phase in page.aspirations.phases
    ]
    labels = {
        key: {
            c: reports.category_label(key, c) for c in [*reports.CATEGORY_LABELS[key], NOT_RECORDED]
        }
        for key in ("gender", "pupil_premium")
    }
    return {
        "page": page,
        "aspiration_phases": aspirations,
        "aspiration_labels": labels,
        "generated": timezone.localtime(),
        **extra,
    }


def _pdf(request: HttpRequest, context: dict[str, Any], filename: str) -> HttpResponse:
    from weasyprint import HTML  # imported here: it is slow to load and only PDFs need it

    html = render_to_string("programmes/impact_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@pupil_data
@login_required
def cohort_impact(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_impact(request.user, pk)
    page = reports.build_impact_page(cohort.name, [cohort])
    can_see_pupils = selectors.cohorts_for_staff(request.user).filter(pk=cohort.pk).exists()
    return render(
        request,
        "programmes/impact.html",
        _context(page, cohort=cohort, can_see_pupils=can_see_pupils),
    )


@pupil_data
@login_required
def cohort_impact_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_impact(request.user, pk)
    page = reports.build_impact_page(cohort.name, [cohort])
    return _pdf(request, _context(page, cohort=cohort), f"impact-{cohort.pk}.pdf")


# Impact across groups: school staff see their schools', facilitators their hubs'.
_IMPACT_READERS = permissions.role_required(
    ADMIN, Role.FACILITATOR, Role.CAREERS_LEADER, Role.TEACHER
)


def _overview_scope(request: HttpRequest) -> tuple[str, list[Cohort], dict[str, Any]]:
    """Callers are open to staff and facilitators only (``_IMPACT_READERS``)."""
    user = request.user
    cohorts = selectors.cohorts_for_impact(user)
    hubs = (
        list(permissions.hubs_visible_to(user).order_by("name"))
        if permissions.is_platform_admin(user) or permissions.is_facilitator(user)
        else []
    )
    hub: Hub | None = None
    hub_id = id_from_query(request, "hub", label="hub")
    if hub_id is not None:
        hub = next((h for h in hubs if h.pk == hub_id), None)
        if hub is None:
            raise Http404("Not found")
        cohorts = cohorts.filter(school__hub=hub)
    templates = load_templates()
    programme = request.GET.get("programme", "")
    if programme:
        if programme not in templates:
            raise Http404("No such programme")
        cohorts = cohorts.filter(template_slug=programme)
    chosen = list(cohorts.order_by("school__name", "name"))
    if hub is not None:
        title = hub.name
    elif len(hubs) == 1 and not permissions.is_school_staff(user):
        title = hubs[0].name
    else:
        title = "Your programmes"
    if programme:
        title = f"{title}: {templates[programme].title}"
    filters = {
        "hubs": hubs,
        "hub": hub,
        "programmes": [(slug, t.title) for slug, t in templates.items()],
        "programme": programme,
    }
    return title, chosen, filters


@pupil_data
@_IMPACT_READERS
def impact_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    title, cohorts, filters = _overview_scope(request)
    page = reports.build_impact_page(title, cohorts)
    return render(
        request,
        "programmes/impact.html",
        _context(page, overview=True, filters=filters, query=request.GET.urlencode()),
    )


@pupil_data
@_IMPACT_READERS
def impact_overview_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    title, cohorts, _ = _overview_scope(request)
    page = reports.build_impact_page(title, cohorts)
    return _pdf(request, _context(page, overview=True), "programme-impact.pdf")
