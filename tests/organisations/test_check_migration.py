"""The migration that ends self-declared checks: dates volunteers typed in are kept as
"self-declared" checks, which never let anyone meet children."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("organisations", "0001_initial")]
AFTER = [("organisations", "0002_verified_safeguarding_checks")]


@pytest.mark.django_db(transaction=True)
def test_self_declared_dates_become_unverified_checks():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    hub = old.get_model("organisations", "Hub").objects.create(name="Tyne", slug="tyne")
    employer = old.get_model("organisations", "Employer").objects.create(
        name="Quayside", sector="engineering", hub=hub
    )
    Volunteer = old.get_model("organisations", "Volunteer")
    declared = Volunteer.objects.create(
        employer=employer,
        first_name="Maya",
        last_name="Okafor",
        job_title="Engineer",
        safeguarding_checked_on=date(2025, 9, 14),
    )
    Volunteer.objects.create(
        employer=employer, first_name="Sam", last_name="Reed", job_title="Surveyor"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Check = new.get_model("organisations", "SafeguardingCheck")
    (check,) = Check.objects.all()
    assert check.volunteer_id == declared.pk
    assert check.kind == "self_declared"
    assert check.checked_on == date(2025, 9, 14)
    assert check.expires_on == date(2028, 9, 14)
    assert check.verified_at is None and check.verified_by_id is None

    # And back: the date returns to the volunteer.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    restored = old.get_model("organisations", "Volunteer").objects.get(pk=declared.pk)
    assert restored.safeguarding_checked_on == date(2025, 9, 14)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
