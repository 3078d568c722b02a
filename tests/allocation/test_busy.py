"""`busy` in the problem JSON: half-days a class or volunteer is already taken (issue 17)."""

import pytest

from horizons.allocation.engine.check import check_plan
from horizons.allocation.engine.problem import (
    Assignment,
    Plan,
    ProblemError,
    parse_problem,
    problem_to_json,
)
from horizons.allocation.engine.solver import solve
from tests.allocation.factories import SLOTS, klass, problem, school, volunteer


def one_class_one_volunteer(**extra) -> dict:
    """One class and one volunteer nearby, both free in all three half-days."""
    return problem(
        [school("benwell", 52.41, -1.52, 0.4, klass("elm", 6))],
        [volunteer("callum", max_sessions=3)],
        **extra,
    )


def errors_of(data) -> list[str]:
    with pytest.raises(ProblemError) as info:
        parse_problem(data)
    return info.value.errors


def test_busy_half_days_are_taken_out_of_what_is_free():
    p = parse_problem(
        one_class_one_volunteer(
            busy=[
                {"class": "elm", "slot": SLOTS[0], "what": "Jarrow rotation event"},
                {"volunteer": "callum", "slot": SLOTS[1]},
            ]
        )
    )
    assert p.class_by_id["elm"].slots == (SLOTS[1], SLOTS[2])
    assert p.volunteer_by_id["callum"].slots == (SLOTS[0], SLOTS[2])
    assert p.busy_at[("class", "elm", SLOTS[0])].what == "Jarrow rotation event"
    assert parse_problem(problem_to_json(p)) == p


def test_the_solver_never_plans_into_a_busy_half_day():
    free = solve(parse_problem(one_class_one_volunteer()), time_limit=5)
    assert free.assignments, "without busy half-days the pair meets"
    data = one_class_one_volunteer(
        busy=[
            {"class": "elm", "slot": SLOTS[0]},
            {"class": "elm", "slot": SLOTS[1]},
            {"volunteer": "callum", "slot": SLOTS[2]},
        ]
    )
    plan = solve(parse_problem(data), time_limit=5)
    assert plan.assignments == ()  # no half-day left when both are free


def test_the_solver_uses_the_half_day_that_is_left():
    data = one_class_one_volunteer(
        busy=[{"class": "elm", "slot": SLOTS[0]}, {"volunteer": "callum", "slot": SLOTS[2]}]
    )
    plan = solve(parse_problem(data), time_limit=5)
    assert [(a.volunteer, a.class_, a.slot) for a in plan.assignments] == [
        ("callum", "elm", SLOTS[1])
    ]


def test_check_plan_refuses_an_assignment_in_a_busy_half_day_and_says_why():
    p = parse_problem(
        one_class_one_volunteer(
            busy=[
                {"class": "elm", "slot": SLOTS[0], "what": "Jarrow rotation event"},
                {"volunteer": "callum", "slot": SLOTS[1]},
            ]
        )
    )
    plan = Plan(
        "FEASIBLE",
        (Assignment("callum", "elm", SLOTS[0]), Assignment("callum", "elm", SLOTS[1])),
        0,
        0,
    )
    text = "\n".join(check_plan(p, plan))
    assert f"class elm is already busy in {SLOTS[0]} (Jarrow rotation event)" in text
    assert f"volunteer callum is already busy in {SLOTS[1]}" in text


def test_busy_entries_naming_unknown_classes_volunteers_or_slots_are_each_named():
    errors = errors_of(
        one_class_one_volunteer(
            busy=[
                {"class": "oak", "slot": SLOTS[0]},
                {"volunteer": "zara", "slot": SLOTS[0]},
                {"class": "elm", "slot": "2026-03-09 AM"},
                {"class": "elm", "volunteer": "callum", "slot": SLOTS[0]},
                {"slot": SLOTS[0]},
                {"class": "elm"},
                {"class": "elm", "slot": SLOTS[0], "why": "?"},
                "elm",
            ]
        )
    )
    assert "busy[0].class: unknown class 'oak'" in errors
    assert "busy[1].volunteer: unknown volunteer 'zara'" in errors
    assert "busy[2].slot: unknown slot '2026-03-09 AM'" in errors
    assert "busy[3]: name either a class or a volunteer (one of them)" in errors
    assert "busy[4]: name either a class or a volunteer (one of them)" in errors
    assert "busy[5].slot: is required" in errors
    assert any(e.startswith("busy[6].why: unknown field") for e in errors)
    assert "busy[7]: expected an object, got text 'elm'" in errors


def test_a_lock_in_a_busy_half_day_is_an_error_naming_both():
    errors = errors_of(
        one_class_one_volunteer(
            busy=[
                {"class": "elm", "slot": SLOTS[0], "what": "Jarrow rotation event"},
                {"volunteer": "callum", "slot": SLOTS[1]},
            ],
            locked=[
                {"volunteer": "callum", "class": "elm", "slot": SLOTS[0]},
                {"volunteer": "callum", "class": "elm", "slot": SLOTS[1]},
            ],
        )
    )
    assert errors == [
        f"locked[0]: class 'elm' is already busy in '{SLOTS[0]}' (Jarrow rotation event) "
        "(busy[0]); remove the lock or choose another half-day",
        f"locked[1]: volunteer 'callum' is already busy in '{SLOTS[1]}' (busy[1]); "
        "remove the lock or choose another half-day",
    ]
