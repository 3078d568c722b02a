"""The children's activities besides the assessment: 'Who am I?' and 'My Future Cloud'.

Each activity is a short run of screens; each screen asks one thing, mostly as pictures to
tap. Answers are stored as choice codes (and one short text, the job the child wants), so a
page never shows a child's free writing to anyone but the child and their teacher.
Pure module: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from horizons.core.sectors import LIKES, SKILLS

QuestionKind = Literal["many", "text"]


class ActivityError(ValueError):
    """An answer cannot be kept; the message is written for a child."""


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    emoji: str


@dataclass(frozen=True)
class ActivityQuestion:
    key: str
    prompt: str
    hint: str
    kind: QuestionKind
    options: tuple[Option, ...] = ()
    max_choices: int = 3
    max_length: int = 100

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Activity:
    kind: str
    title: str
    emoji: str
    intro: str
    questions: tuple[ActivityQuestion, ...]

    def question(self, number: int) -> ActivityQuestion:
        """Question ``number`` counted from 1; IndexError when there is no such question."""
        if not 1 <= number <= len(self.questions):
            raise IndexError(number)
        return self.questions[number - 1]


_SKILL_EMOJI = {
    "listening": "👂",
    "speaking": "🗣️",
    "problem_solving": "🧩",
    "creativity": "🎨",
    "staying_positive": "🌞",
    "aiming_high": "🎯",
    "leadership": "🧭",
    "teamwork": "🤝",
}
_LIKE_EMOJI = {
    "animals": "🐾",
    "building": "🔨",
    "helping": "🩹",
    "computers": "💻",
    "sport": "⚽",
    "art": "🎵",
    "science": "🔬",
    "outdoors": "🌳",
}

WHO_AM_I = Activity(
    kind="who_am_i",
    title="Who am I?",
    emoji="🪞",
    intro="Tell us about you. Tap the pictures that fit you best.",
    questions=(
        ActivityQuestion(
            key="strengths",
            prompt="What am I good at?",
            hint="Choose up to 3.",
            kind="many",
            options=tuple(
                Option(code, label, _SKILL_EMOJI[code]) for code, label in SKILLS.items()
            ),
        ),
        ActivityQuestion(
            key="likes",
            prompt="What do I like?",
            hint="Choose up to 3.",
            kind="many",
            options=tuple(Option(code, label, _LIKE_EMOJI[code]) for code, label in LIKES.items()),
        ),
        ActivityQuestion(
            key="look_up_to",
            prompt="Who do I look up to?",
            hint="Choose up to 2.",
            kind="many",
            max_choices=2,
            options=(
                Option("family", "Someone in my family", "🏠"),
                Option("teacher", "A teacher", "🧑‍🏫"),
                Option("friend", "A friend", "🧒"),
                Option("sports", "A sports star", "🏅"),
                Option("helper", "Someone who helps people", "🦸"),
                Option("creator", "An artist or musician", "🎤"),
            ),
        ),
    ),
)

FUTURE_CLOUD = Activity(
    kind="future_cloud",
    title="My Future Cloud",
    emoji="☁️",
    intro="Imagine you are grown up. What is your life like?",
    questions=(
        ActivityQuestion(
            key="job",
            prompt="My job is…",
            hint='Write the job you want. It is fine to write "not sure yet".',
            kind="text",
            max_length=100,
        ),
        ActivityQuestion(
            key="home",
            prompt="Where do I live?",
            hint="Choose 1 or 2.",
            kind="many",
            max_choices=2,
            options=(
                Option("city", "In a city", "🏙️"),
                Option("town", "In a town", "🏘️"),
                Option("village", "In a village", "🏡"),
                Option("seaside", "By the sea", "🏖️"),
                Option("countryside", "In the countryside", "🌄"),
                Option("abroad", "In another country", "✈️"),
            ),
        ),
        ActivityQuestion(
            key="family",
            prompt="Who lives with me?",
            hint="Choose up to 2.",
            kind="many",
            max_choices=2,
            options=(
                Option("me", "Just me", "🙂"),
                Option("partner", "A partner", "💑"),
                Option("children", "Children", "👶"),
                Option("family", "My family nearby", "🏠"),
                Option("friends", "Friends", "🧑‍🤝‍🧑"),
            ),
        ),
        ActivityQuestion(
            key="pets",
            prompt="Do I have pets?",
            hint="Choose up to 3.",
            kind="many",
            options=(
                Option("dog", "A dog", "🐶"),
                Option("cat", "A cat", "🐱"),
                Option("rabbit", "A rabbit", "🐰"),
                Option("fish", "Fish", "🐠"),
                Option("horse", "A horse", "🐴"),
                Option("bird", "A bird", "🦜"),
                Option("none", "No pets", "🚫"),
            ),
        ),
        ActivityQuestion(
            key="hobbies",
            prompt="What do I do for fun?",
            hint="Choose up to 3.",
            kind="many",
            options=(
                Option("sport", "Sport", "⚽"),
                Option("music", "Music", "🎵"),
                Option("art", "Art", "🎨"),
                Option("reading", "Reading", "📚"),
                Option("games", "Games", "🎮"),
                Option("cooking", "Cooking", "🍳"),
                Option("dancing", "Dancing", "💃"),
                Option("nature", "Walks in nature", "🌳"),
                Option("making", "Making things", "🧱"),
            ),
        ),
    ),
)

# The one activity registry. Every activity a programme step can contain (the keys a template's
# `activities` may use), with the title teachers see ...
ACTIVITY_TITLES: dict[str, str] = {
    "pre_assessment": "Pre-course assessment",
    "who_am_i": WHO_AM_I.title,
    "skills_intro": "The 8 essential skills",
    "meet_professional": "Meet a professional",
    "hands_on": "Hands-on activity",
    "post_assessment": "Post-course assessment",
    "future_cloud": FUTURE_CLOUD.title,
    "share_aspirations": "Sharing our aspirations",
}
# ... and, by the same key, the ones children do themselves on the screen.
CHILD_ACTIVITIES: dict[str, Activity] = {a.kind: a for a in (WHO_AM_I, FUTURE_CLOUD)}


def clean_answer(question: ActivityQuestion, raw: Sequence[str] | str) -> list[str] | str:
    """The answer as stored, or ActivityError with a message a child understands."""
    if question.kind == "text":
        text = raw if isinstance(raw, str) else " ".join(raw)
        text = " ".join("".join(ch for ch in text if ch.isprintable()).split())
        if not text:
            raise ActivityError('Write a job, or write "not sure yet".')
        if len(text) > question.max_length:
            raise ActivityError(f"That is a bit long. Use up to {question.max_length} letters.")
        return text
    codes = [raw] if isinstance(raw, str) else list(raw)
    chosen = list(dict.fromkeys(code for code in codes if code))
    if not chosen:
        raise ActivityError("Tap at least one picture.")
    unknown = [code for code in chosen if question.option(code) is None]
    if unknown:
        raise ActivityError("Tap one of the pictures.")
    if len(chosen) > question.max_choices:
        raise ActivityError(f"Choose up to {question.max_choices}.")
    if "none" in chosen and len(chosen) > 1:
        raise ActivityError('"No pets" cannot go with a pet. Choose again.')
    return chosen
