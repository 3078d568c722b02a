"""Print a campaign's reach: `python manage.py campaign_reach "Aspirations Week 2026" --format json`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from horizons.encounters.models import Campaign
from horizons.encounters.selectors import campaign_reach


class Command(BaseCommand):
    help = "Children reached, schools, host schools, employers and volunteers of a campaign."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The campaign's name, as on its page")
        parser.add_argument("--hub", help="Hub slug, when two hubs use the same campaign name")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        campaigns = Campaign.objects.filter(name__iexact=options["name"]).select_related("hub")
        if options["hub"]:
            campaigns = campaigns.filter(hub__slug=options["hub"])
        found = list(campaigns[:2])
        if not found:
            raise CommandError(f"No campaign called {options['name']!r}.")
        if len(found) > 1:
            raise CommandError(
                f"More than one campaign is called {options['name']!r}; add --hub SLUG."
            )
        campaign = found[0]
        figures = campaign_reach(campaign).as_dict()
        if options["format"] == "json":
            payload = {"campaign": campaign.name, "hub": campaign.hub.name, **figures}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"{campaign.name} ({campaign.hub.name})")
        for key in (
            "children_in_person",
            "children_online",
            "schools",
            "host_schools",
            "employers",
            "volunteers",
            "sectors",
            "events",
            "high_fsm_share",
        ):
            self.stdout.write(f"  {key.replace('_', ' ')}: {figures[key]}")
