"""Parents' contacts and consent requests by email or text message (docs/retention.md).

Kept beside ``services.py`` with the same rules: keyword-only arguments, one transaction each,
a ProgrammeError saying what to fix, nothing half-written. Contacts are the minimum (an email
address and/or a UK mobile number per child), are used only to ask for consent, and are
deleted by ``contacts_expire`` once they are no longer needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from horizons.messaging import services as messaging
from horizons.messaging.addresses import masked
from horizons.messaging.models import Message
from horizons.programmes.contacts_csv import ContactRow, RowProblem, check_contact
from horizons.programmes.errors import ProgrammeError
from horizons.programmes.models import Cohort, Consent, ParentContact, Pupil

# A reminder goes only to parents whose last request is at least this old, and no parent is
# asked more than MAX_REQUESTS times in all (the first request and its reminders).
REMINDER_AFTER = timedelta(days=3)
MAX_REQUESTS = 3


class ContactsError(ProgrammeError):
    """Some rows are wrong; nothing was saved. ``problems`` names each row and what to fix."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s); nothing was saved.")


@dataclass(frozen=True)
class ContactsSaved:
    added: int
    changed: int
    removed: int


def _save(pupil: Pupil, email: str, mobile: str, by: Any, now: datetime) -> str:
    existing = ParentContact.objects.filter(pupil=pupil).first()
    if not email and not mobile:
        if existing is not None:
            existing.delete()
            return "removed"
        return ""
    if existing is None:
        ParentContact.objects.create(
            pupil=pupil, email=email, mobile=mobile, added_by=_by(by), added_at=now
        )
        return "added"
    if (existing.email, existing.mobile) == (email, mobile):
        return ""
    existing.email, existing.mobile = email, mobile
    existing.added_by, existing.added_at = _by(by), now
    existing.save()
    return "changed"


