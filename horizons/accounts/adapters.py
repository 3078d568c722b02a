from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from horizons.accounts.request_ip import request_ip


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """People join Horizons through an invitation from their hub, school or employer."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> Any:
        return "/"

    def get_client_ip(self, request: HttpRequest) -> str:
        """Throttles count per real client, not per proxy, and ignore forged headers."""
        ip = request_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from horizons.accounts.models import SecurityEvent
            from horizons.accounts.security_log import record_security_event

            record_security_event(
                kind=SecurityEvent.Kind.SIGN_IN_THROTTLED,
                request=request,
                email=str(credentials.get("email", "")),
                detail="too many failed attempts",
            )
            raise

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's emails (password reset, confirming a new address, security notices) go
        through Horizons' messaging like every other message: allauth still writes the subject
        and text from its templates, and the generic "account_email" template carries them."""
        from horizons.accounts.models import Membership, User
        from horizons.messaging import services as messaging

        request = allauth_context.request
        ctx: dict[str, Any] = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
        }
        ctx.update(context)
        rendered = self.render_mail(template_prefix, email, ctx)
        user = User.objects.filter(email__iexact=email).first()
        membership = Membership.objects.filter(user=user).order_by("pk").first() if user else None
        messaging.send(
            template="account_email",
            to=email,
            personalisation={"subject": str(rendered.subject), "body": str(rendered.body)},
            about=user,
            school=membership.school if membership else None,
            hub=membership.hub if membership else None,
        )

    def clean_email(self, email: str) -> str:
        """Nobody may take an address that is exempt from two-factor (the demo accounts)."""
        email = super().clean_email(email)
        if email.strip().lower() in settings.HORIZONS_2FA_EXEMPT_EMAILS:
            raise ValidationError(
                "This address belongs to the demo. Enter your own email address.",
                code="email_reserved",
            )
        return email
