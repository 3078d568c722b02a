import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache

from tests.accounts.totp import give_totp, sign_in_with_totp

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deployment_checklist():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "HORIZONS_ENV": "production",
        "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
        "ALLOWED_HOSTS": "horizons.example.org",
        "DATABASE_URL": "sqlite:////tmp/horizons-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"} | {
        "HORIZONS_ENV": "production"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_pages_carry_a_strict_content_security_policy(db, client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_repeated_failed_sign_ins_are_throttled(world, client):
    cache.clear()
    for _ in range(6):
        response = client.post(
            "/accounts/login/", {"login": "lead@example.org", "password": "wrong"}
        )
    # After 5 failures in 5 minutes for one account, allauth refuses further attempts...
    assert "Too many failed login attempts" in response.content.decode()
    # ...even with the right password, until the window passes.
    response = client.post(
        "/accounts/login/", {"login": "lead@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_facilitators_must_set_up_two_factor_when_required(world, client_for, client, settings):
    settings.HORIZONS_REQUIRE_2FA = True
    settings.HORIZONS_2FA_EXEMPT_EMAILS = set()
    facilitator = client_for("facilitator")
    response = facilitator.get("/schools/")
    assert response.status_code == 302
    # The two-factor page offers an authenticator app or a passkey.
    assert response["Location"] == "/accounts/2fa/"
    # Teachers are not required to.
    assert client_for("teacher").get("/").status_code == 200
    # Once TOTP is set up and passed at sign-in, the facilitator goes through.
    secret = give_totp(world.facilitator)
    sign_in_with_totp(client, "facilitator@example.org", secret)
    assert client.get("/schools/").status_code == 200


def test_demo_accounts_are_exempt_from_two_factor(world, client_for, settings):
    settings.HORIZONS_REQUIRE_2FA = True
    settings.HORIZONS_2FA_EXEMPT_EMAILS = {"facilitator@example.org"}
    assert client_for("facilitator").get("/schools/").status_code == 200


def test_the_two_factor_set_up_page_works(world, client):
    cache.clear()
    client.post(
        "/accounts/login/",
        {"login": "facilitator@example.org", "password": "correct-horse-battery"},
    )
    # Setting up two-factor asks for the password again first (allauth's reauthentication).
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith(
        "/accounts/reauthenticate/"
    )
    client.post("/accounts/reauthenticate/", {"password": "correct-horse-battery"})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "svg" in response.content.decode().lower()  # the QR code to scan
