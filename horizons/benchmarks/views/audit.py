"""The careers leader's audit journey: start, answer section by section (autosave), submit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import reswap, retarget

from horizons.accounts import permissions
from horizons.accounts.permissions import AnyUser, AuthenticatedHttpRequest
from horizons.benchmarks import selectors, services
from horizons.benchmarks.evidence import evidence_for
from horizons.benchmarks.forms import AuditStartForm
from horizons.benchmarks.framework import Benchmark, Criterion, load_framework
from horizons.benchmarks.models import Audit, AuditAnswer
from horizons.benchmarks.scoring import State
from horizons.benchmarks.terms import term_choices

STATE_OPTIONS = [(state.value, state.label) for state in State]


@login_required
def benchmark_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff see their school's audits; facilitators and admins go to the hub overview."""
    schools = list(selectors.staff_schools(request.user))
    if not schools:
        if permissions.can_oversee_hubs(request.user):
            return redirect("benchmarks:hub_overview")
        raise Http404("Not found")
    if len(schools) == 1:
        return redirect("benchmarks:school_audits", urn=schools[0].urn)
    return render(request, "benchmarks/home.html", {"schools": schools})


@login_required
def school_audits(request: AuthenticatedHttpRequest, urn: int) -> HttpResponse:
    school = permissions.school_for(request.user, urn=urn)
    audits = selectors.school_audit_list(school=school)
    draft = next((audit for audit in audits if not audit.is_submitted), None)
    progress = selectors.audit_progress(audit=draft) if draft else []
    return render(
        request,
        "benchmarks/school_audits.html",
        {
            "school": school,
            "audits": audits,
            "draft": draft,
            "draft_complete": sum(1 for p in progress if p.complete),
            "can_lead": permissions.can_lead_school(request.user, school),
            "overdue": selectors.overdue_action_count(school=school),
            "latest": next((audit for audit in audits if audit.is_submitted), None),
        },
    )


