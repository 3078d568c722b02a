"""Schools' wishes in the engine: parsed, valued in the objective, met when possible, explained."""

import time

import numpy as np
import pytest

from horizons.allocation.engine.check import check_plan
from horizons.allocation.engine.explain import reason_for, wish_report
from horizons.allocation.engine.flow import flow_bound
from horizons.allocation.engine.instance import Instance
from horizons.allocation.engine.objective import breakdown
from horizons.allocation.engine.problem import (
    ProblemError,
    Weights,
    parse_problem,
    problem_to_json,
)
from horizons.allocation.engine.solver import solve
from horizons.allocation.engine.wishes import Wish
from tests.allocation.factories import klass, problem, school, volunteer

ENGINEERING = {"sector": "engineering", "year": None, "counter_stereotype": False}
WOMEN_IN_ENGINEERING_Y6 = {"sector": "engineering", "year": 6, "counter_stereotype": True}
AM = ["2026-03-02 AM"]


def _issue_example(wishes: list[dict], **weights: int) -> dict:
    """The issue's school: it asked for "engineering; women in engineering for Year 6".

    A vet and a game designer work next door; a man and a woman engineer further off.
    Everyone gives one session on the one morning the school is free.
    """
    one = {"slots": AM, "max_sessions": 1}
    data = problem(
        [school("benwell", 52.41, -1.52, 0.3, klass("y6", 6, AM), klass("y4", 4, AM),
                wishes=wishes)],
        [
            volunteer("vet", 52.411, -1.521, sector="animals-and-land", role="vet", **one),
            volunteer("designer", 52.409, -1.519, sector="creative", role="game designer", **one),
            volunteer("sam", 52.47, -1.52, role="engineer", radius_km=12, **one),
            volunteer("maya", 52.35, -1.52, role="engineer", radius_km=12,
                      counter_stereotype=True, **one),
        ],
    )  # fmt: skip
    if weights:
        data["weights"] = weights
    return data


def _pairs(plan) -> set[tuple[str, str]]:
    return {(a.volunteer, a.class_) for a in plan.assignments}


def test_the_issue_school_gets_its_engineers_and_year_6_the_woman_engineer():
    p = parse_problem(_issue_example([ENGINEERING, WOMEN_IN_ENGINEERING_Y6]))
    plan = solve(p, time_limit=10)
    assert check_plan(p, plan) == []
    assert plan.status == "OPTIMAL"
    assert _pairs(plan) == {("maya", "y6"), ("sam", "y4")}
    # Without the wishes the same campaign sends the two volunteers next door.
    plain = solve(parse_problem(_issue_example([ENGINEERING, WOMEN_IN_ENGINEERING_Y6],
                                               wish_bonus=0)), time_limit=10)  # fmt: skip
    assert {v for v, _ in _pairs(plain)} != {"maya", "sam"}


def test_the_objective_counts_each_wish_an_encounter_meets():
    p = parse_problem(_issue_example([ENGINEERING, WOMEN_IN_ENGINEERING_Y6]))
    inst = Instance(p)
    plan = solve(p, time_limit=10)
    parts = breakdown(inst, plan.assignments)
    # maya with Year 6 meets both wishes, sam with Year 4 only "engineering".
    assert parts.wishes == 3 * Weights().wish_bonus
    assert parts.total == plan.objective
    assert plan.bound >= plan.objective
    # A wish is worth less than reaching a class at all.
    assert Weights().encounter_values[0] > MAX_BONUS_PER_ENCOUNTER


MAX_BONUS_PER_ENCOUNTER = 3 * Weights().wish_bonus + 60 + 80


def test_a_pairing_meets_at_most_three_wishes():
    many = [
        {"sector": "engineering"},
        {"sector": "engineering", "year": 6},
        {"sector": "engineering", "counter_stereotype": True},
        {"sector": "engineering", "year": 6, "counter_stereotype": True},
        {"year": 6},
    ]
    inst = Instance(parse_problem(_issue_example(many)))
    maya, y6 = inst.vol_ix["maya"], inst.class_ix["y6"]
    assert inst.wish_gain(np.array([maya]), np.array([y6]))[0] == 3 * Weights().wish_bonus


def test_each_session_reason_says_which_wish_it_meets():
    p = parse_problem(_issue_example([ENGINEERING, WOMEN_IN_ENGINEERING_Y6]))
    plan = solve(p, time_limit=10)
    reasons = {a.volunteer: reason_for(p, a) for a in plan.assignments}
    # The most specific wish met is named ("engineering" goes without saying).
    assert reasons["maya"].endswith(
        "meets the school's wish for engineering and manufacturing for Year 6, from someone who "
        "challenges stereotypes."
    )
    assert reasons["sam"].endswith("meets the school's wish for engineering and manufacturing.")


