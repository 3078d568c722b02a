"""People and what they may do: users sign in by email; roles come from memberships."""

import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
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


# Which organisation each role belongs to; a constraint keeps memberships honest.
ROLE_SCOPE = {
    Role.FACILITATOR: "hub",
    Role.CAREERS_LEADER: "school",
    Role.TEACHER: "school",
    Role.EMPLOYER_COORDINATOR: "employer",
    Role.VOLUNTEER: "employer",
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
