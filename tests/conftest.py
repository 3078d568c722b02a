"""Shared fixtures: the personas every test can call on.

Personas follow healthchecks' habit (alice, bob, charlie): one per role plus an outsider who
belongs to another hub, school and employer, so every "someone else's object" case is real.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from horizons.accounts.models import Membership, Role, User
from horizons.organisations.models import Employer, Hub, School, Volunteer
from tests.organisations.checks import verified_check

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_tests(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HORIZONS_NATIONAL_CACHE_SECONDS = 0  # each test sees its own figures


@dataclass
class World:
    hub: Hub
    school: School
    other_school: School
    employer: Employer
    volunteer_profile: Volunteer
    other_hub: Hub
    foreign_school: School
    foreign_employer: Employer
    foreign_volunteer: Volunteer
    admin: User
    facilitator: User
    lead: User
    teacher: User
    coordinator: User
    volunteer: User
    outsider: User
    national: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = [
    "admin",
    "facilitator",
    "lead",
    "teacher",
    "coordinator",
    "volunteer",
    "outsider",
    "national",
    "anonymous",
]


def _school(urn: int, name: str, hub: Hub, fsm: str = "24.0") -> School:
    return School.objects.create(
        urn=urn,
        name=name,
        la_name="Gateshead",
        establishment_type="Community school",
        phase="Primary",
        status="Open",
        postcode="NE8 1AA",
        latitude=54.95,
        longitude=-1.60,
        number_of_pupils=300,
        percentage_fsm=fsm,
        hub=hub,
    )


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    hub = Hub.objects.create(name="Tyne Hub", slug="tyne")
    other_hub = Hub.objects.create(name="Wear Hub", slug="wear")
    school = _school(100001, "Felling Primary School", hub)
    other_school = _school(100002, "Dunston Primary School", hub, fsm="41.5")
    foreign_school = _school(200001, "Hendon Primary School", other_hub)
    employer = Employer.objects.create(name="Quayside Engineering", sector="engineering", hub=hub)
    foreign_employer = Employer.objects.create(name="Wear Energy", sector="energy", hub=other_hub)

    def user(email: str, **extra: object) -> User:
        return User.objects.create_user(email, PASSWORD, **extra)

    admin = user("admin@example.org", is_staff=True, is_superuser=True)
    facilitator = user("facilitator@example.org")
    lead = user("lead@example.org")
    teacher = user("teacher@example.org")
    coordinator = user("coordinator@example.org")
    volunteer = user("volunteer@example.org")
    outsider = user("outsider@example.org")
    national = user("national@example.org")
    Membership.objects.create(user=facilitator, role=Role.FACILITATOR, hub=hub)
    Membership.objects.create(user=lead, role=Role.CAREERS_LEADER, school=school)
    Membership.objects.create(user=teacher, role=Role.TEACHER, school=school)
    Membership.objects.create(user=coordinator, role=Role.EMPLOYER_COORDINATOR, employer=employer)
    Membership.objects.create(user=volunteer, role=Role.VOLUNTEER, employer=employer)
    # The national overview: every hub's group figures, no school's or child's own pages.
    Membership.objects.create(user=national, role=Role.NATIONAL)
    # The outsider holds every role, but in another hub: nothing of ours is theirs to see.
    Membership.objects.create(user=outsider, role=Role.FACILITATOR, hub=other_hub)
    Membership.objects.create(user=outsider, role=Role.CAREERS_LEADER, school=foreign_school)
    Membership.objects.create(
        user=outsider, role=Role.EMPLOYER_COORDINATOR, employer=foreign_employer
    )
    volunteer_profile = Volunteer.objects.create(
        user=volunteer,
        employer=employer,
        first_name="Maya",
        last_name="Okafor",
        job_title="Engineer",
        job_profile_slug="engineer",
        sectors=["engineering"],
        availability=["tue_am", "thu_pm"],
        gender="woman",
    )
    # Maya's coordinator has seen her enhanced DBS certificate: she may meet children.
    verified_check(volunteer_profile, by=coordinator)
    foreign_volunteer = Volunteer.objects.create(
        employer=foreign_employer,
        first_name="Sam",
        last_name="Hall",
        job_title="Electrician",
    )
    return World(
        hub=hub,
        school=school,
        other_school=other_school,
        employer=employer,
        volunteer_profile=volunteer_profile,
        other_hub=other_hub,
        foreign_school=foreign_school,
        foreign_employer=foreign_employer,
        foreign_volunteer=foreign_volunteer,
        admin=admin,
        facilitator=facilitator,
        lead=lead,
        teacher=teacher,
        coordinator=coordinator,
        volunteer=volunteer,
        outsider=outsider,
        national=national,
    )


@pytest.fixture
def client_for(world):  # type: ignore[no-untyped-def]
    """client_for("lead") → a Client signed in as that persona ("anonymous" → signed out)."""

    def make(name: str) -> Client:
        client = Client()
        user = world.persona(name)
        if user is not None:
            client.force_login(user)
        return client

    return make


# --- Browser coverage of POST forms (tests/browser/post_coverage.py) -------------------------


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from tests.browser.post_coverage import start_recording

    start_recording()


def _whole_suite_selected(config) -> bool:  # type: ignore[no-untyped-def]
    if config.option.keyword or getattr(config.option, "lf", False):
        return False
    root = config.rootpath
    args = {str(root / str(arg).rstrip("/")) for arg in config.args}
    whole = {str(root), str(root / "tests")}
    browser_dirs = {str(root / "tests" / "browser"), str(root / "tests" / "journeys")}
    return bool(args & whole) or args == browser_dirs


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Move the POST-coverage check to the end; leave it out when only part of the suite runs."""
    coverage = [item for item in items if item.get_closest_marker("post_coverage")]
    if not coverage:
        return
    rest = [item for item in items if not item.get_closest_marker("post_coverage")]
    if _whole_suite_selected(config):
        items[:] = rest + coverage
    else:
        config.hook.pytest_deselected(items=coverage)
        items[:] = rest
