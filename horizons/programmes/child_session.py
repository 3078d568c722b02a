"""Children sign in with a class code and their picture code; no account, no password.

The child's pupil id lives in the Django session under its own key; a child is never a
Django User, so no staff page can be reached with a child's session.

Guessing is stopped in three ways:

* The class code works only while the teacher has opened sign-in (a window of
  ``SIGN_IN_MINUTES``, opened from the cohort's page or board), so outside the classroom the
  code is useless, and the code itself is shown only on the classroom board.
* Wrong pictures are counted per device (a signed cookie set on the first page): after
  ``MAX_WRONG`` wrong tries that tablet waits ``LOCK_SECONDS``. One person cannot lock the
  whole class out; the other tablets carry on.
* A device that throws its cookie away is still counted by network address, with a cap
  (``MAX_WRONG_PER_ADDRESS``) generous enough for a class sharing the school's address.

The teacher can let every tablet try again at once (``unlock_class_code``); opening sign-in
does the same. Wrong class codes are limited per network address.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from horizons.core.privacy import client_ip
from horizons.programmes.models import Cohort, Consent, Pupil

SESSION_PUPIL = "hz_child_pupil"
SESSION_CODE = "hz_child_class_code"
DEVICE_COOKIE = "hz_device"
DEVICE_SALT = "horizons.programmes.child-device"
DEVICE_MAX_AGE = 365 * 24 * 60 * 60
SIGN_IN_MINUTES = 20
MAX_WRONG = 10
LOCK_SECONDS = 5 * 60
# Per network address and class code: a class of 30 on the school's one public address
# makes far fewer mistakes than this in five minutes; someone discarding cookies to guess
# does not get further.
MAX_WRONG_PER_ADDRESS = 50
# A school's tablets usually share one public address, so this is generous: it only stops
# someone trying class codes by the thousand (there are 47 million of them).
MAX_WRONG_CODES = 100

LOCKED_MESSAGE = "Too many wrong tries on this tablet. Wait a few minutes, or ask your teacher."
NOT_OPEN_MESSAGE = (
    "We could not find that class code, or sign-in is not open. Check the board, or ask your "
    "teacher to open sign-in."
)


@dataclass(frozen=True)
class SignInResult:
    pupil: Pupil | None
    message: str = ""
    locked: bool = False


def client_address(request: HttpRequest) -> str:
    # The network address counted for throttling: the real client behind our trusted reverse
    # proxies (HORIZONS_TRUSTED_PROXY_COUNT); otherwise every school would share the proxy's.
    return client_ip(request)


# --- the device ------------------------------------------------------------------------------


def device_id(request: HttpRequest) -> str:
    """This tablet's id, from its signed cookie; a new one when it has none (or a forged one)."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT)
    if value:
        return str(value)
    fresh = getattr(request, "_hz_new_device", "")
    if not fresh:
        fresh = secrets.token_urlsafe(16)
        request._hz_new_device = fresh  # type: ignore[attr-defined]
    return str(fresh)


def has_device(request: HttpRequest) -> bool:
    return bool(request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT))


def remember_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not has_device(request):
        response.set_signed_cookie(
            DEVICE_COOKIE,
            device_id(request),
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
        )
    return response


# --- counting wrong tries --------------------------------------------------------------------


def _generation(code: str) -> str:
    """Changes when the teacher lets everyone try again, which starts every count afresh."""
    return str(cache.get(f"hz-child-tries:{code}", "0"))


def _device_key(code: str, request: HttpRequest) -> str:
    return f"hz-child-wrong-picture:{code}:{_generation(code)}:{device_id(request)}"


def _address_key(code: str, request: HttpRequest) -> str:
    return f"hz-child-wrong-address:{code}:{_generation(code)}:{client_address(request)}"


def _code_key(request: HttpRequest) -> str:
    return f"hz-child-wrong-code:{client_address(request)}"


def _count_failure(key: str) -> int:
    if cache.add(key, 1, LOCK_SECONDS):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LOCK_SECONDS)
        return 1


def _count(key: str) -> int:
    return int(cache.get(key, 0))


def device_locked(request: HttpRequest, code: str) -> bool:
    return (
        _count(_device_key(code, request)) >= MAX_WRONG
        or _count(_address_key(code, request)) >= MAX_WRONG_PER_ADDRESS
    )


def unlock_class_code(code: str) -> None:
    """The teacher lets every tablet in the class try again at once."""
    cache.set(f"hz-child-tries:{code}", secrets.token_hex(6), None)


# --- signing in ------------------------------------------------------------------------------


def active_cohort_for_code(code: str) -> Cohort | None:
    """The running cohort with this code, only while its teacher has opened sign-in."""
    return (
        Cohort.objects.select_related("school")
        .filter(
            class_code=code,
            status=Cohort.Status.RUNNING,
            sign_in_open_until__gt=timezone.now(),
        )
        .first()
    )


def check_class_code(request: HttpRequest, code: str) -> tuple[Cohort | None, str]:
    if _count(_code_key(request)) >= MAX_WRONG_CODES:
        return None, "Too many tries. Wait a few minutes, then ask your teacher for help."
    cohort = active_cohort_for_code(code)
    if cohort is None:
        _count_failure(_code_key(request))
        return None, NOT_OPEN_MESSAGE
    request.session[SESSION_CODE] = code
    return cohort, ""


def sign_in(request: HttpRequest, cohort: Cohort, picture: str, number: int) -> SignInResult:
    code = cohort.class_code
    if device_locked(request, code):
        return SignInResult(None, LOCKED_MESSAGE, True)
    pupil = (
        Pupil.objects.select_related("consent")
        .filter(cohort=cohort, picture=picture, picture_number=number)
        .first()
    )
    consent = getattr(pupil, "consent", None) if pupil is not None else None
    allowed = (
        pupil is not None
        and consent is not None
        and consent.applied_at is not None
        and consent.parent_consent != Consent.Parent.REFUSED
    )
    if not allowed:
        on_device = _count_failure(_device_key(code, request))
        from_address = _count_failure(_address_key(code, request))
        if on_device >= MAX_WRONG or from_address >= MAX_WRONG_PER_ADDRESS:
            return SignInResult(None, LOCKED_MESSAGE, True)
        return SignInResult(
            None,
            "That is not quite right. Check your picture and your number, or ask your teacher.",
        )
    assert pupil is not None
    if request.user.is_authenticated:
        logout(request)  # a shared tablet: never leave a teacher signed in under a child
    else:
        request.session.cycle_key()
    request.session[SESSION_PUPIL] = pupil.pk
    return SignInResult(pupil)


def signed_in_pupil(request: HttpRequest) -> Pupil | None:
    """The signed-in child, if their programme is still running and consent not refused."""
    pk = request.session.get(SESSION_PUPIL)
    if not isinstance(pk, int):
        return None
    pupil = (
        Pupil.objects.select_related("cohort", "cohort__school", "consent")
        .filter(pk=pk, cohort__status=Cohort.Status.RUNNING)
        .exclude(consent__parent_consent=Consent.Parent.REFUSED)
        .first()
    )
    if pupil is None:
        sign_out(request)
    return pupil


def can_answer(pupil: Pupil) -> bool:
    """Nothing the child enters is kept until a parent has said yes."""
    consent = getattr(pupil, "consent", None)
    return consent is not None and consent.allows_answers


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_PUPIL, None)
    request.session.pop(SESSION_CODE, None)
