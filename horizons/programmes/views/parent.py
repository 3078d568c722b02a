"""The parent's link: read the letter and say yes or no, with no account to create.

The link expires with the programme: once the cohort has finished it can no longer give
consent, but a parent who said yes can still withdraw it (a "no" stops any further use of the
child's answers; see services.WITHDRAWAL_EFFECT).
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from horizons.core.privacy import client_ip
from horizons.programmes import selectors, services
from horizons.programmes.forms import ParentConsentForm
from horizons.programmes.models import Consent
from horizons.programmes.views.pupils import assembly_ics_response, final_assembly


def _withdrawal_effect(consent: Consent) -> str:
    return services.WITHDRAWAL_EFFECT.format(name=consent.pupil.first_name or "your child")


@never_cache
def parent_consent(request: HttpRequest, token: str) -> HttpResponse:
    consent = selectors.consent_for_token(token)
    pupil = consent.pupil
    cohort = pupil.cohort
    expired = cohort.consent_links_expired
    was_granted = consent.parent_consent == Consent.Parent.GRANTED
    initial = {}
    if consent.parent_consent != consent.Parent.PENDING:
        initial["answer"] = "yes" if was_granted else "no"
    form = ParentConsentForm(request.POST if request.method == "POST" else None, initial=initial)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_by_parent(
                consent=consent, granted=form.cleaned_data["answer"] == "yes"
            )
        except services.ProgrammeError as exc:
            form.add_error(None, str(exc))
        else:
            done = True
    withdrawn = done and was_granted and consent.parent_consent == Consent.Parent.REFUSED
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
            "withdrawn": withdrawn,
            "expired": expired,
            "can_withdraw": expired and consent.parent_consent == Consent.Parent.GRANTED,
            "withdrawal_effect": _withdrawal_effect(consent),
            "token": token,
        },
        status=410 if expired and not done and request.method == "GET" else 200,
    )
    # Keep the token out of other sites' referrers. "same-origin" (not "no-referrer") so the
    # browser still sends this site's Origin with the form and Django's CSRF check passes.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def parent_consent_ics(request: HttpRequest, token: str) -> HttpResponse:
    consent = selectors.consent_for_token(token)
    return assembly_ics_response(consent.pupil.cohort)


# Wrong short codes per network address before it must wait: generous for a family mistyping
# a letter (and for a school's shared address), useless for guessing 27^10 codes.
MAX_WRONG_SHORT_LINKS = 30
SHORT_LINK_LOCK_SECONDS = 15 * 60


def _short_link_key(request: HttpRequest) -> str:
    return f"hz-consent-short-wrong:{client_ip(request)}"


@never_cache
def consent_short_link(request: HttpRequest, code: str) -> HttpResponse:
    """The short link on the letter and in the message (/c/BCDF2GH7KM/) → the parent's page.

    Typed codes are forgiving (any case, spaces or dashes); wrong ones are counted per network
    address, and after MAX_WRONG_SHORT_LINKS that address waits, right code or not."""
    key = _short_link_key(request)
    if int(cache.get(key, 0)) >= MAX_WRONG_SHORT_LINKS:
        return _short_link_problem(request, locked=True)
    consent = selectors.consent_for_short_code(code)
    if consent is None:
        if not cache.add(key, 1, SHORT_LINK_LOCK_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, SHORT_LINK_LOCK_SECONDS)
        return _short_link_problem(request, locked=False)
    response = redirect("programmes:parent_consent", token=consent.token)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _short_link_problem(request: HttpRequest, *, locked: bool) -> HttpResponse:
    response = render(
        request,
        "programmes/consent_short_link.html",
        {"locked": locked},
        status=429 if locked else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
