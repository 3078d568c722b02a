"""Issue 12: throttles count per real client behind our proxies, and a forged header changes nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from horizons.accounts.client_ip import client_ip
from horizons.accounts.models import SecurityEvent

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("remote", "xff", "proxies", "expected"),
    [
        ("10.0.0.5", None, 0, "10.0.0.5"),
        ("10.0.0.5", "6.6.6.6", 0, "10.0.0.5"),  # no proxy: the header is the client's to forge
        ("10.0.0.5", "203.0.113.7", 1, "203.0.113.7"),
        ("10.0.0.5", "6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),  # forged entry on the left
        ("10.0.0.5", "6.6.6.6, 203.0.113.7, 10.0.0.9", 2, "203.0.113.7"),
        ("10.0.0.5", "203.0.113.7", 2, "10.0.0.5"),  # too few entries: did not pass the proxies
        ("10.0.0.5", "not-an-ip", 1, "10.0.0.5"),
        ("10.0.0.5", "[2001:db8::1]:443", 1, "2001:db8::1"),
        ("10.0.0.5", "203.0.113.7:5555", 1, "203.0.113.7"),
        (None, None, 0, ""),
    ],
)
def test_client_ip_trusts_only_our_own_proxies(remote, xff, proxies, expected):
    assert client_ip(remote, xff, proxies) == expected


def _fail(client, n: int, forged: bool, **extra: str) -> str:
    response = client.post(
        "/accounts/login/",
        {"login": f"nobody{n}@example.org", "password": "wrong-password"},
        **({"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"} if forged else {}),
        **extra,
    )
    return response.content.decode()


def test_a_forged_forwarded_for_does_not_dodge_the_throttle_without_a_proxy(db, client, settings):
    settings.HORIZONS_TRUSTED_PROXY_COUNT = 0
    cache.clear()
    # allauth allows 10 failures a minute per address; each attempt claims a new address.
    for n in range(10):
        assert "Too many failed login attempts" not in _fail(client, n, forged=True)
    assert "Too many failed login attempts" in _fail(client, 10, forged=True)
    cache.clear()


def test_behind_one_proxy_each_client_has_its_own_counter(db, client, settings):
    settings.HORIZONS_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    # Everyone arrives from the proxy's address; the proxy says who they really are.
    for n in range(12):
        assert "Too many failed login attempts" not in _fail(client, n, forged=True)
    # The real client (the proxy's entry) is what is counted and logged.
    for n in range(10):
        _fail(client, 50 + n, forged=False, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert "Too many failed login attempts" in _fail(
        client, 99, forged=False, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7"
    )
    assert (
        SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.SIGN_IN_FAILED, ip="203.0.113.7"
        ).count()
        == 10
    )
    cache.clear()


def _production(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = (
        {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        | {
            "HORIZONS_ENV": "production",
            "DJANGO_SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "horizons.example.org",
            "DATABASE_URL": "sqlite:////tmp/horizons-signin-check.sqlite3",
        }
        | env
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_shares_throttles_through_the_database_and_exempts_nobody():
    result = _production(
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']); "
        "print(sorted(s.HORIZONS_2FA_EXEMPT_EMAILS)); print(s.HORIZONS_REQUIRE_2FA)",
        # Even told to exempt the demo accounts, production exempts nobody.
        HORIZONS_2FA_EXEMPT_EMAILS="admin@horizons.test",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("\n")[-3:] == [
        "django.core.cache.backends.db.DatabaseCache horizons_cache",
        "[]",
        "True",
    ]


def test_development_exempts_only_the_demo_accounts(settings):
    from horizons import settings as project_settings

    assert {
        "admin@horizons.test",
        "facilitator@horizons.test",
    } == project_settings.HORIZONS_2FA_EXEMPT_EMAILS


def test_migrate_makes_the_database_cache_table(db, settings):
    from django.apps import apps
    from django.db import connection

    from horizons.accounts.apps import _create_cache_table

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "horizons_cache_check",
        }
    }
    assert "horizons_cache_check" not in connection.introspection.table_names()
    _create_cache_table(apps.get_app_config("accounts"))
    assert "horizons_cache_check" in connection.introspection.table_names()
