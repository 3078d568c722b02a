"""Class lists synced from the school's MIS: preview what would change, then apply it whole.

``mis_preview`` reads the MIS through the school's connector and returns a ``diff.Plan``
without writing any pupil; the careers leader reads it and ``mis_apply`` makes exactly those
changes in one transaction (or none, if the group changed since the preview). Only the MIS id
(as the pupil's reference), first name, surname initial, year group and class ever reach the
database: the connectors never read anything else out of the MIS's replies.
"""

from __future__ import annotations

import logging
import os
import random
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from horizons.programmes import pictures
from horizons.programmes.errors import ProgrammeError
from horizons.programmes.mis import diff, records
from horizons.programmes.mis.oneroster import OneRosterConnector
from horizons.programmes.mis.records import MisError
from horizons.programmes.mis.wonde import WondeConnector
from horizons.programmes.models import Cohort, Consent, MisConnection, Pupil
from horizons.programmes.services_retention import pupil_erase

logger = logging.getLogger(__name__)


class Connector(Protocol):
    name: str

    @property
    def requests_made(self) -> int: ...

    def pupils(self) -> Any: ...


class MisSyncError(ProgrammeError):
    """The sync could not be previewed or applied; ``problems`` lists records to fix."""

    def __init__(self, message: str, problems: Sequence[records.MisProblem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def _credentials(key: str) -> Mapping[str, str]:
    configured: Mapping[str, Mapping[str, str]] = getattr(settings, "MIS_CREDENTIALS", {})
    if key in configured:
        return configured[key]
    raw = os.environ.get(f"MIS_CREDENTIALS_{key.upper().replace('-', '_')}", "")
    if ":" in raw:
        client_id, secret = raw.split(":", 1)
        return {"client_id": client_id, "client_secret": secret}
    if raw:
        return {"token": raw}
    raise MisSyncError(
        f"No credentials are set up under the name {key!r}. Ask your Horizons administrator to "
        "add them to the server's settings; they are never kept in the database."
    )


def connector_for(connection: MisConnection) -> Connector:
    """The connector a school's settings describe, with its credentials from the settings."""
    creds = _credentials(connection.credentials_key)
    if connection.kind == MisConnection.Kind.ONEROSTER:
        if not connection.base_url:
            raise MisSyncError("Enter the OneRoster service address in the connection settings.")
        return OneRosterConnector(
            base_url=connection.base_url,
            token_url=connection.token_url,
            client_id=creds.get("client_id", ""),
            client_secret=creds.get("client_secret", ""),
        )
    if not connection.school_ref:
        raise MisSyncError("Enter the school's Wonde id in the connection settings.")
    return WondeConnector(
        base_url=connection.base_url, school_id=connection.school_ref, token=creds.get("token", "")
    )


def _held(cohort: Cohort) -> list[diff.Held]:
    return [
        diff.Held(p.pk, p.reference, p.first_name, p.last_initial, p.year_group, p.class_name)
        for p in cohort.pupils.order_by("pk")
    ]


def _connection(cohort: Cohort) -> MisConnection:
    connection = MisConnection.objects.filter(school=cohort.school_id).first()
    if connection is None:
        raise MisSyncError(
            "This school has not connected its MIS. Use the CSV import, or ask your careers "
            "leader to set up a connection."
        )
    missing = {MisConnection.Scope.STUDENTS, MisConnection.Scope.CLASSES} - set(connection.scopes)
    if missing:
        raise MisSyncError(
            "The school has not approved Horizons reading its pupils and classes from the MIS. "
            "Approve both in the connection settings."
        )
    return connection


def mis_preview(*, cohort: Cohort, by: Any, connector: Connector | None = None) -> diff.Plan:
    """Read the MIS and say what a sync would change in this group. Writes no pupil."""
    connection = _connection(cohort)
    try:
        source = connector or connector_for(connection)
    except MisSyncError as exc:
        _failed(connection, str(exc))
        raise
    try:
        pupils = records.validate(source.pupils())
    except records.MisRecordsError as exc:
        _failed(connection, str(exc))
        raise MisSyncError(str(exc), exc.problems) from exc
    except MisError as exc:
        _failed(connection, str(exc))
        raise MisSyncError(str(exc)) from exc
    return diff.plan(
        held=_held(cohort), records=pupils, year_group=cohort.year_group, classes=cohort.classes
    )


def _failed(connection: MisConnection, message: str) -> None:
    logger.warning("MIS sync failed for school %s: %s", connection.school_id, message)
    MisConnection.objects.filter(pk=connection.pk).update(last_error=message[:300])


@transaction.atomic
def mis_apply(
    *, cohort: Cohort, plan: diff.Plan, by: Any, rng: random.Random | None = None
) -> diff.Plan:
    """Make exactly the previewed changes, all or none."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if (cohort.year_group, tuple(cohort.classes)) != (plan.old_year_group, plan.old_classes):
        raise MisSyncError(_CHANGED)
    now = {h.pk: h for h in _held(cohort)}
    expected = [*plan.leavers, *(u.before for u in plan.updates)]
    if any(now.get(h.pk) != h for h in expected):
        raise MisSyncError(_CHANGED)
    taken_refs = {h.reference for h in now.values() if h.reference}
    if any(j.external_id in taken_refs for j in plan.joiners):
        raise MisSyncError(_CHANGED)
    for leaver in plan.leavers:
        pupil_erase(pupil=Pupil.objects.get(pk=leaver.pk), by=by)
    for update in plan.updates:
        Pupil.objects.filter(pk=update.before.pk).update(
            reference=update.after.external_id,
            first_name=update.after.first_name,
            last_initial=update.after.last_initial,
            year_group=update.after.year_group,
            class_name=update.after.class_name,
        )
    if plan.joiners:
        taken = set(cohort.pupils.values_list("picture", "picture_number"))
        codes = pictures.assign_picture_codes(len(plan.joiners), taken, rng)
        Pupil.objects.bulk_create(
            Pupil(
                cohort=cohort,
                reference=j.external_id,
                first_name=j.first_name,
                last_initial=j.last_initial,
                year_group=j.year_group,
                class_name=j.class_name,
                picture=code.picture,
                picture_number=code.number,
            )
            for j, code in zip(plan.joiners, codes, strict=True)
        )
        created = cohort.pupils.filter(consent__isnull=True)
        Consent.objects.bulk_create(Consent(pupil=p) for p in created)
    cohort.year_group = plan.year_group
    cohort.classes = list(plan.classes)
    cohort.save(update_fields=["year_group", "classes", "updated_at"])
    connection = MisConnection.objects.get(school=cohort.school_id)
    connection.last_synced_at = timezone.now()
    connection.last_error = ""
    connection.pending_changes = max(0, connection.pending_changes - plan.changes)
    connection.save(update_fields=["last_synced_at", "last_error", "pending_changes"])
    return plan


def mis_check_all(*, connector_for_school: Any = None) -> int:
    """The nightly check: for every school that asked for it, preview each group not yet
    finished and record how many changes wait for the careers leader (nothing is applied).
    A school whose MIS fails keeps its message and the others carry on. Returns the schools
    checked."""
    checked = 0
    for connection in MisConnection.objects.filter(nightly=True).select_related("school"):
        cohorts = Cohort.objects.filter(school=connection.school_id).exclude(
            status=Cohort.Status.FINISHED
        )
        waiting = 0
        try:
            for cohort in cohorts:
                connector = connector_for_school(connection) if connector_for_school else None
                waiting += mis_preview(cohort=cohort, by=None, connector=connector).changes
        except MisSyncError:
            # mis_preview logged it and kept the message on the connection.
            connection.refresh_from_db(fields=["last_error"])
        else:
            connection.last_error = ""
            connection.pending_changes = waiting
        connection.last_checked_at = timezone.now()
        connection.save(update_fields=["last_checked_at", "last_error", "pending_changes"])
        checked += 1
    return checked


_CHANGED = (
    "The group's pupils changed since the preview, so nothing was applied. Preview the sync "
    "again and check the changes."
)
