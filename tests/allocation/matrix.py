from tests.allocation.factories import campaign_world
from tests.permission_matrix import Row, only

ROWS = [
    Row("allocation:allocation_home", expect=only("admin", "facilitator", "outsider")),
    Row(
        "allocation:allocation_campaign",
        args=lambda w: [campaign_world(w).campaign.pk],
        expect=only("admin", "facilitator"),
    ),
    Row(
        "allocation:allocation_run",
        args=lambda w: [campaign_world(w).run.pk],
        expect=only("admin", "facilitator"),
    ),
    Row(
        "allocation:allocation_run_status",
        args=lambda w: [campaign_world(w).run.pk],
        expect=only("admin", "facilitator"),
    ),
    # A plan still waiting for the worker has no per-school view yet: 404 even for the facilitator.
    Row(
        "allocation:allocation_run_school",
        args=lambda w: [campaign_world(w).run.pk, w.school.pk],
        expect={},
    ),
]
# POST-only actions (decide, publish, decision_remove) are tested in test_campaign_allocation.py.
