"""Erase one child's data everywhere (a right-to-erasure request the school passes on)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from horizons.core.audit_log import pupil_label
from horizons.core.models import PupilDataAccess
from horizons.programmes.models import Pupil
from horizons.programmes.services_retention import data_held, pupil_erase


class Command(BaseCommand):
    help = (
        "Erase a child's data everywhere: the pupil record, consent, answers, activities and "
        "attendance are deleted, and the access log keeps no name. Find the pupil id on the "
        "child's page (the address ends /programmes/pupils/<id>/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pupil_id", type=int, help="The child's pupil id")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be erased; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pupil_id: int = options["pupil_id"]
        pupil = Pupil.objects.select_related("cohort", "cohort__school").filter(pk=pupil_id).first()
        if pupil is None:
            left = PupilDataAccess.objects.filter(pupil_id=pupil_id).count()
            raise CommandError(
                f"There is no pupil {pupil_id}: nothing to erase"
                + (
                    f" (the access log names them only as 'Pupil {pupil_id}', {left} entries)."
                    if left
                    else "."
                )
            )
        held = data_held(pupil_ids=[pupil.pk])
        where = f"{pupil.cohort.name} at {pupil.cohort.school.name}"
        summary = (
            f"pupil {pupil.pk} ({pupil.display_name}) in {where}: the pupil record, "
            f"{held.consents} consent record, {held.answers} answers, {held.reflections} "
            f"activities, {held.attendance} attendance records; {held.log_entries} access-log "
            "entries kept without a name"
        )
        if options["dry_run"]:
            self.stdout.write(f"Dry run: would erase {summary}. Nothing was changed.")
            return
        school = pupil.cohort.school
        pupil_erase(pupil=pupil)
        PupilDataAccess.objects.create(
            school=school,
            action="erase",
            what="Erased everywhere (manage.py erase_pupil)",
            pupil_id=pupil_id,
            pupil_label=pupil_label(pupil_id),
        )
        self.stdout.write(self.style.SUCCESS(f"Erased {summary}."))
