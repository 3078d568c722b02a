"""Issue 12: every way in asks for the second factor, in this session, and is throttled."""

import pytest
from django.core.cache import cache
from django.test import Client

from horizons.accounts.models import SecurityEvent
from tests.accounts.totp import current_code, give_totp, sign_in_with_totp
from tests.conftest import PASSWORD


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_admin_login_sends_people_to_the_real_sign_in(world, client):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    # A next pointing off the site is dropped.
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_admin_login_does_not_accept_a_password_alone(world, client):
    give_totp(world.admin)
    cache.clear()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not _signed_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_admin_with_totp_needs_the_code_on_the_sign_in_page(world, client):
    give_totp(world.admin)
    cache.clear()
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "admin@example.org", "password": PASSWORD}
    )
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302
    # A wrong code does not let them in.
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert not _signed_in(client)


def test_admin_with_totp_reaches_the_admin_after_the_code(world, client):
    secret = give_totp(world.admin)
    response = sign_in_with_totp(client, "admin@example.org", secret, next_url="/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGNED_IN).latest("id")
    assert event.user == world.admin
    assert "mfa (totp)" in event.detail


def test_fifteen_wrong_passwords_then_the_right_one_is_refused_on_every_path(world, client):
    cache.clear()
    for _ in range(15):
        client.post("/admin/login/", {"username": "admin@example.org", "password": "wrong-guess"})
        client.post(
            "/accounts/login/?next=/admin/",
            {"login": "admin@example.org", "password": "wrong-guess"},
        )
    client.post("/admin/login/", {"username": "admin@example.org", "password": PASSWORD})
    assert not _signed_in(client)
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "admin@example.org", "password": PASSWORD}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.SIGN_IN_THROTTLED, email="admin@example.org"
    ).exists()
    cache.clear()


def test_a_session_that_skipped_the_second_factor_is_signed_out(world, client):
    """A session made without the code (an old admin login, say) gets nothing."""
    give_totp(world.admin)
    client.force_login(world.admin)  # password-only, as /admin/login/ used to do
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not _signed_in(client)
    # ...on account pages too, so it cannot confirm the password and remove the second factor.
    client.force_login(world.admin)
    assert client.get("/accounts/2fa/totp/deactivate/")["Location"].startswith("/accounts/login/")
    assert not _signed_in(client)
    assert (
        SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.SECOND_FACTOR_BYPASSED, user=world.admin
        ).count()
        == 2
    )


@pytest.mark.django_db(transaction=True)  # allauth announces the new factor on commit
def test_setting_up_totp_lets_the_same_session_carry_on(world, client, settings, mailoutbox):
    settings.HORIZONS_REQUIRE_2FA = True
    settings.HORIZONS_2FA_EXEMPT_EMAILS = set()
    cache.clear()
    client.post("/accounts/login/", {"login": "facilitator@example.org", "password": PASSWORD})
    assert client.get("/schools/")["Location"] == "/accounts/2fa/"
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/schools/").status_code == 200
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.TWO_FACTOR_ADDED, user=world.facilitator
    ).exists()
    # The person is told by email, in case it was not them.
    assert any("facilitator@example.org" in m.to for m in mailoutbox)


def test_only_platform_admins_reach_the_admin(world, client_for):
    world.lead.is_staff = True  # staff without being a platform admin
    world.lead.save()
    for name in ["lead", "facilitator", "teacher", "volunteer", "outsider"]:
        response = client_for(name).get("/admin/")
        assert response.status_code in (302, 403), name
        if response.status_code == 302:
            assert client_for(name).get(response["Location"]).status_code == 403, name
    assert client_for("admin").get("/admin/").status_code == 200


def test_the_two_step_page_offers_an_app_and_a_passkey(world, client_for, settings):
    assert "webauthn" in settings.MFA_SUPPORTED_TYPES
    assert settings.MFA_PASSKEY_LOGIN_ENABLED
    page = client_for("facilitator").get("/accounts/2fa/").content.decode()
    assert "Set up an authenticator app" in page
    assert "Add a passkey" in page
    login = Client().get("/accounts/login/").content.decode()
    assert 'id="passkey_login"' in login
    assert 'id="mfa_login"' in login
