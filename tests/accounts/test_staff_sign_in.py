"""Staff sign-in with Google and Microsoft, end to end against a local OpenID Connect provider."""

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.test import Client

from horizons.accounts.models import SecurityEvent, SignInDomain, User
from horizons.accounts.social import decode_id_token
from tests.accounts.fake_oidc import CLIENT_ID, FakeProvider, running_provider
from tests.accounts.totp import give_totp
from tests.conftest import PASSWORD

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OTHER_TENANT = "11111111-2222-3333-4444-555555555555"

pytestmark = pytest.mark.django_db


def google(email: str, *, hd: str = "gosforth.sch.uk", **extra: object) -> dict[str, object]:
    return {"email": email, "email_verified": True, "hd": hd, "name": "A Person", **extra}


def microsoft(email: str, *, tid: str = TENANT, **extra: object) -> dict[str, object]:
    return {"email": email, "tid": tid, "name": "A Person", **extra}


def dance(client: Client, provider: str = "google", *, process: str = "login") -> object:
    """Press "Sign in with …", let the fake provider answer, and follow it back to us."""
    start = client.post(f"/accounts/oidc/{provider}/login/?process={process}")
    assert start.status_code == 302, start.content[:500]
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    back = urlparse(answer.headers["Location"])
    assert back.path == f"/accounts/oidc/{provider}/login/callback/"
    return client.get(f"{back.path}?{back.query}")


def sign_in_with_password(client: Client, email: str) -> None:
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def refusals() -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PROVIDER_SIGN_IN_REFUSED))


@pytest.fixture
def fake_oidc(settings) -> Iterator[FakeProvider]:  # type: ignore[no-untyped-def]
    with running_provider(settings) as provider:
        yield provider


@pytest.fixture
def switched_on(world) -> None:  # type: ignore[no-untyped-def]
    SignInDomain.objects.create(provider="google", value="gosforth.sch.uk", school=world.school)
    SignInDomain.objects.create(provider="microsoft", value=TENANT, hub=world.hub)


def test_invited_teacher_signs_in_with_google_and_the_account_is_linked(
    client, world, switched_on, fake_oidc
):
    fake_oidc.identity = google(world.teacher.email.upper(), sub="google-sub-42")
    response = dance(client)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session[SESSION_KEY]) == world.teacher.pk
    account = SocialAccount.objects.get(user=world.teacher)
    assert (account.provider, account.uid) == ("google", "google-sub-42")
    # Only the claims we need are kept.
    assert set(account.extra_data["id_token"]) <= {
        "sub",
        "iss",
        "email",
        "email_verified",
        "name",
        "given_name",
        "family_name",
        "hd",
        "amr",
    }
    kinds = list(SecurityEvent.objects.values_list("kind", flat=True).order_by("id"))
    assert SecurityEvent.Kind.PROVIDER_ACCOUNT_LINKED in kinds
    assert SecurityEvent.Kind.SIGNED_IN in kinds
    # PKCE and the client secret went to the token endpoint.
    assert fake_oidc.token_requests[-1]["code_verifier"]


def test_a_linked_account_signs_in_by_subject_even_after_an_email_change(
    client, world, switched_on, fake_oidc
):
    fake_oidc.identity = google(world.teacher.email, sub="google-sub-42")
    dance(client)
    client.logout()
    fake_oidc.identity = google("renamed@gosforth.sch.uk", sub="google-sub-42")
    dance(client)
    assert int(client.session[SESSION_KEY]) == world.teacher.pk
    assert SocialAccount.objects.count() == 1


def test_facilitator_signs_in_with_microsoft_from_the_hub_tenant(
    client, world, switched_on, fake_oidc
):
    fake_oidc.identity = microsoft(world.facilitator.email)
    dance(client, "microsoft")
    assert int(client.session[SESSION_KEY]) == world.facilitator.pk


def test_a_hub_tenant_covers_the_hub_schools_staff(client, world, switched_on, fake_oidc):
    fake_oidc.identity = microsoft(world.lead.email)
    dance(client, "microsoft")
    assert int(client.session[SESSION_KEY]) == world.lead.pk


@pytest.mark.parametrize(
    ("provider", "identity_for", "expected"),
    [
        ("google", lambda e: google(e, hd="elsewhere.sch.uk"), "has not switched on"),
        ("microsoft", lambda e: microsoft(e, tid=OTHER_TENANT), "has not switched on"),
        ("google", lambda e: {"email": e, "email_verified": True}, "personal account"),
    ],
)
def test_wrong_domain_or_tenant_is_refused_with_a_clear_message(
    client, world, switched_on, fake_oidc, provider, identity_for, expected
):
    fake_oidc.identity = identity_for(world.teacher.email)
    response = dance(client, provider)
    assert response.status_code == 403
    assert expected in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not SocialAccount.objects.exists()
    [event] = refusals()
    assert event.user == world.teacher


