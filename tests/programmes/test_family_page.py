"""The parent's page behind the consent link: what the class did, the child's Future Cloud only
with consent, jobs to talk about at home, nothing after retention, a helpful 404."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from horizons.core.models import PupilDataAccess
from horizons.organisations.models import Volunteer
from horizons.programmes import selectors_family, services
from horizons.programmes.models import Cohort, Consent
from horizons.programmes.services_retention import cohort_pseudonymise
from tests.programmes.factories import add_pupils, answer_all, make_cohort, set_dates
from tests.programmes.family_factories import give_cloud, past_encounter

pytestmark = pytest.mark.django_db


def _url(consent: Consent) -> str:
    return reverse("programmes:parent_family", args=[consent.token])


@pytest.fixture
def setting(world):  # type: ignore[no-untyped-def]
    """A Year 5 group at the world's school with two children, one encounter for 5B and one
    for another school's class."""
    today = timezone.localdate()
    cohort = make_cohort(world.school)
    set_dates(cohort, today - timedelta(days=10))
    amira, ben = add_pupils(cohort, 2, first_names=["Amira", "Ben"])
    give_cloud(amira, "Vet", "vet")
    give_cloud(ben, "Pilot", "airline-pilot")
    answer_all([amira], items=[], job_pre="footballer", job_post="nurse")
    past_encounter(
        world.school,
        day=today - timedelta(days=3),
        employer=world.employer,
        volunteers=[world.volunteer_profile],
        classes=[("5B", 5, 28), ("5R", 5, 27)],
        title="Build a bridge",
    )
    past_encounter(
        world.other_school,
        day=today - timedelta(days=2),
        employer=world.employer,
        classes=[("5B", 5, 28)],
        title="Somewhere else's visit",
    )
    return cohort, amira, ben


def test_a_parent_sees_the_class_year_their_childs_cloud_and_jobs_to_talk_about(
    world, setting, client_for
) -> None:  # type: ignore[no-untyped-def]
    cohort, amira, _ = setting
    response = Client().get(_url(amira.consent))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Amira's year of careers learning" in page
    # The class's encounter, visitors named by job and employer only.
    assert "Build a bridge" in page
    assert "an engineer from Quayside Engineering" in page
    assert "Civil engineer" in page
    assert "Amira's class" in page
    assert "Okafor" not in page and "Maya" not in page
    assert "Somewhere else's visit" not in page
    # The child's own Future Cloud, and jobs from her words.
    assert 'id="future-cloud"' in page
    assert "A dog" in page and "By the sea" in page
    assert "In Amira's Future Cloud" in page
    assert "The job Amira wanted at the end of the programme" in page
    assert "What do you think a vet does all day?" in page
    # Her three jobs first, then one the class met: four in all.
    assert page.count("Questions to ask") == 4
    assert page.count("Met by the class") == 1
    # No other child's data.
    assert not re.search(r"\b(Ben|Pilot)\b", page)  # as words: a random token may hold "Ben"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    entry = PupilDataAccess.objects.get(pupil_id=amira.pk)
    assert entry.user is None and entry.school == world.school
    assert "Amira" not in entry.what
    log = client_for("lead").get(reverse("programmes:school_data", args=[world.school.pk]))
    assert "A parent, through their link" in log.content.decode()


def test_a_withdrawn_consent_shows_nothing_of_the_child_and_says_why(world, setting) -> None:  # type: ignore[no-untyped-def]
    _, amira, _ = setting
    services.consent_by_parent(consent=amira.consent, granted=False)
    response = Client().get(_url(amira.consent))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "You withdrew your consent on" in page
    assert "shows nothing that Amira wrote or chose" in page
    assert 'id="future-cloud"' not in page
    assert "A dog" not in page and "In Amira's Future Cloud" not in page
    assert "Vet" not in page
    # What the class did is the school's, not the child's: still shown.
    assert "Build a bridge" in page


@pytest.mark.parametrize(
    ("answer", "words"), [("pending", "waiting for your answer"), ("refused", "You said no")]
)
def test_without_a_yes_the_page_shows_no_answers(world, answer, words) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (child,) = add_pupils(cohort, 1, consent=answer, first_names=["Cara"])
    give_cloud(child, "Vet", "vet")  # as if kept by mistake: the page must still not show it
    page = html.unescape(Client().get(_url(child.consent)).content.decode())
    assert words in page
    assert 'id="future-cloud"' not in page and "A dog" not in page


