"""Programme templates as data: the steps, activities and assessment of a programme.

Each ``data/templates/<slug>.yaml`` describes one programme (for example the Aspirations
Project). Files are validated when loaded; any problem raises ``TemplateError`` naming the
file and the field, so a content editor can fix it without reading code. Pure module: no
Django. (Named ``templates_data`` so that it never shadows Django's ``templates`` folders.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from horizons.programmes.activities import ACTIVITY_TITLES
from horizons.programmes.instrument import available_versions

TEMPLATES_DIR = Path(__file__).resolve().parent / "data" / "templates"

StepKind = Literal["assembly", "session", "reflection", "celebration"]
STEP_KINDS: tuple[str, ...] = ("assembly", "session", "reflection", "celebration")

_SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_KEYS = {"slug", "title", "summary", "audience", "instrument", "steps"}
_STEP_REQUIRED = {
    "kind",
    "title",
    "what_happens",
    "duration_minutes",
    "activities",
    "professionals_attend",
    "suggested_roles",
}
_STEP_KEYS = _STEP_REQUIRED | {"parents_invited"}
_MIN_MINUTES, _MAX_MINUTES = 5, 300


class TemplateError(ValueError):
    """A programme template is malformed; names the file and the field to fix."""

    def __init__(self, file: str, field: str, message: str) -> None:
        super().__init__(f"{file}: {field}: {message}")
        self.file = file
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Step:
    kind: StepKind
    title: str
    what_happens: str
    duration_minutes: int
    activities: tuple[str, ...]
    professionals_attend: bool
    suggested_roles: tuple[str, ...]
    parents_invited: bool = False

    def activity_titles(self) -> tuple[str, ...]:
        return tuple(ACTIVITY_TITLES[key] for key in self.activities)


@dataclass(frozen=True)
class ProgrammeTemplate:
    slug: str
    title: str
    summary: str
    audience: tuple[int, ...]
    steps: tuple[Step, ...]
    instrument: str

    @property
    def total_minutes(self) -> int:
        return sum(step.duration_minutes for step in self.steps)

    @property
    def suggested_roles(self) -> tuple[str, ...]:
        """Every suggested professional role, first mention first, without repeats."""
        return tuple(dict.fromkeys(role for step in self.steps for role in step.suggested_roles))

    def step_with(self, activity: str) -> int | None:
        """Index of the first step containing ``activity``, or None."""
        return next((i for i, s in enumerate(self.steps) if activity in s.activities), None)


@lru_cache(maxsize=1)
def load_templates(directory: Path | None = None) -> dict[str, ProgrammeTemplate]:
    """Every template in ``directory`` (default: the shipped ones), keyed by slug."""
    folder = directory or TEMPLATES_DIR
    templates: dict[str, ProgrammeTemplate] = {}
    for path in sorted(folder.glob("*.yaml")):
        template = load_template(path)
        templates[template.slug] = template
    return templates


def get_template(slug: str) -> ProgrammeTemplate:
    try:
        return load_templates()[slug]
    except KeyError:
        known = ", ".join(sorted(load_templates()))
        raise KeyError(f"no programme template '{slug}' (known: {known})") from None


def load_template(path: Path) -> ProgrammeTemplate:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(path.name, "(file)", f"cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise TemplateError(path.name, "(file)", f"is not valid YAML: {exc}") from exc
    return parse_template(raw, source=path.name, expected_slug=path.stem)


def parse_template(
    raw: object, *, source: str, expected_slug: str | None = None
) -> ProgrammeTemplate:
    """Validate already-parsed YAML; ``source`` names the file in error messages."""

    def fail(field: str, message: str) -> TemplateError:
        return TemplateError(source, field, message)

    if not isinstance(raw, dict):
        raise fail("(file)", "must be a mapping with slug, title, summary, audience, steps")
    missing = sorted(_TOP_KEYS - set(raw))
    if missing:
        raise fail(missing[0], "is missing")
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise fail(unknown[0], "is not a known field (check the spelling)")

    slug = _text(raw["slug"], "slug", fail)
    if not _SLUG_PATTERN.match(slug):
        raise fail("slug", f"'{slug}' must be lower-case words joined by hyphens")
    if expected_slug is not None and slug != expected_slug:
        raise fail("slug", f"'{slug}' must match the file name '{expected_slug}'")
    title = _text(raw["title"], "title", fail)
    summary = _text(raw["summary"], "summary", fail)
    audience = _audience(raw["audience"], fail)
    instrument_version = raw["instrument"]
    if instrument_version is not None:
        instrument_version = _text(instrument_version, "instrument", fail)
        if instrument_version not in available_versions():
            known = ", ".join(available_versions())
            raise fail("instrument", f"'{instrument_version}' is not a known instrument ({known})")

    raw_steps = raw["steps"]
    if not isinstance(raw_steps, list) or not raw_steps:
        raise fail("steps", "must be a non-empty list")
    steps = tuple(_step(entry, f"steps[{i}]", fail) for i, entry in enumerate(raw_steps))
    template = ProgrammeTemplate(
        slug=slug,
        title=title,
        summary=summary,
        audience=audience,
        steps=steps,
        instrument=instrument_version or "",
    )
    _check_assessments(template, fail)
    return template


def _audience(raw: object, fail: Any) -> tuple[int, ...]:
    if not isinstance(raw, list) or not raw:
        raise fail("audience", "must be a list of year groups, e.g. [5, 6]")
    for index, year in enumerate(raw):
        if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 6:
            raise fail(f"audience[{index}]", f"{year!r} is not a primary year group from 1 to 6")
    if len(set(raw)) != len(raw):
        raise fail("audience", "lists a year group twice")
    return tuple(sorted(raw))


def _step(raw: object, path: str, fail: Any) -> Step:
    if not isinstance(raw, dict):
        raise fail(path, "must be a mapping")
    missing = sorted(_STEP_REQUIRED - set(raw))
    if missing:
        raise fail(f"{path}.{missing[0]}", "is missing")
    unknown = sorted(set(raw) - _STEP_KEYS)
    if unknown:
        raise fail(f"{path}.{unknown[0]}", "is not a known field (check the spelling)")
    kind = raw["kind"]
    if kind not in STEP_KINDS:
        raise fail(f"{path}.kind", f"{kind!r} must be one of {', '.join(STEP_KINDS)}")
    title = _text(raw["title"], f"{path}.title", fail)
    what_happens = _text(raw["what_happens"], f"{path}.what_happens", fail)
    minutes = raw["duration_minutes"]
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not _MIN_MINUTES <= minutes <= _MAX_MINUTES
    ):
        raise fail(
            f"{path}.duration_minutes",
            f"must be a whole number of minutes from {_MIN_MINUTES} to {_MAX_MINUTES}",
        )
    activities = _activities(raw["activities"], f"{path}.activities", fail)
    professionals = _flag(raw["professionals_attend"], f"{path}.professionals_attend", fail)
    parents = _flag(raw.get("parents_invited", False), f"{path}.parents_invited", fail)
    roles = _roles(raw["suggested_roles"], f"{path}.suggested_roles", fail)
    if "meet_professional" in activities and not professionals:
        raise fail(
            f"{path}.professionals_attend",
            "must be true when the step includes meet_professional",
        )
    if professionals and not roles:
        raise fail(f"{path}.suggested_roles", "name at least one role when professionals attend")
    if roles and not professionals:
        raise fail(f"{path}.suggested_roles", "must be empty when no professionals attend")
    return Step(
        kind=cast(StepKind, kind),
        title=title,
        what_happens=what_happens,
        duration_minutes=minutes,
        activities=activities,
        professionals_attend=professionals,
        suggested_roles=roles,
        parents_invited=parents,
    )


def _activities(raw: object, path: str, fail: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise fail(path, "must be a list (use [] for none)")
    for index, key in enumerate(raw):
        if key not in ACTIVITY_TITLES:
            raise fail(
                f"{path}[{index}]", f"{key!r} is not an activity ({', '.join(ACTIVITY_TITLES)})"
            )
    if len(set(raw)) != len(raw):
        raise fail(path, "lists an activity twice")
    return tuple(raw)


def _roles(raw: object, path: str, fail: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise fail(path, "must be a list of job names (use [] for none)")
    roles = tuple(_text(role, f"{path}[{i}]", fail) for i, role in enumerate(raw))
    if len({role.casefold() for role in roles}) != len(roles):
        raise fail(path, "lists a role twice")
    return roles


def _check_assessments(template: ProgrammeTemplate, fail: Any) -> None:
    """Paired impact needs one pre- and one post-assessment, in that order."""
    pre = [i for i, s in enumerate(template.steps) if "pre_assessment" in s.activities]
    post = [i for i, s in enumerate(template.steps) if "post_assessment" in s.activities]
    if not template.instrument:
        if pre or post:
            raise fail("instrument", "is needed because a step includes an assessment")
        return
    if len(pre) != 1:
        raise fail("steps", "need exactly one step with pre_assessment")
    if len(post) != 1:
        raise fail("steps", "need exactly one step with post_assessment")
    if post[0] <= pre[0]:
        raise fail(
            f"steps[{post[0]}].activities",
            "post_assessment must come in a later step than pre_assessment",
        )


def _flag(raw: object, path: str, fail: Any) -> bool:
    if not isinstance(raw, bool):
        raise fail(path, "must be true or false")
    return raw


def _text(raw: object, path: str, fail: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise fail(path, "must be non-empty text")
    return " ".join(raw.split())
