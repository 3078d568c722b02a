"""Accuracy of the aspiration matcher on answers written the way children aged 7-11 write.

``aspirations_eval.csv`` (columns ``answer,soc,slug``) was written before the matcher and is
not tuned to it. An answer counts as correct when the matcher returns the labelled slug, or a
different profile with the same SOC code (e.g. "athlete" for "sportsperson"), or — for the
non-job rows, whose slug and soc are empty — no profile at all.
"""

import csv
from collections import Counter
from pathlib import Path

import pytest

from horizons.careers.matching import AspirationMatcher, default_matcher
from horizons.careers.profiles import profiles_by_slug

EVAL_CSV = Path(__file__).with_name("aspirations_eval.csv")
TARGET_ACCURACY = 0.95


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with EVAL_CSV.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["answer", "soc", "slug"]
        return list(reader)


def is_correct(matcher: AspirationMatcher, row: dict[str, str]) -> bool:
    match = matcher.match(row["answer"])
    if not row["slug"]:
        return match.slug is None
    return match.slug == row["slug"] or (match.soc is not None and match.soc == row["soc"])


def test_the_set_is_big_and_varied(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 320
    assert len({row["answer"] for row in rows}) == len(rows)
    job_slugs = Counter(row["slug"] for row in rows if row["slug"])
    assert len(job_slugs) >= 80
    non_jobs = [row for row in rows if not row["slug"]]
    assert len(non_jobs) >= 35
    assert all(not row["soc"] for row in non_jobs)


def test_every_label_is_a_profile_with_that_soc(rows: list[dict[str, str]]) -> None:
    profiles = profiles_by_slug()
    wrong = [
        (row["answer"], row["slug"], row["soc"])
        for row in rows
        if row["slug"] and (row["slug"] not in profiles or profiles[row["slug"]].soc != row["soc"])
    ]
    assert wrong == []


def test_accuracy_meets_the_target(rows: list[dict[str, str]]) -> None:
    matcher = default_matcher()
    misses = [row for row in rows if not is_correct(matcher, row)]
    accuracy = 1 - len(misses) / len(rows)
    print(f"\naspiration matching accuracy: {len(rows) - len(misses)}/{len(rows)} = {accuracy:.3f}")
    for row in misses:
        match = matcher.match(row["answer"])
        print(
            f"  MISS {row['answer']!r}: wanted {row['slug'] or '(not a job)'} {row['soc']}, "
            f"got {match.slug or match.category + '/' + str(match.reason)} {match.soc or ''}"
        )
    assert accuracy >= TARGET_ACCURACY
