"""Authentication backends that load, with the signed-in person, whether they have a second factor.

The two-factor middleware needs to know on every request; asking in the same query as the
person costs nothing extra.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import Exists, OuterRef

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def _get_user(backend: DjangoModelBackend, user_id: Any) -> Any:
    model = get_user_model()
    has_second_factor = Exists(
        Authenticator.objects.filter(user=OuterRef("pk"), type__in=SECOND_FACTORS)
    )
    try:
        user = model._default_manager.annotate(hz_has_second_factor=has_second_factor).get(
            pk=user_id
        )
    except model.DoesNotExist:
        return None
    return user if backend.user_can_authenticate(user) else None


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        return _get_user(self, user_id)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id: Any) -> Any:
        return _get_user(self, user_id)
