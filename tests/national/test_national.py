"""The national overview: group figures by region, hub, local authority and FSM band, with
suppression, year on year, and the same rows in the download."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from horizons.core import academic_year
from horizons.national import figures, selectors
from horizons.organisations.models import Hub, School

pytestmark = pytest.mark.django_db


def _schools(hub: Hub, count: int, la: str, fsm: str, start: int) -> list[School]:
    return [
        School.objects.create(
            urn=start + i,
            name=f"{la} School {i}",
            la_name=la,
            phase="Primary",
            percentage_fsm=fsm,
            hub=hub,
        )
        for i in range(count)
    ]


@pytest.fixture
def england(world):  # type: ignore[no-untyped-def]
    world.hub.region = "north_east"
    world.hub.save()
    world.other_hub.region = "london"
    world.other_hub.save()
    _schools(world.hub, 6, "Gateshead", "35.0", 300000)  # with the world's 2: 8 in Gateshead
    _schools(world.other_hub, 3, "Camden", "10.0", 310000)  # with Hendon: 4 in London
    return world


def _attendance(school: School, pupils: int, *, online: bool = False) -> None:
    from horizons.encounters.models import Attendance, Booking, BookingClass, Event

    today = timezone.localdate()
    event = Event.objects.create(
        hub=school.hub,
        kind="special",
        title="Meet a vet",
        date=today,
        starts_at="09:00",
        ends_at="10:00",
        year_groups=[5],
        capacity=60,
    )
    booking = Booking.objects.create(
        event=event, school=school, status="confirmed", places=1, pupils=pupils
    )
    group = BookingClass.objects.create(booking=booking, name="5B", year_group=5, pupils=pupils)
    Attendance.objects.create(
        booking_class=group,
        booking=booking,
        event=event,
        school=school,
        hub=school.hub,
        date=today,
        online=online,
        year_group=5,
        class_name="5B",
        booked_pupils=pupils,
        pupils=pupils,
        high_fsm=float(school.percentage_fsm or 0) >= 30,
    )


def test_regions_side_by_side_and_a_small_region_shows_nothing(england) -> None:  # type: ignore[no-untyped-def]
    for school in School.objects.filter(la_name="Gateshead", urn__gte=300000)[:3]:
        _attendance(school, 28)
    year = academic_year.start_year(timezone.localdate())
    rows = figures.apply_suppression(
        selectors.rows(selectors.NationalFilters(group="region"), start_year=year), 5
    )
    by_label = {r.label: r for r in rows}
    north_east, london = by_label["North East"], by_label["London"]
    assert (north_east.schools, north_east.shown, north_east.in_person) == (8, True, 84)
    assert north_east.high_fsm_share == 1.0
    assert (london.schools, london.shown, london.in_person) == (4, False, 0)


def test_a_filter_leaving_fewer_than_five_schools_shows_a_message_not_figures(
    england, client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(england.national)
    page = client.get(reverse("national:overview"), {"region": "london"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fewer than 5 schools match London" in text
    assert "Camden School" not in text
    sheet = client.get(reverse("national:download", args=["xlsx"]), {"region": "london"})
    cells = [
        c.value for row in load_workbook(BytesIO(sheet.content)).active.iter_rows() for c in row
    ]
    assert "Fewer than 5 schools match these filters: no figures." in cells


def test_the_download_has_the_pages_rows_with_suppression(england, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(england.national)
    response = client.get(reverse("national:download", args=["xlsx"]), {"group": "region"})
    rows = [
        [c.value for c in row]
        for row in load_workbook(BytesIO(response.content)).active.iter_rows()
    ]
    labels = {row[0]: row for row in rows}
    assert labels["North East"][1] == 8
    assert labels["London"][1] == "fewer than 5"
    assert client.get(reverse("national:download", args=["pdf"])).status_code == 404


def test_year_on_year_trend_averages_each_years_audits(england) -> None:  # type: ignore[no-untyped-def]
    from horizons.benchmarks.models import Audit

    year = academic_year.start_year(timezone.localdate())
    last_year_day = academic_year.first_day(year - 1) + timedelta(days=40)
    for i, school in enumerate(School.objects.filter(la_name="Gateshead")):
        for when, score in ((last_year_day, 40 + i), (timezone.localdate(), 60 + i)):
            Audit.objects.create(
                school=school,
                framework_version="2026",
                term=f"Term {when}",
                submitted_at=timezone.make_aware(
                    timezone.datetime.combine(when, timezone.datetime.min.time())
                ),
                overall_percentage=score,
                fully_achieved_count=3,
            )
    [row] = selectors.rows(
        selectors.NationalFilters(la_name="Gateshead"), start_year=year, group="all"
    )
    n = School.objects.filter(la_name="Gateshead").count()  # every school audited twice
    assert row.trend[year - 1] == round(40 + (n - 1) / 2, 1)
    assert row.trend[year] == round(60 + (n - 1) / 2, 1)
    assert figures.change(row.trend) == 20.0
    assert date(year, 9, 1) == academic_year.first_day(year)


def test_national_figures_are_computed_once_for_many_readers(england, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.HORIZONS_NATIONAL_CACHE_SECONDS = 60
    cache.clear()
    year = academic_year.start_year(timezone.localdate())
    filters = selectors.NationalFilters(group="region")
    first, at = selectors.cached_rows(filters, start_year=year)
    figures.apply_suppression(first, 5)  # a caller suppressing its copy changes nothing cached
    with CaptureQueriesContext(connection) as queries:
        again, at_again = selectors.cached_rows(filters, start_year=year)
    assert len(queries.captured_queries) == 0 and at_again == at
    assert {r.label: r.schools for r in again}["London"] == 4
    assert all(r.shown for r in again)
    cache.clear()
