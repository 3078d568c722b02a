"""The Aspirations assessment instrument and answer validation."""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from horizons.programmes.instrument import (
    INSTRUMENTS_DIR,
    AnswerError,
    InstrumentError,
    instrument,
    parse_instrument,
    validate_answer,
)

SKILLS = (
    "skill_listening",
    "skill_speaking",
    "skill_problem_solving",
    "skill_creativity",
    "skill_staying_positive",
    "skill_aiming_high",
    "skill_leadership",
    "skill_teamwork",
)
JOBS = (
    "nurse",
    "engineer",
    "builder",
    "doctor",
    "firefighter",
    "hairdresser",
    "scientist",
    "pilot",
)


VERSION = "aspirations-v1"  # the instrument these tests read (data/instruments/)


def raw_instrument() -> dict:
    return yaml.safe_load((INSTRUMENTS_DIR / f"{VERSION}.yaml").read_text(encoding="utf-8"))


def test_it_has_every_item_the_programme_needs() -> None:
    inst = instrument("aspirations-v1")
    expected = (
        *SKILLS,
        "jobs_known",
        "confidence_future",
        *(f"who_can_{job}" for job in JOBS),
        "job_wanted",
    )
    assert inst.codes == expected


@pytest.mark.parametrize("code", SKILLS)
def test_skill_items_are_four_point_scales_with_a_picture_per_value(code: str) -> None:
    item = instrument(VERSION).item(code)
    assert item.kind == "scale"
    assert item.prompt.startswith("How good am I at")
    assert (item.min, item.max) == (1, 4)
    assert [c.value for c in item.choices] == [1, 2, 3, 4]
    assert all(c.emoji and c.label for c in item.choices)
    assert len({c.emoji for c in item.choices}) == 4
    assert item.hint


@pytest.mark.parametrize("job", JOBS)
def test_stereotype_items_code_men_women_both(job: str) -> None:
    item = instrument(VERSION).item(f"who_can_{job}")
    assert item.kind == "stereotype"
    labels = {c.value: c.label.lower() for c in item.choices}
    assert labels[1] == "men"
    assert labels[2] == "women"
    assert "both" in labels[3]
    assert job in item.prompt


def test_count_confidence_and_text_items() -> None:
    inst = instrument(VERSION)
    jobs = inst.item("jobs_known")
    assert (jobs.kind, jobs.min, jobs.max) == ("count", 0, 30)
    confidence = inst.item("confidence_future")
    assert (confidence.kind, confidence.min, confidence.max) == ("scale", 1, 4)
    assert "any job" in confidence.prompt
    wanted = inst.item("job_wanted")
    assert wanted.kind == "text"
    assert wanted.min is None and wanted.max is None


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("skill_teamwork", 3, 3),
        ("skill_teamwork", "3", 3),
        ("skill_teamwork", " 4 ", 4),
        ("skill_teamwork", 2.0, 2),
        ("skill_teamwork", "really good", 4),
        ("jobs_known", 0, 0),
        ("jobs_known", "30", 30),
        ("who_can_pilot", "Both men and women", 3),
        ("who_can_pilot", 1, 1),
        ("job_wanted", "  vet \n", "vet"),
        ("job_wanted", "premier   league\tfootballer", "premier league footballer"),
    ],
)
def test_answers_are_normalised(code: str, value: object, expected: object) -> None:
    assert validate_answer(code, value, VERSION) == expected


@pytest.mark.parametrize(
    ("code", "value", "fragment"),
    [
        ("skill_teamwork", 5, "5 is out of range: choose a whole number from 1 to 4"),
        ("skill_teamwork", 0, "out of range"),
        ("jobs_known", 31, "from 0 to 30"),
        ("jobs_known", -1, "out of range"),
        ("who_can_nurse", 4, "from 1 to 3"),
        ("skill_teamwork", 2.5, "2.5 is not a whole number"),
        ("skill_teamwork", "three", "'three' is not a whole number"),
        ("skill_teamwork", None, "no answer given"),
        ("skill_teamwork", "", "no answer given"),
        ("skill_teamwork", True, "no answer given"),
        ("skill_teamwork", float("nan"), "is not a whole number"),
        ("job_wanted", "   ", "no answer given"),
        ("job_wanted", 7, "write the answer as words"),
        ("job_wanted", "x" * 101, "keep it to 100"),
    ],
)
def test_bad_answers_say_what_to_change(code: str, value: object, fragment: str) -> None:
    with pytest.raises(AnswerError) as caught:
        validate_answer(code, value, VERSION)
    assert fragment in str(caught.value)
    assert caught.value.item_code == code


def test_unknown_item_names_the_code() -> None:
    with pytest.raises(AnswerError, match="'skill_juggling' is not a question"):
        validate_answer("skill_juggling", 2, VERSION)


def test_unknown_version_is_refused() -> None:
    with pytest.raises(InstrumentError, match="unknown instrument"):
        instrument("aspirations-v9")


@given(st.integers(min_value=-50, max_value=50))
def test_scale_accepts_exactly_its_range(value: int) -> None:
    if 1 <= value <= 4:
        assert validate_answer("skill_listening", value, VERSION) == value
        assert validate_answer("skill_listening", str(value), VERSION) == value
    else:
        with pytest.raises(AnswerError):
            validate_answer("skill_listening", value, VERSION)


def _break(mutate) -> InstrumentError:
    raw = copy.deepcopy(raw_instrument())
    mutate(raw)
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(raw, source="broken.yaml")
    return caught.value


def test_the_shipped_file_parses_as_is() -> None:
    assert parse_instrument(raw_instrument(), source="ok.yaml").version == "aspirations-v1"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda raw: raw["items"][0].pop("choices"), "items[0].choices"),
        (lambda raw: raw["items"][1].update(code="skill_listening"), "items[1].code"),
        (lambda raw: raw["items"][0].update(kind="slider"), "items[0].kind"),
        (lambda raw: raw["items"][0].update(max=5), "items[0].choices"),
        (lambda raw: raw["items"][0].update(max=1), "items[0].max"),
        (lambda raw: raw["items"][2].update(colour="red"), "items[2].colour"),
        (lambda raw: raw["items"][10].update(max=4), "items[10].choices"),
        (lambda raw: raw["items"][-1].update(min=1), "items[18].min"),
        (lambda raw: raw["items"][0].update(prompt=""), "items[0].prompt"),
        (lambda raw: raw.update(items=[]), "items"),
        (lambda raw: raw.update(colour="red"), "colour"),
    ],
)
def test_malformed_instruments_name_file_and_field(mutate, field: str) -> None:
    error = _break(mutate)
    assert error.file == "broken.yaml"
    assert error.field == field
    assert str(error).startswith(f"broken.yaml: {field}: ")
