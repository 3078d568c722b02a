"""Write the schools of a GIAS establishment CSV into the database, upserting by URN.

The file is parsed in full (by the pure `gias.read_gias`) before anything is written, so a file
that is not a GIAS export raises `GiasFormatError` and leaves the database untouched. The writes
then happen in one transaction, in a few queries per thousand schools, never one per school:
existing URNs are read in chunks, and new and changed schools are written together in batches
with `INSERT ... ON CONFLICT (urn) DO UPDATE` (`bulk_create(update_conflicts=True)`), which SQLite
and PostgreSQL both support. (On SQLite Django caps a batch at 999 parameters, 66 schools.) Because that statement cannot say which rows it inserted, the existing
URNs are read first to count created and updated schools; unchanged schools are not written.

Closed establishments: Horizons works with open schools, so a closed establishment the database
does not know is skipped unless `include_closed` is set. One it already knows is updated, so its
status becomes "Closed" rather than staying "Open" for ever.

Hubs: with `hub`, new schools and known schools without a hub join that hub; a school already in
another hub stays there - an import never moves schools between hubs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from horizons.organisations.gias import Correction, GiasSchool, Skip, read_gias
from horizons.organisations.models import School

if TYPE_CHECKING:
    from horizons.organisations.models import Hub

# The School columns an import sets from the file (plus `hub`, handled on its own).
GIAS_FIELDS: tuple[str, ...] = (
    "name",
    "la_name",
    "establishment_type",
    "phase",
    "status",
    "postcode",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "number_of_pupils",
    "percentage_fsm",
)

# Under every database's limit on query parameters (SQLite's old default is 999).
LOOKUP_CHUNK = 900
WRITE_BATCH = 1000

CLOSED_SKIP_REASON = "closed (use --include-closed to import closed establishments)"


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped: tuple[Skip, ...]
    filtered: int  # rows left out by the phase or LA filter
    corrections: tuple[Correction, ...]
    rows_read: int


def import_gias(
    *,
    path: str | os.PathLike[str],
    phase: str | Sequence[str] | None = None,
    la: str | Sequence[str] | None = None,
    include_closed: bool = False,
    hub: Hub | None = None,
) -> ImportResult:
    """Create or update a School for every school row of the GIAS file at `path`."""
    gias_file = read_gias(path, phase=phase, la=la)
    hub_id = hub.pk if hub is not None else None

    with transaction.atomic():
        existing = _existing_by_urn([school.urn for school in gias_file.schools])
        to_write: list[School] = []
        skipped = list(gias_file.skips)
        created = updated = unchanged = 0
        for school in gias_file.schools:
            known = existing.get(school.urn)
            if known is None:
                if school.is_closed and not include_closed:
                    skipped.append(Skip(school.row_number, school.urn, CLOSED_SKIP_REASON))
                    continue
                to_write.append(_school_row(school, hub_id))
                created += 1
                continue
            known_values, known_hub_id = known
            new_hub_id = known_hub_id if known_hub_id is not None else hub_id
            if _values(school) == known_values and new_hub_id == known_hub_id:
                unchanged += 1
                continue
            to_write.append(_school_row(school, new_hub_id))
            updated += 1

        School.objects.bulk_create(
            to_write,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["urn"],
            update_fields=[*GIAS_FIELDS, "hub", "updated_at"],
        )

    skipped.sort(key=lambda skip: skip.row_number)
    return ImportResult(
        created=created,
        updated=updated,
        unchanged=unchanged,
        skipped=tuple(skipped),
        filtered=gias_file.filtered,
        corrections=gias_file.corrections,
        rows_read=gias_file.rows_read,
    )


def _existing_by_urn(urns: list[int]) -> dict[int, tuple[tuple[object, ...], int | None]]:
    found: dict[int, tuple[tuple[object, ...], int | None]] = {}
    for start in range(0, len(urns), LOOKUP_CHUNK):
        chunk = urns[start : start + LOOKUP_CHUNK]
        for urn, hub_id, *values in School.objects.filter(urn__in=chunk).values_list(
            "urn", "hub_id", *GIAS_FIELDS
        ):
            found[urn] = (tuple(values), hub_id)
    return found


def _values(school: GiasSchool) -> tuple[object, ...]:
    return tuple(getattr(school, field) for field in GIAS_FIELDS)


def _school_row(school: GiasSchool, hub_id: int | None) -> School:
    return School(urn=school.urn, hub_id=hub_id, **{f: getattr(school, f) for f in GIAS_FIELDS})
