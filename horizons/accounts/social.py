"""Staff sign-in with Google and Microsoft through allauth's OpenID Connect provider.

Rules (docs/integrations.md):
- Only people already invited to a hub or school get in, and only from a Google Workspace
  domain (the `hd` claim) or Microsoft tenant (the `tid` claim) that an admin or the hub's
  facilitator switched on for that hub or school (accounts.SignInDomain). Nobody signs up.
- The first sign-in links the provider account to the Horizons account with the same verified
  email address; later sign-ins use the link (the provider's subject id), and each still checks
  that the domain or tenant is switched on.
- The id_token's signature is always checked against the provider's published keys, as are
  its audience, issuer and expiry.
- Two-factor: whoever has set up a second factor here is still asked for it. A provider's
  `amr` claim containing "mfa" counts as this session's second factor for someone who has none
  set up here (their school's Google or Microsoft admin enforces it).
- Every sign-in, refusal, link and unlink goes to the security log.
"""

from typing import Any
from urllib.parse import urlparse

from allauth.account.internal.decorators import login_not_required
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.deferred import jwt
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError, AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from horizons.accounts.models import SecurityEvent, SignInDomain, User
from horizons.accounts.security_log import record_security_event
from horizons.accounts.sign_in_domains import is_allowed, is_switched_on_anywhere

# What we keep from the id_token on the linked account: nothing else is stored.
KEPT_CLAIMS: tuple[str, ...] = ("sub", "iss", "email", "email_verified", "name", "given_name")
KEPT_CLAIMS += ("family_name", "hd", "tid", "amr")
# Which claim names the organisation, per provider id.
ORGANISATION_CLAIM = {SignInDomain.Provider.GOOGLE: "hd", SignInDomain.Provider.MICROSOFT: "tid"}


class TokenRefused(OAuth2Error):
    """The provider's id_token failed a check; `reason` is for the security log and the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_id_token(*, id_token: str, keys_url: str, issuer: str, audience: str) -> dict[str, Any]:
    """Check the signature (always), audience, issuer and expiry; return the claims.

    Microsoft's multi-tenant issuer contains "{tenantid}": it is filled in from the token's own
    tid before comparing, and the tenant itself is then checked against SignInDomain."""
    try:
        if "{tenantid}" in issuer:
            unverified = jwt.decode(id_token, options={"verify_signature": False})
            issuer = issuer.replace("{tenantid}", str(unverified.get("tid", "")))
        alg, key = jwtkit.fetch_key(id_token, keys_url, jwtkit.lookup_kid_jwk)
        if not str(alg).startswith(("RS", "PS", "ES")):
            raise TokenRefused("the sign-in token used an algorithm we do not accept")
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=key,
            algorithms=[alg],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            leeway=60,
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenRefused("the sign-in token had expired") from exc
    except jwt.InvalidAudienceError as exc:
        raise TokenRefused("the sign-in token was made for another service (audience)") from exc
    except jwt.InvalidIssuerError as exc:
        raise TokenRefused("the sign-in token came from an unexpected issuer") from exc
    except jwt.InvalidSignatureError as exc:
        raise TokenRefused("the sign-in token's signature did not match the provider") from exc
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise TokenRefused("the sign-in token could not be read") from exc
    jwtkit.verify_jti(claims)
    return claims


class StaffOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's adapter, but the id_token signature is checked even over TLS."""

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        return decode_id_token(
            id_token=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
        )

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: Any, **kwargs: Any
    ) -> Any:
        if not kwargs["response"].get("id_token"):
            raise TokenRefused("the provider sent no sign-in token")
        return super().complete_login(request, app, token, **kwargs)


class StaffSignInProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider keeping only the claims we need."""

    oauth2_adapter_class = StaffOIDCAdapter
    package = "allauth.socialaccount.providers.openid_connect"  # its URLs (ours shadow them)

    def extract_extra_data(self, data: dict[str, Any]) -> dict[str, Any]:
        id_token = data.get("id_token") or {}
        return {"id_token": {k: id_token[k] for k in KEPT_CLAIMS if k in id_token}}

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        fields = super().extract_common_fields(data)
        return {k: fields.get(k) for k in ("email", "first_name", "last_name")}


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Start the redirect to the provider (POST from the sign-in or linked-accounts page)."""
    try:
        return OAuth2LoginView.adapter_view(StaffOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The provider sends people back here with a code, which we exchange for the id_token."""
    try:
        return OAuth2CallbackView.adapter_view(StaffOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


def id_token_claims(sociallogin: SocialLogin) -> dict[str, Any]:
    extra = sociallogin.account.extra_data or {}
    claims = extra.get("id_token") if isinstance(extra, dict) else None
    return claims if isinstance(claims, dict) else {}


def provider_said_mfa(claims: dict[str, Any]) -> bool:
    amr = claims.get("amr")
    return isinstance(amr, list) and "mfa" in amr


class StaffSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in only for invited staff from a domain or tenant switched on for them."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = sociallogin.account.provider
        claims = id_token_claims(sociallogin)
        claim_name = ORGANISATION_CLAIM.get(provider)  # type: ignore[call-overload]
        organisation = str(claims.get(claim_name, "") if claim_name else "").strip().lower()
        email = str(claims.get("email") or "").strip().lower()
        connecting = sociallogin.state.get("process") == AuthProcess.CONNECT

        if connecting:
            user = request.user if isinstance(request.user, User) else None
        elif sociallogin.is_existing:
            user = sociallogin.user
        else:
            user = self._invited_user(provider, claims, email)

        if not claim_name or not organisation:
            what = "Google Workspace domain" if provider == "google" else "Microsoft tenant"
            self._refuse(
                request,
                provider,
                email,
                user,
                f"no {what} in the token (a personal account?)",
                f"This is a personal account, not a school or hub {what.split(' ', 1)[1]}. "
                "Sign in with your work account, or with your email and password.",
            )
        if user is None:
            if is_switched_on_anywhere(provider=provider, claim=organisation):
                message = (
                    "There is no Horizons account for this address yet. Ask your school's "
                    "careers leader or your hub to invite you, then sign in again."
                )
            else:
                message = (
                    "Your school or hub has not switched on sign-in with this account. "
                    "Sign in with your email and password, or ask your hub to switch it on."
                )
            self._refuse(request, provider, email, None, "no invited account matches", message)
        assert user is not None
        if not is_allowed(user=user, provider=provider, claim=organisation):
            self._refuse(
                request,
                provider,
                email,
                user,
                f"{claim_name} {organisation} not switched on for this person",
                "Your school or hub has not switched on sign-in from this "
                + ("Google Workspace domain" if provider == "google" else "Microsoft tenant")
                + ". Sign in with your email and password, or ask your hub to switch it on.",
            )
        if not connecting and not sociallogin.is_existing:
            sociallogin.connect(request, user)

    def _invited_user(self, provider: str, claims: dict[str, Any], email: str) -> User | None:
        """The active account with this verified address. Google says whether it verified the
        address; a Microsoft tenant's addresses are set by its own admin (docs/integrations.md)."""
        if not email:
            return None
        if provider == SignInDomain.Provider.GOOGLE and claims.get("email_verified") is not True:
            return None
        return User.objects.filter(email__iexact=email, is_active=True).first()

    def _refuse(
        self,
        request: HttpRequest,
        provider: str,
        email: str,
        user: User | None,
        detail: str,
        message: str,
    ) -> None:
        record_security_event(
            kind=SecurityEvent.Kind.PROVIDER_SIGN_IN_REFUSED,
            request=request,
            user=user,
            email=email,
            detail=f"{provider}: {detail}",
        )
        request._security_logged = True  # type: ignore[attr-defined]
        raise ImmediateHttpResponse(
            render(
                request,
                "socialaccount/refused.html",
                {"provider_name": _provider_name(provider), "message": message},
                status=403,
            )
        )

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        """Token errors, provider errors and cancelling: logged, then a page saying what to do."""
        provider_id = str(getattr(getattr(provider, "app", None), "provider_id", "") or "")
        if isinstance(exception, TokenRefused):
            detail = exception.reason
        elif error == AuthError.CANCELLED:
            detail = "cancelled at the provider"
        elif exception is not None:
            detail = f"{type(exception).__name__}: {exception}"
        else:
            detail = "the provider returned an error: " + str(request.GET.get("error", "unknown"))
        record_security_event(
            kind=SecurityEvent.Kind.PROVIDER_SIGN_IN_REFUSED,
            request=request,
            detail=f"{provider_id}: {detail}"[:300],
        )
        request._security_logged = True  # type: ignore[attr-defined]
        if error == AuthError.CANCELLED:
            message = "You cancelled signing in. Nothing has changed."
        elif isinstance(exception, TokenRefused):
            message = (
                f"We could not sign you in because {exception.reason}. Nothing has changed. "
                "Try again; if it happens again, sign in with your email and password and tell "
                "your hub."
            )
        else:
            message = (
                "The sign-in service did not answer as expected. Nothing has changed. Try again "
                "in a few minutes, or sign in with your email and password."
            )
        raise ImmediateHttpResponse(
            render(
                request,
                "socialaccount/refused.html",
                {"provider_name": _provider_name(provider_id), "message": message},
                status=400 if error != AuthError.CANCELLED else 200,
            )
        )


def _provider_name(provider_id: str) -> str:
    return {"google": "Google", "microsoft": "Microsoft"}.get(provider_id, "your provider")


def sign_in_origins(request: HttpRequest) -> list[str]:
    """The origins of the configured providers (where the sign-in buttons lead)."""
    origins = []
    for app in StaffSocialAccountAdapter().list_apps(request):
        url = urlparse(str(app.settings.get("server_url", "")))
        if url.scheme in ("https", "http") and url.netloc:
            origins.append(f"{url.scheme}://{url.netloc}")
    return sorted(set(origins))
