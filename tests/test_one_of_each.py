"""One of each: the number of benchmarks, the activity registry, the assessment instrument and
the school year are each said in one place (issue 13)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from horizons.benchmarks.framework import BENCHMARK_NUMBERS, load_framework
from horizons.programmes.activities import ACTIVITY_TITLES, CHILD_ACTIVITIES
from horizons.programmes.templates_data import load_templates

ROOT = Path(__file__).resolve().parents[1]


def _sources(*, skip: tuple[str, ...] = ()) -> dict[str, str]:
    found = {}
    for path in sorted((ROOT / "horizons").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or relative.startswith(skip):
            continue
        found[relative] = path.read_text(encoding="utf-8")
    return found


def test_the_benchmark_numbers_are_written_once() -> None:
    assert tuple(b.number for b in load_framework().benchmarks) == BENCHMARK_NUMBERS
    written = [name for name, text in _sources().items() if re.search(r"range\(1,\s*9\)", text)]
    assert written == ["horizons/benchmarks/framework.py"]


def test_no_two_registries_share_the_name_activities() -> None:
    bound = []
    for name, text in _sources().items():
        for node in ast.walk(ast.parse(text)):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            bound += [(name, t.id) for t in targets if isinstance(t, ast.Name)]
    assert [b for b in bound if b[1] == "ACTIVITIES"] == []
    assert [b for b in bound if b[1] == "ACTIVITY_TITLES"] == [
        ("horizons/programmes/activities.py", "ACTIVITY_TITLES")
    ]


def test_the_activity_registry_covers_the_templates_and_the_childrens_activities() -> None:
    for kind, activity in CHILD_ACTIVITIES.items():
        assert ACTIVITY_TITLES[kind] == activity.title
    used = {key for t in load_templates().values() for step in t.steps for key in step.activities}
    assert used <= set(ACTIVITY_TITLES)


def test_no_code_names_an_instrument_version() -> None:
    """Which instrument a cohort answers comes from its programme template, never a default."""
    named = [name for name, text in _sources().items() if "aspirations-v1" in text]
    assert named == []


def test_the_school_year_is_worked_out_in_one_module() -> None:
    pattern = re.compile(r"\.month\s*[<>]=?\s*[89]\b|,\s*9,\s*1\)|,\s*8,\s*31\)")
    found = [
        name for name, text in _sources(skip=("horizons/demo/",)).items() if pattern.search(text)
    ]
    assert found == []  # core/academic_year.py itself names START_MONTH, not 9


@pytest.mark.django_db
def test_an_impact_page_with_no_groups_uses_the_templates_instrument() -> None:
    from horizons.programmes.reports import build_impact_page

    page = build_impact_page("Nobody yet", [])
    assert {t.instrument for t in load_templates().values()} == {page.instrument.version}
    assert not page.has_pairs
