"""People and what they may do: users sign in by email; roles come from memberships."""

import re
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from horizons.organisations.models import Employer, Hub, School


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("Every user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        # The address is proven (an invitation reached it, or an admin set it): record it as
        # verified, so a later change of address waits for the new one to be confirmed.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Platform admins are superusers; every other role is a membership."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]  # email is the username: nothing else is required

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    FACILITATOR = "facilitator", "Hub facilitator"
    CAREERS_LEADER = "careers_leader", "Careers leader"
    TEACHER = "teacher", "Teacher"
    EMPLOYER_COORDINATOR = "employer_coordinator", "Employer coordinator"
    VOLUNTEER = "volunteer", "Volunteer"
    NATIONAL = "national", "National overview"


# Which organisation each role belongs to; a constraint keeps memberships honest.
ROLE_SCOPE = {
    Role.FACILITATOR: "hub",
    Role.CAREERS_LEADER: "school",
    Role.TEACHER: "school",
    Role.EMPLOYER_COORDINATOR: "employer",
    Role.VOLUNTEER: "employer",
    # A national body (like the Careers & Enterprise Company) sees every hub's figures, never a
    # child or a school's own pages: it belongs to no organisation.
    Role.NATIONAL: "national",
}


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=24, choices=Role.choices)
    hub = models.ForeignKey(Hub, null=True, blank=True, on_delete=models.CASCADE)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(
                        role=Role.FACILITATOR,
                        hub__isnull=False,
                        school__isnull=True,
                        employer__isnull=True,
                    )
                    | models.Q(
                        role__in=[Role.CAREERS_LEADER, Role.TEACHER],
                        hub__isnull=True,
                        school__isnull=False,
                        employer__isnull=True,
                    )
                    | models.Q(
                        role__in=[Role.EMPLOYER_COORDINATOR, Role.VOLUNTEER],
                        hub__isnull=True,
                        school__isnull=True,
                        employer__isnull=False,
                    )
                    | models.Q(
                        role=Role.NATIONAL,
                        hub__isnull=True,
                        school__isnull=True,
                        employer__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "hub", "school", "employer"],
                name="membership_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"

    @property
    def organisation(self) -> Hub | School | Employer | None:
        return self.hub or self.school or self.employer


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry():  # type: ignore[no-untyped-def]
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An emailed link that lets someone join with one role at one organisation."""

    email = models.EmailField()
    role = models.CharField(max_length=24, choices=Role.choices)
    hub = models.ForeignKey(Hub, null=True, blank=True, on_delete=models.CASCADE)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.CASCADE)
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.get_role_display()})"

    @property
    def organisation(self) -> Hub | School | Employer | None:
        return self.hub or self.school or self.employer

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_TENANT_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class SignInDomain(models.Model):
    """A Google Workspace domain or Microsoft tenant whose staff may sign in with it.

    Switched on for one hub (its facilitators and its schools' staff) or one school (its
    staff). Only people already invited to that hub or school get in; nobody signs up this way.
    """

    class Provider(models.TextChoices):
        GOOGLE = "google", "Google Workspace"
        MICROSOFT = "microsoft", "Microsoft 365 (Entra ID)"

    provider = models.CharField(max_length=16, choices=Provider.choices)
    value = models.CharField(
        "domain or tenant id",
        max_length=253,
        help_text=(
            "Google: the Workspace domain, for example stmarys.sch.uk. "
            "Microsoft: the Entra ID tenant id, for example 72f988bf-86f1-41af-91ab-2d7cd011db47."
        ),
    )
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.CASCADE, related_name="sign_in_domains"
    )
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="sign_in_domains"
    )
    added_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["provider", "value"]
        verbose_name = "sign-in domain or tenant"
        verbose_name_plural = "sign-in domains and tenants"
        constraints = [
            models.CheckConstraint(
                name="sign_in_domain_one_organisation",
                condition=(
                    models.Q(hub__isnull=False, school__isnull=True)
                    | models.Q(hub__isnull=True, school__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["provider", "value", "hub"],
                condition=models.Q(hub__isnull=False),
                name="sign_in_domain_unique_per_hub",
            ),
            models.UniqueConstraint(
                fields=["provider", "value", "school"],
                condition=models.Q(school__isnull=False),
                name="sign_in_domain_unique_per_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()}: {self.value} ({self.hub or self.school})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.value = (self.value or "").strip().lower()
        if self.provider not in self.Provider.values:
            errors["provider"] = "Choose Google Workspace or Microsoft 365."
        elif self.provider == self.Provider.GOOGLE and not _DOMAIN_RE.match(self.value):
            errors["value"] = "Enter the Google Workspace domain, like stmarys.sch.uk."
        elif self.provider == self.Provider.MICROSOFT and not _TENANT_RE.match(self.value):
            errors["value"] = (
                "Enter the Microsoft tenant id: 36 letters, digits and dashes, like "
                "72f988bf-86f1-41af-91ab-2d7cd011db47 (Entra admin centre, Overview)."
            )
        if bool(self.hub_id) == bool(self.school_id):
            errors["school"] = "Choose either a hub or a school, not both."
        if errors:
            raise ValidationError(errors)


class SecurityEvent(models.Model):
    """One sign-in, failed sign-in, refused request or change to how someone signs in."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_IN_THROTTLED = "sign_in_throttled", "Sign-in refused: too many attempts"
        SIGNED_OUT = "signed_out", "Signed out"
        SECOND_FACTOR_BYPASSED = (
            "second_factor_bypassed",
            "Session without second factor signed out",
        )
        REAUTHENTICATED = "reauthenticated", "Confirmed password or second factor"
        TWO_FACTOR_ADDED = "two_factor_added", "Second factor added"
        TWO_FACTOR_REMOVED = "two_factor_removed", "Second factor removed"
        RECOVERY_CODES_RESET = "recovery_codes_reset", "Recovery codes replaced"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset by email"
        EMAIL_CHANGED = "email_changed", "Email address changed"
        PERMISSION_DENIED = "permission_denied", "Refused: no permission (403)"
        NOT_FOUND = "not_found", "Refused: not found or not theirs (404)"
        CSRF_FAILURE = "csrf_failure", "Refused: form check failed (CSRF)"
        PROVIDER_SIGN_IN_REFUSED = (
            "provider_sign_in_refused",
            "Refused: sign-in with Google or Microsoft",
        )
        PROVIDER_ACCOUNT_LINKED = "provider_account_linked", "Google or Microsoft account linked"
        PROVIDER_ACCOUNT_UNLINKED = (
            "provider_account_unlinked",
            "Google or Microsoft account unlinked",
        )

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events"
    )
    email = models.CharField(
        "email given", max_length=254, blank=True, help_text="The address typed or the user's."
    )
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.email or 'anonymous'}"
