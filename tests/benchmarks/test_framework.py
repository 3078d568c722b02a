"""The framework data: the shipped version meets the rules, broken files fail clearly, versions."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from horizons.benchmarks.framework import (
    DATA_DIR,
    Framework,
    FrameworkError,
    available_versions,
    latest_version,
    load_framework,
    version_key,
)
from horizons.benchmarks.scoring import score

SHIPPED_FILE = DATA_DIR / "primary-2026.1.yaml"
Raw = dict[str, Any]


def shipped_raw() -> Raw:
    return yaml.safe_load(SHIPPED_FILE.read_text(encoding="utf-8"))


def write_version(folder: Path, raw: Raw, version: str | None = None) -> Path:
    version = version or raw["version"]
    path = folder / f"primary-{version}.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# --- the shipped framework -------------------------------------------------------------------


def test_shipped_framework_loads_as_the_latest_version() -> None:
    framework = load_framework()
    assert framework.version == "2026.1"
    assert framework.title
    assert "2026.1" in available_versions()
    assert framework is load_framework("2026.1")  # cached


def test_shipped_framework_meets_the_rules() -> None:
    framework = load_framework("2026.1")
    assert [b.number for b in framework.benchmarks] == list(range(1, 9))
    assert [b.title for b in framework.benchmarks] == [
        "Careers and personal development programme",
        "Career and labour market information",
        "Addressing the needs of each pupil",
        "Linking curriculum learning to careers",
        "Encounters with employers and employees",
        "Experiences of workplaces",
        "Encounters with further and higher education",
        "Personal guidance",
    ]
    ids = framework.criterion_ids
    assert len(ids) == len(set(ids))
    # About 44 criteria keeps the audit to roughly twenty minutes.
    assert 40 <= len(ids) <= 48
    for benchmark in framework.benchmarks:
        assert 4 <= len(benchmark.criteria) <= 8
        assert benchmark.summary and benchmark.what_good_looks_like
        sentences = re.findall(r"[.!?](?:\s|$)", benchmark.what_good_looks_like)
        assert 2 <= len(sentences) <= 3, benchmark.number
        for position, criterion in enumerate(benchmark.criteria, start=1):
            assert criterion.id == f"{benchmark.number}.{position}"
            assert criterion.benchmark == benchmark.number
            assert criterion.text.endswith(".")
            assert 1 <= len(criterion.evidence) <= 4
            assert 1 <= len(criterion.actions) <= 3
            for action in criterion.actions:
                assert action.text.endswith(".")
                assert action.owner_hint


def test_shipped_framework_is_in_british_english_and_for_primary() -> None:
    text = SHIPPED_FILE.read_text(encoding="utf-8")
    for american in ("program ", "organiz", "behavior", "center ", "practicing", "counselor"):
        assert american not in text.lower()
    for theme in ("parents and carers", "governor", "stereotype", "Key Stage 1", "SEND",
                  "pupil premium", "secondary school", "virtual", "8 essential skills",
                  "My Future"):  # fmt: skip
        assert theme in text, theme


def test_helpers_find_criteria_and_benchmarks() -> None:
    framework = load_framework("2026.1")
    assert framework.criterion("3.2").benchmark == 3
    assert framework.benchmark(8).title == "Personal guidance"
    assert framework.has_criterion("8.1") and not framework.has_criterion("9.1")
    assert [c.id for c in framework.criteria] == list(framework.criterion_ids)
    assert framework.benchmark(2).criterion_ids == ("2.1", "2.2", "2.3", "2.4", "2.5")
    with pytest.raises(KeyError, match="9.9"):
        framework.criterion("9.9")
    with pytest.raises(KeyError, match="9"):
        framework.benchmark(9)


def test_a_round_trip_through_yaml_gives_an_equal_framework(tmp_path: Path) -> None:
    write_version(tmp_path, shipped_raw())
    assert load_framework("2026.1", data_dir=tmp_path) == load_framework("2026.1")


# --- broken files ----------------------------------------------------------------------------


def _set(path: list[Any], value: Any) -> Callable[[Raw], None]:
    def mutate(raw: Raw) -> None:
        target: Any = raw
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


def _delete(path: list[Any]) -> Callable[[Raw], None]:
    def mutate(raw: Raw) -> None:
        target: Any = raw
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return mutate


def _append_copy(path: list[Any], times: int = 1) -> Callable[[Raw], None]:
    def mutate(raw: Raw) -> None:
        target: Any = raw
        for step in path:
            target = target[step]
        for _ in range(times):
            target.append(copy.deepcopy(target[-1]))

    return mutate


def _copy_benchmark(source: int, target: int) -> Callable[[Raw], None]:
    def mutate(raw: Raw) -> None:
        raw["benchmarks"][target] = copy.deepcopy(raw["benchmarks"][source])

    return mutate


BROKEN: dict[str, tuple[Callable[[Raw], None], str]] = {
    "version not matching the file name": (
        _set(["version"], "2026.2"),
        r"version: '2026\.2' does not match the file name",
    ),
    "version not quoted": (_set(["version"], 2026.1), r"version: must be quoted text"),
    "missing title": (_delete(["title"]), r"top level: missing field\(s\) title"),
    "unknown top-level field": (_set(["author"], "x"), r"top level: unknown field\(s\) author"),
    "only seven benchmarks": (
        _delete(["benchmarks", 7]),
        r"benchmarks: must be numbered 1 to 8 once each: benchmark 8 is missing",
    ),
    "benchmark repeated": (
        _copy_benchmark(source=6, target=7),
        r"benchmark 7 appears more than once; benchmark 8 is missing",
    ),
    "benchmark number out of range": (
        _set(["benchmarks", 2, "number"], 9),
        r"benchmarks\[2\]\.number: must be a whole number 1 to 8, found 9",
    ),
    "benchmark number as text": (
        _set(["benchmarks", 2, "number"], "3"),
        r"benchmarks\[2\]\.number: must be a whole number 1 to 8, found '3'",
    ),
    "empty benchmark summary": (
        _set(["benchmarks", 3, "summary"], "   "),
        r"benchmark 4\.summary: must be non-empty text",
    ),
    "too few criteria": (
        _set(["benchmarks", 1, "criteria"], []),
        r"benchmark 2\.criteria: must have 4 to 8 items, found 0",
    ),
    "too many criteria": (
        _append_copy(["benchmarks", 0, "criteria"], times=3),
        r"benchmark 1\.criteria: must have 4 to 8 items, found 9",
    ),
    "criterion id under the wrong benchmark": (
        _set(["benchmarks", 4, "criteria", 0, "id"], "4.9"),
        r"benchmark 5\.criteria\[0\]\.id: must be quoted text \"5\.<n>\"",
    ),
    "criterion id not a string": (
        _set(["benchmarks", 4, "criteria", 0, "id"], 5.1),
        r"benchmark 5\.criteria\[0\]\.id: .*found 5\.1",
    ),
    "duplicate criterion id": (
        _set(["benchmarks", 5, "criteria", 1, "id"], "6.1"),
        r"benchmark 6 criterion 6\.1: id already used",
    ),
    "empty criterion text": (
        _set(["benchmarks", 0, "criteria", 2, "text"], ""),
        r"benchmark 1 criterion 1\.3\.text: must be non-empty text",
    ),
    "no evidence": (
        _set(["benchmarks", 0, "criteria", 0, "evidence"], []),
        r"criterion 1\.1\.evidence: must have 1 to 4 items, found 0",
    ),
    "too much evidence": (
        _set(["benchmarks", 0, "criteria", 0, "evidence"], ["a", "b", "c", "d", "e"]),
        r"criterion 1\.1\.evidence: must have 1 to 4 items, found 5",
    ),
    "no actions": (
        _set(["benchmarks", 7, "criteria", 0, "actions"], []),
        r"criterion 8\.1\.actions: must have 1 to 3 items, found 0",
    ),
    "too many actions": (
        _append_copy(["benchmarks", 7, "criteria", 0, "actions"], times=3),
        r"criterion 8\.1\.actions: must have 1 to 3 items, found 4",
    ),
    "action without text": (
        _set(["benchmarks", 7, "criteria", 0, "actions", 0], {"owner_hint": "SENCo"}),
        r"criterion 8\.1\.actions\[0\]: missing field\(s\) text",
    ),
    "empty owner hint": (
        _set(["benchmarks", 7, "criteria", 0, "actions", 0, "owner_hint"], ""),
        r"criterion 8\.1\.actions\[0\]\.owner_hint: must be non-empty text",
    ),
    "misspelt criterion field": (
        _set(["benchmarks", 0, "criteria", 0, "evidance"], ["x"]),
        r"benchmark 1\.criteria\[0\]: unknown field\(s\) evidance",
    ),
    "criteria not a list": (
        _set(["benchmarks", 0, "criteria"], "1.1"),
        r"benchmark 1\.criteria: must be a list",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_framework_files_fail_with_a_clear_message(tmp_path: Path, case: str) -> None:
    mutate, message = BROKEN[case]
    raw = shipped_raw()
    mutate(raw)
    write_version(tmp_path, raw, version="2026.1")
    with pytest.raises(FrameworkError, match=message) as caught:
        load_framework("2026.1", data_dir=tmp_path)
    assert str(caught.value).startswith("primary-2026.1.yaml: ")


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "primary-2026.1.yaml").write_text("version: '2026.1\ntitle: [", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"^primary-2026\.1\.yaml: not valid YAML"):
        load_framework("2026.1", data_dir=tmp_path)


def test_a_file_that_is_not_a_mapping_fails(tmp_path: Path) -> None:
    (tmp_path / "primary-2026.1.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"top level: must be a mapping"):
        load_framework("2026.1", data_dir=tmp_path)


def test_unknown_version_lists_the_available_ones(tmp_path: Path) -> None:
    write_version(tmp_path, shipped_raw())
    with pytest.raises(FrameworkError, match=r"No framework version '2025\.1'.*available: 2026\.1"):
        load_framework("2025.1", data_dir=tmp_path)
    with pytest.raises(FrameworkError, match="not dotted numbers"):
        load_framework("../secrets", data_dir=tmp_path)


def test_an_empty_folder_has_no_latest_version(tmp_path: Path) -> None:
    assert available_versions(tmp_path) == []
    with pytest.raises(FrameworkError, match="No framework files"):
        load_framework(data_dir=tmp_path)


# --- versions --------------------------------------------------------------------------------


def test_versions_order_numerically() -> None:
    versions = ["2026.10", "2026.2", "2027.1", "2026.9"]
    assert sorted(versions, key=version_key) == ["2026.2", "2026.9", "2026.10", "2027.1"]


def test_available_versions_ignores_other_files(tmp_path: Path) -> None:
    raw = shipped_raw()
    for version in ("2026.10", "2026.9"):
        write_version(tmp_path, {**raw, "version": version})
    (tmp_path / "primary-draft.yaml").write_text("not: loaded", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert available_versions(tmp_path) == ["2026.9", "2026.10"]
    assert latest_version(tmp_path) == "2026.10"


def test_a_new_version_does_not_change_old_audits(tmp_path: Path) -> None:
    old_raw = shipped_raw()
    write_version(tmp_path, old_raw)
    answers = dict.fromkeys(("1.1", "1.2", "1.3", "1.4", "1.5", "1.6"), "fully_achieved")
    answers |= {"2.1": "fully_achieved", "2.2": "in_progress", "2.3": "fully_achieved"}
    started_on = load_framework(data_dir=tmp_path).version  # the audit records this
    before = score(load_framework(started_on, data_dir=tmp_path), answers)

    # 2027.1 adds a criterion to benchmark 1 and retires 2.5.
    new_raw = copy.deepcopy(old_raw)
    new_raw["version"] = "2027.1"
    extra = copy.deepcopy(new_raw["benchmarks"][0]["criteria"][0])
    extra["id"] = "1.7"
    extra["text"] = "Pupils help to plan a careers event for their school."
    new_raw["benchmarks"][0]["criteria"].append(extra)
    del new_raw["benchmarks"][1]["criteria"][4]
    write_version(tmp_path, new_raw)

    assert latest_version(tmp_path) == "2027.1"
    newest: Framework = load_framework(data_dir=tmp_path)
    assert newest.version == "2027.1"
    after_publishing = score(load_framework(started_on, data_dir=tmp_path), answers)
    assert after_publishing == before
    assert after_publishing.benchmarks[1].fully_achieved
    assert before.benchmarks[2].percentage == 50  # 2.5 of 5
    # The same answers mean something else under the new version, which is why audits keep theirs.
    rescored = score(newest, answers)
    assert not rescored.benchmarks[1].fully_achieved
    assert rescored.benchmarks[2].percentage == 63  # 2.5 of 4