def test_a_domain_switched_on_for_another_school_does_not_count(client, world, fake_oidc):
    SignInDomain.objects.create(
        provider="google", value="gosforth.sch.uk", school=world.foreign_school
    )
    fake_oidc.identity = google(world.teacher.email)
    response = dance(client)
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_unknown_person_from_an_allowed_domain_gets_no_account(
    client, world, switched_on, fake_oidc
):
    users_before = User.objects.count()
    fake_oidc.identity = google("stranger@gosforth.sch.uk")
    response = dance(client)
    assert response.status_code == 403
    assert "careers leader or your hub to invite you" in response.content.decode()
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    [event] = refusals()
    assert event.email == "stranger@gosforth.sch.uk"
    assert "no invited account" in event.detail


def test_unverified_google_address_does_not_link(client, world, switched_on, fake_oidc):
    fake_oidc.identity = google(world.teacher.email, email_verified=False)
    response = dance(client)
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_volunteers_never_sign_in_with_a_school_domain(client, world, switched_on, fake_oidc):
    fake_oidc.identity = google(world.volunteer.email)
    response = dance(client)
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_linked_account_is_refused_once_the_domain_is_switched_off(
    client, world, switched_on, fake_oidc
):
    fake_oidc.identity = google(world.teacher.email)
    dance(client)
    client.logout()
    SignInDomain.objects.filter(provider="google").delete()
    response = dance(client)
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("fault", "expected_log", "expected_page"),
    [
        ("wrong_audience", "another service (audience)", "made for another service"),
        ("expired", "had expired", "had expired"),
        ("bad_signature", "signature did not match", "signature did not match"),
        ("wrong_issuer", "unexpected issuer", "unexpected issuer"),
        ("token_error", "Error retrieving access token", "did not answer as expected"),
        ("authorize_error", "server_error", "did not answer as expected"),
    ],
)
def test_token_and_provider_errors_refuse_create_nothing_and_are_logged(
    client, world, switched_on, fake_oidc, fault, expected_log, expected_page
):
    fake_oidc.identity = google(world.teacher.email)
    fake_oidc.fault = fault
    users_before = User.objects.count()
    response = dance(client)
    assert response.status_code == 400
    page = response.content.decode()
    assert expected_page in page
    assert "Nothing has changed" in page
    assert SESSION_KEY not in client.session
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == users_before
    [event] = refusals()
    assert expected_log in event.detail
    assert event.detail.startswith("google:")


