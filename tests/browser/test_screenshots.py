"""Screenshots of the main pages for the README. Run with `make screenshots`.

Deselected from `make test` (marker `screenshots`) because it rewrites files under docs/.
"""

from datetime import date
from pathlib import Path

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.screenshots, pytest.mark.django_db]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _paths() -> list[tuple[str | None, str, str, dict[str, int]]]:
    """(who signs in, path, file name, viewport) for each picture, using the demo's own ids."""
    from horizons.accounts.models import User
    from horizons.benchmarks.models import Audit
    from horizons.encounters.models import Campaign, Event
    from horizons.organisations.models import School
    from horizons.programmes.models import Cohort

    lead_school = User.objects.get(email="lead@horizons.test").memberships.get().school
    audit = Audit.objects.filter(school=lead_school, submitted_at__isnull=False).latest(
        "submitted_at"
    )
    draft = Audit.objects.filter(school=lead_school, submitted_at__isnull=True).first()
    finished_week = Campaign.objects.get(name="Aspirations Week 2026")
    cohort = Cohort.objects.filter(school=lead_school, status=Cohort.Status.FINISHED).first()
    desktop = {"width": 1280, "height": 900}
    tablet = {"width": 768, "height": 1024}
    shots = [
        (None, "/", "landing", desktop),
        ("facilitator", "/", "facilitator-home", desktop),
        ("facilitator", "/benchmarks/hub/", "hub-overview", desktop),
        ("lead", "/", "lead-home", desktop),
        ("lead", f"/benchmarks/audits/{audit.pk}/results/", "audit-results", desktop),
        ("lead", f"/benchmarks/audits/{audit.pk}/actions/", "action-plan", desktop),
        (
            "facilitator",
            f"/encounters/campaigns/{finished_week.pk}/reach/",
            "campaign-reach",
            desktop,
        ),
        ("facilitator", "/allocation/", "allocation", desktop),
        (
            "facilitator",
            f"/allocation/campaigns/{Campaign.objects.get(name='Aspirations Week 2027').pk}/",
            "allocation-campaign",
            desktop,
        ),
        ("facilitator", "/reports/", "reports", desktop),
        ("employer", "/", "employer-home", desktop),
        ("volunteer", "/", "volunteer-home", desktop),
        (None, "/careers/", "careers-library", tablet),
        (None, "/careers/jobs/engineer/", "job-profile", tablet),
        (None, "/programmes/me/start/", "child-sign-in", tablet),
    ]
    running = Cohort.objects.filter(school=lead_school, status=Cohort.Status.RUNNING).first()
    if running is not None:
        shots.append(
            ("teacher", f"/programmes/cohorts/{running.pk}/board/", "class-board", desktop)
        )
    shots.append(("lead", f"/programmes/schools/{lead_school.pk}/data/", "school-data", desktop))
    shots.append(("employer", "/volunteers/checks/", "safeguarding-checks", desktop))
    upcoming = (
        Event.objects.filter(
            volunteers__user__email="volunteer@horizons.test", date__gte=date.today()
        )
        .order_by("date")
        .first()
    )
    if upcoming is not None:
        shots.append(
            ("volunteer", f"/encounters/events/{upcoming.pk}/", "volunteer-event", desktop)
        )
    if draft is not None:
        shots.append(("lead", f"/benchmarks/audits/{draft.pk}/", "audit-in-progress", desktop))
    if cohort is not None:
        shots.append(("lead", f"/programmes/cohorts/{cohort.pk}/impact/", "impact-report", desktop))
    # Messages, families, transition, training and the national overview.
    shots.append(("facilitator", "/messaging/", "messages", desktop))
    shots.append(("facilitator", "/encounters/volunteers-at-risk/", "volunteers-at-risk", desktop))
    shots.append(("facilitator", "/training/hub/", "training", desktop))
    finished = Cohort.objects.filter(school=lead_school, status=Cohort.Status.FINISHED).first()
    if finished is not None:
        pupil = finished.pupils.filter(consent__parent_consent="granted").first()
        if pupil is not None:
            token = pupil.consent.token
            shots.append((None, f"/programmes/consent/{token}/family/", "family-page", tablet))
    high = School.objects.get(name="Tyneside High School")
    shots.append(("secondary", f"/transition/incoming/{high.urn}/", "incoming-year-7", desktop))
    shots.append(("national", "/national/", "national-overview", desktop))
    return shots


def test_take_screenshots(demo_site, new_page):  # type: ignore[no-untyped-def]
    OUT.mkdir(parents=True, exist_ok=True)
    pages: dict[tuple[str | None, int], object] = {}
    for who, path, name, viewport in _paths():
        key = (who, viewport["width"])
        if key not in pages:
            page = new_page(**viewport)
            if who:
                sign_in(page, demo_site.url, f"{who}@horizons.test")
            pages[key] = page
        page = pages[key]
        response = page.goto(demo_site.url + path)  # type: ignore[attr-defined]
        assert response is not None and response.status == 200, (
            f"{path}: {response and response.status}"
        )
        height = min(1400, page.evaluate("document.documentElement.scrollHeight"))  # type: ignore[attr-defined]
        page.screenshot(  # type: ignore[attr-defined]
            path=str(OUT / f"{name}.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": viewport["width"], "height": height},
        )
