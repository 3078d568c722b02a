"""Understand what children write when asked what job they want.

Pure module (no Django). ``build_matcher(profiles)`` indexes the job profiles' titles and other
names together with the matcher's own phrases (``data/matching.yaml``); ``matcher.match(text)``
turns one free-text answer into a :class:`Match` with a profile, a confidence in 0..1 and a
category that reports can count:

* ``job`` — a profile was found (``slug``, ``soc``, ``title``; other choices in
  ``alternatives``, e.g. "a vet or a doctor" gives vet with doctor as an alternative);
* ``not_a_job`` — a recognised non-job answer (reason ``dont_know``, ``wealth_or_fame``,
  ``family_role`` or ``other``) or words we could not place (reason ``unrecognised``);
* ``empty`` — nothing written;
* ``unreadable`` — only symbols or emoji (``no_words``), another script (``other_script``) or
  offensive words (``offensive``; the answer is returned redacted and never matched).

``confidence`` is how sure the matcher is of what it returned: the job for ``job``, the reason
for ``not_a_job`` (0 when ``unrecognised``), and 1 for ``empty`` and ``unreadable``.

Speed: dictionary look-ups first (the whole answer, then with filler stripped, with spaces
removed, by phonetic skeleton, then word groups inside it); rapidfuzz only when those fail. Each
distinct normalised answer is worked out once per matcher and remembered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rapidfuzz import fuzz, process

from horizons.careers.matching_terms import (
    NO_SPACE_FACTOR,
    SKELETON_FACTOR,
    VARIANT_FACTOR,
    WEIGHT_HINT,
    WEIGHT_INTEREST,
    WEIGHT_NOT_A_JOB,
    WEIGHT_OTHER_NAME,
    WEIGHT_PHRASE,
    WEIGHT_TITLE,
    Category,
    Interest,
    Match,
    MatchingData,
    ProfileLike,
    SearchHit,
)
from horizons.careers.moderation import MASK, is_offensive, redact
from horizons.careers.search_index import SearchIndex
from horizons.careers.text import has_latin, normalise, skeleton, truncate

if TYPE_CHECKING:
    from horizons.careers.profiles import JobProfile

MATCHING_FILE = Path(__file__).resolve().parent / "data" / "matching.yaml"

NOT_A_JOB_REASONS = ("dont_know", "wealth_or_fame", "family_role", "other")

# Fuzzy similarity (0..1, rapidfuzz's Indel ratio on phonetic skeletons of the content words)
# below which a spelling is not taken for another: one wrong letter in a six-letter word
# ("docter") passes. Single words inside a longer answer must be closer still.
FUZZY_CUTOFF = 0.8
FUZZY_WORD_CUTOFF = 0.85
FUZZY_MIN_CHARS = 4
# In a fuzzy match of several words, each word needs a partner at least this close (0..100).
WORD_PARTNER_CUTOFF = 70
# Below this a job is not claimed at all.
MIN_JOB_CONFIDENCE = 0.5
# The first clause with a job at least this sure is taken ("a vet because i love animals");
# otherwise the surest clause ("i like animals so i want to be a vet").
FIRST_CLAUSE_TRUST = 0.75
MAX_NGRAM = 4
CACHE_SIZE = 50_000
# Children name the job first and add details after ("a receptionist at the doctors"): each
# content word before a match costs it this factor.
LATER_WORD_FACTOR = 0.95
# Small words left out when comparing phrases ("drive the bus" = "drive a bus").
ARTICLES = frozenset({"a", "an", "the", "my"})


class MatchingDataError(ValueError):
    """``matching.yaml`` is malformed; the message says where."""


def load_matching_data(path: Path | None = None) -> MatchingData:
    """Read and check the matcher's phrases (default: the shipped ``data/matching.yaml``)."""
    return _load_matching_data(path or MATCHING_FILE)


