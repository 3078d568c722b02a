"""Make facilitators and platform admins set up two-factor sign-in where the setting requires it."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from horizons.accounts.permissions import is_facilitator, is_platform_admin

# Paths someone must reach to set up two-factor or to leave.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")


def needs_two_factor(user: object) -> bool:
    if not settings.HORIZONS_REQUIRE_2FA or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "email", "") in settings.HORIZONS_2FA_EXEMPT_EMAILS:
        return False
    if not (is_platform_admin(user) or is_facilitator(user)):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(_ALLOWED_PREFIXES) and needs_two_factor(request.user):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