def _by(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _tally(outcomes: list[str]) -> ContactsSaved:
    return ContactsSaved(
        outcomes.count("added"), outcomes.count("changed"), outcomes.count("removed")
    )


@transaction.atomic
def contacts_save(*, cohort: Cohort, rows: Mapping[int, tuple[str, str]], by: Any) -> ContactsSaved:
    """Save the contacts typed on the group's contacts page: {pupil id: (email, mobile)}.

    Blank on both removes a contact. Every row is checked first; any problem saves nothing and
    raises ContactsError with the row number (as the page numbers them) and what to fix.
    """
    pupils = list(cohort.pupils.order_by("class_name", "first_name", "last_initial", "pk"))
    known = {p.pk for p in pupils}
    if set(rows) - known:
        raise ProgrammeError("Some children are not in this group; reload the page.")
    problems: list[RowProblem] = []
    clean: dict[int, tuple[str, str]] = {}
    for number, pupil in enumerate(pupils, start=1):
        if pupil.pk not in rows:
            continue
        email, mobile, wrong = check_contact(*rows[pupil.pk])
        problems.extend(
            RowProblem(number, f"{pupil.display_name}: {message}", f"{field}-{pupil.pk}")
            for field, message in wrong
        )
        clean[pupil.pk] = (email, mobile)
    if problems:
        raise ContactsError(problems)
    now = timezone.now()
    outcomes = [_save(p, *clean[p.pk], by, now) for p in pupils if p.pk in clean]
    return _tally(outcomes)


def match_rows(
    *, cohort: Cohort, rows: Sequence[ContactRow]
) -> tuple[dict[int, tuple[Pupil, ContactRow]], list[RowProblem]]:
    """Find each row's child in the group: {pupil id: (pupil, row)} and a problem for every row
    that names no child, more than one, or a child already named on another row. Reads only."""
    pupils = list(cohort.pupils.all())
    by_ref = {p.reference.casefold(): p for p in pupils if p.reference}
    problems: list[RowProblem] = []
    matched: dict[int, tuple[Pupil, ContactRow]] = {}
    for row in rows:
        child = row.child
        if child.reference:
            one = by_ref.get(child.reference.casefold())
            found = [one] if one is not None else []
        else:
            found = [
                p
                for p in pupils
                if p.first_name.casefold() == child.first_name.casefold()
                and (not child.last_initial or p.last_initial.upper() == child.last_initial)
                and (not child.class_name or p.class_name.casefold() == child.class_name.casefold())
            ]
        if not found:
            problems.append(
                RowProblem(row.row, f"No child in {cohort.name} matches {child.label()}.")
            )
        elif len(found) > 1:
            problems.append(
                RowProblem(
                    row.row,
                    f"{len(found)} children match {child.label()}: add the surname initial, "
                    "the class or the reference.",
                )
            )
        elif found[0].pk in matched:
            first = matched[found[0].pk][1].row
            problems.append(
                RowProblem(row.row, f"{child.label()} is already on row {first}: keep one row.")
            )
        else:
            matched[found[0].pk] = (found[0], row)
    return matched, problems


@transaction.atomic
def contacts_import(*, cohort: Cohort, rows: Sequence[ContactRow], by: Any) -> ContactsSaved:
    """Save a parsed contacts file (``contacts_csv``): every row or none.

    A row must name exactly one child of this group; children not in the file keep what they
    had."""
    matched, problems = match_rows(cohort=cohort, rows=rows)
    if problems:
        raise ContactsError(problems)
    now = timezone.now()
    outcomes = [_save(p, row.email, row.mobile, by, now) for p, row in matched.values()]
    return _tally(outcomes)


# --- sending -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendResult:
    pupils: int = 0  # children whose parents were sent something now
    messages: int = 0
    no_contact: int = 0
    answered: int = 0  # a parent had already replied (or the child has not applied)
    already_sent: int = 0  # this round went already (a double click or a retried form)
    too_recent: int = 0  # reminders: asked less than REMINDER_AFTER ago
    at_most: int = 0  # reminders: asked MAX_REQUESTS times already


def short_link(base_url: str, consent: Consent) -> str:
    return f"{base_url.rstrip('/')}/c/{consent.short_code}/"


def _messages_for(
    consent: Consent, contact: ParentContact, *, round_: int, reminder: bool, base_url: str
) -> int:
    pupil = consent.pupil
    cohort = pupil.cohort
    personalisation = {
        "child": pupil.first_name or "your child",
        "school": cohort.school.name,
        "programme": cohort.template.title,
        "link": short_link(base_url, consent),
    }
    kind = "reminder" if reminder else "request"
    sent = 0
    for channel, address in (("email", contact.email), ("sms", contact.mobile)):
        if not address:
            continue
        try:
            messaging.send(
                template=f"consent_{kind}_{channel}",
                to=address,
                personalisation=personalisation,
                about=consent,
                school=cohort.school,
                idempotency_key=f"consent:{consent.pk}:round:{round_}:{channel}",
            )
        except messaging.MessagingError as error:
            raise ProgrammeError(f"{pupil.display_name}: {error}") from error
        sent += 1
    return sent


def _waiting(cohort: Cohort, pupil_ids: Sequence[int] | None) -> list[Consent]:
    consents = (
        Consent.objects.select_for_update(of=("self",))
        .select_related("pupil", "pupil__cohort", "pupil__cohort__school")
        .filter(pupil__cohort=cohort)
        .order_by("pupil__class_name", "pupil__first_name", "pk")
    )
    if pupil_ids is not None:
        consents = consents.filter(pupil_id__in=list(pupil_ids))
    return list(consents)


def _contacts(consents: Sequence[Consent]) -> dict[int, ParentContact]:
    return {
        c.pupil_id: c for c in ParentContact.objects.filter(pupil_id__in=[c.pk for c in consents])
    }


def _check_open(cohort: Cohort) -> None:
    if cohort.consent_links_expired:
        raise ProgrammeError(
            f"{cohort.name} has finished, so parents can no longer give consent: nothing was sent."
        )


@transaction.atomic
def consent_requests_send(
    *,
    cohort: Cohort,
    pupil_ids: Sequence[int],
    base_url: str,
    by: Any,
    rounds: Mapping[int, int] | None = None,
) -> SendResult:
    """Ask the parents of the chosen children for consent, one message per contact.

    Only children who applied and whose parent has not answered are asked; a child without a
    contact is skipped and counted. ``rounds`` (from the page: each child's next round when it
    was shown) makes a double click or a retried form send nothing twice: a round already sent
    is counted as such and skipped."""
    _check_open(cohort)
    if not pupil_ids:
        raise ProgrammeError("Choose at least one child whose parents should get a request.")
    consents = _waiting(cohort, pupil_ids)
    if len(consents) != len(set(pupil_ids)):
        raise ProgrammeError("Some children are not in this group; reload the page.")
    contacts = _contacts(consents)
    now = timezone.now()
    tally = {"pupils": 0, "messages": 0, "no_contact": 0, "answered": 0, "already_sent": 0}
    for consent in consents:
        if consent.parent_consent != Consent.Parent.PENDING or consent.applied_at is None:
            tally["answered"] += 1
            continue
        contact = contacts.get(consent.pk)
        if contact is None:
            tally["no_contact"] += 1
            continue
        round_ = (rounds or {}).get(consent.pk, consent.requests_sent + 1)
        if round_ <= consent.requests_sent:
            tally["already_sent"] += 1
            continue
        round_ = consent.requests_sent + 1
        tally["messages"] += _messages_for(
            consent, contact, round_=round_, reminder=False, base_url=base_url
        )
        tally["pupils"] += 1
        consent.requests_sent = round_
        consent.last_requested_at = now
        consent.save(update_fields=["requests_sent", "last_requested_at"])
    return SendResult(**tally)


@transaction.atomic
def consent_reminders_send(
    *, cohort: Cohort, base_url: str, by: Any, now: datetime | None = None
) -> SendResult:
    """Remind the parents who have not answered: only children still waiting, whose last
    request went at least REMINDER_AFTER ago, asked fewer than MAX_REQUESTS times."""
    _check_open(cohort)
    now = now or timezone.now()
    consents = [
        c
        for c in _waiting(cohort, None)
        if c.parent_consent == Consent.Parent.PENDING
        and c.applied_at is not None
        and c.requests_sent > 0
    ]
    contacts = _contacts(consents)
    tally = {"pupils": 0, "messages": 0, "no_contact": 0, "too_recent": 0, "at_most": 0}
    for consent in consents:
        contact = contacts.get(consent.pk)
        if contact is None:
            tally["no_contact"] += 1
        elif consent.requests_sent >= MAX_REQUESTS:
            tally["at_most"] += 1
        elif consent.last_requested_at and now - consent.last_requested_at < REMINDER_AFTER:
            tally["too_recent"] += 1
        else:
            round_ = consent.requests_sent + 1
            tally["messages"] += _messages_for(
                consent, contact, round_=round_, reminder=True, base_url=base_url
            )
            tally["pupils"] += 1
            consent.requests_sent = round_
            consent.last_requested_at = now
            consent.save(update_fields=["requests_sent", "last_requested_at"])
    return SendResult(**tally)


# --- deleting ----------------------------------------------------------------------------------


def forget_addresses(*, consent_ids: Sequence[int]) -> int:
    """Keep only the masked address ("…123", "a…@example.org") on the consent messages sent to
    these children's parents, once each is delivered or has failed for good: the delivery
    history stays, the contact does not outlive ``ParentContact``. Returns messages changed."""
    changed = 0
    final = [str(s) for s in Message.FINAL]
    messages = Message.objects.filter(
        about_type=ContentType.objects.get_for_model(Consent),
        about_id__in=list(consent_ids),
        status__in=final,
    ).exclude(recipient__startswith="…")
    for message in messages.only("pk", "channel", "recipient"):
        shown = masked(message.channel, message.recipient)
        if shown != message.recipient:
            Message.objects.filter(pk=message.pk).update(recipient=shown)
            changed += 1
    return changed


@transaction.atomic
def contacts_expire(*, now: datetime | None = None) -> int:
    """Delete the contacts no longer needed: a parent answered more than
    CONTACT_DAYS_AFTER_ANSWER days ago, or the programme has finished; the messages sent to
    them keep only a masked address. Returns how many contacts were deleted."""
    now = now or timezone.now()
    answered_before = now - timedelta(days=ParentContact.CONTACT_DAYS_AFTER_ANSWER)
    done = ParentContact.objects.filter(
        Q(pupil__cohort__status=Cohort.Status.FINISHED)
        | (
            ~Q(pupil__consent__parent_consent=Consent.Parent.PENDING)
            & Q(pupil__consent__recorded_at__lt=answered_before)
        )
    )
    ids = list(done.values_list("pupil_id", flat=True))
    forget_addresses(consent_ids=ids)
    return int(ParentContact.objects.filter(pupil_id__in=ids).delete()[0])
