"""Issue 12: changing one's email needs the password again and a link from the new address."""

import re

from django.core import mail
from django.core.cache import cache

from horizons.accounts.models import SecurityEvent
from tests.accounts.totp import give_totp, sign_in_with_totp
from tests.conftest import PASSWORD


def _sign_in(client, email: str) -> None:
    cache.clear()
    client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})


def test_changing_email_asks_for_the_password_again(world, client_for):
    lead = client_for("lead")  # signed in a while ago: no recent password
    response = lead.post("/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    world.lead.refresh_from_db()
    assert world.lead.email == "lead@example.org"
    assert not mail.outbox


def test_a_new_email_takes_effect_only_once_its_link_is_followed(
    world, client, django_capture_on_commit_callbacks
):
    _sign_in(client, "lead@example.org")
    page = client.get("/accounts/email/")
    assert page.status_code == 200
    assert "New email address" in page.content.decode()
    # allauth's emails go through horizons/messaging: sent once the request's work commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    world.lead.refresh_from_db()
    assert world.lead.email == "lead@example.org"  # not yet
    assert mail.outbox[-1].to == ["new@example.org"]
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    client.post(link.group(1))
    world.lead.refresh_from_db()
    assert world.lead.email == "new@example.org"
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.EMAIL_CHANGED, user=world.lead
    ).exists()


def test_an_exempt_address_cannot_be_taken(world, client, settings):
    """Changing one's email to a 2FA-exempt (demo) address must not skip two-factor."""
    settings.HORIZONS_REQUIRE_2FA = True
    settings.HORIZONS_2FA_EXEMPT_EMAILS = {"facilitator@horizons.test"}
    _sign_in(client, "facilitator@example.org")
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "Facilitator@horizons.test"}
    )
    assert response.status_code == 200
    assert "This address belongs to the demo" in response.content.decode()
    world.facilitator.refresh_from_db()
    assert world.facilitator.email == "facilitator@example.org"
    assert client.get("/schools/")["Location"] == "/accounts/2fa/"


def test_an_exempt_address_never_skips_a_second_factor_already_set_up(world, client, settings):
    settings.HORIZONS_REQUIRE_2FA = True
    settings.HORIZONS_2FA_EXEMPT_EMAILS = {"facilitator@example.org"}
    secret = give_totp(world.facilitator)
    # The password alone does not sign them in...
    _sign_in(client, "facilitator@example.org")
    assert "_auth_user_id" not in client.session
    # ...nor does a session made some other way get anywhere.
    client.force_login(world.facilitator)
    assert client.get("/schools/")["Location"].startswith("/accounts/login/")
    sign_in_with_totp(client, "facilitator@example.org", secret)
    assert client.get("/schools/").status_code == 200
