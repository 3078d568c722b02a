"""Signal receivers that write the security log (connected in AccountsConfig.ready)."""

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from allauth.socialaccount import signals as social_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver
from django.http import HttpRequest

from horizons.accounts.models import SecurityEvent, User
from horizons.accounts.security_log import record_security_event

Kind = SecurityEvent.Kind

_TYPE_NAMES = {
    Authenticator.Type.TOTP: "authenticator app",
    Authenticator.Type.WEBAUTHN: "passkey or security key",
    Authenticator.Type.RECOVERY_CODES: "recovery codes",
}


def _type_name(authenticator: Authenticator | None) -> str:
    return _TYPE_NAMES.get(getattr(authenticator, "type", ""), "second factor")


def _methods(request: HttpRequest | None, user: User) -> str:
    from allauth.account.authentication import get_authentication_records

    if request is None or not hasattr(request, "session"):
        return ""
    records = get_authentication_records(request, user)
    parts = []
    for record in records:
        part = record.get("method", "")
        if record.get("type"):
            part += f" ({record['type']})"
        parts.append(part)
    return "with " + ", ".join(parts) if parts else ""


@receiver(auth_signals.user_logged_in, dispatch_uid="horizons_security_signed_in")
def _signed_in(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record_security_event(
        kind=Kind.SIGNED_IN, request=request, user=user, detail=_methods(request, user)
    )


@receiver(auth_signals.user_login_failed, dispatch_uid="horizons_security_sign_in_failed")
def _sign_in_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    record_security_event(
        kind=Kind.SIGN_IN_FAILED, request=request, email=email, detail="wrong email or password"
    )


@receiver(auth_signals.user_logged_out, dispatch_uid="horizons_security_signed_out")
def _signed_out(
    sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        record_security_event(kind=Kind.SIGNED_OUT, request=request, user=user)


@receiver(mfa_signals.authenticator_added, dispatch_uid="horizons_security_mfa_added")
def _mfa_added(
    sender: object, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    record_security_event(
        kind=Kind.TWO_FACTOR_ADDED, request=request, user=user, detail=_type_name(authenticator)
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="horizons_security_mfa_removed")
def _mfa_removed(
    sender: object, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    record_security_event(
        kind=Kind.TWO_FACTOR_REMOVED, request=request, user=user, detail=_type_name(authenticator)
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="horizons_security_mfa_reset")
def _mfa_reset(
    sender: object, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    record_security_event(kind=Kind.RECOVERY_CODES_RESET, request=request, user=user)


@receiver(mfa_signals.authentication_failed, dispatch_uid="horizons_security_mfa_failed")
def _mfa_failed(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_security_event(
        kind=Kind.SIGN_IN_FAILED,
        request=request,
        user=user,
        detail="wrong second-factor code"
        + (" (confirming)" if kwargs.get("reauthentication") else ""),
    )


@receiver(mfa_signals.authenticator_used, dispatch_uid="horizons_security_mfa_used")
def _mfa_used(
    sender: object, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    if kwargs.get("reauthenticated"):
        record_security_event(
            kind=Kind.REAUTHENTICATED, request=request, user=user, detail=_type_name(authenticator)
        )


@receiver(account_signals.authentication_step_completed, dispatch_uid="horizons_security_reauth")
def _step_completed(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    if kwargs.get("reauthenticated") and kwargs.get("method") == "password":
        record_security_event(
            kind=Kind.REAUTHENTICATED, request=request, user=user, detail="password"
        )


@receiver(account_signals.password_changed, dispatch_uid="horizons_security_password_changed")
def _password_changed(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_security_event(kind=Kind.PASSWORD_CHANGED, request=request, user=user)


@receiver(account_signals.password_reset, dispatch_uid="horizons_security_password_reset")
def _password_reset(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_security_event(kind=Kind.PASSWORD_RESET, request=request, user=user)


@receiver(account_signals.email_changed, dispatch_uid="horizons_security_email_changed")
def _email_changed(
    sender: object,
    request: HttpRequest,
    user: User,
    from_email_address: Any,
    to_email_address: Any,
    **kwargs: Any,
) -> None:
    old = getattr(from_email_address, "email", "") or ""
    new = getattr(to_email_address, "email", "") or ""
    record_security_event(
        kind=Kind.EMAIL_CHANGED, request=request, user=user, detail=f"from {old} to {new}"
    )


@receiver(account_signals.user_logged_in, dispatch_uid="horizons_provider_mfa")
def _provider_mfa(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """A Google or Microsoft sign-in whose token says the provider asked for a second factor
    (amr contains "mfa") counts as this session's second factor (docs/integrations.md)."""
    from allauth.account.internal.flows.login import record_authentication

    from horizons.accounts.social import id_token_claims, provider_said_mfa

    sociallogin = kwargs.get("sociallogin")
    if sociallogin is not None and provider_said_mfa(id_token_claims(sociallogin)):
        record_authentication(
            request, user, "mfa", type="provider", provider=sociallogin.account.provider
        )


@receiver(social_signals.social_account_added, dispatch_uid="horizons_security_provider_linked")
def _provider_linked(sender: object, request: HttpRequest, sociallogin: Any, **kwargs: Any) -> None:
    record_security_event(
        kind=Kind.PROVIDER_ACCOUNT_LINKED,
        request=request,
        user=sociallogin.user,
        detail=f"{sociallogin.account.provider} account {sociallogin.account.uid}",
    )


@receiver(social_signals.social_account_removed, dispatch_uid="horizons_security_provider_unlinked")
def _provider_unlinked(
    sender: object, request: HttpRequest, socialaccount: Any, **kwargs: Any
) -> None:
    record_security_event(
        kind=Kind.PROVIDER_ACCOUNT_UNLINKED,
        request=request,
        user=socialaccount.user,
        detail=f"{socialaccount.provider} account {socialaccount.uid}",
    )
