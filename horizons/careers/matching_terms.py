"""What the aspiration matcher (``matching.py``) and the library's search box (``search_index.py``)
share: how much each source of a phrase is trusted, what a job profile must offer, the matcher's
data, and what a match and a search hit are. Pure module (no Django).

Kept apart so that the matcher can build its search index and the index can build on the
matcher's terms without either importing the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

Category = Literal["job", "not_a_job", "empty", "unreadable"]

# How much each source of a phrase is trusted.
WEIGHT_TITLE = 1.0
WEIGHT_OTHER_NAME = 0.95
WEIGHT_PHRASE = 0.9
WEIGHT_NOT_A_JOB = 0.9
WEIGHT_HINT = 0.75
WEIGHT_INTEREST = 0.6
VARIANT_FACTOR = 0.98  # plurals, phrases without "a" or "the"
NO_SPACE_FACTOR = 0.97
SKELETON_FACTOR = 0.95
ALTERNATIVE_FACTOR = 0.8


class ProfileLike(Protocol):
    """What the matcher needs from a job profile (``horizons.careers.profiles.JobProfile``)."""

    @property
    def slug(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def other_names(self) -> tuple[str, ...]: ...
    @property
    def soc(self) -> str: ...
    @property
    def what_they_do(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Match:
    """What one answer was understood to mean."""

    text: str
    slug: str | None
    soc: str | None
    title: str | None
    confidence: float
    category: Category
    reason: str | None = None
    alternatives: tuple[str, ...] = ()

    @property
    def is_job(self) -> bool:
        return self.category == "job"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result of the careers library's search box."""

    slug: str
    title: str
    score: float


@dataclass(frozen=True, slots=True)
class Interest:
    phrases: tuple[str, ...]
    slugs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MatchingData:
    """The matcher's own knowledge, as read from ``data/matching.yaml``."""

    filler_prefixes: tuple[str, ...] = ()
    clause_breaks: tuple[str, ...] = ()
    choice_words: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    jobs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    interests: tuple[Interest, ...] = ()
    hints: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    not_a_job: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def slugs(self) -> set[str]:
        """Every profile slug the data refers to (for checking against the profiles)."""
        found = set(self.jobs) | set(self.hints)
        for interest in self.interests:
            found.update(interest.slugs)
        return found