@lru_cache(maxsize=4)
def _load_matching_data(path: Path) -> MatchingData:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("version") != 1:
        raise MatchingDataError(f"{path.name}: expected a mapping with 'version: 1'")

    def phrases(value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise MatchingDataError(f"{path.name}: {where} must be a list of text")
        return tuple(dict.fromkeys(item for item in (_key(v) for v in value) if item))

    def grouped(name: str) -> dict[str, tuple[str, ...]]:
        value = document.get(name) or {}
        if not isinstance(value, dict):
            raise MatchingDataError(f"{path.name}: {name} must map names to lists")
        return {str(key): phrases(items, f"{name}.{key}") for key, items in value.items()}

    interests = []
    for number, item in enumerate(document.get("interests") or []):
        if not isinstance(item, dict) or set(item) != {"phrases", "slugs"}:
            raise MatchingDataError(f"{path.name}: interests[{number}] needs phrases and slugs")
        slugs = tuple(item["slugs"])
        if not slugs:
            raise MatchingDataError(f"{path.name}: interests[{number}] has no slugs")
        interests.append(Interest(phrases(item["phrases"], f"interests[{number}]"), slugs))

    not_a_job = grouped("not_a_job")
    unknown = set(not_a_job) - set(NOT_A_JOB_REASONS)
    if unknown:
        raise MatchingDataError(f"{path.name}: unknown not_a_job reasons {sorted(unknown)}")
    return MatchingData(
        filler_prefixes=phrases(document.get("filler_prefixes") or [], "filler_prefixes"),
        clause_breaks=phrases(document.get("clause_breaks") or [], "clause_breaks"),
        choice_words=phrases(document.get("choice_words") or [], "choice_words"),
        stopwords=phrases(document.get("stopwords") or [], "stopwords"),
        jobs=grouped("jobs"),
        interests=tuple(interests),
        hints=grouped("hints"),
        not_a_job=not_a_job,
    )


def _key(text: str) -> str:
    # "?" is an answer in its own right ("don't know"), so it survives as a key.
    return "?" if text.strip() == "?" else normalise(text)


# --- The index -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    """What one phrase means."""

    slugs: tuple[str, ...]  # the job first, then alternatives; empty for a non-job
    weight: float
    reason: str | None = None  # set for non-jobs

    @property
    def is_job(self) -> bool:
        return bool(self.slugs)

    def scaled(self, factor: float) -> _Entry:
        return _Entry(self.slugs, self.weight * factor, self.reason)


@dataclass(frozen=True, slots=True)
class _Decision:
    slug: str | None
    confidence: float
    category: Category
    reason: str | None = None
    alternatives: tuple[str, ...] = ()


@dataclass(slots=True)
class _Candidate:
    entry: _Entry
    score: float
    start: int = 0
    words: tuple[str, ...] = ()  # the answer's words this candidate explains


def _plural(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    try:
        return str(value)
    except Exception:  # an object whose __str__ fails is as good as no answer
        return ""


def _without_articles(key: str) -> str:
    return " ".join(word for word in key.split() if word not in ARTICLES)


def _words_align(query: str, key: str) -> bool:
    """Whether every word on each side resembles a word on the other.

    Whole-string similarity alone lets one shared word carry a phrase ("business woman" is
    close to "bin woman" letter by letter); this asks each word to have a partner.
    """
    query_words, key_words = query.split(), key.split()
    if len(query_words) == len(key_words) == 1:
        return True

    def partnered(words: list[str], others: list[str]) -> bool:
        return all(
            any(fuzz.ratio(word, other) >= WORD_PARTNER_CUTOFF for other in others)
            for word in words
        )

    return partnered(query_words, key_words) and partnered(key_words, query_words)


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """Whether ``inner`` appears as consecutive words inside ``outer``."""
    size = len(inner)
    return 0 < size <= len(outer) and any(
        outer[start : start + size] == inner for start in range(len(outer) - size + 1)
    )


def _sequences(phrases: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Phrases as token tuples, longest first (so the longest filler is stripped first)."""
    return tuple(sorted({tuple(p.split()) for p in phrases if p}, key=len, reverse=True))


class AspirationMatcher:
    """Maps children's answers to job profiles. Build with :func:`build_matcher`."""

    def __init__(self, profiles: Sequence[ProfileLike], data: MatchingData):
        self._profiles = {profile.slug: profile for profile in profiles}
        unknown = data.slugs() - set(self._profiles)
        if unknown:
            raise MatchingDataError(f"matching data names unknown profiles: {sorted(unknown)}")
        self._fillers = _sequences(data.filler_prefixes)
        self._fillers_by_first: dict[str, list[tuple[str, ...]]] = {}
        for filler in self._fillers:  # longest first, kept in that order per first word
            self._fillers_by_first.setdefault(filler[0], []).append(filler)
        self._glued_fillers = tuple(
            sorted({"".join(filler) for filler in self._fillers}, key=len, reverse=True)
        )
        self._breaks = _sequences(data.clause_breaks)
        self._choices = frozenset(data.choice_words)
        self._stopwords = frozenset(data.stopwords) | self._choices
        self._exact: dict[str, _Entry] = {}
        self._fuzzy_base: dict[str, _Entry] = {}
        self._index_profiles(profiles)
        self._index_data(data)
        self._add_plurals()
        self._add_without_articles()
        self._no_space = self._derived(lambda key: key.replace(" ", ""), NO_SPACE_FACTOR)
        self._skeletons = self._derived(skeleton, SKELETON_FACTOR)
        fuzzy: dict[str, tuple[_Entry, str]] = {}
        for key, entry in self._fuzzy_base.items():
            # Compared on content words only, so that "work at nandos" is not "work at nasa".
            sk = skeleton(self._content_text(key.split()))
            if len(sk) >= 3 and (sk not in fuzzy or fuzzy[sk][0].weight < entry.weight):
                fuzzy[sk] = (entry, key)
        self._fuzzy_keys = list(fuzzy)
        self._fuzzy_entries = [entry for entry, _ in fuzzy.values()]
        self._fuzzy_phrases = [key for _, key in fuzzy.values()]
        self._max_key_tokens = max((key.count(" ") + 1 for key in self._exact), default=1)
        self._cache: dict[str, _Decision] = {}
        self._search = SearchIndex(self, profiles, data)

    # -- building ---------------------------------------------------------------------------

    def _add(self, key: str, entry: _Entry, *, fuzzy: bool = True) -> None:
        if not key:
            return
        current = self._exact.get(key)
        if current is None or entry.weight > current.weight:
            self._exact[key] = entry
        elif entry.weight == current.weight and entry.is_job and current.is_job:
            # Two jobs claim the same phrase equally: keep the first, offer the second.
            merged = current.slugs + tuple(s for s in entry.slugs if s not in current.slugs)
            self._exact[key] = _Entry(merged, current.weight)
        if fuzzy and (len(key) >= 3 or not entry.is_job):
            self._fuzzy_base[key] = self._exact[key]

    def _index_profiles(self, profiles: Iterable[ProfileLike]) -> None:
        for profile in profiles:
            self._add(_key(profile.title), _Entry((profile.slug,), WEIGHT_TITLE))
            self._add(_key(profile.slug.replace("-", " ")), _Entry((profile.slug,), WEIGHT_TITLE))
            for name in profile.other_names:
                self._add(_key(name), _Entry((profile.slug,), WEIGHT_OTHER_NAME))

    def _index_data(self, data: MatchingData) -> None:
        for slug, phrases in data.jobs.items():
            for phrase in phrases:
                self._add(phrase, _Entry((slug,), WEIGHT_PHRASE))
        for reason, phrases in data.not_a_job.items():
            for phrase in phrases:
                self._add(phrase, _Entry((), WEIGHT_NOT_A_JOB, reason))
        for slug, phrases in data.hints.items():
            for phrase in phrases:
                self._add(phrase, _Entry((slug,), WEIGHT_HINT), fuzzy=False)
        for interest in data.interests:
            for phrase in interest.phrases:
                self._add(phrase, _Entry(interest.slugs, WEIGHT_INTEREST))

    def _add_plurals(self) -> None:
        for key, entry in list(self._exact.items()):
            if entry.is_job and entry.weight >= WEIGHT_PHRASE and key.count(" ") < 3:
                plural = _plural(key)
                if plural not in self._exact:
                    self._exact[plural] = entry.scaled(VARIANT_FACTOR)

    def _add_without_articles(self) -> None:
        for key, entry in list(self._exact.items()):
            short = _without_articles(key)
            if short and short != key and short not in self._exact:
                self._exact[short] = entry.scaled(VARIANT_FACTOR)

    def _derived(self, transform: Any, factor: float) -> dict[str, _Entry]:
        derived: dict[str, _Entry] = {}
        for key, entry in self._exact.items():
            new_key = transform(key)
            if new_key and (new_key not in derived or derived[new_key].weight < entry.weight):
                derived[new_key] = entry.scaled(factor)
        return derived

    # -- matching ---------------------------------------------------------------------------

    def match(self, text: object) -> Match:
        """Understand one answer. Never raises; any input gives a :class:`Match`."""
        raw = truncate(_as_text(text))
        if not raw.strip():
            return Match(raw, None, None, None, 1.0, "empty")
        if is_offensive(raw):
            return Match(redact(raw), None, None, None, 1.0, "unreadable", "offensive")
        # "***" (redacted before it reached us) is not read as anything.
        readable = raw.replace(MASK, " ") if MASK in raw else raw
        key = normalise(readable)
        # Answers with no words at all ("?", "🙂") share the empty key: never remember those.
        decision = self._cache.get(key) if key else None
        if decision is None:
            decision = self._decide(readable, key)
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            if key:
                self._cache[key] = decision
        profile = self._profiles.get(decision.slug) if decision.slug else None
        return Match(
            text=raw,
            slug=decision.slug,
            soc=profile.soc if profile else None,
            title=profile.title if profile else None,
            confidence=decision.confidence,
            category=decision.category,
            reason=decision.reason,
            alternatives=decision.alternatives,
        )

    def match_many(self, texts: Iterable[object]) -> list[Match]:
        return [self.match(text) for text in texts]

    def search(self, query: str, limit: int = 10) -> tuple[SearchHit, ...]:
        """Profiles for the careers library's search box, best first, forgiving spelling."""
        return self._search.search(query, limit)

    @property
    def stopwords(self) -> frozenset[str]:
        """Words that carry no job: filler, and the words of "a vet or a doctor"."""
        return self._stopwords

    def without_filler(self, words: list[str]) -> list[str]:
        """``words`` with the filler of an answer stripped ("i want to be", "when i grow up")."""
        return self._strip(words)

    @property
    def profiles(self) -> dict[str, ProfileLike]:
        return dict(self._profiles)

    def _decide(self, raw: str, key: str) -> _Decision:
        if not key:
            if raw.strip().strip("?") == "" and "?" in raw:
                return _Decision(None, WEIGHT_NOT_A_JOB, "not_a_job", "dont_know")
            return _Decision(None, 1.0, "unreadable", "no_words")
        if not has_latin(key):
            return _Decision(None, 1.0, "unreadable", "other_script")
        words = [word for word in key.split() if has_latin(word)]
        whole = self._lookup_stripping(words)
        if whole is None and len(words) == 1:
            whole = self._lookup_glued(words[0])
        if whole is not None:
            return self._decision_from([whole])
        words = self._strip(words)
        best: _Decision | None = None
        for clause in self._clauses(words):
            decision = self._match_clause(clause)
            if decision.category == "job":
                if decision.confidence >= FIRST_CLAUSE_TRUST:
                    return decision
                if best is None or best.category != "job" or decision.confidence > best.confidence:
                    best = decision
            elif best is None or best.reason == "unrecognised":
                best = decision
        return best or _Decision(None, 0.0, "not_a_job", "unrecognised")

    def _decision_from(self, found: list[_Candidate]) -> _Decision:
        """The first job found, with the rest as alternatives; else the first non-job."""
        jobs = [c for c in found if c.entry.is_job and c.score >= MIN_JOB_CONFIDENCE]
        if jobs:
            first = jobs[0]
            alternatives = list(first.entry.slugs[1:])
            for other in jobs[1:]:
                alternatives.extend(other.entry.slugs)
            slug = first.entry.slugs[0]
            unique = tuple(dict.fromkeys(s for s in alternatives if s != slug))
            return _Decision(slug, round(min(first.score, 1.0), 3), "job", None, unique)
        non_jobs = [c for c in found if not c.entry.is_job]
        if non_jobs:
            first = non_jobs[0]
            return _Decision(None, round(min(first.score, 1.0), 3), "not_a_job", first.entry.reason)
        return _Decision(None, 0.0, "not_a_job", "unrecognised")

    def _strip(self, words: list[str]) -> list[str]:
        """Remove leading filler ("when i grow up i wanna be an ...")."""
        while True:
            stripped = self._strip_one(words)
            if stripped is None:
                return words
            words = stripped

    def _lookup(self, words: Sequence[str]) -> _Entry | None:
        key = " ".join(words)
        entry = self._exact.get(key)
        if entry is None and len(words) > 1:
            entry = self._exact.get(_without_articles(key))
        if entry is None:
            entry = self._no_space.get(key.replace(" ", ""))
        if entry is None and len(key) >= FUZZY_MIN_CHARS:
            entry = self._skeletons.get(skeleton(key))
        return entry

    def _lookup_stripping(self, words: list[str]) -> _Candidate | None:
        """Exact look-up of the whole answer, stripping one filler at a time."""
        while words:
            entry = self._lookup(words)
            if entry is not None:
                return _Candidate(entry, entry.weight)
            stripped = self._strip_one(words)
            if stripped is None:
                return None
            words = stripped
        return None

    def _lookup_glued(self, word: str) -> _Candidate | None:
        """An answer written without spaces ("iwanttobeavet"): peel filler off the front."""
        pending = [word]
        seen = {word}
        while pending and len(seen) < 64:
            current = pending.pop(0)
            entry = self._no_space.get(current)
            if entry is not None and current != word:
                return _Candidate(entry, entry.weight * NO_SPACE_FACTOR)
            for filler in self._glued_fillers:
                rest = current[len(filler) :]
                if current.startswith(filler) and len(rest) >= 2 and rest not in seen:
                    seen.add(rest)
                    pending.append(rest)
        return None

    def _strip_one(self, words: list[str]) -> list[str] | None:
        """``words`` without its longest leading filler (never all of it), or None."""
        for filler in self._fillers_by_first.get(words[0], ()) if words else ():
            size = len(filler)
            if len(words) > size and tuple(words[:size]) == filler:
                return words[size:]
        return None

    def _clauses(self, words: list[str]) -> list[list[str]]:
        """Split off explanations: "a vet | because i love animals"."""
        clauses: list[list[str]] = []
        current: list[str] = []
        index = 0
        while index < len(words):
            found = None
            if current:
                for marker in self._breaks:
                    if tuple(words[index : index + len(marker)]) == marker:
                        found = marker
                        break
            if found:
                clauses.append(current)
                current = []
                index += len(found)
                continue
            current.append(words[index])
            index += 1
        clauses.append(current)
        return [clause for clause in (self._strip(c) for c in clauses) if clause]

    def _match_clause(self, clause: list[str]) -> _Decision:
        whole = self._lookup_stripping(clause)
        if whole is not None:
            return self._decision_from([whole])
        segments: list[list[str]] = [[]]
        for word in clause:
            if word in self._choices:
                segments.append([])
            else:
                segments[-1].append(word)
        found: list[_Candidate] = []
        for segment in segments:
            segment = self._strip(segment)
            if segment:
                candidate = self._match_segment(segment)
                if candidate is not None:
                    found.append(candidate)
        return self._decision_from(found)

    def _content(self, words: Sequence[str]) -> int:
        return sum(1 for word in words if word not in self._stopwords)

    def _match_segment(self, words: list[str]) -> _Candidate | None:
        whole = self._lookup_stripping(words)
        if whole is not None:
            return whole
        candidates: list[_Candidate] = []
        content = max(self._content(words), 1)
        longest = min(len(words), self._max_key_tokens, MAX_NGRAM)
        for size in range(longest, 0, -1):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                covered = self._content(gram)
                if covered == 0:
                    continue
                entry = self._lookup(gram)
                # Non-jobs such as "old" or "happy" only count as the whole answer.
                if entry is not None and (entry.is_job or entry.reason != "other"):
                    score = entry.weight * (0.8 + 0.2 * min(covered / content, 1.0))
                    score *= LATER_WORD_FACTOR ** self._content(words[:start])
                    candidates.append(_Candidate(entry, score, start, tuple(gram)))
        fuzzy = self._fuzzy(" ".join(words), FUZZY_CUTOFF)
        if fuzzy is not None:
            # A near spelling of the whole answer that contains an exact part of it is the
            # more specific reading ("vetanary nurse" is a vet nurse, not a nurse).
            for candidate in candidates:
                if _contains(fuzzy.words, candidate.words):
                    fuzzy.score = max(fuzzy.score, min(candidate.score * 1.02, 1.0))
            fuzzy.words = tuple(words)
            candidates.append(fuzzy)
        if not any(c.entry.is_job and c.score >= FIRST_CLAUSE_TRUST for c in candidates):
            candidates.extend(self._fuzzy_words(words, content))
        if not candidates:
            return None
        # Jobs beat non-jobs ("a famous youtuber"); then the higher score, then the earlier.
        return max(
            candidates,
            key=lambda c: (c.entry.is_job and c.score >= MIN_JOB_CONFIDENCE, c.score, -c.start),
        )

    def _content_text(self, words: Sequence[str]) -> str:
        return " ".join(word for word in words if word not in self._stopwords)

    def _fuzzy(self, text: str, cutoff: float, start: int = 0) -> _Candidate | None:
        """The closest phrase by spelling; ``words`` holds that phrase's words."""
        query = skeleton(self._content_text(text.split()))
        if len(query) < FUZZY_MIN_CHARS:
            return None
        for _, score, position in process.extract(
            query, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff * 100, limit=3
        ):
            if not _words_align(query, self._fuzzy_keys[position]):
                continue
            entry = self._fuzzy_entries[position]
            words = tuple(self._fuzzy_phrases[position].split())
            return _Candidate(entry, entry.weight * (score / 100) ** 1.5, start, words)
        return None

    def _fuzzy_words(self, words: list[str], content: int) -> list[_Candidate]:
        found: list[_Candidate] = []
        for size in (2, 1):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                covered = self._content(gram)
                if covered < size or sum(len(w) for w in gram) < FUZZY_MIN_CHARS + 1:
                    continue
                candidate = self._fuzzy(" ".join(gram), FUZZY_WORD_CUTOFF, start)
                if candidate is not None and (
                    candidate.entry.is_job or candidate.entry.reason != "other"
                ):
                    candidate.score *= 0.8 + 0.2 * min(covered / content, 1.0)
                    candidate.score *= LATER_WORD_FACTOR ** self._content(words[:start])
                    candidate.words = tuple(gram)
                    found.append(candidate)
        return found


# --- Entry points --------------------------------------------------------------------------


def build_matcher(
    profiles: Sequence[ProfileLike], extra: MatchingData | None = None
) -> AspirationMatcher:
    """A matcher over ``profiles`` plus ``extra`` phrases (default: ``data/matching.yaml``)."""
    return AspirationMatcher(profiles, extra if extra is not None else load_matching_data())


@lru_cache(maxsize=1)
def default_matcher() -> AspirationMatcher:
    """The matcher over the shipped job profiles and phrases, built once per process."""
    from horizons.careers.profiles import load_profiles

    profiles: tuple[JobProfile, ...] = load_profiles()
    return build_matcher(profiles)
