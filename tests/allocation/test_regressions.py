"""Plans from real demo campaigns that once broke a rule."""

from horizons.allocation.engine.check import check_plan
from horizons.allocation.engine.problem import parse_problem
from horizons.allocation.engine.solver import solve


def test_sector_bonuses_never_buy_encounters_beyond_the_class_limit():
    # One school, one class, four volunteers from four sectors, all free all week: the sector
    # and role-model bonuses once tempted the exact model past max_encounters_per_class.
    slots = ["2027-03-01 AM", "2027-03-01 PM", "2027-03-02 AM", "2027-03-02 PM"]
    sectors = ["health-and-care", "engineering", "creative", "finance"]
    problem = parse_problem(
        {
            "slots": slots,
            "schools": [
                {
                    "id": "s1",
                    "lat": 54.97,
                    "lon": -1.61,
                    "fsm": 0.4,
                    "classes": [
                        {"id": "c1", "year": 5, "pupils": 30, "prior_encounters": 0, "slots": slots}
                    ],
                }
            ],
            "volunteers": [
                {
                    "id": f"v{i}",
                    "employer": f"e{i}",
                    "sector": sector,
                    "lat": 54.97,
                    "lon": -1.60,
                    "radius_km": 10,
                    "online": False,
                    "years": [5],
                    "slots": slots,
                    "max_sessions": 3,
                    "counter_stereotype": i % 2 == 0,
                }
                for i, sector in enumerate(sectors)
            ],
            "max_encounters_per_class": 2,
        }
    )
    plan = solve(problem, time_limit=5)
    assert check_plan(problem, plan) == []
    assert len(plan.assignments) == 2
    assert plan.status == "OPTIMAL"
