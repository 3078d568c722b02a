"""What children say they want reaches the careers library's "jobs near us" page — counted,
consenting children only, and never a group smaller than five."""

from horizons.programmes.reports import aspirations_by_school


def test_the_demo_schools_children_show_beside_local_jobs(db, client):
    from django.core.management import call_command

    from horizons.accounts.models import User

    call_command("seed_demo", verbosity=0)
    lead = User.objects.get(email="lead@horizons.test")
    school_id = lead.memberships.get().school_id
    counts = aspirations_by_school([school_id])
    assert counts and all(n >= 1 for n in counts.values())
    client.force_login(lead)
    page = client.get("/careers/jobs-near-us/").content.decode()
    from horizons.careers.profiles import profiles_by_slug

    shown = [slug for slug, n in counts.items() if n >= 5]
    assert shown, counts  # the demo school's children name some jobs five or more times
    for slug in shown:
        assert profiles_by_slug()[slug].title in page
    assert "What our children say they want" in page or "children say" in page.lower()
    # Only blocks a class's own report lists by name are passed on: never a job named by
    # fewer than five children in a class.
    assert all(n >= 5 for n in counts.values()), counts


def test_no_school_no_answers(db):
    assert aspirations_by_school([]) == {}
