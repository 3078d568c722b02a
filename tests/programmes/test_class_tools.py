"""Teachers' class tools (issue 11): dates are checked before a session or an encounter is
marked as having happened, and 25 children are ticked present with one button."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from horizons.encounters import services as encounter_services
from horizons.encounters.models import Attendance
from horizons.programmes import services
from horizons.programmes.models import SessionAttendance
from tests.encounters import factories as f
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db


def test_a_session_dated_next_week_cannot_be_marked_as_held(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    session = cohort.sessions.get(step=2)
    today = date(2026, 12, 4)
    with pytest.raises(services.ProgrammeError, match="dated 11 December 2026, which has not come"):
        services.session_update(
            session=session,
            by=world.teacher,
            date=date(2026, 12, 11),
            starts_at=None,
            held=True,
            volunteers=[],
            present_pupil_ids=[pupil.pk],
            today=today,
        )
    session.refresh_from_db()
    assert not session.held and session.date is None and not SessionAttendance.objects.exists()
    # Planned for next week but not yet held: fine. Held today: fine.
    services.session_update(
        session=session,
        by=world.teacher,
        date=date(2026, 12, 11),
        starts_at=None,
        held=False,
        volunteers=[],
        today=today,
    )
    services.session_update(
        session=session,
        by=world.teacher,
        date=today,
        starts_at=None,
        held=True,
        volunteers=[],
        present_pupil_ids=[pupil.pk],
        today=today,
    )
    assert SessionAttendance.objects.filter(session=session, pupil=pupil).exists()


def test_the_session_page_refuses_a_future_date_and_keeps_what_was_typed(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    (pupil,) = add_pupils(cohort, 1)
    next_week = timezone.localdate() + timedelta(days=7)
    url = reverse("programmes:cohort_session_edit", args=[cohort.pk, 2])
    response = client_for("teacher").post(
        url,
        {"date": next_week.strftime("%d/%m/%Y"), "held": "on", "present": [str(pupil.pk)]},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "which has not come yet" in html
    assert f'value="{next_week.strftime("%d/%m/%Y")}"' in html or next_week.isoformat() in html
    assert not cohort.sessions.get(step=2).held


def test_tick_every_child_works_without_javascript(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    pupils = add_pupils(cohort, 25)
    client = client_for("teacher")
    url = reverse("programmes:cohort_session_edit", args=[cohort.pk, 2])
    page = client.get(url).content.decode()
    assert 'name="select_all"' in page and "Tick every child (25)" in page
    assert "programmes/select-all.js" in page
    ticked = client.post(url, {"date": "10/03/2026", "held": "on", "select_all": "1"})
    html = ticked.content.decode()
    # The page comes back with every child ticked and nothing saved yet.
    assert ticked.status_code == 200
    assert all(f'value="{p.pk}" checked' in html for p in pupils)
    assert 'value="10/03/2026"' in html or "2026-03-10" in html
    assert not SessionAttendance.objects.exists()
    present = [str(p.pk) for p in pupils[1:]]  # Child0 was away
    saved = client.post(url, {"date": "10/03/2026", "held": "on", "present": present})
    assert saved.status_code == 302
    assert SessionAttendance.objects.count() == 24


def test_encounter_attendance_for_a_future_event_is_refused_on_the_page(world, client_for) -> None:  # type: ignore[no-untyped-def]
    event = f.event(world)  # next Tuesday: still to come
    assert event.date > timezone.localdate()
    booking = encounter_services.booking_create(
        event=event, school=world.school, classes=f.year5(25), by=world.lead
    )
    klass = booking.classes.get()
    client = client_for("teacher")
    url = reverse("encounters:attendance_record", args=[booking.pk])
    page = client.get(url).content.decode()
    assert "Come back on or after that day" in page
    assert "data-fill-booked" in page and 'data-booked="25"' in page
    response = client.post(url, {f"attended_{klass.pk}": "25"})
    html = response.content.decode()
    assert response.status_code == 200 and "which has not come yet" in html
    assert not Attendance.objects.exists()
