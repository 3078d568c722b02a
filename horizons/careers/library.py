"""The careers library as children browse it: doors (likes, skills, subjects), icons and cards.

Pure module (no Django). Everything here is worked out once from the job profiles and kept, so a
page only looks things up. Icons always travel with a word: children who cannot read yet follow
the picture, screen readers read the word.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from horizons.careers.matching import default_matcher
from horizons.careers.moderation import is_offensive
from horizons.careers.profiles import JobProfile, load_profiles, sentences
from horizons.core.sectors import LIKES, SECTORS, SKILLS, SUBJECTS, WAYS_IN
from horizons.reports.charts import LinearScale, row_top

T = TypeVar("T")

LIKE_ICONS: dict[str, str] = {
    "animals": "🐾",
    "building": "🔨",
    "helping": "🤝",
    "computers": "💻",
    "sport": "⚽",
    "art": "🎨",
    "science": "🔬",
    "outdoors": "🌳",
}
SKILL_ICONS: dict[str, str] = {
    "listening": "👂",
    "speaking": "🗣️",
    "problem_solving": "🧩",
    "creativity": "💡",
    "staying_positive": "😊",
    "aiming_high": "🎯",
    "leadership": "🧭",
    "teamwork": "🙌",
}
SUBJECT_ICONS: dict[str, str] = {
    "maths": "➗",
    "english": "📖",
    "science": "🧪",
    "computing": "🖱️",
    "art": "🖌️",
    "design_technology": "🛠️",
    "pe": "🏃",
    "music": "🎵",
    "geography": "🌍",
    "history": "🏰",
    "languages": "💬",
    "pshe": "💛",
    "re": "🕊️",
}
WAY_IN_ICONS: dict[str, str] = {
    "apprenticeship": "🧰",
    "college": "🏫",
    "university": "🎓",
    "work_your_way_up": "🪜",
    "volunteering": "🙋",
}
SECTOR_ICONS: dict[str, str] = {
    "health-and-care": "🩺",
    "engineering": "⚙️",
    "energy": "⚡",
    "emergency-services": "🚒",
    "construction": "🏗️",
    "creative": "🎭",
    "retail": "🛒",
    "finance": "💷",
    "public-sector": "🏛️",
    "transport": "🚆",
    "education": "🍎",
    "science": "🔭",
    "digital": "💻",
    "sport": "🏅",
    "animals-and-land": "🚜",
    "hospitality": "🍳",
}
# One short sentence a child can read under each door's heading.
LIKE_INTROS: dict[str, str] = {
    "animals": "Jobs where you look after or learn about animals.",
    "building": "Jobs where you build, make or fix things.",
    "helping": "Jobs where you help people.",
    "computers": "Jobs where you use computers.",
    "sport": "Jobs where you stay active or help others play sport.",
    "art": "Jobs where you draw, make music, act or design.",
    "science": "Jobs where you find out how things work.",
    "outdoors": "Jobs where you work outside.",
}

# A search box is for a few words: anything longer is cut before any work is done.
MAX_QUERY_CHARS = 100
# A sheet of printed cards is for a classroom wall, not the whole library.
MAX_CARDS = 60


@dataclass(frozen=True, slots=True)
class Door:
    """One way into the library: a like, a skill or a subject, with its icon and word."""

    kind: str  # "like", "skill" or "subject"
    key: str
    label: str
    icon: str


@dataclass(frozen=True, slots=True)
class Tag:
    key: str
    label: str
    icon: str


class Catalogue:
    """The job profiles, indexed every way the pages need them."""

    def __init__(self, profiles: Sequence[JobProfile]):
        self.profiles: tuple[JobProfile, ...] = tuple(sorted(profiles, key=_title_key))
        self.by_slug: dict[str, JobProfile] = {p.slug: p for p in self.profiles}
        self._by_door: dict[tuple[str, str], tuple[JobProfile, ...]] = {}
        for kind, vocabulary, field in (
            ("like", LIKES, "likes"),
            ("skill", SKILLS, "skills"),
            ("subject", SUBJECTS, "subjects"),
        ):
            for key in vocabulary:
                self._by_door[(kind, key)] = tuple(
                    p for p in self.profiles if key in getattr(p, field)
                )

    def __len__(self) -> int:
        return len(self.profiles)

    def get(self, slug: str) -> JobProfile | None:
        return self.by_slug.get(slug)

    def behind(self, door: Door) -> tuple[JobProfile, ...]:
        """The jobs behind a door, in title order."""
        return self._by_door.get((door.kind, door.key), ())

    def related(self, profile: JobProfile) -> list[JobProfile]:
        return [self.by_slug[slug] for slug in profile.related if slug in self.by_slug]

    def pick(self, slugs: Iterable[str], limit: int = MAX_CARDS) -> list[JobProfile]:
        """Known profiles for ``slugs`` in the order given, without repeats, at most ``limit``."""
        chosen: dict[str, JobProfile] = {}
        for slug in slugs:
            profile = self.by_slug.get(slug)
            if profile is not None:
                chosen.setdefault(slug, profile)
            if len(chosen) >= limit:
                break
        return list(chosen.values())

    def choices(self) -> list[tuple[str, str]]:
        """(slug, title) pairs in title order, for a form's select box."""
        return [(p.slug, p.title) for p in self.profiles]


