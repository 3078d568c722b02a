"""Children sign in with a class code and their picture code; no account, no password.

The child's pupil id lives in the Django session under its own key; a child is never a
Django User, so no staff page can be reached with a child's session. Guessing is slowed per
class code: after MAX_WRONG wrong pictures the class code is locked for LOCK_SECONDS (the
teacher can unlock it from the board page), and wrong class codes are limited per network
address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import logout
from django.core.cache import cache
from django.http import HttpRequest

from horizons.programmes.models import Cohort, Consent, Pupil

SESSION_PUPIL = "hz_child_pupil"
SESSION_CODE = "hz_child_class_code"
MAX_WRONG = 10
LOCK_SECONDS = 5 * 60
# A school's tablets usually share one public address, so this is generous: it only stops
# someone trying class codes by the thousand (there are 47 million of them).
MAX_WRONG_CODES = 100


@dataclass(frozen=True)
class SignInResult:
    pupil: Pupil | None
    message: str = ""
    locked: bool = False


def _picture_key(code: str) -> str:
    return f"hz-child-wrong-picture:{code}"


def _code_key(request: HttpRequest) -> str:
    return f"hz-child-wrong-code:{request.META.get('REMOTE_ADDR', '')}"


def _count_failure(key: str) -> int:
    if cache.add(key, 1, LOCK_SECONDS):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LOCK_SECONDS)
        return 1


def active_cohort_for_code(code: str) -> Cohort | None:
    return (
        Cohort.objects.select_related("school")
        .filter(class_code=code, status=Cohort.Status.RUNNING)
        .first()
    )


def class_code_locked(code: str) -> bool:
    return int(cache.get(_picture_key(code), 0)) >= MAX_WRONG


def unlock_class_code(code: str) -> None:
    """The teacher lets the class try again at once."""
    cache.delete(_picture_key(code))


def check_class_code(request: HttpRequest, code: str) -> tuple[Cohort | None, str]:
    if int(cache.get(_code_key(request), 0)) >= MAX_WRONG_CODES:
        return None, "Too many tries. Wait a few minutes, then ask your teacher for help."
    cohort = active_cohort_for_code(code)
    if cohort is None:
        _count_failure(_code_key(request))
        return None, "We could not find that class code. Check the board and try again."
    request.session[SESSION_CODE] = code
    return cohort, ""


def sign_in(request: HttpRequest, cohort: Cohort, picture: str, number: int) -> SignInResult:
    code = cohort.class_code
    if class_code_locked(code):
        return SignInResult(
            None, "Too many wrong tries in your class. Wait a few minutes and try again.", True
        )
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
        failures = _count_failure(_picture_key(code))
        if failures >= MAX_WRONG:
            return SignInResult(
                None, "Too many wrong tries in your class. Wait a few minutes and try again.", True
            )
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


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_PUPIL, None)
    request.session.pop(SESSION_CODE, None)
