"""Reasons for pairings and for what was left unmatched; geometry and rounds helpers."""

import math
import random

import numpy as np

from horizons.allocation.engine.explain import reason_for, slot_label, unmatched_reasons
from horizons.allocation.engine.geo import haversine_km, haversine_km_np, pairs_within
from horizons.allocation.engine.problem import Assignment, parse_problem
from horizons.allocation.engine.rounds import colour_rounds
from horizons.allocation.engine.solver import solve
from tests.allocation.factories import SLOTS, coventry, klass, problem, school, volunteer


def test_reason_names_person_place_day_distance_history_and_fsm():
    p = parse_problem(coventry())
    text = reason_for(p, Assignment("maya", "stmary-5", SLOTS[1]))
    assert text.startswith(
        "Maya (engineer, Siemens) visits Year 5 at stmary Primary on Mon 2 Mar PM"
    )
    assert "1.3 km away" in text
    assert "the class has met no one yet" in text
    assert "42% of pupils eligible for free school meals" in text
    assert "challenges stereotypes" in text
    online = reason_for(p, Assignment("ana", "oxford-4", SLOTS[2], "online"))
    assert "online on Tue 3 Mar AM" in online and "beyond their 5 km" in online
    assert "met 3 visitors before" in reason_for(p, Assignment("maya", "hillside-6", SLOTS[0]))


def test_slot_labels():
    assert slot_label("2026-03-03 AM") == "Tue 3 Mar AM"
    assert slot_label("tue_am") == "Tuesday morning"
    assert slot_label("whenever") == "whenever"


def test_unmatched_classes_get_the_first_reason_that_holds():
    data = problem(
        [
            school("far", 54.9, -1.6, 0.3, klass("far-5")),
            school("near", 52.41, -1.52, 0.3, klass("near-1", 1), klass("near-5", 5, [SLOTS[2]]),
                   klass("near-6", 6, [])),
            school("busy", 52.40, -1.50, 0.1, klass("busy-5a", 5, [SLOTS[0]]),
                   klass("busy-5b", 5, [SLOTS[0]])),
        ],
        [volunteer("v", years=[5, 6], slots=[SLOTS[0]], max_sessions=1),
         volunteer("idle", slots=[], years=[5]), volunteer("young", years=[1], lat=50.0, radius_km=3)],
    )  # fmt: skip
    p = parse_problem(data)
    plan = solve(p, time_limit=5)
    why = {u.id: u for u in unmatched_reasons(p, plan)}
    assert why["far-5"].code == "no_volunteer_in_range"
    assert "km away and travels up to 10 km" in why["far-5"].message
    assert why["near-1"].code == "year_not_served"
    assert why["near-5"].code == "no_shared_slot"
    assert "Tue 3 Mar AM" in why["near-5"].message
    assert why["near-6"].code == "no_slots"
    reached = {a.class_ for a in plan.assignments}
    assert len(reached & {"busy-5a", "busy-5b"}) == 1
    other = ({"busy-5a", "busy-5b"} - reached).pop()
    assert why[other].code == "volunteers_full"
    assert why["idle"].code == "no_slots" and why["idle"].kind == "volunteer"
    assert why["young"].code == "no_class_in_range"
    assert "v" not in why


def test_haversine_matches_known_distances():
    # London to Birmingham is about 163 km; a degree of latitude about 111.2 km.
    assert math.isclose(haversine_km(51.507, -0.128, 52.486, -1.890), 163, abs_tol=2)
    assert math.isclose(haversine_km(50, 0, 51, 0), 111.2, abs_tol=0.1)
    a = haversine_km_np(np.array([51.507]), np.array([-0.128]), 52.486, -1.890)
    assert math.isclose(float(a[0]), haversine_km(51.507, -0.128, 52.486, -1.890))


def test_pairs_within_matches_brute_force():
    rng = np.random.default_rng(5)
    slat, slon = 52 + rng.random(80), -2 + rng.random(80)
    plat, plon = 52 + rng.random(30), -2 + rng.random(30)
    radius = rng.uniform(0, 40, 30)
    p, s, km = pairs_within(slat, slon, plat, plon, radius)
    got = set(zip(p.tolist(), s.tolist(), strict=True))
    want = {
        (i, j)
        for i in range(30)
        for j in range(80)
        if haversine_km(plat[i], plon[i], slat[j], slon[j]) <= radius[i]
    }
    assert got == want
    assert np.all(km <= radius[p])


def test_colour_rounds_gives_everyone_a_distinct_round():
    rnd = random.Random(3)
    for _ in range(300):
        k = rnd.randint(1, 4)
        degree: dict = {}
        pairs = []
        for v in range(5):
            for c in range(5):
                if (
                    rnd.random() < 0.5
                    and degree.get(("v", v), 0) < k
                    and degree.get(("c", c), 0) < k
                ):
                    pairs.append((f"v{v}", f"c{c}"))
                    degree[("v", v)] = degree.get(("v", v), 0) + 1
                    degree[("c", c)] = degree.get(("c", c), 0) + 1
        rounds = colour_rounds(pairs, k)
        assert all(1 <= r <= k for r in rounds)
        assert len({(v, r) for (v, _), r in zip(pairs, rounds, strict=True)}) == len(pairs)
        assert len({(c, r) for (_, c), r in zip(pairs, rounds, strict=True)}) == len(pairs)
