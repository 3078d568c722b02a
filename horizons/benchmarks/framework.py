"""The primary careers benchmark framework: versioned YAML data, validated on load.

Each framework version lives in ``data/primary-<version>.yaml``. Published versions are never
changed in meaning: an audit records the version it was started on and is always scored with
``load_framework(audit.framework_version)``, so publishing a new version cannot move an old
audit's score. ``load_framework()`` with no version is only for starting a new audit.

Pure module: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
FILE_PREFIX = "primary-"
FILE_SUFFIX = ".yaml"
# The primary framework has eight benchmarks, numbered 1 to 8: the one place that says so.
BENCHMARK_NUMBERS = tuple(range(1, 9))
MIN_CRITERIA, MAX_CRITERIA = 4, 8
MIN_EVIDENCE, MAX_EVIDENCE = 1, 4
MIN_ACTIONS, MAX_ACTIONS = 1, 3

# Dotted whole numbers such as "2026.1"; compared numerically so "2026.10" follows "2026.9".
_VERSION_PATTERN = re.compile(r"^\d+(\.\d+)*$")


class FrameworkError(ValueError):
    """A framework file is missing or does not meet the rules; the message names file and field."""


@dataclass(frozen=True, slots=True)
class SuggestedAction:
    text: str
    owner_hint: str | None = None


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    benchmark: int
    text: str
    evidence: tuple[str, ...]
    actions: tuple[SuggestedAction, ...]


@dataclass(frozen=True, slots=True)
class Benchmark:
    number: int
    title: str
    summary: str
    what_good_looks_like: str
    criteria: tuple[Criterion, ...]

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(criterion.id for criterion in self.criteria)


@dataclass(frozen=True)
class Framework:
    version: str
    title: str
    benchmarks: tuple[Benchmark, ...]
    # Look-up tables built once; excluded from equality and repr because they are derived.
    _criteria_by_id: dict[str, Criterion] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _benchmarks_by_number: dict[int, Benchmark] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._benchmarks_by_number.update((b.number, b) for b in self.benchmarks)
        self._criteria_by_id.update((c.id, c) for b in self.benchmarks for c in b.criteria)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion in framework order (benchmark, then criterion)."""
        return tuple(self._criteria_by_id.values())

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(self._criteria_by_id)

    def criterion(self, criterion_id: str) -> Criterion:
        try:
            return self._criteria_by_id[criterion_id]
        except KeyError:
            raise KeyError(
                f"No criterion {criterion_id!r} in framework version {self.version}"
            ) from None

    def has_criterion(self, criterion_id: str) -> bool:
        return criterion_id in self._criteria_by_id

    def benchmark(self, number: int) -> Benchmark:
        try:
            return self._benchmarks_by_number[number]
        except KeyError:
            raise KeyError(f"No benchmark {number!r} in framework version {self.version}") from None


def version_key(version: str) -> tuple[int, ...]:
    """Sort key for framework versions: numeric comparison of each dotted part."""
    if not _VERSION_PATTERN.match(version):
        raise FrameworkError(f"Framework version {version!r} is not dotted numbers like '2026.1'")
    return tuple(int(part) for part in version.split("."))


def _resolve_dir(data_dir: Path | str | None) -> Path:
    return DATA_DIR if data_dir is None else Path(data_dir).resolve()


def available_versions(data_dir: Path | str | None = None) -> list[str]:
    """Framework versions present in the data folder, oldest first."""
    folder = _resolve_dir(data_dir)
    versions = []
    for path in folder.glob(f"{FILE_PREFIX}*{FILE_SUFFIX}"):
        version = path.name[len(FILE_PREFIX) : -len(FILE_SUFFIX)]
        if _VERSION_PATTERN.match(version):
            versions.append(version)
    return sorted(versions, key=version_key)


def latest_version(data_dir: Path | str | None = None) -> str:
    """The newest version: the one a new audit should start on."""
    versions = available_versions(data_dir)
    if not versions:
        raise FrameworkError(f"No framework files named {FILE_PREFIX}<version>.yaml in {data_dir}")
    return versions[-1]


def load_framework(version: str | None = None, data_dir: Path | str | None = None) -> Framework:
    """Load and validate a framework version (None = latest). Results are cached per file."""
    folder = _resolve_dir(data_dir)
    if version is None:
        version = latest_version(folder)
    return _load_cached(version, folder)


@lru_cache(maxsize=32)
def _load_cached(version: str, folder: Path) -> Framework:
    version_key(version)  # rejects odd strings before they become file names
    path = folder / f"{FILE_PREFIX}{version}{FILE_SUFFIX}"
    if not path.is_file():
        known = ", ".join(available_versions(folder)) or "none"
        raise FrameworkError(f"No framework version {version!r} in {folder} (available: {known})")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise FrameworkError(f"{path.name}: not valid YAML: {error}") from error
    return _Parser(path.name, version).framework(raw)


def clear_cache() -> None:
    """Forget loaded frameworks (for tests that rewrite a file in place)."""
    _load_cached.cache_clear()


