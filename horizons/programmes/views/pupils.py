"""Staff pages about the children: class list import, consent, letters and each child's page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core.audit_log import log_pupil_data_access
from horizons.core.privacy import pupil_data
from horizons.programmes import (
    class_list,
    ics,
    mis_import,
    qr,
    selectors,
    services,
    services_contacts,
)
from horizons.programmes.activities import CHILD_ACTIVITIES
from horizons.programmes.forms import (
    OPTIONAL_LABELS,
    ColumnMappingForm,
    PupilForm,
    UploadForm,
)
from horizons.programmes.instrument import instrument
from horizons.programmes.jobs_list import jobs_from_data
from horizons.programmes.models import Cohort, CohortSession, Consent, ParentContact
from horizons.programmes.pictures import PICTURE_EMOJI

SESSION_IMPORT = "hz_programme_import_{}"
MAX_SESSION_BYTES = 2 * 1024 * 1024
SOURCE_NAMES = {"sims": "SIMS", "arbor": "Arbor", "bromcom": "Bromcom"}


def _stored_upload(request: HttpRequest, cohort: Cohort) -> tuple[str, list[str]] | None:
    """The reduced class list kept between the upload and the mapping step (never the raw
    upload: see ``class_list.reduce_upload``)."""
    stored = request.session.get(SESSION_IMPORT.format(cohort.pk))
    if not isinstance(stored, dict) or not isinstance(stored.get("table"), str):
        return None
    return stored["table"], list(stored.get("keep", []))


@pupil_data
@login_required
def cohort_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_pupil_changes(request.user, pk)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data: bytes = form.cleaned_data["file"]
        keep = form.cleaned_data["keep"]
        if len(data) > MAX_SESSION_BYTES:
            form.add_error("file", "The file is larger than 2 MB; upload one class at a time.")
        else:
            # Reduced in memory to what the mapping step can use; the upload is then dropped.
            table = class_list.reduce_upload(data, keep)
            if table is None or class_list.columns_to_map(table) is None:
                problems = list(mis_import.parse_class_list(data).errors)
                if not problems:
                    form.add_error(
                        "file",
                        "No column in the file can hold first names, surnames, year groups "
                        "or classes. Check that you exported the class list.",
                    )
            else:
                request.session[SESSION_IMPORT.format(cohort.pk)] = {"table": table, "keep": keep}
                return redirect("programmes:cohort_import_map", pk=cohort.pk)
    return render(
        request,
        "programmes/import_upload.html",
        {"form": form, "cohort": cohort, "problems": problems},
    )


@pupil_data
@login_required
def cohort_import_map(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_pupil_changes(request.user, pk)
    stored = _stored_upload(request, cohort)
    if stored is None:
        return redirect("programmes:cohort_import", pk=cohort.pk)
    data, keep = stored
    proposal = class_list.columns_to_map(data)
    if proposal is None:
        return redirect("programmes:cohort_import", pk=cohort.pk)
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None,
        headers=proposal.headers,
        proposal=dict(proposal.mapping),
        keep=keep,
    )
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        result = mis_import.parse_class_list(data, mapping=mapping, keep_optional=keep)
        if not result.ok:
            problems = list(result.errors)
        else:
            try:
                created = services.pupils_import(
                    cohort=cohort,
                    pupils=result.pupils,
                    by=request.user,
                )
            except services.PupilImportError as exc:
                problems = exc.problems
            else:
                del request.session[SESSION_IMPORT.format(cohort.pk)]
                log_pupil_data_access(
                    request,
                    school=cohort.school,
                    what=f"Imported {len(created)} children into {cohort.name}",
                    action="import",
                )
                for warning in result.warnings:
                    messages.info(request, warning)
                messages.success(request, f"Added {len(created)} children to {cohort.name}.")
                return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "programmes/import_map.html",
        {
            "form": form,
            "cohort": cohort,
            "problems": problems,
            "source": SOURCE_NAMES.get(proposal.source, ""),
            "header_row": proposal.header_row,
            "recognised": bool(proposal.mapping),
            "keep": [OPTIONAL_LABELS[k] for k in keep],
        },
    )


@pupil_data
@login_required
def cohort_consent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_pupil_changes(request.user, pk)
    pupils = list(cohort.pupils.select_related("consent").order_by("class_name", "first_name"))
    error = ""
    method = request.POST.get("method", Consent.Method.PAPER)
    if request.method == "POST":
        if method not in services.STAFF_METHODS:
            error = "Choose how parents told the school: a paper slip, or in person or by phone."
        decisions: dict[int, tuple[bool, str]] = {}
        for pupil in pupils if not error else []:
            parent = request.POST.get(f"consent-{pupil.pk}", pupil.consent.parent_consent)
            if parent not in Consent.Parent.values:
                error = "Choose yes, no or not replied for every child."
                break
            decisions[pupil.pk] = (f"applied-{pupil.pk}" in request.POST, parent)
        if not error:
            try:
                changed = services.consent_record_many(
                    cohort=cohort, decisions=decisions, by=request.user, method=method
                )
            except services.ProgrammeError as exc:
                error = str(exc)
            else:
                messages.success(request, f"Saved. {changed} children's records changed.")
                return redirect("programmes:cohort_detail", pk=cohort.pk)
    log_pupil_data_access(request, school=cohort.school, what=f"Consent for {cohort.name}")
    requests = selectors.consent_request_rows(pupils)
    failed = [
        m for row in requests for m in row.failed if row.pupil.consent.parent_consent == "pending"
    ]
    return render(
        request,
        "programmes/consent_record.html",
        {
            "cohort": cohort,
            "pupils": pupils,
            "requests": requests,
            "failed": failed,
            "failed_rows": [r for r in requests if r.failed and r.can_be_asked],
            "askable": [r for r in requests if r.can_be_asked],
            "contact_days": ParentContact.CONTACT_DAYS_AFTER_ANSWER,
            "max_requests": services_contacts.MAX_REQUESTS,
            "without_contact": sum(
                1
                for r in requests
                if not r.has_contact
                and r.pupil.consent.applied_at
                and r.pupil.consent.parent_consent == "pending"
            ),
            "error": error,
            "choices": Consent.Parent.choices,
            "methods": [(m.value, m.label) for m in services.STAFF_METHODS],
            "method": method,
        },
    )


def final_assembly(cohort: Cohort) -> CohortSession | None:
    steps = cohort.template.steps
    index = next((i for i, s in enumerate(steps) if s.kind == "celebration"), len(steps) - 1)
    return cohort.sessions.filter(step=index).first()


def _letters_context(request: HttpRequest, cohort: Cohort) -> dict[str, Any]:
    """Each child who applied, with the short link and its QR code for their letter."""
    pupils = (
        cohort.pupils.select_related("consent")
        .filter(consent__applied_at__isnull=False)
        .order_by("class_name", "first_name")
    )
    base_url = request.build_absolute_uri("/")
    letters = []
    for pupil in pupils:
        link = services_contacts.short_link(base_url, pupil.consent)
        letters.append(
            {
                "pupil": pupil,
                "link": link,
                "link_text": qr.without_scheme(link).rstrip("/"),
                "qr": qr.qr_data_uri(link),
            }
        )
    return {
        "cohort": cohort,
        "template": cohort.template,
        "letters": letters,
        "sessions": selectors.cohort_sessions(cohort),
        "assembly": final_assembly(cohort),
    }


@pupil_data
@login_required
def cohort_letters(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_staff(request.user, pk)
    context = _letters_context(request, cohort)
    log_pupil_data_access(
        request, school=cohort.school, what=f"Parents' letters for {cohort.name}", action="print"
    )
    return render(request, "programmes/letters.html", context)


@pupil_data
@login_required
def cohort_letters_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The letters as a PDF: one A4 page per child, ready to print."""
    from weasyprint import HTML  # imported here: it is slow to load and only PDFs need it

    cohort = selectors.cohort_for_staff(request.user, pk)
    context = _letters_context(request, cohort)
    log_pupil_data_access(
        request, school=cohort.school, what=f"Parents' letters for {cohort.name}", action="print"
    )
    html = render_to_string("programmes/letters_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letters-{cohort.pk}.pdf"'
    return response


def assembly_ics_response(cohort: Cohort) -> HttpResponse:
    session = final_assembly(cohort)
    if session is None or session.date is None:
        raise Http404("The final assembly has no date yet")
    start: Any = session.date
    if session.starts_at is not None:
        start = timezone.make_aware(datetime.combine(session.date, session.starts_at))
    body = ics.event_ics(
        uid=f"programme-{cohort.pk}-assembly@horizons",
        title=f"{session.title}: {cohort.template.title}",
        start=start,
        duration_minutes=session.info.duration_minutes,
        location=f"{cohort.school.name}, {cohort.school.postcode}".strip(", "),
        description=session.info.what_happens,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="final-assembly.ics"'
    return response


@pupil_data
@login_required
def cohort_assembly_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return assembly_ics_response(selectors.cohort_for_staff(request.user, pk))


@pupil_data
@login_required
def pupil_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pupil = selectors.pupil_for_staff(request.user, pk)
    cohort = pupil.cohort
    assessment = instrument(cohort.instrument_version)
    # Answers are used and shown only with a parent's yes; after a withdrawal they stay
    # hidden until the retention schedule erases them.
    answers_hidden = not pupil.consent.allows_answers
    answers = {} if answers_hidden else {(a.phase, a.item): a for a in pupil.answers.all()}
    rows = []
    for item in assessment.items:
        row: dict[str, Any] = {"item": item}
        for phase in ("pre", "post"):
            answer = answers.get((phase, item.code))
            if answer is None:
                row[phase] = None
            elif item.kind == "text":
                row[phase] = {"text": answer.text, "job": answer.job_title}
            else:
                choice = item.choice(answer.value) if answer.value is not None else None
                # Question 9 written as a list: the teacher sees the jobs behind the count.
                written = [job.text for job in jobs_from_data(answer.jobs)]
                row[phase] = {"value": answer.value, "choice": choice, "jobs": written}
        rows.append(row)
    reflections = []
    for reflection in [] if answers_hidden else pupil.reflections.all():
        activity = CHILD_ACTIVITIES.get(reflection.kind)
        if activity is None:
            continue
        parts = []
        for question in activity.questions:
            value = reflection.data.get(question.key)
            if isinstance(value, dict):
                parts.append((question.prompt, value.get("text", ""), value.get("title", "")))
            elif isinstance(value, list):
                labels = [o.label for o in (question.option(c) for c in value) if o]
                parts.append((question.prompt, ", ".join(labels), ""))
        reflections.append((activity, parts))
    attended = list(pupil.attendance.select_related("session").order_by("session__step"))
    log_pupil_data_access(request, school=cohort.school, what="Pupil page", pupil=pupil)
    return render(
        request,
        "programmes/pupil_detail.html",
        {
            "pupil": pupil,
            "cohort": cohort,
            "rows": rows,
            "reflections": reflections,
            "answers_hidden": answers_hidden,
            "consent_events": list(pupil.consent_events.select_related("recorded_by")),
            "attended": [a.session for a in attended],
            "picture_emoji": PICTURE_EMOJI.get(pupil.picture, ""),
            "can_manage": permissions.can_manage_pupil_data(request.user, cohort.school_id),
            "parent_link": request.build_absolute_uri(
                reverse("programmes:parent_consent", args=[pupil.consent.token])
            ),
        },
    )


@pupil_data
@login_required
def pupil_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pupil = selectors.pupil_for_change(request.user, pk)
    initial = {
        "first_name": pupil.first_name,
        "last_initial": pupil.last_initial,
        "class_name": pupil.class_name,
        "pupil_premium": pupil.pupil_premium,
        "send": pupil.send,
        "gender": pupil.gender or "",
    }
    form = PupilForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pupil_update(pupil=pupil, by=request.user, **form.cleaned_data)
        except services.ProgrammeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Saved.")
            return redirect("programmes:pupil_detail", pk=pupil.pk)
    log_pupil_data_access(request, school=pupil.cohort.school, what="Edit pupil", pupil=pupil)
    return render(request, "programmes/pupil_edit.html", {"form": form, "pupil": pupil})


@pupil_data
@login_required
def pupil_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pupil = selectors.pupil_for_change(request.user, pk)
    cohort = pupil.cohort
    if request.method == "POST":
        name, pupil_id = pupil.display_name, pupil.pk
        services.pupil_remove(pupil=pupil, by=request.user)
        log_pupil_data_access(
            request,
            school=cohort.school,
            what="Removed a child",
            action="delete",
            pupil_id=pupil_id,
        )
        messages.success(request, f"{name} and everything recorded about them were removed.")
        return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(request, "programmes/pupil_remove.html", {"pupil": pupil, "cohort": cohort})
