"""Benchmark: the careers library's search box, as the pure search and through the web page.

    .venv/bin/python -m bench.careers_search [--queries 200] [--repeats 1]

Single process, no database needed (the search page makes no queries). The queries mix what
children write (the aspiration evaluation set: misspellings, phrases), words still being typed
("astro"), things they like ("animals"), emoji, other scripts, offensive words and a
10,000-character paste. Each query is timed once with the matcher's memory cleared, so every
figure is a first-time search; ``--repeats`` runs the list again (memory kept) for warm figures.

Prints one JSON line:

* ``search_p50_ms`` / ``search_p95_ms`` / ``search_max_ms`` — ``library.search()``;
* ``view_p50_ms`` / ``view_p95_ms`` / ``view_max_ms`` — ``GET /careers/search/?q=…`` through
  Django's test client (middleware, view, template), the full page;
* ``htmx_p95_ms`` — the live-results partial the page asks for while a child types;
* ``target_ms`` (50) and ``meets_target`` — the issue's target for the page's p95.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import time
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path

EVAL_CSV = Path(__file__).resolve().parent.parent / "tests" / "careers" / "aspirations_eval.csv"
TARGET_MS = 50.0
ODD_QUERIES = [
    "",
    "animals",
    "outdoors",
    "computers and games",
    "astro",
    "vetnary",
    "🐶🐱🦄",
    "طبيب بيطري",
    "ветеринар",
    "獣医",
    "bollocks",
    "a vet, you bastard",
    "x" * 10_000,
    "vet " * 2_500,
    "<script>alert(1)</script>",
]


def _queries(count: int) -> list[str]:
    with EVAL_CSV.open(newline="", encoding="utf-8") as handle:
        answers = [row["answer"] for row in csv.DictReader(handle)]
    words = sorted({word for answer in answers for word in answer.split() if len(word) > 4})
    partial = [word[: max(3, len(word) // 2)] for word in words[::4]]
    mixed = ODD_QUERIES + [q for pair in zip(answers[::2], cycle(partial)) for q in pair]
    return list(islice(cycle(mixed), count))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _time(
    run: Callable[[str], object], queries: list[str], forget: Callable[[], None]
) -> list[float]:
    latencies = []
    for query in queries:
        forget()
        started = time.perf_counter()
        run(query)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=1, help="warm passes after the cold one")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "horizons.settings")
    import django

    django.setup()
    from django.test import Client

    from horizons.careers import library
    from horizons.careers.matching import default_matcher
    from horizons.careers.text import skeleton

    started = time.perf_counter()
    matcher = default_matcher()
    books = library.catalogue()
    build_ms = (time.perf_counter() - started) * 1000

    def forget() -> None:
        matcher._cache.clear()
        skeleton.cache_clear()

    queries = _queries(args.queries)
    client = Client()
    client.get("/careers/search/", {"q": "warm up the templates"})

    def view(query: str) -> None:
        response = client.get("/careers/search/", {"q": query})
        assert response.status_code == 200, response.status_code

    def htmx(query: str) -> None:
        response = client.get("/careers/search/", {"q": query}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    search_ms = _time(library.search, queries, forget)
    view_ms = _time(view, queries, forget)
    htmx_ms = _time(htmx, queries, forget)
    warm_ms: list[float] = []
    for _ in range(args.repeats):
        warm_ms += _time(view, queries, lambda: None)

    view_p95 = _percentile(view_ms, 0.95)
    print(
        json.dumps(
            {
                "queries": len(queries),
                "profiles": len(books),
                "build_ms": round(build_ms, 1),
                "search_p50_ms": round(_percentile(search_ms, 0.5), 2),
                "search_p95_ms": round(_percentile(search_ms, 0.95), 2),
                "search_max_ms": round(max(search_ms), 2),
                "view_p50_ms": round(_percentile(view_ms, 0.5), 2),
                "view_p95_ms": round(view_p95, 2),
                "view_max_ms": round(max(view_ms), 2),
                "view_mean_ms": round(statistics.fmean(view_ms), 2),
                "htmx_p95_ms": round(_percentile(htmx_ms, 0.95), 2),
                "view_warm_p95_ms": round(_percentile(warm_ms, 0.95), 2) if warm_ms else None,
                "target_ms": TARGET_MS,
                "meets_target": view_p95 < TARGET_MS,
            }
        )
    )


if __name__ == "__main__":
    main()