class _Parser:
    """Turns the raw YAML into dataclasses, reporting the first broken rule by file and field."""

    def __init__(self, file_name: str, expected_version: str) -> None:
        self.file_name = file_name
        self.expected_version = expected_version

    def fail(self, where: str, problem: str) -> FrameworkError:
        return FrameworkError(f"{self.file_name}: {where}: {problem}")

    def mapping(self, value: Any, where: str, required: set[str], optional: set[str]) -> dict:
        if not isinstance(value, Mapping):
            raise self.fail(where, "must be a mapping of fields")
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(where, f"missing field(s) {', '.join(missing)}")
        unknown = sorted(str(key) for key in value.keys() - required - optional)
        if unknown:
            raise self.fail(where, f"unknown field(s) {', '.join(unknown)}")
        return dict(value)

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "must be non-empty text")
        return " ".join(value.split())

    def sequence(self, value: Any, where: str, low: int, high: int) -> list:
        if not isinstance(value, list):
            raise self.fail(where, "must be a list")
        if not low <= len(value) <= high:
            expected = f"exactly {low}" if low == high else f"{low} to {high}"
            raise self.fail(where, f"must have {expected} items, found {len(value)}")
        return value

    def framework(self, raw: Any) -> Framework:
        data = self.mapping(raw, "top level", {"version", "title", "benchmarks"}, set())
        version = data["version"]
        if not isinstance(version, str):
            raise self.fail("version", f'must be quoted text such as "2026.1", found {version!r}')
        if version != self.expected_version:
            raise self.fail(
                "version",
                f"{version!r} does not match the file name (expected {self.expected_version!r})",
            )
        title = self.text(data["title"], "title")
        raw_benchmarks = data["benchmarks"]
        if not isinstance(raw_benchmarks, list):
            raise self.fail("benchmarks", "must be a list")
        benchmarks = [self.benchmark(item, index) for index, item in enumerate(raw_benchmarks)]
        numbers = [benchmark.number for benchmark in benchmarks]
        duplicated = sorted({number for number in numbers if numbers.count(number) > 1})
        missing = sorted(set(BENCHMARK_NUMBERS) - set(numbers))
        if duplicated or missing:
            problems = [f"benchmark {n} appears more than once" for n in duplicated]
            problems += [f"benchmark {n} is missing" for n in missing]
            raise self.fail(
                "benchmarks", "must be numbered 1 to 8 once each: " + "; ".join(problems)
            )
        seen: dict[str, int] = {}
        for benchmark in benchmarks:
            for criterion in benchmark.criteria:
                if criterion.id in seen:
                    raise self.fail(
                        f"benchmark {benchmark.number} criterion {criterion.id}",
                        f"id already used in benchmark {seen[criterion.id]}",
                    )
                seen[criterion.id] = benchmark.number
        benchmarks.sort(key=lambda benchmark: benchmark.number)
        return Framework(version=version, title=title, benchmarks=tuple(benchmarks))

    def benchmark(self, raw: Any, index: int) -> Benchmark:
        where = f"benchmarks[{index}]"
        data = self.mapping(
            raw,
            where,
            {"number", "title", "summary", "what_good_looks_like", "criteria"},
            set(),
        )
        number = data["number"]
        if (
            not isinstance(number, int)
            or isinstance(number, bool)
            or number not in BENCHMARK_NUMBERS
        ):
            raise self.fail(f"{where}.number", f"must be a whole number 1 to 8, found {number!r}")
        where = f"benchmark {number}"
        raw_criteria = self.sequence(
            data["criteria"], f"{where}.criteria", MIN_CRITERIA, MAX_CRITERIA
        )
        return Benchmark(
            number=number,
            title=self.text(data["title"], f"{where}.title"),
            summary=self.text(data["summary"], f"{where}.summary"),
            what_good_looks_like=self.text(
                data["what_good_looks_like"], f"{where}.what_good_looks_like"
            ),
            criteria=tuple(
                self.criterion(item, number, f"{where}.criteria[{position}]")
                for position, item in enumerate(raw_criteria)
            ),
        )

    def criterion(self, raw: Any, benchmark: int, where: str) -> Criterion:
        data = self.mapping(raw, where, {"id", "text", "evidence", "actions"}, set())
        criterion_id = data["id"]
        if not isinstance(criterion_id, str) or not re.fullmatch(
            rf"{benchmark}\.[1-9]\d*", criterion_id
        ):
            raise self.fail(
                f"{where}.id",
                f'must be quoted text "{benchmark}.<n>" for benchmark {benchmark}, '
                f"found {criterion_id!r}",
            )
        where = where.rsplit(".criteria", 1)[0] + f" criterion {criterion_id}"
        evidence = self.sequence(data["evidence"], f"{where}.evidence", MIN_EVIDENCE, MAX_EVIDENCE)
        actions = self.sequence(data["actions"], f"{where}.actions", MIN_ACTIONS, MAX_ACTIONS)
        return Criterion(
            id=criterion_id,
            benchmark=benchmark,
            text=self.text(data["text"], f"{where}.text"),
            evidence=tuple(
                self.text(item, f"{where}.evidence[{i}]") for i, item in enumerate(evidence)
            ),
            actions=tuple(
                self.action(item, f"{where}.actions[{i}]") for i, item in enumerate(actions)
            ),
        )

    def action(self, raw: Any, where: str) -> SuggestedAction:
        data = self.mapping(raw, where, {"text"}, {"owner_hint"})
        owner_hint = data.get("owner_hint")
        return SuggestedAction(
            text=self.text(data["text"], f"{where}.text"),
            owner_hint=None if owner_hint is None else self.text(owner_hint, f"{where}.owner_hint"),
        )
