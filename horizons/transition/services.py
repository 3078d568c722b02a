"""Writes for transition: destinations, parents' answers, the handover and its expiry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from horizons.accounts import permissions
from horizons.accounts.models import User
from horizons.organisations.models import School
from horizons.programmes.models import Cohort, Consent, Pupil
from horizons.transition import record, selectors
from horizons.transition.models import Destination, Handover, TransferRecord


class TransitionError(Exception):
    """The change cannot be made; the text says what to do instead."""


def _require_lead(by: User, school: School) -> None:
    if not permissions.can_lead_school(by, school):
        raise TransitionError("Only the school's careers leader can change transition records.")


def find_receiving_school(urn_text: str) -> School:
    """The secondary school with this URN, or an error saying what to check."""
    text = urn_text.strip()
    if not text.isdigit() or not 100000 <= int(text) <= 999999:
        raise TransitionError(f"“{urn_text}” is not a URN: a URN has six digits, like 108512.")
    school = School.objects.filter(urn=int(text)).first()
    if school is None:
        raise TransitionError(
            f"No school with URN {text} is in Horizons. Check the URN on Get Information about "
            "Schools, or ask your hub to import it."
        )
    if not selectors.is_receiving(school):
        raise TransitionError(
            f"{school.name} is a {school.phase.lower() or 'school'} school, not a secondary "
            "school. Choose the school the child goes to in Year 7."
        )
    return school


@transaction.atomic
def destination_set(
    *, by: User, pupil: Pupil, secondary: School | None, paper_share: str | None = None
) -> Destination | None:
    """Record (or, with no school, clear) where a Year 6 child goes next. `paper_share` records
    a parent's answer on paper ("yes", "no" or "" to clear); None leaves the answer alone."""
    _require_lead(by, pupil.cohort.school)
    if pupil.year_group != 6:
        raise TransitionError(f"{pupil} is in Year {pupil.year_group}, not Year 6.")
    if secondary is None:
        Destination.objects.filter(pupil=pupil).delete()
        return None
    if not selectors.is_receiving(secondary):
        raise TransitionError(f"{secondary.name} is not a secondary school.")
    destination, _ = Destination.objects.select_for_update().get_or_create(
        pupil=pupil, defaults={"secondary": secondary, "set_by": by}
    )
    if destination.secondary_id != secondary.pk:
        destination.secondary = secondary
        # A parent agreed to share with one school, not with whichever comes next.
        destination.share, destination.share_method, destination.share_answered_at = "", "", None
    destination.set_by = by
    if paper_share is not None and paper_share != destination.share:
        if paper_share not in ("", "yes", "no"):
            raise TransitionError("The parent's answer must be yes, no or not answered.")
        destination.share = paper_share
        destination.share_method = Destination.Method.PAPER if paper_share else ""
        destination.share_answered_at = timezone.now() if paper_share else None
    destination.save()
    if destination.share != Destination.Share.YES:
        _withdraw_records(pupil.pk)
    return destination


@transaction.atomic
def share_answer_by_parent(*, consent: Consent, share: bool) -> Destination:
    """A parent's answer through their consent link. "No" after a handover removes the copy
    the secondary school holds."""
    destination = Destination.objects.select_for_update().filter(pupil_id=consent.pupil_id).first()
    if destination is None:
        raise TransitionError(
            "Your child's school has not recorded their secondary school yet. Please try again "
            "later, or tell the school."
        )
    destination.share = Destination.Share.YES if share else Destination.Share.NO
    destination.share_method = Destination.Method.LINK
    destination.share_answered_at = timezone.now()
    destination.save()
    if not share:
        _withdraw_records(consent.pupil_id)
    return destination


def _withdraw_records(pupil_id: int) -> int:
    deleted, _ = TransferRecord.objects.filter(source_pupil_id=pupil_id).delete()
    return deleted


@dataclass(frozen=True)
class HandoverResult:
    handovers: list[Handover]
    records: int
    held_back: int  # a destination, but no parent's "yes"
    no_destination: int


# 1 June to 31 August: places are settled and Year 6 is nearly over.
HANDOVER_MONTHS = (6, 7, 8)


def handover_open(cohort: Cohort, today: date) -> bool:
    return cohort.status == Cohort.Status.FINISHED or today.month in HANDOVER_MONTHS


@transaction.atomic
def handover(
    *, by: User, cohort: Cohort, sections: Iterable[str], now: datetime | None = None
) -> HandoverResult:
    """Copy each Year 6 child's record, with the chosen sections, to their secondary school.

    Only children whose parent said yes are copied. Safe to repeat: a second handover updates
    the copies, and removes those whose parent has since said no or whose school changed."""
    _require_lead(by, cohort.school)
    now = now or timezone.now()
    today = timezone.localdate(now)
    chosen = sorted(set(sections) & set(record.SECTIONS))
    if not chosen:
        raise TransitionError("Choose at least one part of the record to share.")
    if not handover_open(cohort, today):
        raise TransitionError(
            "Records go to secondary schools from 1 June, once places are settled, or when the "
            "group is marked finished."
        )
    start_year = selectors.record_year(cohort, today)
    pupils = selectors.cohort_pupils(cohort)
    by_school: dict[int, list[Pupil]] = defaultdict(list)
    held: dict[int, int] = defaultdict(int)
    no_destination = 0
    for pupil in pupils:
        destination = getattr(pupil, "destination", None)
        if destination is None:
            no_destination += 1
        elif destination.share == Destination.Share.YES:
            by_school[destination.secondary_id].append(pupil)
        else:
            held[destination.secondary_id] += 1
    pupil_ids = [p.pk for p in pupils]
    kept: set[int] = set()
    handovers = []
    for secondary_id in sorted(set(by_school) | set(held)):
        item, _ = Handover.objects.update_or_create(
            primary=cohort.school,
            secondary_id=secondary_id,
            start_year=start_year,
            defaults={
                "sections": chosen,
                "held_back": held[secondary_id],
                "handed_over_by": by,
                "handed_over_at": now,
            },
        )
        handovers.append(item)
        for pupil in by_school[secondary_id]:
            facts = selectors.child_facts(pupil, start_year=start_year, today=today)
            copy, _ = TransferRecord.objects.update_or_create(
                handover=item,
                source_pupil_id=pupil.pk,
                defaults={
                    "first_name": pupil.first_name,
                    "last_initial": pupil.last_initial,
                    "class_name": pupil.class_name,
                    "data": record.build(facts, chosen),
                },
            )
            kept.add(copy.pk)
    # Copies of this group's children that are no longer wanted anywhere.
    TransferRecord.objects.filter(source_pupil_id__in=pupil_ids).exclude(pk__in=kept).delete()
    return HandoverResult(
        handovers=handovers,
        records=len(kept),
        held_back=sum(held.values()),
        no_destination=no_destination,
    )


def records_expire(today: date) -> int:
    """Secondary schools keep the copies until the end of the child's first term in Year 7:
    a handover of academic year Y (the child leaves in July Y+1) is kept until 31 December
    Y+1, enough to plan Year 7 and no longer."""
    expired = Handover.objects.filter(start_year__lte=today.year - 2)
    deleted, _ = TransferRecord.objects.filter(handover__in=expired).delete()
    expired.delete()
    return deleted
