"""The careers library: job profiles for children, loaded from versioned YAML and validated.

Pure module (no Django). Profiles live in ``data/profiles/*.yaml``, one file per SOC 2020 major
group; each file holds ``version: 1`` and a ``profiles:`` list. Everything is checked on load so
that a typo in the content fails loudly, naming the file, the profile and the field, instead of
showing a broken page to a child.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from horizons.core.sectors import LIKES, SECTORS, SKILLS, SUBJECTS, WAYS_IN

DATA_DIR = Path(__file__).resolve().parent / "data"
PROFILES_DIR = DATA_DIR / "profiles"
SOC_CSV = DATA_DIR / "soc2020_unit_groups.csv"
SUPPORTED_VERSIONS = frozenset({1})

# Children aged 7-11 read these pages; long sentences lose them.
MAX_SENTENCE_WORDS = 20

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SOC_RE = re.compile(r"^\d{4}$")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
# Pronouns that assume who does a job; profiles say "they" so that anyone can see themselves.
_GENDERED_PRONOUN_RE = re.compile(r"\b(he|she|his|her|hers|him|himself|herself)\b", re.IGNORECASE)

_LIST_FIELDS: dict[str, tuple[int, int]] = {
    # field: (fewest, most) items
    "other_names": (1, 8),
    "likes": (1, 3),
    "skills": (2, 4),
    "subjects": (2, 4),
    "ways_in": (1, len(WAYS_IN)),
    "related": (1, 4),
}
_TEXT_FIELDS: dict[str, tuple[int, int]] = {
    # field: (fewest, most) sentences
    "what_they_do": (2, 4),
    "typical_day": (1, 3),
    "where_they_work": (1, 1),
}
_VOCABULARIES: dict[str, Mapping[str, str]] = {
    "likes": LIKES,
    "skills": SKILLS,
    "subjects": SUBJECTS,
    "ways_in": WAYS_IN,
}
_Fail = Callable[[str, str], "ProfileError"]

FIELDS = (
    "slug",
    "title",
    "other_names",
    "soc",
    "sector",
    "likes",
    "icon",
    "what_they_do",
    "typical_day",
    "where_they_work",
    "skills",
    "subjects",
    "ways_in",
    "related",
)


@dataclass(frozen=True, slots=True)
class JobProfile:
    slug: str
    title: str
    other_names: tuple[str, ...]
    soc: str
    sector: str
    likes: tuple[str, ...]
    icon: str
    what_they_do: str
    typical_day: str
    where_they_work: str
    skills: tuple[str, ...]
    subjects: tuple[str, ...]
    ways_in: tuple[str, ...]
    related: tuple[str, ...]

    @property
    def major_group(self) -> str:
        """The SOC 2020 major group (1-9) this job belongs to."""
        return self.soc[0]

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a child might use for this job, the title first."""
        return (self.title, *self.other_names)


class ProfileError(ValueError):
    """A job profile file is malformed; the message says where and what to fix."""

    def __init__(
        self, message: str, *, file: Path | str, slug: str | None = None, field: str | None = None
    ):
        self.file = str(file)
        self.slug = slug
        self.field = field
        where = [f"file {Path(self.file).name}"]
        if slug:
            where.append(f"profile {slug!r}")
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}")


def sentences(text: str) -> list[str]:
    """Split plain prose into sentences (our content avoids abbreviations with full stops)."""
    return [part for part in _SENTENCE_END_RE.split(text.strip()) if part]


# --- SOC 2020 unit groups -------------------------------------------------------------------


@lru_cache(maxsize=4)
def _read_soc_csv(path: Path) -> Mapping[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["code"]: row["title"] for row in csv.DictReader(handle)}


def soc_unit_groups(csv_path: Path | None = None) -> dict[str, str]:
    """SOC 2020 unit group code -> official title, for all 412 unit groups."""
    return dict(_read_soc_csv(csv_path or SOC_CSV))


# --- Loading --------------------------------------------------------------------------------


def load_profiles(data_dir: Path | None = None) -> tuple[JobProfile, ...]:
    """Load and validate every ``*.yaml`` file in ``data_dir`` (default: the shipped library).

    Profiles come back in file order, then in the order written. Raises ``ProfileError``.
    """
    if data_dir is None:
        return _load_default_profiles()
    return _load_dir(Path(data_dir))


def profiles_by_slug(data_dir: Path | None = None) -> dict[str, JobProfile]:
    return {profile.slug: profile for profile in load_profiles(data_dir)}


@lru_cache(maxsize=1)
def _load_default_profiles() -> tuple[JobProfile, ...]:
    return _load_dir(PROFILES_DIR)


def _load_dir(data_dir: Path) -> tuple[JobProfile, ...]:
    files = sorted(data_dir.glob("*.yaml"))
    if not files:
        raise ProfileError("no profile files (*.yaml) found", file=data_dir)
    soc_codes = _read_soc_csv(SOC_CSV)
    profiles: list[JobProfile] = []
    origin: dict[str, Path] = {}
    name_owner: dict[str, str] = {}
    for path in files:
        for raw in _read_file(path):
            profile = _build_profile(raw, path, soc_codes)
            if profile.slug in origin:
                raise ProfileError(
                    f"duplicate slug (first defined in {origin[profile.slug].name})",
                    file=path,
                    slug=profile.slug,
                    field="slug",
                )
            _claim_names(profile, path, name_owner)
            origin[profile.slug] = path
            profiles.append(profile)
    for profile in profiles:
        for related in profile.related:
            if related not in origin:
                raise ProfileError(
                    f"related slug {related!r} is not a profile",
                    file=origin[profile.slug],
                    slug=profile.slug,
                    field="related",
                )
    return tuple(profiles)