def test_an_unknown_link_is_a_helpful_404() -> None:
    response = Client().get(reverse("programmes:parent_family", args=["not-a-real-token"]))
    assert response.status_code == 404
    page = html.unescape(response.content.decode())
    assert "This link does not work" in page
    assert "contact your child's school" in page


@pytest.mark.django_db
def test_after_retention_the_old_link_explains_instead_of_failing(world, setting) -> None:  # type: ignore[no-untyped-def]
    cohort, amira, _ = setting
    old_token = amira.consent.token
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.FINISHED)
    cohort.refresh_from_db()
    cohort_pseudonymise(cohort=cohort)
    response = Client().get(reverse("programmes:parent_family", args=[old_token]))
    assert response.status_code == 404
    assert "removed your child's details" in html.unescape(response.content.decode())
    # Reached another way (the token kept), a pseudonymised group shows nothing: a 410 page.
    consent = Consent.objects.get(pk=amira.pk)
    response = Client().get(_url(consent))
    assert response.status_code == 410
    page = html.unescape(response.content.decode())
    assert "These details have been removed" in page
    assert "Build a bridge" not in page and 'id="future-cloud"' not in page


def test_the_consent_page_links_to_the_family_page(world, setting) -> None:  # type: ignore[no-untyped-def]
    _, amira, _ = setting
    page = Client().get(reverse("programmes:parent_consent", args=[amira.consent.token]))
    assert _url(amira.consent) in page.content.decode()


def test_encounters_of_another_year_or_school_year_are_left_out(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    set_dates(cohort, date(2026, 10, 1))
    (child,) = add_pupils(cohort, 1, first_names=["Dev"])
    past_encounter(
        world.school,
        day=date(2026, 10, 5),
        employer=world.employer,
        classes=[("6B", 6, 28)],
        title="Year 6 only",
    )
    past_encounter(
        world.school,
        day=date(2026, 6, 5),
        employer=world.employer,
        classes=[("5B", 5, 28)],
        title="Last school year",
    )
    past_encounter(
        world.school,
        day=date(2026, 11, 5),
        employer=world.employer,
        classes=[("5B", 5, 28)],
        title="Cancelled booking",
        status="cancelled",
    )
    page = html.unescape(Client().get(_url(child.consent)).content.decode())
    assert "Year 6 only" not in page and "Last school year" not in page
    assert "Cancelled booking" not in page
    assert "No visits from employers are recorded for Year 5" in page


def test_visitors_who_hide_their_surname_stay_hidden_in_programme_sessions(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (child,) = add_pupils(cohort, 1, first_names=["Eve"])
    nurse = Volunteer.objects.create(
        employer=world.employer,
        first_name="Jo",
        last_name="Smithson",
        job_title="Nurse",
        job_profile_slug="nurse",
    )
    session = cohort.sessions.get(step=2)
    session.volunteers.add(nurse)
    page = html.unescape(Client().get(_url(child.consent)).content.decode())
    assert "a nurse from Quayside Engineering" in page
    assert "Smithson" not in page and "Jo " not in page
    assert "Met by the class" in page


def test_an_encounter_still_to_come_and_a_cloud_not_made_yet(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    set_dates(cohort, date(2026, 9, 20))
    (child,) = add_pupils(cohort, 1, first_names=["Gus"])
    past_encounter(
        world.school,
        day=date(2026, 10, 5),
        employer=world.employer,
        volunteers=[world.volunteer_profile],
        classes=[("5B", 5, 28)],
        title="A visit to come",
    )
    page = selectors_family.family_page(child.consent, today=date(2026, 10, 1))
    (encounter,) = page.encounters
    assert encounter.upcoming and encounter.childs_class
    assert encounter.summary.who_came == ("an engineer from Quayside Engineering",)
    assert page.cloud is None and page.state == "shown"
    after = selectors_family.family_page(child.consent, today=date(2026, 10, 5))
    assert not after.encounters[0].upcoming
    shown = html.unescape(Client().get(_url(child.consent)).content.decode())
    assert "Gus has not made a Future Cloud yet." in shown
