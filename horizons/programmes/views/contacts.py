"""Parents' contacts for a group, and consent requests by email or text from the consent page.

Contacts are children's data: the page is the school's staff only (404 for anyone else) and
every visit is in the access log. They are used only to ask for consent and are deleted soon
after (docs/retention.md).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core.audit_log import log_pupil_data_access
from horizons.core.privacy import pupil_data
from horizons.programmes import selectors, services_contacts
from horizons.programmes.contacts_csv import parse_contacts_csv
from horizons.programmes.forms import ContactsUploadForm
from horizons.programmes.models import Cohort, ParentContact


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _national(mobile: str) -> str:
    """+447700900123 → 07700 900123, as people write it."""
    if mobile.startswith("+44") and len(mobile) == 13:
        return f"0{mobile[3:7]} {mobile[7:]}"
    return mobile


def _saved_message(saved: services_contacts.ContactsSaved) -> str:
    parts = [
        f"{saved.added} added" if saved.added else "",
        f"{saved.changed} changed" if saved.changed else "",
        f"{saved.removed} removed" if saved.removed else "",
    ]
    said = ", ".join(p for p in parts if p)
    return f"Parents' contacts saved: {said}." if said else "No contacts changed."


@pupil_data
@login_required
def cohort_contacts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_pupil_changes(request.user, pk)
    pupils = selectors.cohort_contact_rows(cohort)
    typed: dict[int, tuple[str, str]] = {
        p.pk: (c.email, _national(c.mobile)) if c else ("", "") for p, c in pupils
    }
    problems: list[Any] = []
    upload = ContactsUploadForm()
    if request.method == "POST" and request.POST.get("action") == "upload":
        upload = ContactsUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            rows, problems = parse_contacts_csv(upload.cleaned_data["file"])
            if problems:
                # Every problem at once: rows that read well but name no child too.
                _, unmatched = services_contacts.match_rows(cohort=cohort, rows=rows)
                problems = sorted([*problems, *unmatched], key=lambda p: p.row)
            else:
                try:
                    saved = services_contacts.contacts_import(
                        cohort=cohort, rows=rows, by=request.user
                    )
                except services_contacts.ContactsError as exc:
                    problems = exc.problems
                else:
                    return _saved(request, cohort, saved, "Uploaded parents' contacts")
    elif request.method == "POST":
        typed = {
            p.pk: (request.POST.get(f"email-{p.pk}", ""), request.POST.get(f"mobile-{p.pk}", ""))
            for p, _ in pupils
        }
        try:
            saved = services_contacts.contacts_save(cohort=cohort, rows=typed, by=request.user)
        except services_contacts.ContactsError as exc:
            problems = exc.problems
        else:
            return _saved(request, cohort, saved, "Changed parents' contacts")
    log_pupil_data_access(
        request, school=cohort.school, what=f"Parents' contacts for {cohort.name}"
    )
    field_errors = {p.field: p.message for p in problems if getattr(p, "field", "")}
    table = [
        {
            "number": number,
            "pupil": pupil,
            "email": typed[pupil.pk][0],
            "mobile": typed[pupil.pk][1],
            "email_error": field_errors.get(f"email-{pupil.pk}", ""),
            "mobile_error": field_errors.get(f"mobile-{pupil.pk}", ""),
        }
        for number, (pupil, _) in enumerate(pupils, start=1)
    ]
    return render(
        request,
        "programmes/contacts.html",
        {
            "cohort": cohort,
            "rows": table,
            "problems": problems,
            "upload": upload,
            "days": ParentContact.CONTACT_DAYS_AFTER_ANSWER,
        },
    )


def _saved(
    request: AuthenticatedHttpRequest,
    cohort: Cohort,
    saved: services_contacts.ContactsSaved,
    what: str,
) -> HttpResponse:
    log_pupil_data_access(
        request, school=cohort.school, what=f"{what} for {cohort.name}", action="change"
    )
    messages.success(request, _saved_message(saved))
    return redirect("programmes:cohort_consent", pk=cohort.pk)


@pupil_data
@login_required
def cohort_consent_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send requests to the ticked children's parents, or remind those who have not answered."""
    cohort = selectors.cohort_for_pupil_changes(request.user, pk)  # someone else's: 404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    base_url = request.build_absolute_uri("/")
    try:
        if request.POST.get("action") == "remind":
            result = services_contacts.consent_reminders_send(
                cohort=cohort, base_url=base_url, by=request.user
            )
        else:
            chosen = [int(v) for v in request.POST.getlist("pupil") if v.isdigit()]
            rounds = {
                pupil_id: int(request.POST.get(f"round-{pupil_id}", "0") or 0)
                for pupil_id in chosen
                if request.POST.get(f"round-{pupil_id}", "").isdigit()
            }
            result = services_contacts.consent_requests_send(
                cohort=cohort, pupil_ids=chosen, rounds=rounds, base_url=base_url, by=request.user
            )
    except services_contacts.ProgrammeError as exc:
        messages.error(request, str(exc))
        return redirect("programmes:cohort_consent", pk=cohort.pk)
    log_pupil_data_access(
        request,
        school=cohort.school,
        what=f"Sent consent requests for {cohort.name}",
        action="change",
    )
    reminder = request.POST.get("action") == "remind"
    sent = _plural(result.messages, "message", "messages")
    head = (
        f"{'Reminded' if reminder else 'Sent'} {sent} to the parents of "
        f"{_plural(result.pupils, 'child', 'children')}."
    )
    skipped = [
        f"{_plural(result.no_contact, 'child has', 'children have')} no parent's contact"
        if result.no_contact
        else "",
        f"{_plural(result.answered, 'child was', 'children were')} not waiting for an answer"
        if result.answered
        else "",
        f"{_plural(result.already_sent, 'request was', 'requests were')} sent already"
        if result.already_sent
        else "",
        f"{_plural(result.too_recent, 'parent was', 'parents were')} asked less than 3 days ago"
        if result.too_recent
        else "",
        f"{_plural(result.at_most, 'parent has', 'parents have')} been asked "
        f"{services_contacts.MAX_REQUESTS} times already"
        if result.at_most
        else "",
    ]
    skipped_text = "; ".join(s for s in skipped if s)
    text = f"{head} Skipped: {skipped_text}." if skipped_text else head
    if result.messages:
        messages.success(request, text)
    else:
        messages.info(request, text)
    return redirect("programmes:cohort_consent", pk=cohort.pk)