def _claim_names(profile: JobProfile, path: Path, name_owner: dict[str, str]) -> None:
    # One name, one job: the matcher maps what a child writes to a single profile.
    for name in profile.names:
        key = " ".join(name.casefold().split())
        owner = name_owner.setdefault(key, profile.slug)
        if owner != profile.slug:
            raise ProfileError(
                f"name {name!r} is already used by profile {owner!r}",
                file=path,
                slug=profile.slug,
                field="other_names",
            )


def _read_file(path: Path) -> list[Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ProfileError(f"not valid YAML: {error}", file=path) from error
    if not isinstance(document, dict):
        raise ProfileError("expected a mapping with 'version' and 'profiles'", file=path)
    if document.get("version") not in SUPPORTED_VERSIONS:
        raise ProfileError(
            f"unsupported version {document.get('version')!r}; "
            f"expected one of {sorted(SUPPORTED_VERSIONS)}",
            file=path,
            field="version",
        )
    unknown = set(document) - {"version", "profiles"}
    if unknown:
        raise ProfileError(f"unknown top-level keys {sorted(unknown)}", file=path)
    entries = document.get("profiles")
    if not isinstance(entries, list) or not entries:
        raise ProfileError("'profiles' must be a non-empty list", file=path, field="profiles")
    return entries


def _build_profile(raw: Any, path: Path, soc_codes: Mapping[str, str]) -> JobProfile:
    if not isinstance(raw, dict):
        raise ProfileError("each profile must be a mapping of fields", file=path)
    slug = raw.get("slug")
    if not isinstance(slug, str) or not _SLUG_RE.fullmatch(slug):
        raise ProfileError(
            f"slug must be lowercase words joined by hyphens, got {slug!r}",
            file=path,
            slug=str(slug) if slug else None,
            field="slug",
        )

    def fail(field: str, message: str) -> ProfileError:
        return ProfileError(message, file=path, slug=slug, field=field)

    missing = [field for field in FIELDS if field not in raw]
    if missing:
        raise fail(missing[0], f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise fail(unknown[0], f"unknown field(s): {', '.join(unknown)}")

    values: dict[str, Any] = {"slug": slug}
    for field in ("title", "icon", "soc", "sector", *_TEXT_FIELDS):
        value = raw[field]
        if not isinstance(value, str) or not value.strip():
            hint = ' (quote SOC codes: soc: "2240")' if field == "soc" else ""
            raise fail(field, f"must be non-empty text, got {value!r}{hint}")
        values[field] = " ".join(value.split())
    for field, (fewest, most) in _LIST_FIELDS.items():
        values[field] = _check_list(raw[field], fewest, most, field, fail)

    if not _SOC_RE.fullmatch(values["soc"]):
        raise fail("soc", f"must be a 4-digit SOC 2020 unit group code, got {values['soc']!r}")
    if values["soc"] not in soc_codes:
        raise fail("soc", f"{values['soc']!r} is not a SOC 2020 unit group")
    if values["sector"] not in SECTORS:
        raise fail("sector", f"unknown sector {values['sector']!r}; choose from {sorted(SECTORS)}")
    for field, vocabulary in _VOCABULARIES.items():
        for item in values[field]:
            if item not in vocabulary:
                raise fail(field, f"unknown value {item!r}; choose from {sorted(vocabulary)}")
    if slug in values["related"]:
        raise fail("related", "a profile cannot be related to itself")
    if any(ch.isascii() and not ch.isspace() for ch in values["icon"]) or len(values["icon"]) > 8:
        raise fail("icon", f"must be a single emoji, got {values['icon']!r}")
    for name in values["other_names"]:
        if name.casefold() == values["title"].casefold():
            raise fail("other_names", f"{name!r} repeats the title")

    for field, (fewest, most) in _TEXT_FIELDS.items():
        _check_prose(values[field], fewest, most, field, fail)
    return JobProfile(**values)


def _check_list(value: Any, fewest: int, most: int, field: str, fail: _Fail) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(field, f"must be a list, got {value!r}")
    if not fewest <= len(value) <= most:
        raise fail(field, f"needs {fewest}-{most} items, got {len(value)}")
    items: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise fail(field, f"items must be non-empty text, got {item!r}")
        items.append(" ".join(item.split()))
    duplicates = _duplicates(item.casefold() for item in items)
    if duplicates:
        raise fail(field, f"repeated item(s): {', '.join(duplicates)}")
    return tuple(items)


def _check_prose(text: str, fewest: int, most: int, field: str, fail: _Fail) -> None:
    if text[-1] not in ".!?":
        raise fail(field, "must end with a full stop, question mark or exclamation mark")
    parts = sentences(text)
    if not fewest <= len(parts) <= most:
        raise fail(field, f"needs {fewest}-{most} sentence(s), got {len(parts)}")
    for sentence in parts:
        words = len(sentence.split())
        if words > MAX_SENTENCE_WORDS:
            raise fail(
                field, f"sentence has {words} words (most {MAX_SENTENCE_WORDS}): {sentence!r}"
            )
    pronoun = _GENDERED_PRONOUN_RE.search(text)
    if pronoun:
        raise fail(field, f"use 'they', not {pronoun.group(0)!r}, so anyone can picture the job")


def _duplicates(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for item in items:
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated
