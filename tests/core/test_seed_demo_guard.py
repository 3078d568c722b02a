"""seed_demo never runs in production: the demo accounts share a published password."""

import pytest
from django.core.management import CommandError, call_command

from horizons.accounts.models import User
from horizons.organisations.models import Hub, Volunteer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra", [[], ["--if-empty"]])
def test_seed_demo_refuses_in_production_and_writes_nothing(settings, extra):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refuses to run in production"):
        call_command("seed_demo", *extra, verbosity=0)
    assert not Hub.objects.exists()
    assert not User.objects.filter(email__endswith="@horizons.test").exists()


def test_the_demo_seeds_verified_checks_and_some_volunteers_without(settings):
    settings.PRODUCTION = False
    call_command("seed_demo", verbosity=0)
    volunteers = Volunteer.objects.filter(employer__hub__slug="north-east-demo")
    demo_volunteer = volunteers.get(user__email="volunteer@horizons.test")
    check = demo_volunteer.safeguarding_checks.get()
    assert check.is_verified and check.verified_by.email == "facilitator@horizons.test"
    without = volunteers.filter(safeguarding_checks__isnull=True).count()
    assert 0 < without < volunteers.count() // 4
