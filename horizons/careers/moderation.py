"""Spot and hide offensive words in what children type.

Pure module (no Django). The word list is plain text (``data/offensive_words.txt``); the
variants children use to get round a filter are undone here instead of being listed: case and
accents, leetspeak ("sh1t", "@ss", "$hit"), masks ("f*ck"), stretched letters ("fuuuck"),
letters spelt out with gaps ("f u c k", "f.u.c.k") and words run together
("iwanttobeafuckingvet", for the few words marked to be found anywhere).

``redact`` keeps the rest of the answer as the child wrote it and puts ``***`` where a word was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from horizons.careers.text import fold

WORDS_FILE = Path(__file__).resolve().parent / "data" / "offensive_words.txt"
MASK = "***"

# A "word" for moderation keeps the symbols used as letters or masks.
_TOKEN = re.compile(r"[\w@$!*#]+")
_SEPARATORS_ONLY = re.compile(r"[^\w@$!*#]*")
_EDGE_PUNCTUATION = "!*#"
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "!": "i",
        "#": "*",
    }
)
_NOT_LETTER_OR_MASK = re.compile(r"[^a-z*]+")
_RUNS_OF_THREE = re.compile(r"(.)\1{2,}")
_RUNS_OF_TWO = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class WordList:
    """Offensive words by how they may appear: whole, as a prefix, or anywhere."""

    whole: frozenset[str]
    prefixes: tuple[str, ...]
    anywhere: tuple[str, ...]

    @classmethod
    def parse(cls, lines: Iterable[str]) -> WordList:
        whole: set[str] = set()
        prefixes: set[str] = set()
        anywhere: set[str] = set()
        for line in lines:
            entry = line.strip().casefold()
            if not entry or entry.startswith("#"):
                continue
            if entry.startswith("*") and entry.endswith("*"):
                anywhere.add(entry.strip("*"))
            elif entry.endswith("*"):
                prefixes.add(entry.rstrip("*"))
            else:
                whole.add(entry)
        return cls(frozenset(whole), tuple(sorted(prefixes)), tuple(sorted(anywhere)))

    def contains(self, word: str) -> bool:
        """Whether a folded word (letters ``a-z``, ``*`` for a masked letter) is offensive."""
        if not word:
            return False
        if "*" in word:
            return self._matches_masked(word)
        if word in self.whole:
            return True
        if self.prefixes and _alternation(self.prefixes).match(word):
            return True
        return bool(self.anywhere) and _alternation(self.anywhere).search(word) is not None

    def _matches_masked(self, word: str) -> bool:
        letters = len(word) - word.count("*")
        # "***" or "f***" could be anything: only judge masks that leave most letters visible.
        if letters < 2 or word.count("*") > letters:
            return False
        return (
            any(len(entry) == len(word) and _masked_prefix(word, entry) for entry in self.whole)
            or any(_masked_prefix(word, entry) for entry in self.prefixes)
            or any(_masked_contains(word, entry) for entry in self.anywhere)
        )


def _masked_prefix(word: str, entry: str) -> bool:
    """Whether ``word`` (``*`` = any letter) starts with ``entry``."""
    return len(entry) <= len(word) and all(w in ("*", e) for w, e in zip(word, entry, strict=False))


def _masked_contains(word: str, entry: str) -> bool:
    return any(_masked_prefix(word[start:], entry) for start in range(len(word) - len(entry) + 1))


@lru_cache(maxsize=64)
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=4)
def load_word_list(path: Path = WORDS_FILE) -> WordList:
    return WordList.parse(path.read_text(encoding="utf-8").splitlines())


def _variants(token: str) -> set[str]:
    """The spellings a token may stand for once disguises are undone."""
    core = token.strip(_EDGE_PUNCTUATION) or token
    base = _NOT_LETTER_OR_MASK.sub("", fold(core).translate(_LEET))
    found = {base}
    for word in list(found):
        found.add(_RUNS_OF_THREE.sub(r"\1", word))
        found.add(_RUNS_OF_THREE.sub(r"\1\1", word))
        found.add(_RUNS_OF_TWO.sub(r"\1", word))
    found.discard("")
    return found


def _offensive_spans(text: str, words: WordList) -> Iterator[tuple[int, int]]:
    matches = list(_TOKEN.finditer(text))
    index = 0
    while index < len(matches):
        # Letters spelt out one by one ("f u c k", "f.u.c.k") are read as one word.
        end = index
        while (
            end + 1 < len(matches)
            and len(matches[end].group()) == 1
            and len(matches[end + 1].group()) == 1
            and _SEPARATORS_ONLY.fullmatch(text, matches[end].end(), matches[end + 1].start())
        ):
            end += 1
        if end - index >= 2:
            joined = "".join(match.group() for match in matches[index : end + 1])
            if any(words.contains(variant) for variant in _variants(joined)):
                yield matches[index].start(), matches[end].end()
                index = end + 1
                continue
        match = matches[index]
        if any(words.contains(variant) for variant in _variants(match.group())):
            yield match.start(), match.end()
        index += 1


def is_offensive(text: str, words: WordList | None = None) -> bool:
    """Whether ``text`` holds a word from the offensive list, in any disguise we undo."""
    return next(_offensive_spans(text, words or load_word_list()), None) is not None


def redact(text: str, words: WordList | None = None) -> str:
    """``text`` with every offensive word replaced by ``***``."""
    pieces: list[str] = []
    position = 0
    for start, end in _offensive_spans(text, words or load_word_list()):
        pieces.append(text[position:start])
        pieces.append(MASK)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