def test_the_wish_report_says_what_was_met_and_why_not():
    wishes = [
        WOMEN_IN_ENGINEERING_Y6,
        {"sector": "finance"},  # nobody from finance takes part
        {"sector": "creative", "year": 3},  # no Year 3 class was sent
        {"sector": "health-and-care", "year": 4},  # the nurse is 60 km away
        {"sector": "animals-and-land", "counter_stereotype": True},  # the vet is not
    ]
    data = _issue_example(wishes)
    data["volunteers"].append(volunteer("nurse", 51.9, -1.5, sector="health-and-care",
                                        slots=AM, max_sessions=1))  # fmt: skip
    p = parse_problem(data)
    report = {(o.wish.sector, o.wish.year): o for o in wish_report(p, solve(p, time_limit=10))}
    met = report[("engineering", 6)]
    assert met.met and met.text.startswith("Met: Maya (engineer, Acme) with Year 6 on Mon 2 Mar AM")
    assert report[("finance", None)].code == "no_sector"
    assert "no volunteer like that (finance and business)" in report[("finance", None)].text
    assert report[("creative", 3)].code == "no_class"
    assert report[("creative", 3)].text == "Not met: the school sent no Year 3 class."
    assert report[("health-and-care", 4)].code == "no_reach"
    assert report[("animals-and-land", None)].code == "no_sector"


def test_a_wish_left_unmet_because_the_volunteer_was_needed_elsewhere_says_so():
    # One engineer, two schools: the one whose class has met nobody gets them first.
    data = problem(
        [
            school("a", 52.41, -1.52, 0.1, klass("a6", 6, AM, prior=4), wishes=[ENGINEERING]),
            school("b", 52.41, -1.521, 0.5, klass("b6", 6, AM)),
        ],
        [volunteer("sam", slots=AM, max_sessions=1)],
    )
    p = parse_problem(data)
    plan = solve(p, time_limit=10)
    assert _pairs(plan) == {("sam", "b6")}
    (outcome,) = wish_report(p, plan)
    assert not outcome.met and outcome.code == "needed_elsewhere"


def test_online_wishes_keep_the_flow_an_upper_bound():
    # Online volunteers reach classes through the flow's hubs, which hide who comes: the hub
    # must credit the best wish on offer, or the bound would fall below the optimum.
    data = _issue_example([ENGINEERING, WOMEN_IN_ENGINEERING_Y6])
    for v in data["volunteers"]:
        v.update(online=True, in_person=False)
    p = parse_problem(data)
    plan = solve(p, time_limit=10)
    assert plan.status == "OPTIMAL" and ("maya", "y6") in _pairs(plan)
    inst = Instance(p)
    none = (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    bound, _best, _ = flow_bound(inst, inst.in_person_edges, none, time.perf_counter() + 5)
    assert bound >= plan.objective


def test_wishes_round_trip_through_json():
    p = parse_problem(_issue_example([ENGINEERING, WOMEN_IN_ENGINEERING_Y6]))
    assert p.schools[0].wishes == (Wish("engineering"), Wish("engineering", 6, True))
    assert parse_problem(problem_to_json(p)) == p


@pytest.mark.parametrize(
    ("wish", "error"),
    [
        ({"year": 7}, "schools[0].wishes[0].year: 7 is not 1–6"),
        ({"sector": "engineering", "colour": "red"}, "schools[0].wishes[0].colour: unknown field"),
        ({"sector": None, "year": None}, "schools[0].wishes[0]: asks for nothing"),
        ({"counter_stereotype": "yes"}, "schools[0].wishes[0].counter_stereotype: expected true"),
        ("engineering", "schools[0].wishes[0]: expected an object"),
    ],
)
def test_bad_wishes_are_named_with_their_path(wish, error):
    with pytest.raises(ProblemError) as exc:
        parse_problem(_issue_example([wish]))
    assert any(e.startswith(error) for e in exc.value.errors), exc.value.errors


def test_a_repeated_wish_is_an_error():
    with pytest.raises(ProblemError) as exc:
        parse_problem(_issue_example([ENGINEERING, ENGINEERING]))
    assert exc.value.errors == ["schools[0].wishes[1]: repeats schools[0].wishes[0]"]
