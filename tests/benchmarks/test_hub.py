"""Hub oversight: the heatmap and its filters (in a fixed number of queries), visit notes,
area meetings and the resource library."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from horizons.benchmarks import audit_io
from horizons.benchmarks.framework import load_framework
from horizons.benchmarks.models import AreaMeeting, Resource, VisitNote
from horizons.organisations.models import School

pytestmark = pytest.mark.django_db
OVERVIEW_QUERIES = (
    # session, user, memberships, hubs, local authorities, 2 figures, page, scores, and the
    # staff CPD hours (issue 16): the total and the page's schools
    12
)


def make_schools(world, count: int, *, la: str = "Sunderland", fsm: str = "35.0") -> list[School]:  # type: ignore[no-untyped-def]
    return School.objects.bulk_create(
        School(
            urn=300000 + i, name=f"School {i:03d}", la_name=la, percentage_fsm=fsm, hub=world.hub
        )
        for i in range(count)
    )


def audit_rows(schools: list[School], day: date, state: str) -> list[list[str]]:
    framework = load_framework()
    return [
        [str(s.urn), day.isoformat(), str(c.benchmark), c.id, state]
        for s in schools
        for c in framework.criteria
    ]


def import_rounds(schools: list[School], rounds: list[tuple[date, str]]) -> None:
    rows: list[list[str]] = []
    for day, state in rounds:
        rows += audit_rows(schools, day, state)
    audit_io.import_audits(
        header=["urn", "submitted", "benchmark", "criterion", "state"], rows=rows
    )


@pytest.mark.parametrize("count", [3, 60])
def test_the_overview_costs_a_fixed_number_of_queries(
    world, client_for, count, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    schools = make_schools(world, count)
    today = timezone.localdate()
    import_rounds(
        schools,
        [(today - timedelta(days=400), "not_started"), (today - timedelta(days=2), "in_progress")],
    )
    client = client_for("facilitator")
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        page = client.get(reverse("benchmarks:hub_overview")).content.decode()
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        client.get(
            reverse("benchmarks:hub_overview"), {"page": 2, "la": "Sunderland", "status": "stuck"}
        )
    assert f'{count + 2}</span><span class="hz-card__label">schools' in page
    # Page 1: the two unaudited world schools sort first, then audited schools up to 50 rows.
    assert page.count('hz-heat--2">50</td>') == 8 * (min(count + 2, 50) - 2)
    assert "+50" in page  # every school gained 50 points since its first audit


def test_filters_narrow_the_schools(world, client_for) -> None:  # type: ignore[no-untyped-def]
    sunderland = make_schools(world, 3)
    today = timezone.localdate()
    import_rounds(
        sunderland[:2],
        [(today - timedelta(days=300), "in_progress"), (today - timedelta(days=1), "in_progress")],
    )
    client = client_for("facilitator")

    def names(**params: str) -> set[str]:
        page = client.get(reverse("benchmarks:hub_overview"), params).content.decode()
        return {
            name
            for name in [
                "School 000",
                "School 001",
                "School 002",
                "Felling Primary",
                "Dunston Primary",
            ]
            if name in page
        }

    assert names(la="Sunderland") == {"School 000", "School 001", "School 002"}
    assert names(fsm="high") == {"School 000", "School 001", "School 002", "Dunston Primary"}
    assert names(status="not_audited") == {"School 002", "Felling Primary", "Dunston Primary"}
    assert names(status="stuck") == {"School 000", "School 001"}
    assert names(since=(today - timedelta(days=5)).isoformat()) == {"School 000", "School 001"}
    assert names(since=(today + timedelta(days=5)).isoformat()) == set()
    # A filter that makes no sense is ignored and says so, rather than failing.
    page = client.get(reverse("benchmarks:hub_overview"), {"since": "soon"}).content.decode()
    assert "Some filters were not understood" in page


def test_facilitators_only_see_their_own_hub(world, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("facilitator").get(reverse("benchmarks:hub_overview")).content.decode()
    assert "Felling Primary" in page and "Hendon Primary" not in page
    page = client_for("admin").get(reverse("benchmarks:hub_overview")).content.decode()
    assert "Hendon Primary" in page


def test_visit_notes(world, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("benchmarks:school_oversight", args=[world.school.urn])
    client = client_for("facilitator")
    response = client.post(url, {"visited_on": "2026-10-05", "notes": "Met the head."})
    assert response["Location"] == url
    assert VisitNote.objects.get(school=world.school).author == world.facilitator
    assert "Met the head." in client.get(url).content.decode()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, {"visited_on": future, "notes": "Later"})
    assert response.status_code == 400
    assert "must be today or in the past" in response.content.decode()
    assert VisitNote.objects.count() == 1


def test_area_meetings(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("facilitator")
    response = client.post(
        reverse("benchmarks:meeting_create"),
        {
            "hub": world.hub.pk,
            "title": "Autumn meeting",
            "date": "2026-10-12",
            "location": "Online",
            "schools": [world.school.pk, world.other_school.pk],
            "notes": "Shared toolkits.",
        },
    )
    meeting = AreaMeeting.objects.get()
    assert response["Location"] == reverse("benchmarks:meeting_detail", args=[meeting.pk])
    assert set(meeting.schools.all()) == {world.school, world.other_school}
    page = client.get(reverse("benchmarks:meeting_list")).content.decode()
    assert "Autumn meeting" in page
    # A school from another hub is not offered, so it cannot be added.
    response = client.post(
        reverse("benchmarks:meeting_edit", args=[meeting.pk]),
        {
            "hub": world.hub.pk,
            "title": "Autumn meeting",
            "date": "2026-10-12",
            "schools": [world.foreign_school.pk],
        },
    )
    assert response.status_code == 400
    assert set(meeting.schools.all()) == {world.school, world.other_school}


def test_resource_library(world, client_for, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    client = client_for("facilitator")
    client.post(
        reverse("benchmarks:resource_create"),
        {
            "hub": world.hub.pk,
            "title": "Maths at work",
            "url": "https://www.example.org/maths",
            "benchmarks": ["4"],
            "subjects": ["maths"],
            "year_groups": ["year5"],
        },
    )
    client.post(
        reverse("benchmarks:resource_create"),
        {
            "hub": world.hub.pk,
            "title": "Parents leaflet",
            "benchmarks": ["2"],
            "file": SimpleUploadedFile(
                "leaflet.pdf", b"%PDF-1.4 leaflet", content_type="application/pdf"
            ),
        },
    )
    response = client.post(
        reverse("benchmarks:resource_create"), {"hub": world.hub.pk, "title": "Nothing"}
    )
    assert response.status_code == 400
    assert "Enter a web address or upload a file" in response.content.decode()
    assert Resource.objects.count() == 2
    teacher = client_for("teacher")
    page = teacher.get(reverse("benchmarks:resource_list"), {"benchmark": "4"}).content.decode()
    assert "Maths at work" in page and "Parents leaflet" not in page
    page = teacher.get(
        reverse("benchmarks:resource_list"), {"subject": "maths", "year": "year6"}
    ).content.decode()
    assert "No resources match" in page
    leaflet = Resource.objects.get(title="Parents leaflet")
    download = teacher.get(reverse("benchmarks:resource_download", args=[leaflet.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 leaflet"
    assert (
        client_for("outsider")
        .get(reverse("benchmarks:resource_download", args=[leaflet.pk]))
        .status_code
        == 404
    )
    assert "Add a resource" not in page
