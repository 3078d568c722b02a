"""Question 9: a child writes down all the jobs they know, and Horizons counts them.

The programme asks children to "write down all the jobs you know, then count them". Children
write the jobs, one on each line (or separated by commas); each line is matched to the careers
library with the careers matcher, and the count stored for the impact report is the number of
different jobs: two spellings of the same library job count once, and lines the matcher knows
are not jobs ("rich", "don't know", "mum") or cannot read do not count. Pure module: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from horizons.careers.matching import Match
from horizons.careers.moderation import redact
from horizons.careers.text import normalise

MAX_LINES = 60
MAX_LINE_LENGTH = 60
_SPLIT = re.compile(r"[\n\r,;]+")
# A list bullet or number a child (or a pasted list) puts in front of a line: "1.", "-", "*".
_BULLET = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s*")


class JobsListError(ValueError):
    """The list cannot be kept; the message is short enough for a child."""


@dataclass(frozen=True)
class WrittenJob:
    """One line the child wrote, as kept: their words (redacted) and the library job, if any."""

    text: str
    slug: str = ""
    title: str = ""
    counts: bool = True

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "slug": self.slug, "title": self.title, "counts": self.counts}


def split_lines(raw: str) -> list[str]:
    """The child's entries: one per line or comma, bullets and spare spaces removed."""
    lines = []
    for part in _SPLIT.split(raw or ""):
        text = " ".join(_BULLET.sub("", part).split())
        if text:
            lines.append(text)
    return lines


def read_jobs(raw: str, match: Callable[[str], Match]) -> list[WrittenJob]:
    """Match every line; raise JobsListError with a child-sized message when it cannot be kept."""
    lines = split_lines(raw)
    if not lines:
        raise JobsListError('Write at least one job, or write "none".')
    if len(lines) > MAX_LINES:
        raise JobsListError(f"That is a lot of jobs! Keep it to {MAX_LINES}.")
    too_long = next((line for line in lines if len(line) > MAX_LINE_LENGTH), None)
    if too_long is not None:
        raise JobsListError(f"Put one job on each line. “{too_long[:20]}…” is too long.")
    jobs: list[WrittenJob] = []
    seen: set[str] = set()
    for line in lines:
        result = match(line)
        if result.category == "job" and result.slug:
            key = f"job:{result.slug}"
            written = WrittenJob(redact(line), result.slug, result.title or "", key not in seen)
        elif result.category == "not_a_job" and result.reason == "unrecognised":
            # A job the library does not have yet ("falconer") still counts for the child.
            key = f"words:{normalise(line)}"
            written = WrittenJob(redact(line), counts=key not in seen)
        else:
            key = ""
            written = WrittenJob(redact(line), counts=False)
        if key:
            seen.add(key)
        jobs.append(written)
    return jobs


def count_jobs(jobs: Sequence[WrittenJob]) -> int:
    return sum(1 for job in jobs if job.counts)


def jobs_from_data(data: object) -> list[WrittenJob]:
    """The stored list back as WrittenJob (tolerates rows written before the list existed)."""
    if not isinstance(data, list):
        return []
    jobs = []
    for entry in data:
        if isinstance(entry, dict) and isinstance(entry.get("text"), str):
            jobs.append(
                WrittenJob(
                    entry["text"],
                    str(entry.get("slug") or ""),
                    str(entry.get("title") or ""),
                    bool(entry.get("counts", True)),
                )
            )
    return jobs
