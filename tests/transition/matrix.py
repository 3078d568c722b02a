"""Transition pages as every persona: Year 6 groups for their careers leader, incoming records
for the receiving school's careers leader only (nobody in the world leads a secondary school,
so only the platform admin sees them), the parent's page for anyone holding the link."""

from tests.permission_matrix import Row, everyone, only
from tests.transition.factories import matrix_year6, secondary


def _record(w):  # type: ignore[no-untyped-def]
    from horizons.transition import record, services

    cohort = matrix_year6(w)
    school = secondary()
    for pupil in cohort.pupils.all():
        services.destination_set(by=w.admin, pupil=pupil, secondary=school, paper_share="yes")
    cohort.status = "finished"
    cohort.save(update_fields=["status"])
    services.handover(by=w.admin, cohort=cohort, sections=list(record.SECTIONS))
    from horizons.transition.models import TransferRecord

    return [school.urn, TransferRecord.objects.filter(handover__secondary=school).first().pk]


ROWS = [
    Row("transition:transition_home", expect=everyone()),
    Row(
        "transition:cohort_transition",
        args=lambda w: [matrix_year6(w).pk],
        expect=only("admin", "lead"),
    ),
    Row("transition:incoming", args=lambda w: [secondary().urn], expect=only("admin")),
    Row("transition:incoming_record", args=_record, expect=only("admin")),
    Row(
        "transition:parent_share",
        args=lambda w: [matrix_year6(w).pupils.first().consent.token],
        expect=everyone(),
        anonymous="ok",
    ),
]
