"""Text helpers shared by aspiration matching and moderation.

Pure module (no Django). Children write in lower case, without spaces, with emoji and with
spelling by ear, so everything here turns messy text into plain ASCII-ish tokens that can be
looked up in a dictionary, plus a rough phonetic "skeleton" for fuzzy comparison.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Children's answers are a few words; anything longer is cut before any work is done, so a
# pasted essay (or an attack) costs no more than a sentence.
MAX_ANSWER_CHARS = 300

_APOSTROPHES = str.maketrans({"\u2019": "", "\u2018": "", "'": "", "`": "", "\u00b4": ""})
# Separators that children use between two choices ("vet/doctor", "vet, doctor", "vet & doctor").
_LIST_SEPARATORS = re.compile(r"[,/;&+|]+|\s-\s")
_NOT_WORD = re.compile(r"[^\w]+|_+")
_SPACES = re.compile(r"\s+")
_LATIN_OR_DIGIT = re.compile(r"[a-z0-9]")

# Letters with strokes rather than accents, which NFKD does not take apart.
_EXTRA_FOLDS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
)


def truncate(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    """Cut ``text`` to ``limit`` characters (first thing done with any answer)."""
    return text[:limit]


def fold(text: str) -> str:
    """Lower-case, strip accents ("kierowcą" -> "kierowca") and drop apostrophes."""
    if text.isascii():  # most answers: nothing for Unicode normalisation to do
        return text.lower().translate(_APOSTROPHES)
    text = unicodedata.normalize("NFKC", text).casefold().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text.translate(_APOSTROPHES)


def tokens(text: str) -> list[str]:
    """Fold ``text`` and split it into word tokens; list separators become the token ``or``."""
    text = _LIST_SEPARATORS.sub(" or ", fold(text))
    return _NOT_WORD.sub(" ", text).split()


def normalise(text: str) -> str:
    """``tokens`` joined by single spaces: the form every dictionary key is stored in."""
    return " ".join(tokens(text))


def has_latin(text: str) -> bool:
    """Whether normalised ``text`` holds any Latin letter or digit we can read."""
    return _LATIN_OR_DIGIT.search(text) is not None


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# Rough phonetic rewriting, applied to both dictionary keys and answers before fuzzy matching,
# so that spelling by ear ("fotografer", "musishun", "enjineer") lands close to the real word.
_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ph", "f"),
        (r"(?:tion|sion|cian|cion|shion|shon|shun|ssion)", "shn"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"q", "k"),
        (r"x", "ks"),
        (r"dg", "j"),
        (r"g(?=[eiy])", "j"),
        (r"wh", "w"),
        (r"y", "i"),
        (r"ee|ea", "i"),
        (r"ou|oo", "u"),
        (r"(.)\1+", r"\1"),
    )
)


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """A phonetic approximation of normalised ``text`` for fuzzy comparison."""
    for pattern, replacement in _SKELETON_RULES:
        text = pattern.sub(replacement, text)
    return text
