"""Staff sign-in with Google and Microsoft in real Chromium: the whole redirect dance between
the live server and a local OpenID Connect provider (tests/accounts/fake_oidc.py)."""

from collections.abc import Iterator

import pytest

from tests.accounts.fake_oidc import FakeProvider, running_provider
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]

DOMAIN = "demo-primary.sch.uk"


@pytest.fixture
def provider(settings, committed_db) -> Iterator[FakeProvider]:  # type: ignore[no-untyped-def]
    from allauth.socialaccount.models import SocialAccount
    from django.core.cache import cache

    from horizons.accounts.models import Membership, SignInDomain

    cache.clear()  # sign-in throttles start afresh
    lead = Membership.objects.filter(user__email="lead@horizons.test", school__isnull=False).first()
    assert lead is not None
    row = SignInDomain.objects.create(provider="google", value=DOMAIN, school=lead.school)
    with running_provider(settings) as running:
        yield running
    SocialAccount.objects.all().delete()
    row.delete()


def test_invited_careers_leader_signs_in_with_google(demo_site, new_page, provider):  # type: ignore[no-untyped-def]
    from allauth.socialaccount.models import SocialAccount

    from horizons.accounts.models import SecurityEvent

    provider.identity = {
        "email": "lead@horizons.test",
        "email_verified": True,
        "hd": DOMAIN,
        "sub": "lead-google",
    }
    page = new_page()
    page.goto(demo_site.url + "/accounts/login/")
    check_accessibility(page, "sign-in page with Google and Microsoft buttons")
    page.get_by_role("button", name="Sign in with Google").click()
    page.wait_for_url(demo_site.url + "/")
    check_accessibility(page, "home after signing in with Google")
    assert SocialAccount.objects.filter(
        user__email="lead@horizons.test", uid="lead-google"
    ).exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.SIGNED_IN,
        email="lead@horizons.test",
        detail__contains="socialaccount",
    ).exists()
    assert page.console_errors == []


def test_unknown_person_is_refused_with_a_clear_page(demo_site, new_page, provider):  # type: ignore[no-untyped-def]
    from horizons.accounts.models import SecurityEvent, User

    users = User.objects.count()
    provider.identity = {"email": "stranger@" + DOMAIN, "email_verified": True, "hd": DOMAIN}
    page = new_page()
    page.goto(demo_site.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Google").click()
    page.wait_for_url("**/accounts/oidc/google/login/callback/**")
    assert page.get_by_role("heading", name="Could not sign in with Google").is_visible()
    assert "invite you" in page.locator("#sign-in-refused-message").inner_text()
    check_accessibility(page, "sign-in refused")
    assert User.objects.count() == users
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PROVIDER_SIGN_IN_REFUSED, email="stranger@" + DOMAIN
    ).exists()


def test_expired_token_is_refused_with_a_clear_page(demo_site, new_page, provider):  # type: ignore[no-untyped-def]
    provider.identity = {"email": "lead@horizons.test", "email_verified": True, "hd": DOMAIN}
    provider.fault = "expired"
    page = new_page()
    # Opened directly (a bookmark), the start page asks before leaving for the provider.
    page.goto(demo_site.url + "/accounts/oidc/google/login/")
    check_accessibility(page, "continue to Google")
    page.get_by_role("button", name="Continue to Google").click()
    page.wait_for_url("**/accounts/oidc/google/login/callback/**")
    assert "had expired" in page.locator("#sign-in-refused-message").inner_text()
    check_accessibility(page, "sign-in token expired")


def test_careers_leader_links_and_unlinks_a_google_account(demo_site, new_page, provider):  # type: ignore[no-untyped-def]
    from allauth.socialaccount.models import SocialAccount

    provider.identity = {
        "email": "laura.bell@" + DOMAIN,
        "email_verified": True,
        "hd": DOMAIN,
        "sub": "lead-linked",
    }
    page = new_page()
    sign_in(page, demo_site.url, "lead@horizons.test")
    page.goto(demo_site.url + "/accounts/2fa/")
    page.get_by_role("link", name="Link or unlink a Google or Microsoft account").click()
    page.wait_for_url(demo_site.url + "/accounts/3rdparty/")
    check_accessibility(page, "linked accounts (none)")
    page.get_by_role("button", name="Link a Google account").click()
    # Linking a new way to sign in asks for the password first.
    page.wait_for_url("**/accounts/reauthenticate/**")
    check_accessibility(page, "confirm password before linking")
    page.fill("#id_password", "horizons-demo")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(demo_site.url + "/accounts/3rdparty/")
    assert "laura.bell@" + DOMAIN in page.content()
    check_accessibility(page, "linked accounts (one)")
    assert SocialAccount.objects.filter(uid="lead-linked").exists()
    page.get_by_role("button", name="Unlink Google account").click()
    page.wait_for_url(demo_site.url + "/accounts/3rdparty/")
    assert "You have not linked a Google or Microsoft account." in page.content()
    assert not SocialAccount.objects.filter(uid="lead-linked").exists()


def test_facilitator_switches_sign_in_on_and_off_for_a_school(demo_site, new_page, committed_db):  # type: ignore[no-untyped-def]
    from horizons.accounts.models import Membership, SignInDomain

    membership = Membership.objects.filter(
        user__email="facilitator@horizons.test", hub__isnull=False
    ).first()
    assert membership is not None and membership.hub is not None
    page = new_page()
    sign_in(page, demo_site.url, "facilitator@horizons.test")
    page.goto(demo_site.url + "/team/")
    page.get_by_role("link", name=f"Sign in with Google or Microsoft for {membership.hub}").click()
    check_accessibility(page, "sign-in domains (none)")
    # A tenant id that is not one: a clear message, and what was typed is kept.
    page.get_by_label("Microsoft 365 (Entra ID)").check()
    page.get_by_label("Google Workspace domain or Microsoft tenant id").fill("stmarys.sch.uk")
    page.get_by_role("button", name="Switch on", exact=True).click()
    assert page.get_by_text("Enter the Microsoft tenant id").first.is_visible()
    assert page.get_by_label("Google Workspace domain or Microsoft tenant id").input_value() == (
        "stmarys.sch.uk"
    )
    check_accessibility(page, "sign-in domains (error)")
    page.get_by_label("Google Workspace", exact=True).check()
    page.get_by_role("button", name="Switch on", exact=True).click()
    page.wait_for_url(f"**/team/hub/{membership.hub.pk}/sign-in/")
    assert page.get_by_role("cell", name="stmarys.sch.uk", exact=True).is_visible()
    check_accessibility(page, "sign-in domains (one)")
    assert SignInDomain.objects.filter(value="stmarys.sch.uk", hub=membership.hub).exists()
    page.get_by_role("button", name="Switch off stmarys.sch.uk").click()
    page.wait_for_url(f"**/team/hub/{membership.hub.pk}/sign-in/")
    assert "Nothing yet" in page.content()
    assert not SignInDomain.objects.filter(value="stmarys.sch.uk").exists()