def _title_key(profile: JobProfile) -> tuple[str, str]:
    return (profile.title.casefold(), profile.slug)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped library, built once per process."""
    return Catalogue(load_profiles())


# --- Doors and tags -------------------------------------------------------------------------

_DOOR_VOCABULARIES: dict[str, tuple[Mapping[str, str], Mapping[str, str]]] = {
    "like": (LIKES, LIKE_ICONS),
    "skill": (SKILLS, SKILL_ICONS),
    "subject": (SUBJECTS, SUBJECT_ICONS),
}


def doors(kind: str) -> list[Door]:
    labels, icons = _DOOR_VOCABULARIES[kind]
    return [Door(kind, key, label, icons.get(key, "⭐")) for key, label in labels.items()]


def door(kind: str, key: str) -> Door | None:
    """The door named by a URL, or None if there is no such door."""
    if kind not in _DOOR_VOCABULARIES:
        return None
    labels, icons = _DOOR_VOCABULARIES[kind]
    if key not in labels:
        return None
    return Door(kind, key, labels[key], icons.get(key, "⭐"))


def _tags(keys: Iterable[str], labels: Mapping[str, str], icons: Mapping[str, str]) -> list[Tag]:
    return [Tag(key, labels[key], icons.get(key, "⭐")) for key in keys if key in labels]


def skill_tags(profile: JobProfile) -> list[Tag]:
    return _tags(profile.skills, SKILLS, SKILL_ICONS)


def subject_tags(profile: JobProfile) -> list[Tag]:
    return _tags(profile.subjects, SUBJECTS, SUBJECT_ICONS)


def like_tags(profile: JobProfile) -> list[Tag]:
    return _tags(profile.likes, LIKES, LIKE_ICONS)


def way_in_tags(profile: JobProfile) -> list[Tag]:
    return _tags(profile.ways_in, WAYS_IN, WAY_IN_ICONS)


def sector_tag(sector: str) -> Tag:
    return Tag(sector, SECTORS.get(sector, sector), SECTOR_ICONS.get(sector, "⭐"))


# --- Cards ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """What a printed profile card says: a big icon, the title and three short lines."""

    slug: str
    title: str
    icon: str
    lines: tuple[str, str, str]


def card_for(profile: JobProfile) -> Card:
    first = sentences(profile.what_they_do)[0]
    skills = ", ".join(SKILLS[key] for key in profile.skills[:2] if key in SKILLS)
    subjects = ", ".join(SUBJECTS[key] for key in profile.subjects[:2] if key in SUBJECTS)
    return Card(
        profile.slug,
        profile.title,
        profile.icon,
        (first, f"Good at: {skills}.", f"Useful subjects: {subjects}."),
    )


def parse_slugs(text: str, limit: int = MAX_CARDS) -> list[str]:
    """Slugs from a comma-separated list as typed in a URL (``a,b,c``), stripped, de-duplicated."""
    found: list[str] = []
    for part in text[: limit * 100].split(","):
        slug = part.strip().lower()
        if slug and slug not in found:
            found.append(slug)
        if len(found) >= limit:
            break
    return found


# --- Queries --------------------------------------------------------------------------------


def clean_query(raw: object) -> str:
    """What a child typed, cut to the search box's length and with spaces tidied."""
    if not isinstance(raw, str):
        return ""
    # Control characters (and NUL, which PostgreSQL refuses) are never part of a job's name.
    printable = "".join(ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_CHARS * 4])
    return " ".join(printable.split())[:MAX_QUERY_CHARS]


