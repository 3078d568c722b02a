"""Jobs near us: local jobs by sector, and what a school's children say they want beside them."""

from collections.abc import Iterator, Mapping, Sequence

import pytest
from django.urls import reverse

from horizons.careers import selectors
from horizons.careers.models import LabourMarketFigure

pytestmark = pytest.mark.django_db
URL = "/careers/jobs-near-us/"


@pytest.fixture
def figures(world) -> None:  # type: ignore[no-untyped-def]
    world.hub.area = "Tyne and Wear"
    world.hub.save()
    world.other_hub.area = "Wearside"
    world.other_hub.save()
    for area, sector, jobs, change, year in [
        ("Tyne and Wear", "health-and-care", 88000, "2.1", 2024),
        ("Tyne and Wear", "retail", 64000, "-1.2", 2024),
        ("Tyne and Wear", "energy", 9500, None, 2024),
        ("Tyne and Wear", "energy", 7000, "1.0", 2023),  # an older year: not shown
        ("Wearside", "sport", 1234, "0.0", 2024),
    ]:
        LabourMarketFigure.objects.create(
            area=area, sector=sector, jobs=jobs, change_pct=change, year=year, source=f"Demo {area}"
        )


@pytest.fixture
def wishes() -> Iterator[dict[str, object]]:
    """A stand-in for the programmes app: children's answers per school."""
    seen: dict[str, object] = {}

    def source(school_ids: Sequence[int]) -> Mapping[str, int]:
        seen["school_ids"] = list(school_ids)
        return {
            "nurse": 7,
            "doctor": 2,
            "vet": 12,
            "footballer": 3,
            "wind-turbine-technician": 5,
            "unknown-job": 50,
        }

    selectors.register_aspiration_source(source)
    yield seen
    selectors.unregister_aspiration_source(source)


def test_shows_the_latest_figures_for_the_area_biggest_first(client, figures) -> None:  # type: ignore[no-untyped-def]
    html = client.get(URL, {"area": "Tyne and Wear"}).content.decode()
    table = html.split("<table")[1]
    assert (
        table.index("Health and care")
        < table.index("Retail and customer service")
        < table.index("Energy and utilities")
    )
    assert "88,000" in table and "9,500" in table and "7,000" not in table
    assert "Growing, +2.1%" in table and "Shrinking, -1.2%" in table and "Not known" in table
    assert "161,500" in table  # all jobs
    assert "Source: Demo Tyne and Wear." in html


def test_the_chart_is_labelled_and_matches_the_table(client, figures) -> None:  # type: ignore[no-untyped-def]
    html = client.get(URL, {"area": "Tyne and Wear"}).content.decode()
    svg = html.split("<svg")[1].split("</svg>")[0]
    assert 'role="img"' in svg and "<title" in svg
    assert svg.count("<rect") == 3
    for text in ("88,000", "64,000", "9,500"):
        assert text in svg


def test_area_comes_from_the_question_then_the_users_hub(client_for, figures) -> None:  # type: ignore[no-untyped-def]
    assert (
        "Jobs in Wearside in 2024"
        in client_for("anonymous").get(URL, {"area": "wearside"}).content.decode()
    )
    assert "Jobs in Tyne and Wear in 2024" in client_for("teacher").get(URL).content.decode()
    # The outsider works in the other hub, whose area is Wearside.
    assert "Jobs in Wearside in 2024" in client_for("outsider").get(URL).content.decode()
    # An unknown area falls back rather than failing.
    assert client_for("anonymous").get(URL, {"area": "Atlantis" * 50}).status_code == 200


def test_without_figures_the_page_says_so(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(URL).content.decode()
    assert "There are no figures for jobs near us yet." in html
    assert "<svg" not in html.split('id="main-content"')[1]


def test_school_staff_see_what_their_children_want_beside_the_jobs(
    client_for, world, figures, wishes
) -> None:  # type: ignore[no-untyped-def]
    html = client_for("teacher").get(URL).content.decode()
    assert wishes["school_ids"] == [world.school.pk]
    assert "What our children say they want" in html
    assert "Vet</a>: 12 children" in html and "Nurse</a>: 7 children" in html
    assert "Wind turbine technician</a>: 5 children" in html
    # Fewer than five: never shown on their own.
    assert "Doctor</a>" not in html and "Footballer" not in html
    table = html.split("<table")[1].split("</table>")[0]
    health = table.split("Health and care")[1].split("</tr>")[0]
    assert ">9<" in health  # nurse 7 + doctor 2 in health and care
    energy = table.split("Energy and utilities")[1].split("</tr>")[0]
    assert ">5<" in energy
    retail = table.split("Retail and customer service")[1].split("</tr>")[0]
    assert ">0<" in retail


def test_small_sector_groups_are_suppressed(client_for, figures) -> None:  # type: ignore[no-untyped-def]
    def source(school_ids: Sequence[int]) -> Mapping[str, int]:
        return {"nurse": 4, "vet": 9}

    selectors.register_aspiration_source(source)
    try:
        html = client_for("lead").get(URL).content.decode()
    finally:
        selectors.unregister_aspiration_source(source)
    health = html.split("<table")[1].split("Health and care")[1].split("</tr>")[0]
    assert "Fewer than 5" in health and ">4<" not in health


def test_too_few_answers_show_nothing(client_for, figures) -> None:  # type: ignore[no-untyped-def]
    def source(school_ids: Sequence[int]) -> Mapping[str, int]:
        return {"nurse": 2, "vet": 2}

    selectors.register_aspiration_source(source)
    try:
        html = client_for("lead").get(URL).content.decode()
    finally:
        selectors.unregister_aspiration_source(source)
    assert "What our children say they want" not in html


@pytest.mark.parametrize(
    "persona", ["anonymous", "facilitator", "coordinator", "volunteer", "admin"]
)
def test_only_school_staff_see_childrens_wishes(client_for, figures, wishes, persona) -> None:  # type: ignore[no-untyped-def]
    html = client_for(persona).get(URL).content.decode()
    assert "What our children say they want" not in html
    assert "school_ids" not in wishes  # the source was not even asked


def test_with_no_answers_there_is_nothing_to_show(world) -> None:  # type: ignore[no-untyped-def]
    assert selectors.aspirations_for(world.teacher) is None


def test_the_page_costs_a_fixed_number_of_queries(
    client_for, figures, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    anonymous, teacher = client_for("anonymous"), client_for("teacher")
    with django_assert_max_num_queries(2):  # areas, figures
        anonymous.get(URL)
    with django_assert_max_num_queries(7):  # + session, user, memberships, hub areas, answers
        teacher.get(URL)


def test_a_signed_in_page_links_back_to_the_library(client_for, figures) -> None:  # type: ignore[no-untyped-def]
    html = client_for("lead").get(URL).content.decode()
    assert reverse("careers:careers_home") in html
