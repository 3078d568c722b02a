"""Offensive words are spotted in their disguises and hidden, innocent words are left alone."""

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from horizons.careers.moderation import MASK, WordList, is_offensive, load_word_list, redact

EVAL_CSV = Path(__file__).with_name("aspirations_eval.csv")


@pytest.mark.parametrize(
    "text",
    [
        "shit",
        "SHIT",
        "sh1t",
        "$hit",
        "sh!t",
        "shiiiiit",
        "f*ck",
        "f**king vet",
        "fuuuuck",
        "f u c k",
        "f.u.c.k",
        "iwanttobeafuckingvet",
        "@ss",
        "a55",
        "ass",
        "bollocks",
        "b*llocks",
        "wanker",
        "twat!!",
        "you're a dickhead",
        "bellend",
        "a vet, you bastard",
        "retard",
        "retarded",
        "faggot",
        "nigga",
        "paki",
        "spaz",
        "kys",
        "Ｓｈｉｔ",  # full-width letters
        "shít",  # accent
    ],
)
def test_offensive_words_are_spotted(text: str) -> None:
    assert is_offensive(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a vet",
        "shop assistant",
        "teaching assistant",
        "assistant",
        "class",
        "grass",
        "passenger",
        "scunthorpe united",
        "arsenal",
        "cockpit",
        "cocktail waiter",
        "pakistan cricket team",
        "the title",
        "therapist",
        "analyst",
        "mongoose keeper",
        "dickens fan",
        "spicy food chef",
        "cumbria",
        "sussex",
        "essex",
        "a b c d",
        "***",
        "f***",
        "VET!!!",
        "I want to be a footballer 4 ever",
    ],
)
def test_innocent_words_are_left_alone(text: str) -> None:
    assert not is_offensive(text)


def test_no_answer_in_the_evaluation_set_is_offensive() -> None:
    with EVAL_CSV.open(newline="", encoding="utf-8") as handle:
        flagged = [row["answer"] for row in csv.DictReader(handle) if is_offensive(row["answer"])]
    assert flagged == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a fucking vet", "a *** vet"),
        ("f u c k this, a vet", "*** this, a vet"),
        ("Sh1t!! teacher", "*** teacher"),
        ("a nurse", "a nurse"),
        ("shop assistant", "shop assistant"),
        ("", ""),
    ],
)
def test_redact_replaces_only_the_offensive_words(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_word_list_reads_whole_prefix_and_anywhere_entries() -> None:
    words = WordList.parse(["# comment", "", "Bad", "rude*", "*vile*"])
    assert words.whole == frozenset({"bad"})
    assert words.prefixes == ("rude",)
    assert words.anywhere == ("vile",)
    assert is_offensive("bad", words)
    assert not is_offensive("badge", words)
    assert is_offensive("rudest", words)
    assert not is_offensive("prude", words)
    assert is_offensive("reviled", words)


def test_shipped_word_list_is_not_empty() -> None:
    words = load_word_list()
    assert len(words.whole) + len(words.prefixes) + len(words.anywhere) >= 80


_WORDS = st.sampled_from(
    ["fuck", "sh1t", "a vet", "bollocks", "twat", "teacher", "f u c k", "@ss", "nurse", "ass"]
)
_JOINERS = st.sampled_from([" ", "", ".", "!", "*", ", ", "\n", "-", "_"])


@given(st.lists(st.tuples(_WORDS, _JOINERS), max_size=8), st.text(max_size=20))
def test_redacted_text_is_never_offensive(parts: list[tuple[str, str]], noise: str) -> None:
    text = "".join(word + joiner for word, joiner in parts) + noise
    cleaned = redact(text)
    assert not is_offensive(cleaned)
    assert redact(cleaned) == cleaned


@given(st.text(max_size=200))
def test_moderation_never_raises(text: str) -> None:
    assert is_offensive(redact(text)) is False
    if not is_offensive(text):
        assert redact(text) == text
    else:
        assert MASK in redact(text)
