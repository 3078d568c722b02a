"""Schools' requests become wishes in the campaign's problem; the review shows them met or not."""

import pytest

from horizons.allocation import campaign_problem as cp
from horizons.allocation import services
from horizons.allocation.hopes import wishes_from_request
from horizons.allocation.models import AllocationRun
from tests.allocation.factories import campaign_world


def _wish(sector=None, year=None, counter=False):  # type: ignore[no-untyped-def]
    return {"sector": sector, "year": year, "counter_stereotype": counter}


@pytest.mark.parametrize(
    ("sectors", "hopes", "wishes"),
    [
        # The school: "engineering; women in engineering for Year 6".
        (["engineering"], "Women in engineering for Year 6.",
         [_wish("engineering"), _wish("engineering", 6, True)]),
        ([], "Health jobs for Year 4.", [_wish("health-and-care", 4)]),
        ([], "Anything hands-on.", []),
        ([], "Male nurses for Years 5 and 6; a scientist.",
         [_wish("health-and-care", 5, True), _wish("health-and-care", 6, True),
          _wish("science")]),
        ([], "Someone who challenges stereotypes for Y3", [_wish(None, 3, True)]),
        (["nonsense", "digital", "digital"], "", [_wish("digital")]),
    ],
)  # fmt: skip
def test_a_request_reads_as_wishes(sectors, hopes, wishes):
    assert wishes_from_request(sectors, hopes) == wishes


def test_the_problem_carries_each_school_s_wishes(world):
    cw = campaign_world(world)
    cw.request.sectors_wanted = ["engineering"]
    cw.request.hopes = "Women in engineering for Year 5."
    cw.request.save()
    (school,) = cp.build_problem(cw.campaign)["schools"]
    assert school["wishes"] == [_wish("engineering"), _wish("engineering", 5, True)]


def test_a_school_that_asked_for_nothing_has_no_wishes(world):
    (school,) = cp.build_problem(campaign_world(world).campaign)["schools"]
    assert "wishes" not in school


def test_the_plan_pages_show_wishes_met_and_not_met_and_why(
    world, client_for, django_capture_on_commit_callbacks
):
    cw = campaign_world(world)
    cw.request.sectors_wanted = ["engineering"]
    cw.request.hopes = "Women in engineering for Year 5. Health jobs for Year 3."
    cw.request.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(campaign=cw.campaign, by=world.facilitator, time_limit_seconds=5)
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DONE, run.result
    wishes = {(w["sector"], w["year"]): w for w in run.result["wishes"]}
    assert wishes[("engineering", 5)]["met"] is True
    assert wishes[("health-and-care", 3)]["met"] is False
    assert wishes[("health-and-care", 3)]["code"] == "no_sector"
    oak = next(
        r for a, r in zip(run.result["assignments"], run.result["reasons"], strict=True)
        if a["class"] == cp.class_id(cw.year5.pk)
    )  # fmt: skip
    assert "meets the school's wish for engineering and manufacturing for Year 5, from " \
        "someone who challenges stereotypes" in oak  # fmt: skip
    assert run.result["figures"]["wishes"] == 3
    assert run.result["figures"]["wishes_met"] == 2
    assert run.result["greedy"]["wishes_met"] <= 2

    client = client_for("facilitator")
    page = client.get(f"/allocation/runs/{run.pk}/").content.decode()
    assert "What schools asked for" in page and "2 of 3 met" in page
    assert "wishes schools made met" in page and "It meets 2 of the 3 wishes" in page
    assert "Health and care for Year 3" in page
    assert "no volunteer like that (health and care for Year 3) takes part" in page
    school_page = client.get(f"/allocation/runs/{run.pk}/schools/{world.school.pk}/")
    text = school_page.content.decode()
    assert "What the school asked for" in text and "Met: Maya" in text
