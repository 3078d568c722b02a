"""The demo region's staff training and partners: CPD evidence for the demo school, hours in
the hub overview, a college and a university with offers, and a partner in the finished week's
reach."""

import pytest
from django.utils import timezone

from horizons.core import academic_year
from horizons.demo.seed import seed_demo_region
from horizons.encounters import selectors as encounter_selectors
from horizons.encounters.models import Campaign
from horizons.organisations.models import Employer
from horizons.training import selectors
from horizons.training.evidence import benchmark_1_evidence, benchmark_4_evidence
from horizons.training.models import TrainingSession

pytestmark = pytest.mark.django_db


def test_demo_training_and_partners() -> None:
    region = seed_demo_region()
    today = timezone.localdate()
    assert TrainingSession.objects.filter(hub=region.hub, date__lt=today).count() == 2
    full = TrainingSession.objects.get(title="Planning National Careers Week with employers")
    assert full.places_left == 0
    curriculum = TrainingSession.objects.get(title="Careers in the primary curriculum")
    record = selectors.school_cpd(
        school=region.lead_school, year=academic_year.start_year(curriculum.date)
    )
    lines = [line for line in record.lines if line.title == curriculum.title]
    assert len(lines) == 2 and {line.hours for line in lines} == {curriculum.hours}
    # The audit shows it (in the school year it fell in; 20 days ago is this year from late
    # September on).
    if academic_year.start_year(curriculum.date) == academic_year.start_year(today):
        assert benchmark_4_evidence(region.lead_school)[0].title.startswith("Staff CPD in")
        assert benchmark_1_evidence(region.lead_school)[1].title.startswith(curriculum.title)
    partners = Employer.objects.filter(hub=region.hub).exclude(kind=Employer.Kind.EMPLOYER)
    assert sorted(partners.values_list("kind", flat=True)) == ["college", "university"]
    assert all(p.offers.exists() for p in partners)
    finished = Campaign.objects.get(name="Aspirations Week 2026")
    reach = encounter_selectors.campaign_reach(finished)
    assert reach.partners == 1 and reach.children_meeting_partners > 0
    assert reach.employers == 26
