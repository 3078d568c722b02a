"""Programme templates: the shipped YAML and the validator that guards it."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from horizons.programmes.activities import ACTIVITY_TITLES
from horizons.programmes.templates_data import (
    TEMPLATES_DIR,
    TemplateError,
    get_template,
    load_template,
    load_templates,
    parse_template,
)


def raw_health() -> dict:
    text = (TEMPLATES_DIR / "aspirations-health-care.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_both_programmes_ship() -> None:
    assert set(load_templates()) == {"aspirations-health-care", "aspirations-stem"}


def test_health_care_follows_the_aspirations_project() -> None:
    template = get_template("aspirations-health-care")
    kinds = [step.kind for step in template.steps]
    assert kinds == ["assembly", "session", *["session"] * 4, "reflection", "celebration"]
    assert template.instrument == "aspirations-v1"
    assert set(template.audience) <= {3, 4, 5, 6} and 5 in template.audience

    opening = template.steps[0]
    assert opening.parents_invited and not opening.professionals_attend
    assert "apply" in opening.what_happens

    first = template.steps[1]
    assert first.activities == ("pre_assessment", "who_am_i", "skills_intro")

    with_professionals = [s for s in template.steps if "meet_professional" in s.activities]
    assert len(with_professionals) == 4
    assert all("hands_on" in s.activities for s in with_professionals)
    topics = " ".join(s.what_happens for s in with_professionals).lower()
    for topic in ("qualifications", "skills", "typical working day", "maths and english"):
        assert topic in topics

    reflection = template.steps[6]
    assert reflection.activities == ("post_assessment", "future_cloud")
    final = template.steps[7]
    assert final.activities == ("share_aspirations",) and final.parents_invited

    roles = set(template.suggested_roles)
    for role in ("senior nurse", "social worker", "doctor", "midwife", "nurse practitioner"):
        assert role in roles


def test_stem_programme_brings_engineers_and_scientists() -> None:
    template = get_template("aspirations-stem")
    roles = " ".join(template.suggested_roles)
    assert "engineer" in roles and "scientist" in roles
    pre, post = template.step_with("pre_assessment"), template.step_with("post_assessment")
    assert pre is not None and post is not None and pre < post
    assert template.total_minutes == sum(s.duration_minutes for s in template.steps)


def test_unknown_slug_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="aspirations-stem"):
        get_template("aspirations-space")


def test_activity_titles_cover_every_key() -> None:
    step = get_template("aspirations-health-care").steps[1]
    assert step.activity_titles() == (
        "Pre-course assessment",
        "Who am I?",
        "The 8 essential skills",
    )
    assert len(ACTIVITY_TITLES) == 8


def _set(path: list, value):
    def mutate(raw: dict) -> None:
        target = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path: list):
    def mutate(raw: dict) -> None:
        target = raw
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


@pytest.mark.parametrize(
    ("mutate", "field", "fragment"),
    [
        (_set(["steps", 1, "activities", 0], "quiz"), "steps[1].activities[0]", "'quiz'"),
        (_set(["steps", 0, "kind"], "lecture"), "steps[0].kind", "must be one of"),
        (_delete(["steps", 2, "title"]), "steps[2].title", "is missing"),
        (_set(["steps", 2, "duration_minutes"], 0), "steps[2].duration_minutes", "minutes"),
        (_set(["steps", 2, "duration_minutes"], "1 hour"), "steps[2].duration_minutes", "minutes"),
        (_set(["steps", 2, "professionals_attend"], False), "steps[2].professionals_attend", ""),
        (_set(["steps", 2, "professionals_attend"], "yes"), "steps[2].professionals_attend", ""),
        (_set(["steps", 2, "suggested_roles"], []), "steps[2].suggested_roles", "at least one"),
        (_set(["steps", 1, "suggested_roles"], ["nurse"]), "steps[1].suggested_roles", "empty"),
        (
            _set(["steps", 2, "suggested_roles"], ["doctor", "Doctor"]),
            "steps[2].suggested_roles",
            "twice",
        ),
        (
            _set(["steps", 1, "activities"], ["who_am_i", "who_am_i"]),
            "steps[1].activities",
            "twice",
        ),
        (_set(["steps", 2, "colour"], "red"), "steps[2].colour", "not a known field"),
        (_set(["audience"], [5, 7]), "audience[1]", "1 to 6"),
        (_set(["audience"], []), "audience", "list of year groups"),
        (_set(["instrument"], "aspirations-v9"), "instrument", "not a known instrument"),
        (_set(["slug"], "Aspirations Care"), "slug", "hyphens"),
        (_set(["title"], " "), "title", "non-empty"),
        (_set(["steps"], []), "steps", "non-empty"),
        (_delete(["summary"]), "summary", "is missing"),
        (_set(["sessions"], 4), "sessions", "not a known field"),
    ],
)
def test_bad_templates_name_the_file_and_field(mutate, field: str, fragment: str) -> None:
    raw = copy.deepcopy(raw_health())
    mutate(raw)
    with pytest.raises(TemplateError) as caught:
        parse_template(raw, source="aspirations-health-care.yaml")
    assert caught.value.field == field
    assert caught.value.file == "aspirations-health-care.yaml"
    assert fragment in caught.value.message
    assert str(caught.value).startswith(f"aspirations-health-care.yaml: {field}: ")


def test_post_assessment_must_follow_pre_assessment() -> None:
    raw = copy.deepcopy(raw_health())
    raw["steps"][1]["activities"] = ["post_assessment", "who_am_i"]
    raw["steps"][6]["activities"] = ["pre_assessment", "future_cloud"]
    with pytest.raises(TemplateError) as caught:
        parse_template(raw, source="x.yaml")
    assert caught.value.field == "steps[1].activities"


def test_an_assessed_programme_needs_both_assessments() -> None:
    raw = copy.deepcopy(raw_health())
    raw["steps"][6]["activities"] = ["future_cloud"]
    with pytest.raises(TemplateError, match="exactly one step with post_assessment"):
        parse_template(raw, source="x.yaml")


def test_slug_must_match_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "renamed.yaml"
    path.write_text(yaml.safe_dump(raw_health(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert (caught.value.file, caught.value.field) == ("renamed.yaml", "slug")


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("slug: [unclosed\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert (caught.value.file, caught.value.field) == ("broken.yaml", "(file)")


def test_a_copied_template_loads_from_another_folder(tmp_path: Path) -> None:
    raw = raw_health()
    raw["slug"] = "aspirations-copy"
    (tmp_path / "aspirations-copy.yaml").write_text(
        yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8"
    )
    loaded = load_templates(tmp_path)
    assert list(loaded) == ["aspirations-copy"]
    assert loaded["aspirations-copy"].steps == get_template("aspirations-health-care").steps