@login_required
def audit_start(request: AuthenticatedHttpRequest, urn: int) -> HttpResponse:
    school = permissions.school_for(request.user, urn=urn)
    if not permissions.can_lead_school(request.user, school):
        raise Http404("Not found")
    draft = selectors.draft_audit(school=school)
    if draft is not None:
        messages.info(request, f"You already have an audit in progress ({draft.term}).")
        return redirect("benchmarks:audit_detail", pk=draft.pk)
    last = selectors.latest_submitted_audit(school=school)
    form = AuditStartForm(
        request.POST or None, terms=term_choices(timezone.localdate()), can_copy=last is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_start(
                school=school,
                by=request.user,
                term=form.cleaned_data["term"],
                copy_last=form.cleaned_data.get("start_from") == "copy",
            )
        except services.BenchmarkError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("benchmarks:audit_section", pk=audit.pk, number=1)
    return render(
        request, "benchmarks/audit_start.html", {"school": school, "form": form, "last": last}
    )


@login_required
def audit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_for(request.user, pk)
    progress = selectors.audit_progress(audit=audit)
    return render(
        request,
        "benchmarks/audit_detail.html",
        {
            "audit": audit,
            "progress": progress,
            "complete_sections": sum(1 for p in progress if p.complete),
            "can_edit": _can_edit(request.user, audit),
        },
    )


def _can_edit(user: AnyUser, audit: Audit) -> bool:
    return not audit.is_submitted and permissions.can_lead_school(user, audit.school)


def _slug(criterion_id: str) -> str:
    return criterion_id.replace(".", "-")


def _criterion_context(
    criterion: Criterion,
    answer: AuditAnswer | None,
    *,
    typed: dict[str, str] | None = None,
    error: str = "",
    saved_message: str = "",
) -> dict[str, Any]:
    """What the criterion partial needs; ``typed`` keeps what a person entered after an error."""
    state = typed.get("state") if typed is not None else (answer.state if answer else "")
    note = typed.get("note") if typed is not None else (answer.evidence_note if answer else "")
    return {
        "criterion": criterion,
        "slug": _slug(criterion.id),
        "answer": answer,
        "state": state or "",
        "note": note or "",
        "version": answer.version if answer else 0,
        "error": error,
        "saved_message": saved_message,
    }


def _section_context(
    request: HttpRequest,
    audit: Audit,
    benchmark: Benchmark,
    answers: dict[str, AuditAnswer],
    overrides: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    framework = load_framework(audit.framework_version)
    progress = selectors.section_progress(framework, answers)
    overrides = overrides or {}
    items = [
        overrides.get(c.id) or _criterion_context(c, answers.get(c.id)) for c in benchmark.criteria
    ]
    this = progress[benchmark.number - 1]
    return {
        "audit": audit,
        "benchmark": benchmark,
        "items": items,
        "progress": progress,
        "section": this,
        "complete_sections": sum(1 for p in progress if p.complete),
        "state_options": STATE_OPTIONS,
        "evidence": evidence_for(audit.school, benchmark.number),
        "can_edit": _can_edit(request.user, audit),
        "next_number": benchmark.number + 1 if benchmark.number < 8 else None,
        "previous_number": benchmark.number - 1 if benchmark.number > 1 else None,
        "errors": [o["error"] for o in overrides.values() if o.get("error")],
    }


@login_required
def audit_section(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    """One benchmark's criteria. Autosaves with htmx; without script the Save button posts."""
    audit = selectors.audit_for(request.user, pk)
    framework = load_framework(audit.framework_version)
    try:
        benchmark = framework.benchmark(number)
    except KeyError:
        raise Http404("Not found") from None
    answers = selectors.answers_by_criterion(audit=audit)
    if request.method != "POST":
        return render(
            request,
            "benchmarks/audit_section.html",
            _section_context(request, audit, benchmark, answers),
        )
    if not permissions.can_lead_school(request.user, audit.school):
        raise Http404("Not found")
    if audit.is_submitted:
        messages.error(request, services.closed_message(audit))
        return redirect("benchmarks:audit_section", pk=audit.pk, number=number)
    overrides = _save_section(request, audit, benchmark, answers)
    if any(o.get("error") for o in overrides.values()):
        answers = selectors.answers_by_criterion(audit=audit)
        response = render(
            request,
            "benchmarks/audit_section.html",
            _section_context(request, audit, benchmark, answers, overrides),
        )
        response.status_code = 400
        return response
    messages.success(request, f"Benchmark {number} saved.")
    if "continue" in request.POST and number < 8:
        return redirect("benchmarks:audit_section", pk=audit.pk, number=number + 1)
    if "continue" in request.POST:
        return redirect("benchmarks:audit_detail", pk=audit.pk)
    return redirect("benchmarks:audit_section", pk=audit.pk, number=number)


def _save_section(
    request: HttpRequest, audit: Audit, benchmark: Benchmark, answers: dict[str, AuditAnswer]
) -> dict[str, dict[str, Any]]:
    """Save each criterion whose answer changed; return the ones that failed, with their errors."""
    failed: dict[str, dict[str, Any]] = {}
    for criterion in benchmark.criteria:
        state = request.POST.get(f"state-{criterion.id}", "")
        note = request.POST.get(f"note-{criterion.id}", "").strip()
        version = _int(request.POST.get(f"version-{criterion.id}"))
        current = answers.get(criterion.id)
        typed = {"state": state, "note": note}
        if not state:
            if note:
                failed[criterion.id] = _criterion_context(
                    criterion,
                    current,
                    typed=typed,
                    error=f"Choose an answer for criterion {criterion.id} to save its note.",
                )
            continue
        if current and current.state == state and current.evidence_note == note:
            continue
        try:
            services.audit_answer_save(
                audit=audit,
                by=request.user,
                criterion_id=criterion.id,
                state=state,
                evidence_note=note,
                expected_version=version,
            )
        except services.StaleAnswerError as exc:
            # Keep what they typed; the page now carries the newer version, so saving again
            # deliberately replaces the other answer.
            failed[criterion.id] = _criterion_context(
                criterion,
                exc.current,
                typed=typed,
                error=f"{exc.summary} Save again to replace it with your answer.",
            )
        except services.BenchmarkError as exc:
            failed[criterion.id] = _criterion_context(
                criterion, current, typed=typed, error=str(exc)
            )
    return failed


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


@login_required
def audit_answer(request: AuthenticatedHttpRequest, pk: int, criterion_id: str) -> HttpResponse:
    """Autosave one criterion (htmx). Replies with a small status partial."""
    audit = selectors.audit_for_leading(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    framework = load_framework(audit.framework_version)
    state = request.POST.get(f"state-{criterion_id}", "")
    note = request.POST.get(f"note-{criterion_id}", "")
    version = _int(request.POST.get(f"version-{criterion_id}"))
    status_template = "benchmarks/includes/save_status.html"
    context: dict[str, Any] = {
        "slug": _slug(criterion_id),
        "criterion_id": criterion_id,
        "version": version,
    }
    if not framework.has_criterion(criterion_id):
        context["error"] = (
            f"There is no criterion {criterion_id!r} in framework version {framework.version}, "
            "so that answer was not saved."
        )
        return _partial(request, status_template, context, audit, status=400)
    criterion = framework.criterion(criterion_id)
    if not state:
        context["error"] = "Choose an answer first; your note will be saved with it."
        return _partial(request, status_template, context, audit, status=400)
    try:
        saved = services.audit_answer_save(
            audit=audit,
            by=request.user,
            criterion_id=criterion_id,
            state=state,
            evidence_note=note,
            expected_version=version,
        )
    except services.StaleAnswerError as exc:
        # Show the newer answer in place of this criterion, so autosave cannot silently
        # overwrite it; changing it again is then a deliberate choice.
        item = _criterion_context(criterion, exc.current, error=str(exc))
        response = _partial(
            request,
            "benchmarks/includes/criterion.html",
            {
                "item": item,
                "audit": audit,
                "state_options": STATE_OPTIONS,
                "can_edit": True,
            },
            audit,
            status=409,
        )
        if _is_htmx(request):
            response = reswap(retarget(response, f"#criterion-{_slug(criterion_id)}"), "outerHTML")
        return response
    except services.BenchmarkError as exc:
        context["error"] = str(exc)
        return _partial(request, status_template, context, audit, status=409)
    answered = audit.answers.values_list("criterion_id", flat=True)
    context.update(
        version=saved.answer.version,
        saved_at=timezone.localtime(saved.answer.updated_at),
        section=selectors.section_progress(framework, answered)[criterion.benchmark - 1],
        oob=True,
    )
    return _partial(request, status_template, context, audit)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))  # set by django_htmx's middleware


def _partial(
    request: HttpRequest, template: str, context: dict[str, Any], audit: Audit, status: int = 200
) -> HttpResponse:
    if not _is_htmx(request):
        # Without script this endpoint is not used; send people back to the section page.
        message = context.get("error") or (context.get("item") or {}).get("error")
        if message:
            messages.error(request, message)
        return redirect(reverse("benchmarks:audit_detail", args=[audit.pk]))
    # htmx swaps only successful responses by default, so errors go out as 200 with the message
    # in the partial; the real status travels in a header for tests and logs.
    response = render(request, template, context)
    response["X-Horizons-Status"] = str(status)
    return response


@login_required
def audit_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_for_leading(request.user, pk)
    if audit.is_submitted:
        messages.info(request, "This audit has already been submitted.")
        return redirect("benchmarks:audit_results", pk=audit.pk)
    progress = selectors.audit_progress(audit=audit)
    error = ""
    if request.method == "POST":
        try:
            services.audit_submit(audit=audit, by=request.user)
        except services.BenchmarkError as exc:
            error = str(exc)
        else:
            messages.success(request, "Audit submitted. Your action plan has been drafted from it.")
            return redirect("benchmarks:audit_results", pk=audit.pk)
    return render(
        request,
        "benchmarks/audit_submit.html",
        {
            "audit": audit,
            "progress": progress,
            "complete_sections": sum(1 for p in progress if p.complete),
            "error": error,
        },
        status=400 if error else 200,
    )
