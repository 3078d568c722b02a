"""Match children's job answers, one per line on standard input, to job profiles.

    python manage.py match_aspirations < answers.txt > matched.tsv

Prints ``answer<TAB>soc_code<TAB>profile title<TAB>confidence`` per line: code and title are
empty when the answer is not a job, and offensive answers are printed redacted. The confidence
is the matcher's (0-1, two decimals): in the job when there is one, otherwise in the answer not
being a job (0.00 when the words were not recognised at all).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from horizons.careers.matching import default_matcher


def _cell(text: str) -> str:
    # Tabs or line breaks inside an answer would shift the columns.
    return " ".join(text.split())


class Command(BaseCommand):
    help = (
        "Match one answer per line on stdin to job profiles; print answer, SOC code, title and "
        "confidence (in the job, or that the answer is not a job)."
    )
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        source = options.get("stdin") or sys.stdin
        matcher = default_matcher()
        for line in source:
            match = matcher.match(line.rstrip("\r\n"))
            self.stdout.write(
                "\t".join(
                    (
                        _cell(match.text),
                        match.soc or "",
                        match.title or "",
                        f"{match.confidence:.2f}",
                    )
                )
            )
