"""Renders the national hub overview: 16,800 schools with two submitted audits each.

Run: ``.venv/bin/python -m bench.benchmark_hub_overview [--schools N] [--repeat R]``

Builds a throwaway SQLite database (bulk inserts: schools, audits, per-benchmark scores and the
latest-audit pointers; answers are not needed by the overview and are left out), then renders
``/benchmarks/hub/`` as a platform admin (every school) through Django's test client: the whole
view, selectors, template and middleware. Prints one JSON line. Target: under one second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=16_800)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="list each query's time (stderr)")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="horizons-bench-")
    try:
        run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "horizons.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    build_started = time.perf_counter()
    admin = build(args.schools)
    build_seconds = time.perf_counter() - build_started

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(admin)

    def render(params: dict[str, str]) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/benchmarks/hub/", params)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        if args.explain:
            for query in queries.captured_queries:
                print(query["time"], query["sql"][:300], file=sys.stderr)
        return elapsed, len(queries.captured_queries), len(response.content)

    render({})  # warm caches (templates, framework file)
    timings = [render({}) for _ in range(args.repeat)]
    filtered = [render({"la": "Local authority 7", "status": "stuck"}) for _ in range(args.repeat)]
    later_page = [render({"page": "200"}) for _ in range(args.repeat)]
    print(
        json.dumps(
            {
                "schools": args.schools,
                "audits": 2 * args.schools,
                "queries": timings[0][1],
                "seconds": round(statistics.median(t[0] for t in timings), 3),
                "seconds_max": round(max(t[0] for t in timings), 3),
                "seconds_filtered": round(statistics.median(t[0] for t in filtered), 3),
                "seconds_page_200": round(statistics.median(t[0] for t in later_page), 3),
                "html_bytes": timings[0][2],
                "build_seconds": round(build_seconds, 1),
                "database": "sqlite",
            }
        )
    )


def build(count: int):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from horizons.accounts.models import User
    from horizons.benchmarks.models import Audit, AuditBenchmarkScore, SchoolAuditSummary
    from horizons.organisations.models import Hub, School

    rng = random.Random(16_800)
    hubs = Hub.objects.bulk_create(Hub(name=f"Hub {i}", slug=f"hub-{i}") for i in range(40))
    School.objects.bulk_create(
        (
            School(
                urn=100_000 + i,
                name=f"Primary school {i:05d}",
                la_name=f"Local authority {i % 150}",
                percentage_fsm=round(rng.uniform(2, 60), 1),
                hub=hubs[i % len(hubs)],
            )
            for i in range(count)
        ),
        batch_size=5_000,
    )
    schools = list(School.objects.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    audits = []
    for school_id in schools:
        first_day = now - timedelta(days=rng.randint(300, 700))
        second_day = first_day + timedelta(days=rng.randint(120, 280))
        for day in (first_day, second_day):
            audits.append(
                Audit(
                    school_id=school_id,
                    framework_version="2026.1",
                    term="Autumn 2025",
                    started_at=day,
                    updated_at=day,
                    submitted_at=day,
                    fully_achieved_count=0,  # filled in below once the figures are drawn
                    overall_percentage=0,
                )
            )
    Audit.objects.bulk_create(audits, batch_size=5_000)
    ids = list(
        Audit.objects.order_by("school_id", "submitted_at").values_list(
            "pk", "school_id", "submitted_at"
        )
    )
    scores: list[Any] = []
    summaries = []
    overall: dict[int, int] = {}
    figures: dict[int, list[int]] = {}
    for audit_id, _school_id, _day in ids:
        percentages = [rng.choice((0, 13, 25, 38, 50, 63, 75, 88, 100)) for _ in range(8)]
        overall[audit_id] = sum(percentages) // 8
        figures[audit_id] = percentages
        scores.extend(
            AuditBenchmarkScore(
                audit_id=audit_id, benchmark=n + 1, percentage=p, fully_achieved=p == 100
            )
            for n, p in enumerate(percentages)
        )
    AuditBenchmarkScore.objects.bulk_create(scores, batch_size=10_000)
    for index in range(0, len(ids), 2):
        (first_id, school_id, _), (latest_id, _, latest_day) = ids[index], ids[index + 1]
        assert latest_day is not None
        summary = SchoolAuditSummary(
            school_id=school_id,
            first_audit_id=first_id,
            previous_audit_id=first_id,
            latest_audit_id=latest_id,
            latest_submitted_at=latest_day,
            audit_count=2,
            change_since_first=overall[latest_id] - overall[first_id],
            change_since_previous=overall[latest_id] - overall[first_id],
            latest_fully_achieved=figures[latest_id].count(100),
        )
        summary.set_latest_percentages(dict(enumerate(figures[latest_id], start=1)))
        summaries.append(summary)
    SchoolAuditSummary.objects.bulk_create(summaries, batch_size=5_000)
    return User.objects.create_superuser("bench-admin@example.org", "bench-password")


if __name__ == "__main__":
    main()