@dataclass(frozen=True, slots=True)
class SearchResult:
    """What the search page may show. ``query`` is empty when it must not be echoed."""

    query: str
    profiles: tuple[JobProfile, ...]
    offensive: bool = False
    shortened: bool = False

    @property
    def asked(self) -> bool:
        return bool(self.query) or self.offensive


SEARCH_LIMIT = 24


def search(raw: object, limit: int = SEARCH_LIMIT) -> SearchResult:
    """Jobs for what a child typed, forgiving spelling; never echoes offensive words.

    Any input is safe: empty, very long, emoji or another script gives a result, not an error.
    """
    text = raw if isinstance(raw, str) else ""
    query = clean_query(text)
    shortened = len(" ".join(text.split())) > len(query)
    if not query:
        return SearchResult("", (), shortened=shortened)
    # The whole input is checked, not only the part kept, so nothing can hide past the cut.
    if is_offensive(query) or is_offensive(text[:2000]):
        return SearchResult("", (), offensive=True)
    books = catalogue()
    hits = default_matcher().search(query, limit)
    profiles = tuple(p for p in (books.get(hit.slug) for hit in hits) if p is not None)
    return SearchResult(query, profiles, shortened=shortened)


# --- Role models ----------------------------------------------------------------------------


def interleave(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """Items taken in turn from each group (first-seen group first), keeping order within groups.

    Used for role models: women, men and non-binary people take turns, so the first few on
    the page already show that anyone can do the job.
    """
    groups: dict[Hashable, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    queues = list(groups.values())
    result: list[T] = []
    index = 0
    while any(index < len(queue) for queue in queues):
        result.extend(queue[index] for queue in queues if index < len(queue))
        index += 1
    return result


# --- Charts ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar, its label written above it and its value just past its end."""

    label: str
    value: int
    text: str
    label_y: int  # baseline of the label
    y: int  # top of the bar
    width: float
    value_x: float
    value_y: int  # baseline of the value, centred on the bar


@dataclass(frozen=True, slots=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_height: int
    plot_width: int
    font_size: int


def bar_chart(
    values: Sequence[tuple[str, int]],
    *,
    width: int = 440,
    bar_height: int = 22,
    font_size: int = 17,
    gap: int = 14,
    value_space: int = 80,
) -> BarChart:
    """Geometry of a horizontal bar chart, labels above the bars so it stays readable when a
    phone shrinks it; the longest bar fills the plot area."""
    plot = width - value_space
    top = max((value for _, value in values), default=0)
    scale = LinearScale(maximum=top, length=plot) if top > 0 else None
    label_space = font_size + 7
    row = label_space + bar_height + gap
    bars = []
    for index, (label, value) in enumerate(values):
        top_of_row = row_top(index, pitch=row)
        bar_y = top_of_row + label_space
        bar_width = round(scale.size(value), 1) if scale is not None else 0.0
        bars.append(
            Bar(
                label=label,
                value=value,
                text=f"{value:,}",
                label_y=top_of_row + font_size,
                y=bar_y,
                width=bar_width,
                value_x=round(bar_width + 6, 1),
                value_y=bar_y + (bar_height + font_size) // 2 - 2,
            )
        )
    height = max(len(bars) * row - gap, row - gap)
    return BarChart(tuple(bars), width, height, bar_height, plot, font_size)
