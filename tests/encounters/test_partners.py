"""Partners beyond employers (issue 16 item 4): colleges, universities and training providers
counted apart in reach (benchmark 7), their offer formats, and National Careers Week."""

from datetime import date

import pytest
from django.urls import reverse

from horizons.encounters import exports, selectors
from horizons.encounters.campaign_templates import (
    NATIONAL_CAREERS_WEEK,
    first_full_week_of_march,
    national_careers_week,
)
from horizons.encounters.models import Campaign, Offer
from horizons.organisations.models import Employer
from tests.encounters.test_reach import known  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_university(known):  # type: ignore[no-untyped-def]  # noqa: F811
    """The known campaign, with the vets' online session run by a university instead."""
    Employer.objects.filter(name="Tyne Vets").update(kind=Employer.Kind.UNIVERSITY)
    return known


def test_reach_counts_partners_apart_from_employers(with_university, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(6):
        reach = selectors.campaign_reach(with_university)
    assert (reach.employers, reach.partners) == (1, 1)
    assert reach.partner_kinds == [("university", "University", 1)]
    assert reach.children_meeting_partners == 57  # the online session's two classes
    assert {label for _, label, _ in reach.sectors} == {"Engineering and manufacturing"}
    assert reach.as_dict()["partners"] == 1


def test_reach_without_partners_costs_no_extra_query(known, django_assert_num_queries):  # type: ignore[no-untyped-def]  # noqa: F811
    with django_assert_num_queries(5):
        reach = selectors.campaign_reach(known)
    assert (reach.employers, reach.partners, reach.children_meeting_partners) == (2, 0, 0)


def test_reach_pages_and_exports_show_benchmark_7(with_university, client_for):  # type: ignore[no-untyped-def]
    page = client_for("facilitator").get(
        reverse("encounters:campaign_reach", args=[with_university.pk])
    )
    text = page.content.decode()
    assert "colleges, universities and training providers, meeting 57 children" in text
    assert "benchmark 7" in text
    tables = exports.reach_tables("Week", selectors.campaign_reach(with_university), [])
    summary = {row[0]: row[1] for row in tables[0][2]}
    assert summary["Colleges, universities and training providers (benchmark 7)"] == 1
    assert (
        summary["Children who met a college, university or training provider (benchmark 7)"] == 57
    )
    assert summary["Employers"] == 1


def test_partner_offer_formats_exist():
    assert Offer.Format.CAMPUS.label.startswith("Campus visit")
    assert Offer.Format.TASTER.label.startswith("Taster session")


def test_the_employer_form_sets_the_kind(world, client_for):  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    response = client.post(
        reverse("organisations:employer_edit", args=[world.employer.pk]),
        {"name": "Tyne Riverside College", "kind": "college", "sector": "education",
         "size": "large", "website": "", "postcode": ""},
    )  # fmt: skip
    assert response.status_code == 302
    world.employer.refresh_from_db()
    assert world.employer.is_partner and world.employer.get_kind_display() == (
        "Further-education college"
    )


@pytest.mark.parametrize(
    ("year", "monday"),
    [
        (2025, date(2025, 3, 3)),  # Coventry's Aspirations Week, 3 to 7 March 2025
        (2026, date(2026, 3, 2)),
        (2027, date(2027, 3, 1)),  # 1 March is a Monday
        (2020, date(2020, 3, 2)),  # 1 March a Sunday: the week starts the day after
    ],
)
def test_national_careers_week_is_the_first_full_week_of_march(year, monday):  # type: ignore[no-untyped-def]
    assert first_full_week_of_march(year) == monday
    week = national_careers_week(year)
    assert (week.starts_on, week.ends_on) == (monday, monday.replace(day=monday.day + 4))
    assert week.name == f"National Careers Week {year}"
    assert week.requests_close_on < week.starts_on
    assert week.kind == NATIONAL_CAREERS_WEEK == Campaign.Kind.NATIONAL_CAREERS_WEEK


def test_a_year_out_of_range_is_refused():
    with pytest.raises(ValueError, match="between 2020 and 2100"):
        national_careers_week(1999)


def test_starting_a_campaign_from_national_careers_week(world, client_for):  # type: ignore[no-untyped-def]
    client = client_for("facilitator")
    url = reverse("encounters:campaign_create")
    page = client.get(url).content.decode()
    assert "Start from National Careers Week" in page
    year = int(page.split('<option value="')[1][:4])
    page = client.get(url, {"hub": world.hub.pk, "template": NATIONAL_CAREERS_WEEK, "year": year})
    text = page.content.decode()
    week = national_careers_week(year)
    assert f'value="National Careers Week {year}"' in text
    assert f'value="{week.starts_on.isoformat()}"' in text
    assert 'value="national_careers_week"' in text
    response = client.post(
        url,
        {
            "name": week.name,
            "kind": week.kind,
            "area": "",
            "description": week.description,
            "starts_on": week.starts_on.isoformat(),
            "ends_on": week.ends_on.isoformat(),
            "requests_close_on": week.requests_close_on.isoformat(),
        },
    )
    assert response.status_code == 302
    made = Campaign.objects.get(name=week.name)
    assert made.kind == Campaign.Kind.NATIONAL_CAREERS_WEEK
    assert (made.starts_on, made.ends_on) == (week.starts_on, week.ends_on)
    detail = client.get(reverse("encounters:campaign_detail", args=[made.pk])).content.decode()
    assert 'govuk-tag--purple">National Careers Week</strong>' in detail


def test_a_year_not_offered_is_refused_with_a_message(world, client_for):  # type: ignore[no-untyped-def]
    response = client_for("facilitator").get(
        reverse("encounters:campaign_create"),
        {"template": NATIONAL_CAREERS_WEEK, "year": "1999"},
    )
    assert response.status_code == 400
    assert "Choose one of the years shown." in response.content.decode()
    assert "National Careers Week 1999" not in response.content.decode()


def test_schools_see_which_offers_come_from_a_partner(world, client_for):  # type: ignore[no-untyped-def]
    from horizons.encounters import services

    college = Employer.objects.create(
        name="Tyne Riverside College", kind="college", sector="education", hub=world.hub
    )
    services.offer_create(
        employer=college,
        by=world.admin,
        data={
            "title": "Be a chef for an hour",
            "what_children_do": "Cook in the training kitchen",
            "format": Offer.Format.TASTER,
            "year_groups": [5],
            "can_travel": True,
        },
    )
    page = client_for("lead").get(reverse("encounters:offer_list")).content.decode()
    assert "Further-education college (benchmark 7)" in page
    assert "Taster session (a taste of a course)" in page
