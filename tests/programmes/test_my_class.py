"""A teacher's "My class" (issue 11): the class's children with consent and what each has done,
and the sessions and encounters coming up; linked from the teacher's home page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from horizons.core.models import PupilDataAccess
from horizons.encounters import services as encounter_services
from horizons.encounters.models import Booking
from horizons.programmes import services
from horizons.programmes.models import Consent, Reflection, SessionAttendance
from tests.encounters import factories as f
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db


def _class_5b(world):  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    amira, ben, cara = add_pupils(cohort, 3, first_names=["Amira", "Ben", "Cara"])
    Consent.objects.filter(pupil=cara).update(parent_consent="pending", method="")
    services.answer_save(pupil=amira, phase="pre", item="skill_listening", value=3)
    services.answer_save(pupil=amira, phase="pre", item="job_wanted", value="a vet")
    Reflection.objects.create(pupil=amira, kind="who_am_i", data={"skills": ["teamwork"]})
    held = cohort.sessions.get(step=1)
    held.held = True
    held.date = timezone.localdate() - timedelta(days=3)
    held.save()
    SessionAttendance.objects.create(session=held, pupil=amira)
    coming = cohort.sessions.get(step=2)
    coming.date = timezone.localdate() + timedelta(days=5)
    coming.save()
    return cohort, (amira, ben, cara), coming


def test_the_teacher_home_page_links_to_my_class(world, client_for) -> None:  # type: ignore[no-untyped-def]
    home = client_for("teacher").get(reverse("home")).content.decode()
    assert f'href="{reverse("programmes:my_class")}"' in home and "My class" in home


def test_my_class_shows_children_consent_activities_and_what_is_coming(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort, (amira, ben, cara), coming = _class_5b(world)
    event = f.event(world)  # next Tuesday
    encounter_services.booking_create(
        event=event, school=world.school, classes=f.year5(28, name="5b"), by=world.lead
    )
    other = make_cohort(world.other_school, "Elsewhere", seed=9)
    add_pupils(other, 1, first_names=["Zed"])
    client = client_for("teacher")
    page = client.get(reverse("programmes:my_class"), {"class": f"{world.school.pk}:5B"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Amira T." in html and "Ben T." in html and "Cara T." in html
    assert "Zed" not in html  # another school's child
    assert "Waiting for a parent" in html and "Consent given" in html
    assert "2 of 19" in html  # Amira's questions before
    assert coming.title in html and coming.date.strftime("%-d %B %Y") in html
    assert reverse("programmes:cohort_session_edit", args=[cohort.pk, 2]) in html
    # The encounter booked for "5b" is the same class as the programme's "5B".
    assert event.title in html and "28 pupils" in html
    assert PupilDataAccess.objects.filter(user=world.teacher, what="My class 5B").exists()
    # The choice is remembered for next time.
    again = client.get(reverse("programmes:my_class")).content.decode()
    assert "Amira T." in again


def test_my_class_lists_an_encounter_booked_for_the_class(world, client_for) -> None:  # type: ignore[no-untyped-def]
    event = f.event(world)
    booking = encounter_services.booking_create(
        event=event, school=world.school, classes=f.year5(28), by=world.lead
    )
    name = booking.classes.get().name  # "Year 5 Oak": a class in no programme
    html = (
        client_for("teacher")
        .get(reverse("programmes:my_class"), {"class": f"{world.school.pk}:{name}"})
        .content.decode()
    )
    assert event.title in html and "28 pupils" in html
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)
    gone = client_for("teacher").get(
        reverse("programmes:my_class"), {"class": f"{world.school.pk}:{name}"}
    )
    assert gone.status_code == 404  # nothing left for that class: a stale choice


def test_another_schools_class_or_nonsense_is_a_clear_404(world, client_for) -> None:  # type: ignore[no-untyped-def]
    other = make_cohort(world.foreign_school, "Theirs", seed=9)
    add_pupils(other, 1, first_names=["Zed"])
    client = client_for("teacher")
    for asked in [f"{world.foreign_school.pk}:5B", "abc", "1:", ":"]:
        response = client.get(reverse("programmes:my_class"), {"class": asked})
        html = response.content.decode()
        assert response.status_code == 404, asked
        assert "Choose a class from the list" in html and "Zed" not in html
    # Not school staff: no such page.
    assert client_for("volunteer").get(reverse("programmes:my_class")).status_code == 404


def test_my_class_costs_the_same_queries_for_a_bigger_class(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort, _, _ = _class_5b(world)
    client = client_for("teacher")
    url = reverse("programmes:my_class") + f"?class={world.school.pk}:5B"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    add_pupils(cohort, 25, seed=50)
    assert queries() == small
