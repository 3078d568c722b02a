"""Issue 12 in a real browser: two-factor on every way in (admin included), passkeys, email change."""

import re

import pytest

from tests.accounts.totp import current_code
from tests.browser.conftest import check_accessibility, sign_in

# These tests set some data up themselves, so they run outside a per-test transaction.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


def _clear_cache(django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()  # a TOTP code is accepted once per 30 seconds; throttles start afresh


def test_admin_with_totp_signs_in_through_admin_login_with_the_code(  # type: ignore[no-untyped-def]
    demo_site, new_page, django_db_blocker
):
    from allauth.mfa.models import Authenticator

    from horizons.accounts.models import SecurityEvent, User
    from tests.accounts.totp import give_totp

    with django_db_blocker.unblock():
        admin = User.objects.get(email="admin@horizons.test")
        Authenticator.objects.filter(user=admin).delete()
        secret = give_totp(admin)
    _clear_cache(django_db_blocker)
    page = new_page()
    page.goto(demo_site.url + "/admin/login/?next=/admin/accounts/securityevent/")
    # No password form of its own: the admin sends people to the one sign-in page.
    assert "/accounts/login/" in page.url
    check_accessibility(page, "sign in (from admin)")
    page.fill("#id_login", "admin@horizons.test")
    page.fill("#id_password", "horizons-demo")
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(r".*/accounts/2fa/authenticate/"))
    check_accessibility(page, "two-factor code")
    # A wrong code is refused, with a message.
    page.fill("#id_code", "000000")
    page.click("main button[type=submit]")
    assert page.locator(".govuk-error-message, .govuk-error-summary").first.is_visible()
    check_accessibility(page, "two-factor code, wrong")
    page.fill("#id_code", current_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/accounts/securityevent/"))
    assert "Security events" in page.content() or "security event" in page.content().lower()
    assert "Signed in" in page.content()
    with django_db_blocker.unblock():
        event = SecurityEvent.objects.filter(kind="signed_in", user=admin).latest("id")
        assert "mfa (totp)" in event.detail
        assert event.ip == "127.0.0.1"
        assert "Chrome" in event.user_agent
        Authenticator.objects.filter(user=admin).delete()


def test_setting_up_an_authenticator_app_and_signing_in_with_it(  # type: ignore[no-untyped-def]
    demo_site, new_page, django_db_blocker
):
    from allauth.mfa.models import Authenticator

    from horizons.accounts.models import User

    _clear_cache(django_db_blocker)
    page = new_page()
    sign_in(page, demo_site.url, "lead@horizons.test")
    page.goto(demo_site.url + "/accounts/2fa/")
    check_accessibility(page, "two-factor overview")
    page.goto(demo_site.url + "/accounts/2fa/totp/activate/")
    # Setting one up asks for the password again first.
    assert "/accounts/reauthenticate/" in page.url
    check_accessibility(page, "confirm password")
    page.fill("#id_password", "horizons-demo")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/2fa/totp/activate/"))
    check_accessibility(page, "activate authenticator app")
    secret = page.input_value("#authenticator_secret")
    assert len(secret) >= 16
    page.fill("#id_code", current_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/2fa/(recovery-codes/)?$"))
    # The same session carries on.
    page.goto(demo_site.url + "/")
    assert "/accounts/login/" not in page.url
    # Signing in again asks for the code.
    page.click("header button:has-text('Sign out')")
    _clear_cache(django_db_blocker)
    page.goto(demo_site.url + "/accounts/login/")
    page.fill("#id_login", "lead@horizons.test")
    page.fill("#id_password", "horizons-demo")
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(r".*/accounts/2fa/authenticate/"))
    page.fill("#id_code", current_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_url(demo_site.url + "/")
    with django_db_blocker.unblock():
        Authenticator.objects.filter(user=User.objects.get(email="lead@horizons.test")).delete()


def test_a_passkey_is_added_and_signs_in_on_its_own(  # type: ignore[no-untyped-def]
    demo_site, new_page, django_db_blocker
):
    """Chromium's virtual authenticator stands in for a phone or security key."""
    from allauth.mfa.models import Authenticator

    from horizons.accounts.models import User

    _clear_cache(django_db_blocker)
    page = new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sign_in(page, demo_site.url, "teacher@horizons.test")
    page.goto(demo_site.url + "/accounts/2fa/webauthn/add/")
    if "/accounts/reauthenticate/" in page.url:
        page.fill("#id_password", "horizons-demo")
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r".*/accounts/2fa/webauthn/add/"))
    check_accessibility(page, "add a passkey")
    page.fill("#id_name", "Classroom laptop")
    page.check("#id_passwordless")
    page.click("#mfa_webauthn_add")
    # The browser asks the (virtual) authenticator, then the form is sent.
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    with django_db_blocker.unblock():
        teacher = User.objects.get(email="teacher@horizons.test")
        assert Authenticator.objects.filter(user=teacher, type="webauthn").exists()
    page.goto(demo_site.url + "/accounts/2fa/webauthn/")
    check_accessibility(page, "passkeys list")
    assert "Classroom laptop" in page.content()
    page.click("header button:has-text('Sign out')")
    _clear_cache(django_db_blocker)
    page.goto(demo_site.url + "/accounts/login/")
    check_accessibility(page, "sign in with passkey offered")
    page.click("#passkey_login")
    page.wait_for_url(demo_site.url + "/")
    assert "teacher@horizons.test" in page.content()
    assert not page.console_errors, page.console_errors
    with django_db_blocker.unblock():
        Authenticator.objects.filter(user=teacher).delete()


def test_changing_email_needs_the_password_and_a_link(  # type: ignore[no-untyped-def]
    demo_site, new_page, django_db_blocker
):
    from django.core import mail

    _clear_cache(django_db_blocker)
    page = new_page()
    sign_in(page, demo_site.url, "employer@horizons.test")
    page.goto(demo_site.url + "/accounts/email/")
    check_accessibility(page, "change email")
    # A demo address (exempt from two-factor in development) cannot be taken.
    page.fill("#id_email", "admin@horizons.test")
    page.click("button[name=action_add]")
    assert page.locator(".govuk-error-message").first.is_visible()
    assert page.input_value("#id_email") == "admin@horizons.test"
    check_accessibility(page, "change email, refused")
    outbox_before = len(mail.outbox)
    page.fill("#id_email", "priya.new@example.org")
    page.click("button[name=action_add]")
    # A real change asks for the password again first.
    page.wait_for_url(re.compile(r".*/accounts/reauthenticate/.*"))
    check_accessibility(page, "confirm password before changing email")
    page.fill("#id_password", "horizons-demo")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/email/"))
    if "We have sent a link to" not in page.content():
        page.fill("#id_email", "priya.new@example.org")
        page.click("button[name=action_add]")
        page.wait_for_load_state("networkidle")
    assert "We have sent a link to" in page.content()
    check_accessibility(page, "change email, link sent")
    assert len(mail.outbox) > outbox_before
    # Until the link is followed, the address is unchanged; withdraw the change.
    page.click("button[name=action_remove]")
    page.wait_for_load_state("networkidle")
    assert "We have sent a link to" not in page.content()
