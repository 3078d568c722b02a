"""The parent's link: read the letter and say yes or no, with no account to create."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from horizons.programmes import selectors, services
from horizons.programmes.forms import ParentConsentForm
from horizons.programmes.views_pupils import assembly_ics_response, final_assembly


@never_cache
def parent_consent(request: HttpRequest, token: str) -> HttpResponse:
    consent = selectors.consent_for_token(token)
    pupil = consent.pupil
    cohort = pupil.cohort
    initial = {}
    if consent.parent_consent != consent.Parent.PENDING:
        initial["answer"] = "yes" if consent.parent_consent == consent.Parent.GRANTED else "no"
    form = ParentConsentForm(request.POST if request.method == "POST" else None, initial=initial)
    done = False
    if request.method == "POST" and form.is_valid():
        consent = services.consent_by_parent(
            consent=consent, granted=form.cleaned_data["answer"] == "yes"
        )
        done = True
    response = render(
        request,
        "programmes/parent_consent.html",
        {
            "form": form,
            "consent": consent,
            "pupil": pupil,
            "cohort": cohort,
            "template": cohort.template,
            "assembly": final_assembly(cohort),
            "done": done,
            "token": token,
        },
    )
    response["Referrer-Policy"] = "no-referrer"  # the token must not leak to other sites
    response["X-Robots-Tag"] = "noindex"
    return response


def parent_consent_ics(request: HttpRequest, token: str) -> HttpResponse:
    consent = selectors.consent_for_token(token)
    return assembly_ics_response(consent.pupil.cohort)
