"""Children's sign-in codes: a class code for the board and a picture plus a number each.

A child who cannot yet spell an email address can still remember "the fox, 42". Class codes
use letters that cannot be mistaken for one another on a board (no I, L, O, U, 0 or 1) and no
vowels, so a code never spells a word. Pure module: no Django.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass

# (code, emoji, name children see and screen readers announce)
PICTURES: tuple[tuple[str, str, str], ...] = (
    ("fox", "🦊", "Fox"),
    ("rocket", "🚀", "Rocket"),
    ("owl", "🦉", "Owl"),
    ("whale", "🐋", "Whale"),
    ("tiger", "🐯", "Tiger"),
    ("panda", "🐼", "Panda"),
    ("star", "⭐", "Star"),
    ("rainbow", "🌈", "Rainbow"),
    ("apple", "🍎", "Apple"),
    ("bike", "🚲", "Bike"),
    ("boat", "⛵", "Boat"),
    ("cat", "🐱", "Cat"),
    ("dog", "🐶", "Dog"),
    ("frog", "🐸", "Frog"),
    ("lion", "🦁", "Lion"),
    ("moon", "🌙", "Moon"),
    ("penguin", "🐧", "Penguin"),
    ("robot", "🤖", "Robot"),
    ("sun", "🌞", "Sun"),
    ("tree", "🌳", "Tree"),
    ("train", "🚂", "Train"),
    ("turtle", "🐢", "Turtle"),
    ("unicorn", "🦄", "Unicorn"),
    ("octopus", "🐙", "Octopus"),
)
PICTURE_CHOICES: list[tuple[str, str]] = [(code, name) for code, _, name in PICTURES]
PICTURE_EMOJI: dict[str, str] = {code: emoji for code, emoji, _ in PICTURES}
PICTURE_NAMES: dict[str, str] = {code: name for code, _, name in PICTURES}

CLASS_CODE_LETTERS = "BCDFGHJKMNPQRSTVWXZ"
CLASS_CODE_LENGTH = 6
NUMBER_RANGE = range(10, 100)


@dataclass(frozen=True)
class PictureCode:
    picture: str
    number: int

    @property
    def emoji(self) -> str:
        return PICTURE_EMOJI[self.picture]

    @property
    def label(self) -> str:
        return f"{PICTURE_NAMES[self.picture]} {self.number}"


def new_class_code(rng: random.Random | None = None) -> str:
    chooser = rng or random.SystemRandom()
    return "".join(chooser.choice(CLASS_CODE_LETTERS) for _ in range(CLASS_CODE_LENGTH))


def normalise_class_code(text: str) -> str:
    """What a child typed, as stored: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def assign_picture_codes(
    count: int, taken: Collection[tuple[str, int]] = (), rng: random.Random | None = None
) -> list[PictureCode]:
    """``count`` new codes, none in ``taken``; pictures are spread so few children share one."""
    chooser = rng or random.SystemRandom()
    used = set(taken)
    capacity = len(PICTURES) * len(NUMBER_RANGE)
    if len(used) + count > capacity:
        raise ValueError(f"a class can hold at most {capacity} picture codes")
    per_picture = {code: 0 for code, _, _ in PICTURES}
    for picture, _ in used:
        per_picture[picture] = per_picture.get(picture, 0) + 1
    codes: list[PictureCode] = []
    for _ in range(count):
        fewest = min(per_picture.values())
        pictures = [p for p, n in per_picture.items() if n == fewest]
        picture = chooser.choice(pictures)
        free = [n for n in NUMBER_RANGE if (picture, n) not in used]
        number = chooser.choice(free)
        used.add((picture, number))
        per_picture[picture] += 1
        codes.append(PictureCode(picture, number))
    return codes
