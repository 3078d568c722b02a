"""Daily housekeeping: expired sessions cleared, retention applied, queued for the worker."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from horizons.programmes.models import Cohort, Pupil
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["hz_programme_import_1"] = {"table": "Forename,Surname\nAmira,Khan\n"}
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return str(store.session_key)


def test_housekeeping_clears_expired_sessions_and_applies_retention(world) -> None:  # type: ignore[no-untyped-def]
    expired = _session(timedelta(minutes=-1))
    live = _session(timedelta(hours=1))
    cohort = make_cohort(world.school, status=Cohort.Status.FINISHED)
    cohort.finished_on = date(2020, 3, 1)
    cohort.save()
    add_pupils(cohort, 1, first_names=["Amira"])
    out = StringIO()
    # Tests run tasks immediately (TASKS_BACKEND is the immediate backend), as the worker would.
    call_command("run_housekeeping", stdout=out)
    assert "queued" in out.getvalue()
    assert not Session.objects.filter(pk=expired).exists()
    assert Session.objects.filter(pk=live).exists()
    assert not Pupil.objects.filter(first_name="Amira").exists()
    assert Pupil.objects.filter(cohort=cohort).count() == 1


def test_run_housekeeping_now_reports_what_it_did(world) -> None:  # type: ignore[no-untyped-def]
    _session(timedelta(minutes=-5))
    out = StringIO()
    call_command("run_housekeeping", "--now", stdout=out)
    assert "1 expired sessions cleared" in out.getvalue()
    call_command("run_housekeeping", "--now", stdout=out)
    assert "0 expired sessions cleared" in out.getvalue()


def test_housekeeping_keeps_the_security_log_only_as_long_as_the_setting_says(settings) -> None:  # type: ignore[no-untyped-def]
    from horizons.accounts.models import SecurityEvent
    from horizons.core.tasks import housekeeping_run

    settings.HORIZONS_SECURITY_LOG_DAYS = 30
    old = SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED,
        email="someone@horizons.test",
        created_at=timezone.now() - timedelta(days=31),
    )
    recent = SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED,
        email="someone@horizons.test",
        created_at=timezone.now() - timedelta(days=29),
    )
    result = housekeeping_run()
    assert result["security_events_deleted"] == 1
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=recent.pk).exists()