def test_own_second_factor_is_still_asked_for(client, world, switched_on, fake_oidc):
    give_totp(world.teacher)
    fake_oidc.identity = google(world.teacher.email, amr=["pwd", "mfa"])
    response = dance(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert SESSION_KEY not in client.session


def test_provider_mfa_counts_for_a_facilitator_without_one_here(
    client, world, switched_on, fake_oidc, settings
):
    settings.HORIZONS_REQUIRE_2FA = True
    fake_oidc.identity = microsoft(world.facilitator.email, amr=["pwd", "mfa"])
    dance(client, "microsoft")
    assert client.get("/").status_code == 200  # not sent to set up a second factor


def test_without_provider_mfa_a_facilitator_must_set_one_up(
    client, world, switched_on, fake_oidc, settings
):
    settings.HORIZONS_REQUIRE_2FA = True
    fake_oidc.identity = microsoft(world.facilitator.email, amr=["pwd"])
    dance(client, "microsoft")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


def test_buttons_show_only_when_configured(client, world, settings, fake_oidc):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Google" in page and "Sign in with Microsoft" in page
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Google" not in page and "Sign in with Microsoft" not in page


def test_unconfigured_provider_is_not_found(client, world, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    assert client.post("/accounts/oidc/google/login/").status_code == 404


def test_signed_in_person_links_their_account_from_the_linked_accounts_page(
    client, world, switched_on, fake_oidc
):
    sign_in_with_password(client, world.lead.email)
    fake_oidc.identity = google("a-different-address@gosforth.sch.uk", sub="lead-sub")
    response = dance(client, process="connect")
    # Linking a way to sign in asks for the password again first.
    assert response["Location"] == "/accounts/reauthenticate/"
    assert not SocialAccount.objects.exists()
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    account = SocialAccount.objects.get(user=world.lead)
    assert account.uid == "lead-sub"
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PROVIDER_ACCOUNT_LINKED, user=world.lead
    ).exists()


def test_linking_from_a_domain_not_switched_on_is_refused(client, world, switched_on, fake_oidc):
    sign_in_with_password(client, world.lead.email)
    fake_oidc.identity = google(world.lead.email, hd="gmail-like.example")
    response = dance(client, process="connect")
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()


def test_decode_fills_in_the_microsoft_tenant_issuer(fake_oidc):
    fake_oidc.identity = microsoft("x@y.sch.uk")
    token = fake_oidc.id_token()
    claims = decode_id_token(
        id_token=token,
        keys_url=f"{fake_oidc.issuer}/jwks",
        issuer=fake_oidc.issuer,
        audience=CLIENT_ID,
    )
    assert claims["tid"] == TENANT


@pytest.mark.parametrize(
    ("provider", "value", "ok"),
    [
        ("google", " Gosforth.SCH.uk ", True),
        ("google", "not a domain", False),
        ("microsoft", TENANT.upper(), True),
        ("microsoft", "gosforth.sch.uk", False),
    ],
)
def test_sign_in_domain_values_are_checked_and_normalised(world, provider, value, ok):
    row = SignInDomain(provider=provider, value=value, school=world.school)
    if ok:
        row.full_clean()
        assert row.value == value.strip().lower()
    else:
        with pytest.raises(ValidationError) as raised:
            row.full_clean()
        assert "value" in raised.value.message_dict


def test_sign_in_domain_belongs_to_a_hub_or_a_school(world):
    row = SignInDomain(provider="google", value="a.sch.uk", school=world.school, hub=world.hub)
    with pytest.raises(ValidationError):
        row.full_clean()


def test_sign_in_page_lets_its_forms_lead_to_the_provider_only(client, fake_oidc):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    form_action = next(p for p in policy.split(";") if "form-action" in p)
    assert fake_oidc.issuer in form_action
    assert fake_oidc.issuer not in client.get("/privacy/")["Content-Security-Policy"]


# --- A hub facilitator switches sign-in on for the hub or one of its schools -----------------


def test_facilitator_switches_a_school_domain_on_and_off(client, world):
    client.force_login(world.facilitator)
    url = f"/team/hub/{world.hub.pk}/sign-in/"
    response = client.post(
        url,
        {"provider": "google", "value": " StMarys.SCH.uk ", "where": f"school:{world.school.pk}"},
    )
    assert response.status_code == 302
    row = SignInDomain.objects.get()
    assert (row.value, row.school, row.hub, row.added_by) == (
        "stmarys.sch.uk",
        world.school,
        None,
        world.facilitator,
    )
    assert "stmarys.sch.uk" in client.get(url).content.decode()
    response = client.post(f"/team/hub/{world.hub.pk}/sign-in/{row.pk}/remove/")
    assert response.status_code == 302
    assert not SignInDomain.objects.exists()


def test_bad_tenant_id_gets_a_clear_message_and_keeps_what_was_typed(client, world):
    client.force_login(world.facilitator)
    response = client.post(
        f"/team/hub/{world.hub.pk}/sign-in/",
        {"provider": "microsoft", "value": "stmarys.sch.uk", "where": "hub"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the Microsoft tenant id" in page
    assert 'value="stmarys.sch.uk"' in page
    assert not SignInDomain.objects.exists()


def test_the_same_domain_twice_is_refused(client, world):
    client.force_login(world.facilitator)
    data = {"provider": "google", "value": "stmarys.sch.uk", "where": "hub"}
    client.post(f"/team/hub/{world.hub.pk}/sign-in/", data)
    response = client.post(f"/team/hub/{world.hub.pk}/sign-in/", data)
    assert "already switched on" in response.content.decode()
    assert SignInDomain.objects.count() == 1


def test_a_school_of_another_hub_cannot_be_chosen(client, world):
    client.force_login(world.facilitator)
    response = client.post(
        f"/team/hub/{world.hub.pk}/sign-in/",
        {"provider": "google", "value": "a.sch.uk", "where": f"school:{world.foreign_school.pk}"},
    )
    assert response.status_code == 200
    assert not SignInDomain.objects.exists()


def test_another_hubs_domain_cannot_be_switched_off(client, world):
    row = SignInDomain.objects.create(provider="google", value="a.sch.uk", hub=world.other_hub)
    client.force_login(world.facilitator)
    response = client.post(f"/team/hub/{world.hub.pk}/sign-in/{row.pk}/remove/")
    assert response.status_code == 404
    response = client.post(f"/team/hub/{world.other_hub.pk}/sign-in/{row.pk}/remove/")
    assert response.status_code == 404
    assert SignInDomain.objects.filter(pk=row.pk).exists()


def test_opening_the_start_address_directly_asks_before_leaving(client, fake_oidc):
    """A GET (a bookmarked link) does not redirect to the provider: it shows a button."""
    response = client.get("/accounts/oidc/google/login/")
    assert response.status_code == 200
    assert "Continue to Google" in response.content.decode()
    assert not fake_oidc.codes
