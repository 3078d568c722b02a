"""The pupil assessment instrument: the same questions before and after a programme.

Instruments are versioned YAML files in ``data/instruments/<version>.yaml``. An answer is
stored against an item code, so codes never change once a version is in use; a changed
question becomes a new version. Pure module: no Django.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeGuard, cast

import yaml

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "data" / "instruments"

ItemKind = Literal["scale", "count", "stereotype", "text"]
ITEM_KINDS: tuple[str, ...] = ("scale", "count", "stereotype", "text")
NUMERIC_KINDS: frozenset[str] = frozenset({"scale", "count", "stereotype"})

# The value of a stereotype item that means "both men and women can do this job".
STEREOTYPE_BOTH = 3

_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,48}$")
_VERSION_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,48}$")
_DEFAULT_TEXT_LENGTH = 100


class InstrumentError(ValueError):
    """An instrument file is missing or malformed; names the file and the field."""

    def __init__(self, file: str, field_path: str, message: str) -> None:
        super().__init__(f"{file}: {field_path}: {message}")
        self.file = file
        self.field = field_path
        self.message = message


class AnswerError(ValueError):
    """An answer cannot be accepted; the message tells a teacher what to change."""

    def __init__(self, item_code: str, message: str) -> None:
        super().__init__(message)
        self.item_code = item_code
        self.message = message


@dataclass(frozen=True)
class Choice:
    value: int
    label: str
    emoji: str


@dataclass(frozen=True)
class FindingPhrases:
    """Verb phrases for plain-English findings.

    ``up`` and ``down`` are followed by "after the programme" ("could name more jobs after
    the programme"); ``same`` is a whole phrase on its own.
    """

    up: str
    down: str
    same: str


@dataclass(frozen=True)
class Item:
    code: str
    kind: ItemKind
    prompt: str
    min: int | None
    max: int | None
    choices: tuple[Choice, ...] = ()
    hint: str = ""
    # A noun phrase used in findings: "their teamwork", "anyone can be an engineer".
    topic: str = ""
    finding: FindingPhrases | None = None
    max_length: int | None = None
    # How a count item is answered on screen: "number" (type the count) or "jobs" (write the
    # jobs themselves, one per line; the count is worked out from them and stored as usual).
    entry: str = "number"

    @property
    def takes_jobs(self) -> bool:
        return self.kind == "count" and self.entry == "jobs"

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def choice(self, value: int) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Instrument:
    version: str
    title: str
    intro: str
    items: tuple[Item, ...]
    _by_code: MappingProxyType[str, Item] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", MappingProxyType({i.code: i for i in self.items}))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.items)

    def has_item(self, code: str) -> bool:
        return code in self._by_code

    def item(self, code: str) -> Item:
        try:
            return self._by_code[code]
        except KeyError:
            raise AnswerError(
                code,
                f"'{code}' is not a question in the {self.version} assessment. "
                "Check the question code or column heading.",
            ) from None

    def validate_answer(self, item_code: str, value: object) -> int | str:
        return _validate(self.item(item_code), value)


def available_versions() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in INSTRUMENTS_DIR.glob("*.yaml")))


@lru_cache(maxsize=8)
def instrument(version: str) -> Instrument:
    """Load and validate one instrument version (cached: instruments are immutable).

    Which version a cohort uses comes from its programme template (`cohort.instrument_version`).
    """
    if not _VERSION_PATTERN.match(version):
        raise InstrumentError(version, "version", "is not a valid instrument version name")
    path = INSTRUMENTS_DIR / f"{version}.yaml"
    if not path.is_file():
        known = ", ".join(available_versions()) or "none"
        raise InstrumentError(path.name, "version", f"unknown instrument (known: {known})")
    return load_instrument(path)


def load_instrument(path: Path) -> Instrument:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InstrumentError(path.name, "(file)", f"is not valid YAML: {exc}") from exc
    return parse_instrument(raw, source=path.name, expected_version=path.stem)


def validate_answer(item_code: str, value: object, version: str) -> int | str:
    """Return the normalised answer (int for numeric items, str for text) or raise AnswerError."""
    return instrument(version).validate_answer(item_code, value)


# --- answers -------------------------------------------------------------------------------


def _validate(item: Item, value: object) -> int | str:
    if item.kind == "text":
        return _validate_text(item, value)
    number = _as_whole_number(item, value)
    assert item.min is not None and item.max is not None  # guaranteed by parse_instrument
    if not item.min <= number <= item.max:
        raise AnswerError(
            item.code,
            f"{item.prompt} — {number} is out of range: "
            f"choose a whole number from {item.min} to {item.max}.",
        )
    return number


def _as_whole_number(item: Item, value: object) -> int:
    expected = f"a whole number from {item.min} to {item.max}"
    if value is None or isinstance(value, bool):
        raise AnswerError(item.code, f"{item.prompt} — no answer given: enter {expected}.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise AnswerError(item.code, f"{item.prompt} — {value:g} is not {expected}.")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise AnswerError(item.code, f"{item.prompt} — no answer given: enter {expected}.")
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        # Paper answers are sometimes typed in as the words on the answer card.
        for choice in item.choices:
            if text.casefold() == choice.label.casefold():
                return choice.value
        raise AnswerError(item.code, f"{item.prompt} — '{text}' is not {expected}.")
    raise AnswerError(item.code, f"{item.prompt} — the answer is not {expected}.")


def _validate_text(item: Item, value: object) -> str:
    if not isinstance(value, str):
        raise AnswerError(item.code, f"{item.prompt} — write the answer as words.")
    # Collapse runs of whitespace and drop control characters pasted in from elsewhere.
    text = " ".join("".join(ch for ch in value if ch.isprintable() or ch.isspace()).split())
    if not text:
        raise AnswerError(
            item.code, f"{item.prompt} — no answer given: write a job, or 'not sure yet'."
        )
    limit = item.max_length or _DEFAULT_TEXT_LENGTH
    if len(text) > limit:
        raise AnswerError(
            item.code, f"{item.prompt} — the answer is {len(text)} characters; keep it to {limit}."
        )
    return text


# --- loading -------------------------------------------------------------------------------

_TOP_KEYS = {"version", "title", "intro", "scales", "items"}
_ITEM_KEYS = {
    "code",
    "kind",
    "prompt",
    "hint",
    "topic",
    "min",
    "max",
    "choices",
    "finding",
    "max_length",
    "entry",
}
ENTRY_KINDS: tuple[str, ...] = ("number", "jobs")


def parse_instrument(
    raw: object, *, source: str, expected_version: str | None = None
) -> Instrument:
    def fail(path: str, message: str) -> InstrumentError:
        return InstrumentError(source, path, message)

    if not isinstance(raw, dict):
        raise fail("(file)", "must be a mapping with version, title and items")
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise fail(sorted(unknown)[0], "is not a known field")
    version = _text(raw, "version", fail, "version")
    if expected_version is not None and version != expected_version:
        raise fail("version", f"'{version}' does not match the file name '{expected_version}'")
    title = _text(raw, "title", fail, "title")
    intro = _text(raw, "intro", fail, "intro", required=False)
    raw_items = raw.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise fail("items", "must be a non-empty list")
    items: list[Item] = []
    seen: set[str] = set()
    for index, raw_item in enumerate(raw_items):
        item = _parse_item(raw_item, f"items[{index}]", fail)
        if item.code in seen:
            raise fail(f"items[{index}].code", f"'{item.code}' appears twice")
        seen.add(item.code)
        items.append(item)
    return Instrument(version=version, title=title, intro=intro, items=tuple(items))


def _parse_item(raw: object, path: str, fail: Any) -> Item:
    if not isinstance(raw, dict):
        raise fail(path, "must be a mapping")
    unknown = set(raw) - _ITEM_KEYS
    if unknown:
        raise fail(f"{path}.{sorted(unknown)[0]}", "is not a known field")
    code = _text(raw, "code", fail, f"{path}.code")
    if not _CODE_PATTERN.match(code):
        raise fail(f"{path}.code", f"'{code}' must be lower case letters, digits and _")
    kind = raw.get("kind")
    if kind not in ITEM_KINDS:
        raise fail(f"{path}.kind", f"must be one of {', '.join(ITEM_KINDS)}")
    prompt = _text(raw, "prompt", fail, f"{path}.prompt")
    hint = _text(raw, "hint", fail, f"{path}.hint", required=False)
    topic = _text(raw, "topic", fail, f"{path}.topic", required=False)
    if kind == "text":
        for numeric_only in ("min", "max", "choices", "entry"):
            if numeric_only in raw:
                raise fail(f"{path}.{numeric_only}", "does not apply to a text item")
        max_length = raw.get("max_length", _DEFAULT_TEXT_LENGTH)
        if not _is_int(max_length) or not 1 <= max_length <= 1000:
            raise fail(f"{path}.max_length", "must be a whole number from 1 to 1000")
        return Item(code, "text", prompt, None, None, (), hint, topic, None, max_length)
    if "max_length" in raw:
        raise fail(f"{path}.max_length", "applies only to text items")
    entry = raw.get("entry", "number")
    if entry not in ENTRY_KINDS:
        raise fail(f"{path}.entry", f"must be one of {', '.join(ENTRY_KINDS)}")
    if entry != "number" and kind != "count":
        raise fail(f"{path}.entry", "only a count item can take a list of jobs")
    low, high = raw.get("min"), raw.get("max")
    if not _is_int(low):
        raise fail(f"{path}.min", "must be a whole number")
    if not _is_int(high) or high <= low:
        raise fail(f"{path}.max", "must be a whole number greater than min")
    choices = _parse_choices(raw.get("choices"), f"{path}.choices", fail, low, high, kind)
    if kind == "stereotype" and (low, high) != (1, STEREOTYPE_BOTH):
        raise fail(f"{path}.max", "stereotype items run from 1 (men) to 3 (both)")
    finding = _parse_finding(raw.get("finding"), f"{path}.finding", fail)
    return Item(
        code, cast(ItemKind, kind), prompt, low, high, choices, hint, topic, finding, None, entry
    )


def _parse_choices(
    raw: object, path: str, fail: Any, low: int, high: int, kind: str
) -> tuple[Choice, ...]:
    if raw is None:
        if kind in ("scale", "stereotype"):
            raise fail(path, f"a {kind} item needs a label and emoji for every value")
        return ()
    if not isinstance(raw, list):
        raise fail(path, "must be a list")
    choices: list[Choice] = []
    for index, entry in enumerate(raw):
        where = f"{path}[{index}]"
        if not isinstance(entry, dict) or set(entry) != {"value", "label", "emoji"}:
            raise fail(where, "must have exactly value, label and emoji")
        if not _is_int(entry["value"]):
            raise fail(f"{where}.value", "must be a whole number")
        label = _text(entry, "label", fail, f"{where}.label")
        emoji = _text(entry, "emoji", fail, f"{where}.emoji")
        choices.append(Choice(entry["value"], label, emoji))
    if [c.value for c in choices] != list(range(low, high + 1)):
        raise fail(path, f"must list every value from {low} to {high} once, in order")
    return tuple(choices)


def _parse_finding(raw: object, path: str, fail: Any) -> FindingPhrases | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"up", "down", "same"}:
        raise fail(path, "must have exactly up, down and same")
    return FindingPhrases(
        up=_text(raw, "up", fail, f"{path}.up"),
        down=_text(raw, "down", fail, f"{path}.down"),
        same=_text(raw, "same", fail, f"{path}.same"),
    )


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(raw: dict[str, Any], key: str, fail: Any, path: str, *, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise fail(path, "must be non-empty text")
    return value.strip()
