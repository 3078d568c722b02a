"""Issue 12: sign-ins, failures, refusals and second-factor changes are in the security log."""

import pytest
from django.core.cache import cache
from django.test import Client

from horizons.accounts.models import SecurityEvent
from tests.conftest import PASSWORD

Kind = SecurityEvent.Kind


def test_a_sign_in_and_a_failed_one_are_logged_with_address_and_browser(world, client):
    cache.clear()
    client.post(
        "/accounts/login/",
        {"login": "lead@example.org", "password": "not-the-password"},
        HTTP_USER_AGENT="Attacker/1.0",
        REMOTE_ADDR="203.0.113.9",
    )
    failed = SecurityEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    assert (failed.email, failed.ip, failed.user_agent) == (
        "lead@example.org",
        "203.0.113.9",
        "Attacker/1.0",
    )
    assert failed.user is None
    client.post("/accounts/login/", {"login": "lead@example.org", "password": PASSWORD})
    signed_in = SecurityEvent.objects.get(kind=Kind.SIGNED_IN)
    assert signed_in.user == world.lead
    assert signed_in.detail == "with password"
    client.post("/accounts/logout/")
    assert SecurityEvent.objects.filter(kind=Kind.SIGNED_OUT, user=world.lead).exists()


def test_a_permission_refusal_is_logged(world, client_for):
    # A volunteer may not remove team members: the view refuses.
    response = client_for("volunteer").post(
        f"/team/members/{world.lead.memberships.get().pk}/remove/"
    )
    assert response.status_code in (403, 404)
    kind = Kind.PERMISSION_DENIED if response.status_code == 403 else Kind.NOT_FOUND
    event = SecurityEvent.objects.get(kind=kind)
    assert event.user == world.volunteer
    assert event.path.startswith("/team/members/")
    assert event.method == "POST"


def test_a_refused_admin_page_is_logged(world, client_for):
    assert client_for("lead").get("/admin/login/").status_code == 403
    assert SecurityEvent.objects.filter(kind=Kind.PERMISSION_DENIED, user=world.lead).exists()


def test_a_forged_form_is_refused_and_logged(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.lead)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind=Kind.CSRF_FAILURE)
    assert event.user == world.lead
    assert "CSRF" in event.detail
    # Logged once, not also as a plain refusal.
    assert not SecurityEvent.objects.filter(kind=Kind.PERMISSION_DENIED).exists()


@pytest.mark.django_db(transaction=True)  # allauth announces changes on commit
def test_removing_a_second_factor_is_logged(world, client):
    from tests.accounts.totp import give_totp, sign_in_with_totp

    secret = give_totp(world.facilitator)
    sign_in_with_totp(client, "facilitator@example.org", secret)
    # Removing it asks for the password again first.
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert SecurityEvent.objects.filter(kind=Kind.REAUTHENTICATED, detail="password").exists()
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(
        kind=Kind.TWO_FACTOR_REMOVED, user=world.facilitator, detail="authenticator app"
    ).exists()


def test_only_platform_admins_read_the_log_and_nobody_edits_it(world, client_for):
    event = SecurityEvent.objects.create(kind=Kind.SIGN_IN_FAILED, email="x@example.org")
    admin = client_for("admin")
    page = admin.get("/admin/accounts/securityevent/")
    assert page.status_code == 200
    assert "x@example.org" in page.content.decode()
    assert admin.get(f"/admin/accounts/securityevent/{event.pk}/change/").status_code == 200
    assert admin.get("/admin/accounts/securityevent/add/").status_code == 403
    admin.post(f"/admin/accounts/securityevent/{event.pk}/delete/", {"post": "yes"})
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
