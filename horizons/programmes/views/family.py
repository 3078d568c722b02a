"""Families: the parent's page for their child (behind the consent link), printable Future
Clouds for the final assembly, and the termly family newsletter.

The parent's page needs no account: the consent token is the key, as for the consent page. It
shows what the class did (nobody named), and the child's own things only while the parent's
consent allows them (``family.consent_state``). An unknown or retired token gets a 404 page
that says in plain words why a link stops working and what to do.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from horizons.accounts import permissions
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.core import terms
from horizons.core.audit_log import log_pupil_data_access
from horizons.core.privacy import pupil_data
from horizons.programmes import family, selectors, selectors_family
from horizons.programmes.forms_family import NewsletterForm, NewsletterTermForm, term_key


def _pdf_bytes(request: HttpRequest, html: str) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load and only PDFs need it

    return bytes(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf())


def _download(body: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The parent's page -----------------------------------------------------------------------


@pupil_data
def parent_family(request: HttpRequest, token: str) -> HttpResponse:
    try:
        consent = selectors.consent_for_token(token)
    except Http404:
        response = render(request, "programmes/family/link_not_found.html", status=404)
        response["X-Robots-Tag"] = "noindex"
        return response
    page = selectors_family.family_page(consent, today=timezone.localdate())
    cohort = page.cohort
    log_pupil_data_access(
        request,
        school=cohort.school,
        what=f"Family page through the parent's link ({cohort.name})",
        pupil=page.pupil,
    )
    response = render(
        request,
        "programmes/family/parent_page.html",
        {"page": page, "token": token, "school": cohort.school, "today": timezone.localdate()},
        status=410 if page.state == family.REMOVED else 200,
    )
    # As on the consent page: keep the token out of other sites' referrers and search engines.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Printable Future Clouds -----------------------------------------------------------------


@pupil_data
@login_required
def cohort_clouds(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_staff(request.user, pk)
    printing = selectors_family.clouds_for_printing(cohort)
    return render(
        request,
        "programmes/family/clouds.html",
        {"cohort": cohort, "printing": printing},
    )


def clouds_html(request: HttpRequest, cohort: Any, clouds: Any, title: str) -> str:
    """The HTML WeasyPrint turns into the PDF (tests read it to check what is printed)."""
    return render_to_string(
        "programmes/family/clouds_pdf.html",
        {"cohort": cohort, "clouds": clouds, "title": title},
        request=request,
    )


@pupil_data
@login_required
def cohort_clouds_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for_staff(request.user, pk)
    printing = selectors_family.clouds_for_printing(cohort)
    class_name = request.GET.get("class", "")
    if class_name:
        chosen = printing.for_class(class_name)
        if chosen is None:
            raise Http404("No such class in this group")
        clouds = chosen.clouds
        title = f"Future Clouds: {class_name}"
    else:
        clouds = printing.clouds
        title = f"Future Clouds: {cohort.name}"
    if not clouds:
        messages.error(
            request,
            "There are no Future Clouds to print for that class yet: no child with a parent's "
            "consent has made one.",
        )
        return redirect("programmes:cohort_clouds", pk=cohort.pk)
    log_pupil_data_access(
        request,
        school=cohort.school,
        what=f"Printed {len(clouds)} Future Clouds ({cohort.name}{', ' if class_name else ''}"
        f"{class_name})",
        action="print",
    )
    pdf = _pdf_bytes(request, clouds_html(request, cohort, clouds, title))
    name = slugify(f"future-clouds-{cohort.name}-{class_name}".rstrip("-")) or "future-clouds"
    return _download(pdf, f"{name}.pdf", "application/pdf")


# --- The termly newsletter -------------------------------------------------------------------


def newsletter_html(request: HttpRequest, letter: family.Newsletter) -> str:
    return render_to_string(
        "programmes/family/newsletter_pdf.html",
        {"letter": letter, "today": timezone.localdate()},
        request=request,
    )


@login_required
def school_newsletter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = permissions.school_for_editing(request.user, pk=pk)
    if not permissions.can_lead_school(request.user, school):
        raise Http404("Not found")
    today = timezone.localdate()
    minimum = settings.HORIZONS_MIN_GROUP_SIZE
    term_form = NewsletterTermForm(request.GET or None, today=today)
    chosen = terms.term_of(today)
    bad_term = term_form.is_bound and not term_form.is_valid()
    if request.GET and term_form.is_valid():
        chosen = term_form.chosen()
    elif not request.GET:
        term_form = NewsletterTermForm(initial={"term": term_key(chosen)}, today=today)
    default_intro = family.default_introduction(school.name, chosen.label)
    form = NewsletterForm(
        request.POST if request.method == "POST" else None,
        initial={"term": term_key(chosen), "introduction": default_intro},
        today=today,
    )
    introduction = default_intro
    if request.method == "POST":
        if form.is_valid():
            chosen = form.chosen()
            introduction = form.cleaned_data["introduction"]
            letter = selectors_family.newsletter(
                school=school,
                term=chosen,
                today=today,
                introduction=introduction,
                minimum=minimum,
            )
            action = request.POST.get("action", "preview")
            filename = slugify(f"careers-news-{school.name}-{chosen.label}")
            if action == "pdf":
                pdf = _pdf_bytes(request, newsletter_html(request, letter))
                return _download(pdf, f"{filename}.pdf", "application/pdf")
            if action == "text":
                return _download(
                    family.newsletter_text(letter), f"{filename}.txt", "text/plain; charset=utf-8"
                )
            messages.success(request, "Draft updated with your introduction.")
            term_form = NewsletterTermForm(initial={"term": term_key(chosen)}, today=today)
        else:
            form.add_error_classes()
            if "term" in form.cleaned_data:  # the introduction was wrong, the term is fine
                chosen = form.chosen()
                term_form = NewsletterTermForm(initial={"term": term_key(chosen)}, today=today)
    letter = selectors_family.newsletter(
        school=school, term=chosen, today=today, introduction=introduction, minimum=minimum
    )
    return render(
        request,
        "programmes/family/newsletter.html",
        {
            "school": school,
            "term_form": term_form,
            "form": form,
            "letter": letter,
            "term": chosen,
            "term_key": term_key(chosen),
            "text": family.newsletter_text(letter),
            "bad_term": bad_term and request.method != "POST",
            "min_group": minimum,
            "today": today,
        },
    )
