from django.db.models import QuerySet

from horizons.accounts import permissions
from horizons.accounts.models import Invitation, Membership, Role
from horizons.accounts.permissions import AnyUser
from horizons.organisations.models import Employer, Hub, School

Organisation = Hub | School | Employer


def organisations_managed_by(user: AnyUser) -> list[tuple[Organisation, list[str]]]:
    """Each organisation whose people this user manages, with the roles they may invite."""
    managed: list[tuple[Organisation, list[str]]] = []
    for membership in permissions.memberships(user):
        if membership.role == Role.CAREERS_LEADER and membership.school:
            managed.append((membership.school, [Role.TEACHER, Role.CAREERS_LEADER]))
        elif membership.role == Role.EMPLOYER_COORDINATOR and membership.employer:
            managed.append((membership.employer, [Role.VOLUNTEER, Role.EMPLOYER_COORDINATOR]))
        elif membership.role == Role.FACILITATOR and membership.hub:
            managed.append((membership.hub, [Role.FACILITATOR]))
    return managed


def team_of(organisation: Organisation) -> QuerySet[Membership]:
    field = type(organisation).__name__.lower()
    return (
        Membership.objects.filter(**{field: organisation})
        .select_related("user")
        .order_by("role", "user__email")
    )


def pending_invitations_for(organisation: Organisation) -> QuerySet[Invitation]:
    field = type(organisation).__name__.lower()
    return Invitation.objects.filter(**{field: organisation}, accepted_at__isnull=True)
