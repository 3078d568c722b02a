"""Parsing, validation errors with paths, and JSON round trips."""

import json

import pytest

from horizons.allocation.engine.generate import generate
from horizons.allocation.engine.problem import (
    ProblemError,
    load_problem,
    parse_problem,
    plan_from_json,
    plan_to_json,
    problem_to_json,
)
from horizons.allocation.engine.solver import solve
from tests.allocation.factories import SLOTS, coventry, klass, problem, school, volunteer


def errors_of(data) -> list[str]:
    with pytest.raises(ProblemError) as info:
        parse_problem(data)
    return info.value.errors


def test_valid_problem_parses_into_frozen_dataclasses():
    p = parse_problem(coventry())
    assert [s.id for s in p.schools] == ["stmary", "hillside", "oxford"]
    assert p.class_by_id["stmary-5"].year == 5
    assert p.volunteer_by_id["tom"].years == (5, 6)
    assert p.volunteer_by_id["ana"].online is True
    with pytest.raises(AttributeError):
        p.schools[0].fsm = 0.9  # type: ignore[misc]


def test_every_error_is_listed_with_its_path():
    data = coventry()
    data["schools"][0]["classes"][1]["year"] = 7
    data["schools"][1]["lat"] = 200
    data["volunteers"][0]["slots"] = ["2026-03-09 AM"]
    data["volunteers"][1]["radius_km"] = "far"
    errors = errors_of(data)
    assert "schools[0].classes[1].year: 7 is not 1–6" in errors
    assert "schools[1].lat: 200 is not a latitude (−90 to 90)" in errors
    assert "volunteers[0].slots[0]: unknown slot '2026-03-09 AM'" in errors
    assert any(e.startswith("volunteers[1].radius_km: expected a number") for e in errors)
    assert len(errors) == 4


def test_unknown_ids_in_locks_forbidden_and_hosts_are_named():
    data = coventry()
    data["locked"] = [{"volunteer": "nobody", "class": "stmary-5", "slot": SLOTS[0]}]
    data["forbidden"] = [{"volunteer": "maya", "class": "ghost-class", "slot": SLOTS[0]}]
    data["schools"][2]["host"] = "atlantis"
    errors = errors_of(data)
    assert "locked[0].volunteer: unknown volunteer 'nobody'" in errors
    assert "forbidden[0].class: unknown class 'ghost-class'" in errors
    assert "schools[2].host: unknown school 'atlantis'" in errors


def test_duplicate_ids_and_missing_fields():
    data = coventry()
    data["schools"][1]["classes"][0]["id"] = "stmary-5"
    del data["volunteers"][2]["sector"]
    data["volunteers"][1]["id"] = "maya"
    errors = errors_of(data)
    assert "schools[1].classes[0].id: repeats the id of schools[0].classes[0]" in errors
    assert "volunteers[2].sector: is required" in errors
    assert "volunteers[1].id: repeats the id of volunteers[0]" in errors


def test_not_an_object_and_bad_json(tmp_path):
    assert errors_of([1, 2]) == ["problem: expected an object, got list"]
    bad = tmp_path / "p.json"
    bad.write_text("{not json")
    with pytest.raises(ProblemError, match="not valid JSON"):
        load_problem(bad)


def test_deeply_nested_json_is_a_clear_error_not_a_crash(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(ProblemError, match="nest far more than 32 levels deep"):
        load_problem(deep)
    # Deep enough to trouble nobody's stack, but no problem file nests like this either.
    data = coventry()
    nested: object = "x"
    for _ in range(40):
        nested = [nested]
    data["schools"][0]["classes"][0]["slots"] = nested
    with pytest.raises(ProblemError, match="nest more than 32 levels deep"):
        parse_problem(data)
    path = tmp_path / "nested.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ProblemError, match="nest more than 32 levels deep"):
        load_problem(path)


def test_the_allocate_command_reports_deep_json_plainly(tmp_path):
    from django.core.management import CommandError, call_command

    deep = tmp_path / "deep.json"
    deep.write_text('{"a":' * 100_000 + "1" + "}" * 100_000)
    with pytest.raises(CommandError, match="cannot be allocated") as caught:
        call_command("allocate", str(deep), "--out", str(tmp_path / "plan.json"))
    assert "levels deep" in str(caught.value)
    assert not (tmp_path / "plan.json").exists()


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    bad = tmp_path / "p.json"
    bad.write_bytes(b"\xff\xfe{}")
    with pytest.raises(ProblemError, match="not UTF-8"):
        load_problem(bad)


def test_weights_must_stay_concave():
    data = coventry()
    data["weights"] = {"encounter_values": [100, 300], "sector_bonus": -1, "colour": 1}
    errors = errors_of(data)
    assert any("encounter_values[1]" in e and "must not exceed" in e for e in errors)
    assert any(e.startswith("weights.sector_bonus") for e in errors)
    assert any(e.startswith("weights.colour: unknown weight") for e in errors)


def test_problem_json_round_trip():
    p = generate(12, 20, 2, seed=3)
    data = json.loads(json.dumps(problem_to_json(p)))
    assert parse_problem(data) == p
    q = parse_problem(coventry())
    assert parse_problem(problem_to_json(q)) == q


def test_plan_json_round_trip():
    p = parse_problem(coventry())
    plan = solve(p, time_limit=5)
    back = plan_from_json(json.loads(json.dumps(plan_to_json(plan))))
    assert back.assignments == tuple(
        a.__class__(a.volunteer, a.class_, a.slot, a.mode, round(a.km, 2), a.round)
        for a in plan.assignments
    )
    assert (back.status, back.objective, back.bound) == (plan.status, plan.objective, plan.bound)


def test_empty_campaign_gives_an_empty_plan_with_reasons():
    p = parse_problem({"slots": [], "schools": [], "volunteers": [], "max_encounters_per_class": 1})
    plan = solve(p, time_limit=1)
    assert plan.status == "EMPTY"
    assert plan.assignments == ()
    assert any("no slots" in m for m in plan.messages)
    assert any("No schools" in m for m in plan.messages)
    assert any("No volunteers" in m for m in plan.messages)


def test_nobody_can_meet_anyone_is_empty_not_an_error():
    data = problem([school("far", 54.9, -1.6, 0.3, klass("far-5"))], [volunteer("v")])
    plan = solve(parse_problem(data), time_limit=1)
    assert plan.status == "EMPTY"
    assert plan.assignments == ()
    assert plan.messages
