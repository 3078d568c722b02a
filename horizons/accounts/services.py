"""Writes for people and roles: invitations and memberships."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from horizons.accounts import permissions
from horizons.accounts.models import ROLE_SCOPE, Invitation, Membership, Role, SignInDomain, User
from horizons.messaging import services as messaging
from horizons.organisations.models import Employer, Hub, School, Volunteer


class AccountError(Exception):
    """A problem a person can fix; the message says how."""


def _scope_kwargs(role: str, organisation: Hub | School | Employer) -> dict[str, object]:
    scope = ROLE_SCOPE[Role(role)]
    if scope == "national":
        raise AccountError(
            "National overview accounts belong to no hub or school: a platform admin adds them "
            "with manage.py add_national_member."
        )
    expected = {"hub": Hub, "school": School, "employer": Employer}[scope]
    if not isinstance(organisation, expected):
        raise AccountError(
            f"A {Role(role).label.lower()} belongs to a {scope}, not a {type(organisation).__name__.lower()}."
        )
    return {scope: organisation}


def may_invite(by: User, role: str, organisation: Hub | School | Employer) -> bool:
    if permissions.is_platform_admin(by):
        return True
    if isinstance(organisation, School):
        return role in {Role.CAREERS_LEADER, Role.TEACHER} and permissions.can_manage_staff(
            by, organisation
        )
    if isinstance(organisation, Employer):
        return role in {
            Role.EMPLOYER_COORDINATOR,
            Role.VOLUNTEER,
        } and permissions.can_manage_employer(by, organisation)
    if isinstance(organisation, Hub):
        return permissions.can_invite_to_hub(by, organisation)
    return False


@transaction.atomic
def invitation_create(
    *, by: User, email: str, role: str, organisation: Hub | School | Employer, base_url: str
) -> Invitation:
    email = email.strip().lower()
    if not may_invite(by, role, organisation):
        raise AccountError("You cannot invite people to that role here.")
    scope = _scope_kwargs(role, organisation)
    if Membership.objects.filter(user__email=email, role=role, **scope).exists():
        raise AccountError(f"{email} already has that role at {organisation}.")
    Invitation.objects.filter(email=email, role=role, accepted_at__isnull=True, **scope).delete()
    invitation = Invitation.objects.create(email=email, role=role, invited_by=by, **scope)
    link = f"{base_url.rstrip('/')}/invitations/{invitation.token}/"
    hub = organisation if isinstance(organisation, Hub) else getattr(organisation, "hub", None)
    try:
        messaging.send(
            template="account_invitation",
            to=email,
            personalisation={
                "invited_by": str(by),
                "organisation": str(organisation),
                "role": invitation.get_role_display().lower(),
                "link": link,
                "expires_on": date_format(timezone.localtime(invitation.expires_at), "j F Y"),
            },
            about=invitation,
            school=organisation if isinstance(organisation, School) else None,
            hub=hub,
            idempotency_key=f"invitation:{invitation.pk}",
        )
    except messaging.MessagingError as error:
        # Nothing is half-written: the invitation is not kept when its email cannot go.
        raise AccountError(f"The invitation could not be sent: {error}") from error
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None,
    password: str | None = None,
    profile: dict[str, str] | None = None,
) -> User:
    """Turn an invitation into a membership, creating the account if the person is new.

    A volunteer also gets their volunteer profile, ready to fill in.
    """
    profile = profile or {}
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise AccountError("This invitation has expired or has been used. Ask for a new one.")
    if user is None:
        if User.objects.filter(email=invitation.email).exists():
            raise AccountError(
                "You already have an account: sign in first, then open the link again."
            )
        if not password:
            raise AccountError("Choose a password.")
        user = User.objects.create_user(
            invitation.email,
            password,
            first_name=profile.get("first_name", ""),
            last_name=profile.get("last_name", ""),
        )
    elif user.email.lower() != invitation.email.lower():
        raise AccountError(
            f"This invitation is for {invitation.email}. Sign out and open the link again."
        )
    Membership.objects.get_or_create(
        user=user,
        role=invitation.role,
        hub=invitation.hub,
        school=invitation.school,
        employer=invitation.employer,
    )
    if invitation.role == Role.VOLUNTEER and invitation.employer is not None:
        Volunteer.objects.get_or_create(
            user=user,
            defaults={
                "employer": invitation.employer,
                "first_name": user.first_name or invitation.email.split("@")[0],
                "last_name": user.last_name,
                "job_title": profile.get("job_title") or "Not given yet",
                "sectors": [invitation.employer.sector],
            },
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    permissions.forget_memberships(user)
    return user


@transaction.atomic
def membership_remove(*, by: User, membership: Membership) -> None:
    organisation = membership.organisation
    if organisation is None or not may_invite(by, membership.role, organisation):
        raise AccountError("You cannot remove that person.")
    if membership.user_id == by.pk:
        raise AccountError("You cannot remove yourself. Ask another careers leader or your hub.")
    membership.delete()


@transaction.atomic
def sign_in_domain_add(
    *, by: User, hub: Hub, provider: str, value: str, school: School | None = None
) -> SignInDomain:
    """Switch sign-in with a Google domain or Microsoft tenant on for the hub or one of its
    schools (the caller has checked that `by` facilitates `hub`)."""
    if school is not None and school.hub_id != hub.pk:
        raise AccountError("Choose the hub or one of its schools.")
    row = SignInDomain(
        provider=provider,
        value=value,
        hub=None if school else hub,
        school=school,
        added_by=by,
    )
    try:
        row.clean()
    except ValidationError as exc:
        raise AccountError(" ".join(m for f in exc.message_dict.values() for m in f)) from exc
    if SignInDomain.objects.filter(
        provider=row.provider, value=row.value, hub=row.hub, school=row.school
    ).exists():
        raise AccountError(
            "That domain or tenant is already switched on there. Nothing has changed."
        )
    row.save()
    return row


@transaction.atomic
def sign_in_domain_remove(*, by: User, hub: Hub, domain_id: int) -> SignInDomain:
    """Switch one off; a domain or tenant of another hub is not found."""
    from django.db.models import Q

    row = (
        SignInDomain.objects.select_for_update(of=("self",))
        .filter(Q(hub=hub) | Q(school__hub=hub), pk=domain_id)
        .first()
    )
    if row is None:
        raise AccountError("That domain or tenant is not switched on for this hub.")
    row.delete()
    return row
