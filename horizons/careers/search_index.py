"""The careers library's search box over the job profiles. Pure module (no Django).

It builds on the aspiration matcher (matching.py): a profile scores by the best of the
matcher's reading of the query and how well the query's words match one of the profile's
names, misspellings and half-typed words included; words from ``what_they_do`` add a little.
The matcher builds this index and passes itself in (a ``QueryReader``); the terms both use are
in matching_terms.py, so neither module imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rapidfuzz import fuzz, process

from horizons.careers.matching_terms import (
    ALTERNATIVE_FACTOR,
    WEIGHT_OTHER_NAME,
    WEIGHT_PHRASE,
    WEIGHT_TITLE,
    Match,
    MatchingData,
    ProfileLike,
    SearchHit,
)
from horizons.careers.moderation import is_offensive
from horizons.careers.text import has_latin, normalise, tokens, truncate


class QueryReader(Protocol):
    """What the index asks of the aspiration matcher (``matching.AspirationMatcher``), which
    builds the index and passes itself in."""

    @property
    def stopwords(self) -> frozenset[str]: ...
    def without_filler(self, words: list[str]) -> list[str]: ...
    def match(self, text: object) -> Match: ...


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class SearchIndex:
    """Names and description words of every profile, for the search box.

    A profile scores by the best of: the matcher's reading of the query, and how well the
    query's words match one of its names (title, other names, the matcher's phrases), with
    words from ``what_they_do`` adding a little ("animals" finds the vet and the farmer).
    """

    WORD_CUTOFF = 80  # rapidfuzz ratio for a misspelt word to count
    PREFIX_SIMILARITY = 0.85  # a word still being typed ("astro")
    NAME_SHARE = 0.8
    DESCRIPTION_SHARE = 0.2
    MIN_SCORE = 0.15

    def __init__(self, matcher: QueryReader, profiles: Sequence[ProfileLike], data: MatchingData):
        self._matcher = matcher
        self._titles = {profile.slug: profile.title for profile in profiles}
        self._stop = matcher.stopwords
        # slug -> [(name words, weight)]; word -> slugs with that word in a name
        self._names: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        word_slugs: dict[str, set[str]] = {}

        def add_name(slug: str, text: str, weight: float) -> None:
            words = tuple(_stem(w) for w in normalise(text).split() if w not in self._stop)
            if words:
                self._names.setdefault(slug, []).append((words, weight))
                for word in words:
                    word_slugs.setdefault(word, set()).add(slug)

        for profile in profiles:
            add_name(profile.slug, profile.title, WEIGHT_TITLE)
            for name in profile.other_names:
                add_name(profile.slug, name, WEIGHT_OTHER_NAME)
        for slug, phrases in data.jobs.items():
            for phrase in phrases:
                add_name(slug, phrase, WEIGHT_PHRASE)
        self._name_slugs = word_slugs
        self._name_vocab = sorted(word_slugs)
        described: dict[str, set[str]] = {}
        for profile in profiles:
            for word in normalise(profile.what_they_do).split():
                if len(word) >= 3 and word not in self._stop:
                    described.setdefault(_stem(word), set()).add(profile.slug)
        self._described = described
        self._described_vocab = sorted(described)

    def _similar(self, word: str, vocab: list[str]) -> dict[str, float]:
        """Words of ``vocab`` like ``word``, with a similarity in 0..1."""
        found = {
            match: (score / 100) ** 2
            for match, score, _ in process.extract(
                word, vocab, scorer=fuzz.ratio, score_cutoff=self.WORD_CUTOFF, limit=None
            )
        }
        if word in found:
            found[word] = 1.0
        if len(word) >= 3:
            for candidate in vocab:
                if candidate.startswith(word) and candidate != word:
                    found[candidate] = max(found.get(candidate, 0.0), self.PREFIX_SIMILARITY)
        return found

    def _name_score(self, slug: str, similar: list[dict[str, float]]) -> float:
        best = 0.0
        for words, weight in self._names.get(slug, ()):
            query_cover = sum(max((s.get(w, 0.0) for w in words), default=0.0) for s in similar)
            name_cover = sum(1 for w in words if any(w in s for s in similar))
            score = (query_cover / len(similar)) * (0.75 + 0.25 * name_cover / len(words))
            best = max(best, score * weight)
        return best

    def search(self, query: str, limit: int) -> tuple[SearchHit, ...]:
        if limit <= 0 or not isinstance(query, str):
            return ()
        query = truncate(query)
        if not query.strip() or is_offensive(query):
            return ()
        matcher = self._matcher
        words = matcher.without_filler([w for w in tokens(query) if has_latin(w)])
        words = list(dict.fromkeys(_stem(w) for w in words if w not in self._stop))[:8]
        scores: dict[str, float] = {}
        match = matcher.match(query)
        if match.slug:
            scores[match.slug] = match.confidence
            for slug in match.alternatives:
                scores[slug] = max(scores.get(slug, 0.0), match.confidence * ALTERNATIVE_FACTOR)
        described: dict[str, int] = {}
        if words:
            similar = [self._similar(word, self._name_vocab) for word in words]
            candidates = {slug for s in similar for w in s for slug in self._name_slugs[w]}
            for slug in candidates:
                scores[slug] = max(scores.get(slug, 0.0), self._name_score(slug, similar))
            for word in words:
                found: set[str] = set()
                for described_word in self._similar(word, self._described_vocab):
                    found.update(self._described[described_word])
                for slug in found:
                    described[slug] = described.get(slug, 0) + 1
        totals = {
            slug: self.NAME_SHARE * scores.get(slug, 0.0)
            + self.DESCRIPTION_SHARE * described.get(slug, 0) / max(len(words), 1)
            for slug in scores.keys() | described.keys()
        }
        ranked = sorted(
            ((score, slug) for slug, score in totals.items() if score >= self.MIN_SCORE),
            key=lambda item: (-item[0], self._titles[item[1]]),
        )
        return tuple(
            SearchHit(slug, self._titles[slug], round(min(score, 1.0), 3))
            for score, slug in ranked[:limit]
        )
