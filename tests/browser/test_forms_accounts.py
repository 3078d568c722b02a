"""The people forms in real Chromium: invite, accept, remove, change and reset a password,
change an employer's details, sign out. Each page is checked with axe-core."""

import re

import pytest
from django.core import mail

from horizons.accounts.models import Membership, User
from horizons.organisations.models import Employer
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NEW_PASSWORD = "Kittiwakes nest on the Tyne bridge"
RESET_PASSWORD = "Lighthouses at Tynemouth since 1882"


def _link_in_last_email(base: str) -> str:
    body = mail.outbox[-1].body
    found = re.search(r"https?://\S+", body)
    assert found, body
    # Links in emails start with the site's address; the live server has its own port.
    return base + "/" + found.group(0).split("/", 3)[3]


def test_a_coordinator_invites_a_volunteer_who_joins_and_is_removed(  # type: ignore[no-untyped-def]
    demo_site, new_page, django_capture_on_commit_callbacks
):
    base = demo_site.url
    coordinator = new_page()
    sign_in(coordinator, base, "employer@horizons.test")
    coordinator.goto(base + "/team/")
    coordinator.click("a:has-text('Invite someone')")
    check_accessibility(coordinator, "invite")
    coordinator.fill("#id_email", "new.volunteer@horizons.test")
    coordinator.click("label:has-text('Volunteer')")
    # Emails go through horizons/messaging once the request's work commits (at once on
    # PostgreSQL; inside this test's transaction on SQLite, hence the capture).
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.click("button:has-text('Send invitation')")
        coordinator.wait_for_selector("text=Invitation sent to new.volunteer@horizons.test")

    # The invited person opens the link from the email in a browser of their own.
    newcomer = new_page()
    newcomer.goto(_link_in_last_email(base))
    check_accessibility(newcomer, "accept invitation")
    newcomer.fill("#id_first_name", "Priya")
    newcomer.fill("#id_last_name", "Shah")
    newcomer.fill("#id_job_title", "Paramedic")
    newcomer.fill("#id_password1", NEW_PASSWORD)
    newcomer.fill("#id_password2", NEW_PASSWORD)
    newcomer.click("button:has-text('Accept and continue')")
    newcomer.wait_for_selector("text=Welcome to Horizons")
    check_accessibility(newcomer, "home after joining")
    member = Membership.objects.get(user__email="new.volunteer@horizons.test")
    assert member.role == "volunteer"

    coordinator.goto(base + "/team/")
    coordinator.click("button:has-text('new.volunteer@horizons.test')")
    coordinator.wait_for_selector("text=new.volunteer@horizons.test no longer has that role")
    check_accessibility(coordinator, "team after removing")
    assert not Membership.objects.filter(pk=member.pk).exists()

    newcomer.click("button:has-text('Sign out')")
    newcomer.wait_for_url(re.compile(r".*/accounts/login/.*|.*/$"))
    assert not newcomer.locator("button:has-text('Sign out')").count()


def test_a_coordinator_changes_the_employer_details(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "employer@horizons.test")
    employer = Employer.objects.get(membership__user__email="employer@horizons.test")
    page.goto(f"{base}/employers/{employer.pk}/")
    page.click("a:has-text('Change employer details')")
    check_accessibility(page, "employer form")
    page.fill("#id_name", "")
    page.click("button:has-text('Save')")
    assert page.locator(".govuk-error-summary").is_visible()
    check_accessibility(page, "employer form with an error")
    page.fill("#id_name", employer.name)
    page.fill("#id_postcode", "NE1 4LP")
    page.click("button:has-text('Save')")
    page.wait_for_url(f"{base}/employers/{employer.pk}/")
    employer.refresh_from_db()
    assert employer.postcode == "NE1 4LP"


def test_a_volunteer_changes_their_password_then_resets_it(  # type: ignore[no-untyped-def]
    demo_site, new_page, django_capture_on_commit_callbacks
):
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "volunteer@horizons.test")
    page.goto(base + "/accounts/password/change/")
    check_accessibility(page, "change password")
    page.fill("#id_oldpassword", "horizons-demo")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/accounts/password/change/'] button[type=submit]")
    assert User.objects.get(email="volunteer@horizons.test").check_password(NEW_PASSWORD)

    # Forgotten: reset it through the emailed link, in a fresh browser.
    stranger = new_page()
    stranger.goto(base + "/accounts/password/reset/")
    check_accessibility(stranger, "reset password")
    stranger.fill("#id_email", "volunteer@horizons.test")
    with django_capture_on_commit_callbacks(execute=True):
        stranger.click("form button[type=submit] >> nth=-1")
        stranger.wait_for_url(re.compile(r".*/password/reset/done/"))
    stranger.goto(_link_in_last_email(base))
    stranger.wait_for_selector("#id_password1")
    check_accessibility(stranger, "choose a new password")
    stranger.fill("#id_password1", RESET_PASSWORD)
    stranger.fill("#id_password2", RESET_PASSWORD)
    stranger.click("button:has-text('Change Password')")
    stranger.wait_for_url(re.compile(r".*/password/reset/key/done/"))
    check_accessibility(stranger, "password changed")
    assert User.objects.get(email="volunteer@horizons.test").check_password(RESET_PASSWORD)
