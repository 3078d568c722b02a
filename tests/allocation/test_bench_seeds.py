"""`python -m bench.allocation --seeds A-B`: many seeds and their distribution."""

from __future__ import annotations

import argparse
import json

import pytest

from bench.allocation import distribution, main, parse_seeds, percentile


def test_parse_seeds_reads_ranges_and_lists() -> None:
    assert parse_seeds("1-5") == [1, 2, 3, 4, 5]
    assert parse_seeds("1,6,11") == [1, 6, 11]
    assert parse_seeds("1-3,9") == [1, 2, 3, 9]
    assert parse_seeds("7") == [7]


@pytest.mark.parametrize("bad", ["5-1", "a-b", "1-", ""])
def test_parse_seeds_says_what_to_fix(bad: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="range|seed"):
        parse_seeds(bad)


def test_percentile_is_nearest_rank() -> None:
    values = [float(x) for x in range(1, 11)]  # 1 … 10
    assert percentile(values, 0.9) == 9.0
    assert percentile(values, 0.5) == 5.0
    assert percentile([3.0], 0.9) == 3.0
    assert percentile([float(x) for x in range(1, 51)], 0.9) == 45.0


def test_distribution_counts_the_proven_and_the_slowest() -> None:
    runs = [
        {"seed": 1, "status": "OPTIMAL", "seconds": 0.5, "cpu_seconds": 0.4},
        {"seed": 2, "status": "FEASIBLE", "seconds": 9.0, "cpu_seconds": 3.0},
        {"seed": 3, "status": "OPTIMAL", "seconds": 1.5, "cpu_seconds": 1.0},
        {"seed": 4, "status": "OPTIMAL", "seconds": 0.7, "cpu_seconds": 0.6},
    ]
    d = distribution(runs)  # type: ignore[arg-type]
    assert d["median_seconds"] == 1.1  # (0.7 + 1.5) / 2
    assert d["p90_seconds"] == 9.0
    assert d["max_seconds"] == 9.0
    assert d["slowest_seed"] == 2
    assert d["proven_optimal"] == 3
    assert d["not_proven"] == [2]
    assert d["seeds"] == "1-4"
    assert d["median_cpu_seconds"] == 0.8  # (0.6 + 1.0) / 2
    assert d["max_cpu_seconds"] == 3.0


def test_seeds_runs_each_seed_and_prints_the_distribution(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--schools", "6", "--volunteers", "10", "--days", "1", "--seeds", "1-3"]
    assert main(argv + ["--time-limit", "10"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert [line["seed"] for line in lines[:3]] == [1, 2, 3]
    summary = lines[3]
    assert summary["runs"] == 3
    assert summary["proven_optimal"] == sum(line["status"] == "OPTIMAL" for line in lines[:3])
    assert summary["max_seconds"] == max(line["seconds"] for line in lines[:3])
    assert {"median_seconds", "p90_seconds", "not_proven", "max_cpu_seconds"} <= summary.keys()
    assert all(line["cpu_seconds"] >= 0 for line in lines[:3])
