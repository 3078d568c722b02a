"""Print a school's latest submitted audit scores as JSON."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from horizons.benchmarks import selectors
from horizons.organisations.models import School


class Command(BaseCommand):
    help = "Print the latest submitted audit's scores for a school, scored with its own framework version."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--urn", type=int, required=True)
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(urn=options["urn"]).first()
        if school is None:
            raise CommandError(f"No school with URN {options['urn']}")
        audit = selectors.latest_submitted_audit(school=school)
        if audit is None:
            raise CommandError(f"{school.name} (URN {school.urn}) has no submitted audit yet")
        scores = selectors.audit_score(audit=audit).as_dict()
        submitted = timezone.localtime(audit.submitted_at).date().isoformat()
        payload = {
            "urn": school.urn,
            "school": school.name,
            "term": audit.term,
            "submitted": submitted,
            "framework_version": audit.framework_version,
            **scores,
        }
        self.stdout.write(json.dumps(payload))
