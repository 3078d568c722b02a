"""Two-factor on every sign-in path, and refused requests written to the security log."""

from collections.abc import Callable
from datetime import datetime

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode

from horizons.accounts.models import SecurityEvent
from horizons.accounts.permissions import AnyUser, is_facilitator, is_platform_admin
from horizons.accounts.security_log import record_security_event

# Paths someone must reach to set up two-factor or to leave.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")
# Paths that never need a signed-in person checked.
_ALWAYS_OPEN = ("/static/", "/healthz")
_SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user: object) -> bool:
    known = getattr(user, "hz_has_second_factor", None)  # loaded by our backends
    if known is not None:
        return bool(known)
    return Authenticator.objects.filter(user=user, type__in=_SECOND_FACTORS).exists()


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session proved a second factor (or a passkey) when it signed in."""
    records = get_authentication_records(request, request.user)  # type: ignore[arg-type]
    return any(record.get("method") == "mfa" for record in records)


def is_exempt(user: object) -> bool:
    """Only the demo accounts, only in development (settings makes the list empty otherwise)."""
    email = str(getattr(user, "email", "")).lower()
    return bool(email) and email in settings.HORIZONS_2FA_EXEMPT_EMAILS


def needs_two_factor(user: AnyUser) -> bool:
    """Whether this person must set up a second factor before doing anything else."""
    if not settings.HORIZONS_REQUIRE_2FA or not getattr(user, "is_authenticated", False):
        return False
    if not (is_platform_admin(user) or is_facilitator(user)):
        return False
    if is_exempt(user):
        return False
    return not has_second_factor(user)


class RequireTwoFactorMiddleware:
    """Whoever has a second factor must have passed it in this session, on any path.

    allauth's sign-in asks for it; a session that got in another way (an old admin login, a
    session made before the second factor was set up) is signed out and asked to sign in again.
    Facilitators and platform admins without one must set one up first where it is required.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith(_ALWAYS_OPEN):
            if has_second_factor(user) and not passed_second_factor(request):
                record_security_event(
                    kind=SecurityEvent.Kind.SECOND_FACTOR_BYPASSED,
                    request=request,
                    user=user,
                    detail="session had not passed the second factor",
                )
                logout(request)
                next_url = request.get_full_path() if request.method == "GET" else "/"
                return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': next_url})}")
            if (
                not request.path.startswith(_ALLOWED_PREFIXES)
                and needs_two_factor(user)
                and not passed_second_factor(request)  # e.g. the school's Microsoft MFA
            ):
                return redirect("mfa_index")
        started = timezone.now()
        response = self.get_response(request)
        if request.method == "POST" and request.user.is_authenticated:
            _count_a_new_second_factor(request, started)
        return response


def _count_a_new_second_factor(request: HttpRequest, started: datetime) -> None:
    """Adding a second factor needs a code from it (or the device itself): the session that
    just added one has passed it, so it may carry on rather than be signed out."""
    if passed_second_factor(request):
        return
    added = (
        Authenticator.objects.filter(
            user=request.user, type__in=_SECOND_FACTORS, created_at__gte=started
        )
        .order_by("-created_at")
        .first()
    )
    if added is not None:
        record_authentication(request, request.user, "mfa", id=added.pk, type=added.type)


class SecurityEventMiddleware:
    """Log refused requests: permission refusals (403) and signed-in people's 404s from views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403 and not getattr(request, "_security_logged", False):
            record_security_event(
                kind=SecurityEvent.Kind.PERMISSION_DENIED, request=request, detail="403"
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            record_security_event(
                kind=SecurityEvent.Kind.PERMISSION_DENIED,
                request=request,
                detail=str(exception)[:300],
            )
            request._security_logged = True  # type: ignore[attr-defined]
        elif isinstance(exception, Http404) and request.user.is_authenticated:
            record_security_event(kind=SecurityEvent.Kind.NOT_FOUND, request=request)
        return None


class SignInFormOriginsMiddleware:
    """Let the sign-in and linked-accounts pages' forms lead on to Google or Microsoft.

    The buttons post to our own page, which redirects the browser to the provider; Chromium
    checks that redirect against the page's form-action policy, which otherwise allows only our
    own origin. Only the configured providers' origins, and only on /accounts/ pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/accounts/") and "html" in response.get("Content-Type", ""):
            from horizons.accounts.social import sign_in_origins

            origins = sign_in_origins(request)
            if origins:
                response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
        return response
