"""Benchmark: how fast children's answers are matched, and how fast the search box answers.

    .venv/bin/python -m bench.aspiration_matching [--answers 100000] [--queries 200]

Single process. Prints one JSON line:

* ``answers_per_second`` — the evaluation answers repeated up to ``--answers`` through
  ``match()``, as a class's or a city week's answers arrive: a fresh matcher, so each distinct
  answer is worked out once and repeats come from its memory (children repeat each other a lot);
* ``answers_per_second_uncached`` — every distinct evaluation answer worked out from scratch
  (memory cleared before each), the worst case of a set where no two children agree;
* ``search_p50_ms`` / ``search_p95_ms`` — latency of ``search()`` over ``--queries`` queries
  (evaluation answers and partly typed words);
* ``accuracy`` — share of the evaluation set matched correctly (same rule as the test).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from itertools import cycle, islice
from pathlib import Path

from horizons.careers.matching import AspirationMatcher, build_matcher
from horizons.careers.profiles import load_profiles
from horizons.careers.text import skeleton

EVAL_CSV = Path(__file__).resolve().parent.parent / "tests" / "careers" / "aspirations_eval.csv"


def _rows() -> list[dict[str, str]]:
    with EVAL_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _accuracy(matcher: AspirationMatcher, rows: list[dict[str, str]]) -> tuple[int, int]:
    correct = 0
    for row in rows:
        match = matcher.match(row["answer"])
        if row["slug"]:
            correct += match.slug == row["slug"] or (
                match.soc is not None and match.soc == row["soc"]
            )
        else:
            correct += match.slug is None
    return correct, len(rows)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    rows = _rows()
    answers = [row["answer"] for row in rows]
    profiles = load_profiles()

    started = time.perf_counter()
    matcher = build_matcher(profiles)
    build_seconds = time.perf_counter() - started

    stream = list(islice(cycle(answers), args.answers))
    started = time.perf_counter()
    for answer in stream:
        matcher.match(answer)
    cached_seconds = time.perf_counter() - started

    cold = build_matcher(profiles)
    repeats = max(1, 5_000 // len(answers))
    started = time.perf_counter()
    for _ in range(repeats):
        for answer in answers:
            cold._cache.clear()
            skeleton.cache_clear()
            cold.match(answer)
    uncached_seconds = time.perf_counter() - started

    words = sorted({word for answer in answers for word in answer.split() if len(word) > 3})
    partial = [word[: max(3, len(word) // 2)] for word in words]
    queries = list(islice(cycle(answers[::2] + partial[::3]), args.queries))
    searcher = build_matcher(profiles)  # fresh: nothing remembered from the runs above
    latencies = []
    for query in queries:
        started = time.perf_counter()
        searcher.search(query)
        latencies.append((time.perf_counter() - started) * 1000)

    correct, total = _accuracy(build_matcher(profiles), rows)
    print(
        json.dumps(
            {
                "answers": len(stream),
                "distinct_answers": len(set(answers)),
                "answers_per_second": round(len(stream) / cached_seconds),
                "answers_per_second_uncached": round(repeats * len(answers) / uncached_seconds),
                "build_ms": round(build_seconds * 1000, 1),
                "search_queries": len(queries),
                "search_p50_ms": round(_percentile(latencies, 0.5), 3),
                "search_p95_ms": round(_percentile(latencies, 0.95), 3),
                "search_mean_ms": round(statistics.fmean(latencies), 3),
                "accuracy": round(correct / total, 4),
                "correct": correct,
                "total": total,
            }
        )
    )


if __name__ == "__main__":
    main()
