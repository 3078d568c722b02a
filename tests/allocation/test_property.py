"""Property: whatever the (small, random) campaign, every plan obeys every hard rule."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from horizons.allocation.check import check_plan
from horizons.allocation.greedy import first_come_first_served
from horizons.allocation.instance import Instance
from horizons.allocation.objective import evaluate
from horizons.allocation.problem import LockError, parse_problem
from horizons.allocation.solver import solve

SLOTS = ["d1 AM", "d1 PM", "d2 AM"]
SECTORS = ["health-and-care", "engineering", "digital"]


def _key(t: dict) -> tuple:
    return (t["volunteer"], t["class"], t["slot"])


@st.composite
def campaigns(draw):
    slots = SLOTS[: draw(st.integers(1, 3))]
    subset = st.lists(st.sampled_from(slots), unique=True, max_size=len(slots))
    n_schools = draw(st.integers(1, 3))
    schools = []
    for i in range(n_schools):
        classes = [
            {"id": f"c{i}{j}", "year": draw(st.integers(1, 6)), "pupils": 20,
             "prior_encounters": draw(st.integers(0, 3)), "slots": draw(subset)}
            for j in range(draw(st.integers(0, 3)))
        ]  # fmt: skip
        schools.append(
            {
                "id": f"s{i}",
                "lat": 52.4 + draw(st.floats(-0.15, 0.15)),
                "lon": -1.5 + draw(st.floats(-0.2, 0.2)),
                "fsm": draw(st.floats(0, 0.6)),
                "online": draw(st.booleans()),
                "classes": classes,
            }  # fmt: skip
        )
    rotations = []
    if n_schools >= 2 and draw(st.booleans()):
        schools[1]["host"] = "s0"
        rotations.append(
            {"host": "s0", "slot": draw(st.sampled_from(slots)), "rounds": draw(st.integers(1, 3))}
        )
    volunteers = []
    for k in range(draw(st.integers(0, 4))):
        online = draw(st.booleans())
        volunteers.append(
            {
                "id": f"v{k}",
                "employer": "E",
                "sector": draw(st.sampled_from(SECTORS)),
                "lat": 52.4 + draw(st.floats(-0.15, 0.15)),
                "lon": -1.5 + draw(st.floats(-0.2, 0.2)),
                "radius_km": draw(st.floats(0, 25)),
                "online": online,
                "in_person": True if not online else draw(st.booleans()),
                "years": draw(st.lists(st.integers(1, 6), unique=True, max_size=6)),
                "slots": draw(subset),
                "max_sessions": draw(st.integers(0, 2)),
                "counter_stereotype": draw(st.booleans()),
            }  # fmt: skip
        )
    data = {"slots": slots, "schools": schools, "volunteers": volunteers,
            "max_encounters_per_class": draw(st.integers(1, 3)), "rotations": rotations}  # fmt: skip
    class_ids = [c["id"] for s in schools for c in s["classes"]]
    if class_ids and volunteers:
        triple = st.fixed_dictionaries({
            "volunteer": st.sampled_from([v["id"] for v in volunteers]),
            "class": st.sampled_from(class_ids), "slot": st.sampled_from(slots)})  # fmt: skip
        data["forbidden"] = draw(st.lists(triple, unique_by=_key, max_size=3))
        if draw(st.booleans()):  # arbitrary locks: often impossible, which must be said
            data["locked"] = [
                t
                for t in draw(st.lists(triple, unique_by=_key, max_size=2))
                if t not in data["forbidden"]
            ]
    return data


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(campaigns(), st.booleans())
def test_every_plan_obeys_every_hard_rule(data, lock_from_greedy):
    problem = parse_problem(data)
    if lock_from_greedy and not problem.locked:
        # Locks known to be feasible together: part of a valid plan.
        base = first_come_first_served(problem)
        assert check_plan(problem, base) == []
        data = {**data, "locked": [
            {"volunteer": a.volunteer, "class": a.class_, "slot": a.slot}
            for a in base.assignments[::2]
            if {"volunteer": a.volunteer, "class": a.class_, "slot": a.slot}
            not in data.get("forbidden", [])
        ]}  # fmt: skip
        problem = parse_problem(data)
    try:
        plan = solve(problem, time_limit=2)
    except LockError as exc:
        assert exc.errors and problem.locked  # only locks may make it impossible
        return
    assert check_plan(problem, plan) == []
    if plan.status != "EMPTY":
        assert plan.objective == evaluate(Instance(problem), plan.assignments)
        assert plan.objective <= plan.bound
        assert plan.objective >= evaluate(
            Instance(problem),
            [a for a in plan.assignments if (a.volunteer, a.class_, a.slot) in {
                (t.volunteer, t.class_, t.slot) for t in problem.locked}],
        ) or not problem.locked  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(campaigns())
def test_large_scale_path_obeys_every_hard_rule(data):
    problem = parse_problem(data)
    try:
        plan = solve(problem, time_limit=0.6, direct_limit=0, neighbourhood_classes=2)
    except LockError:
        return
    assert check_plan(problem, plan) == []
    assert plan.objective <= plan.bound
