from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from horizons.accounts import permissions, selectors, services
from horizons.accounts.forms import AcceptInvitationForm, InvitationForm, SignInDomainForm
from horizons.accounts.models import ROLE_SCOPE, Invitation, Membership, Role, SignInDomain
from horizons.accounts.permissions import AuthenticatedHttpRequest
from horizons.messaging import selectors as messaging_selectors
from horizons.organisations.models import Employer, Hub, School


def _managed_or_404(request: HttpRequest, kind: str, pk: int) -> tuple[object, list[str]]:
    for organisation, roles in selectors.organisations_managed_by(request.user):
        if type(organisation).__name__.lower() == kind and organisation.pk == pk:
            return organisation, roles
    if permissions.is_platform_admin(request.user):
        model = {"hub": Hub, "school": School, "employer": Employer}.get(kind)
        if model is not None:
            found = get_object_or_404(model, pk=pk)
            return found, [r for r, scope in ROLE_SCOPE.items() if scope == kind]
    raise Http404("Not found")


@login_required
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    teams = []
    for organisation, _roles in selectors.organisations_managed_by(request.user):
        pending = list(selectors.pending_invitations_for(organisation))
        emails = messaging_selectors.latest_about(pending)  # did the invitation arrive?
        teams.append(
            {
                "organisation": organisation,
                "kind": type(organisation).__name__.lower(),
                "members": selectors.team_of(organisation),
                "pending": [(inv, emails.get(inv.pk)) for inv in pending],
            }
        )
    if not teams:
        raise Http404("You do not manage a team")
    return render(request, "accounts/team.html", {"teams": teams})


@login_required
def invite(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    organisation, roles = _managed_or_404(request, kind, pk)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                by=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation=organisation,  # type: ignore[arg-type]
                base_url=request.build_absolute_uri("/"),
            )
        except services.AccountError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("team")
    return render(request, "accounts/invite.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def remove_member(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    managed = {
        (type(o).__name__.lower(), o.pk)
        for o, _ in selectors.organisations_managed_by(request.user)
    }
    organisation = membership.organisation
    if (
        organisation is None
        or (type(organisation).__name__.lower(), organisation.pk) not in managed
    ):
        raise Http404("Not found")
    try:
        services.membership_remove(by=request.user, membership=membership)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{membership.user.email} no longer has that role.")
    return redirect("team")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("hub", "school", "employer"), token=token
    )
    if not invitation.is_usable:
        return render(request, "accounts/invitation_unusable.html", status=410)
    user = request.user if request.user.is_authenticated else None
    is_volunteer = invitation.role == Role.VOLUNTEER
    form = (
        AcceptInvitationForm(request.POST or None, volunteer=is_volunteer) if user is None else None
    )
    error = ""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            accepted = services.invitation_accept(
                invitation=invitation,
                user=user,
                password=form.cleaned_data["password1"] if form else None,
                profile=(
                    {k: v for k, v in form.cleaned_data.items() if not k.startswith("password")}
                    if form
                    else {}
                ),
            )
        except services.AccountError as exc:
            error = str(exc)
        else:
            if user is None:
                login(request, accepted, backend="horizons.accounts.backends.ModelBackend")
            messages.success(
                request, f"Welcome to Horizons. You have joined {invitation.organisation}."
            )
            return redirect("home")
    return render(
        request,
        "accounts/accept_invitation.html",
        {"invitation": invitation, "form": form, "error": error},
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form: write it to the security log, then show our page (what to do next)."""
    from horizons.accounts.models import SecurityEvent
    from horizons.accounts.security_log import record_security_event
    from horizons.core.views.errors import csrf_failure as our_csrf_page

    record_security_event(kind=SecurityEvent.Kind.CSRF_FAILURE, request=request, detail=reason)
    request._security_logged = True  # type: ignore[attr-defined]
    return our_csrf_page(request, reason=reason)


def admin_allowed(request: HttpRequest) -> bool:
    """Only platform admins use /admin/ (the middleware has already checked the second factor)."""
    return bool(request.user.is_active and permissions.is_platform_admin(request.user))


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """/admin/login/ has no password form of its own: everyone signs in through allauth.

    allauth throttles failed attempts and asks for the second factor; a password form here
    would skip both (issue 12).
    """
    from django.conf import settings
    from django.core.exceptions import PermissionDenied
    from django.utils.http import url_has_allowed_host_and_scheme, urlencode

    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    next_url = next_url or "/admin/"
    if request.user.is_authenticated:
        if admin_allowed(request):
            return redirect(next_url)
        raise PermissionDenied("Only platform admins can use the admin pages.")
    return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': next_url})}")


@login_required
def sign_in_domains(request: HttpRequest, pk: int) -> HttpResponse:
    """A hub facilitator switches sign-in with Google or Microsoft on for the hub or its schools."""
    hub = permissions.facilitated_hub_for(request.user, pk=pk)
    schools = list(School.objects.filter(hub=hub).order_by("name"))
    form = SignInDomainForm(request.POST or None, hub=hub, schools=schools)
    if request.method == "POST" and form.is_valid():
        where = form.cleaned_data["where"]
        school = next((s for s in schools if where == f"school:{s.pk}"), None)
        try:
            row = services.sign_in_domain_add(
                by=request.user,  # type: ignore[arg-type]
                hub=hub,
                provider=form.cleaned_data["provider"],
                value=form.cleaned_data["value"],
                school=school,
            )
        except services.AccountError as exc:
            form.add_error("value", str(exc))
        else:
            messages.success(request, f"Sign-in switched on for {row.value}.")
            return redirect("team_sign_in", pk=hub.pk)
    rows = (
        SignInDomain.objects.filter(Q(hub=hub) | Q(school__hub=hub))
        .select_related("hub", "school")
        .order_by("provider", "value")
    )
    return render(
        request, "accounts/sign_in_domains.html", {"hub": hub, "form": form, "rows": rows}
    )


@login_required
@require_POST
def sign_in_domain_remove(request: HttpRequest, pk: int, domain_pk: int) -> HttpResponse:
    hub = permissions.facilitated_hub_for(request.user, pk=pk)
    try:
        row = services.sign_in_domain_remove(
            by=request.user,  # type: ignore[arg-type]
            hub=hub,
            domain_id=domain_pk,
        )
    except services.AccountError as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, f"Sign-in switched off for {row.value}.")
    return redirect("team_sign_in", pk=hub.pk)
