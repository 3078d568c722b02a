"""Benchmark: a facilitator's hub impact report over 10,000 children, rendered end to end.

Run: .venv/bin/python -m bench.programme_impact_report [--children N] [--repeats R]

Seeds a fresh SQLite database in a temporary folder (never the project's own) with one hub,
one school and cohort per 30 children, each child with before and after answers to every
question (about 380,000 answers for 10,000 children), then times GET /programmes/impact/ as
the hub's facilitator through Django's test client: the view, the pairing query, the
statistics, the charts and the template. Prints one JSON line; the target is under 2 seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def _setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_DEBUG"] = "0"  # as in production: no query log, cached templates
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "horizons.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _seed(children: int, cohort_size: int) -> tuple[Any, int, int]:
    import numpy as np
    from django.utils import timezone

    from horizons.accounts.models import Membership, Role, User
    from horizons.organisations.models import Hub, School
    from horizons.programmes.instrument import instrument
    from horizons.programmes.models import AssessmentAnswer, Cohort, Consent, Pupil
    from horizons.programmes.pictures import assign_picture_codes

    rng = np.random.default_rng(2025)
    hub = Hub.objects.create(name="Bench Hub", slug="bench")
    user = User.objects.create_user("facilitator@bench.test", "bench-password")
    Membership.objects.create(user=user, role=Role.FACILITATOR, hub=hub)
    n_cohorts = -(-children // cohort_size)
    School.objects.bulk_create(
        School(urn=800000 + i, name=f"Bench Primary {i}", hub=hub) for i in range(n_cohorts)
    )
    schools = list(School.objects.filter(hub=hub).order_by("urn"))
    Cohort.objects.bulk_create(
        Cohort(
            school=school,
            template_slug="aspirations-health-care" if i % 2 else "aspirations-stem",
            name=f"Year 5 {i}",
            year_group=5,
            class_code=f"B{i:05d}",
            status=Cohort.Status.FINISHED,
        )
        for i, school in enumerate(schools)
    )
    cohorts = list(Cohort.objects.filter(school__hub=hub).order_by("pk"))
    codes = assign_picture_codes(cohort_size, rng=None)
    genders = rng.choice(
        ["girl", "boy", "other", "not_given"], children, p=[0.48, 0.48, 0.02, 0.02]
    )
    premium = rng.random(children) < 0.3
    send = rng.random(children) < 0.15
    Pupil.objects.bulk_create(
        (
            Pupil(
                cohort=cohorts[i // cohort_size],
                first_name=f"Child{i}",
                last_initial="B",
                year_group=5,
                class_name="5B",
                gender=str(genders[i]),
                pupil_premium=bool(premium[i]),
                send=bool(send[i]),
                picture=codes[i % cohort_size].picture,
                picture_number=codes[i % cohort_size].number,
            )
            for i in range(children)
        ),
        batch_size=5000,
    )
    pupil_ids = list(Pupil.objects.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    Consent.objects.bulk_create(
        (
            Consent(
                pupil_id=pk,
                applied_at=now,
                parent_consent="granted",
                method="paper",
                token=f"bench-{pk}",
            )
            for pk in pupil_ids
        ),
        batch_size=5000,
    )
    jobs = [("nurse", "Nurse"), ("doctor", "Doctor"), ("vet", "Vet"), ("engineer", "Engineer")]
    items = list(instrument("aspirations-v1").items)
    answers: list[AssessmentAnswer] = []
    total = 0
    for pk in pupil_ids:
        for item in items:
            if item.kind == "text":
                for phase in ("pre", "post"):
                    slug, title = jobs[int(rng.integers(len(jobs)))]
                    answers.append(
                        AssessmentAnswer(
                            pupil_id=pk,
                            phase=phase,
                            item=item.code,
                            text=title,
                            job_slug=slug,
                            job_title=title,
                            job_category="job",
                        )
                    )
                continue
            assert item.min is not None and item.max is not None
            pre = int(rng.integers(item.min, item.max + 1))
            post = min(item.max, max(item.min, pre + int(rng.integers(-1, 3))))
            answers.append(AssessmentAnswer(pupil_id=pk, phase="pre", item=item.code, value=pre))
            answers.append(AssessmentAnswer(pupil_id=pk, phase="post", item=item.code, value=post))
        if len(answers) >= 20000:
            AssessmentAnswer.objects.bulk_create(answers, batch_size=5000)
            total += len(answers)
            answers = []
    AssessmentAnswer.objects.bulk_create(answers, batch_size=5000)
    total += len(answers)
    return user, len(cohorts), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--cohort-size", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--reuse",
        type=Path,
        help="keep the seeded database at this path and reuse it on the next run",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="horizons-bench-") as folder:
        database = args.reuse or Path(folder) / "bench.sqlite3"
        seeded = database.exists()
        _setup(database)
        from django.db import connection
        from django.test import Client

        from horizons.accounts.models import User
        from horizons.programmes.models import AssessmentAnswer, Cohort

        started = time.perf_counter()
        if seeded:
            user = User.objects.get(email="facilitator@bench.test")
            cohorts, answers = Cohort.objects.count(), AssessmentAnswer.objects.count()
        else:
            user, cohorts, answers = _seed(args.children, args.cohort_size)
        seed_seconds = time.perf_counter() - started
        client = Client()
        client.force_login(user)
        # Test client requests count as "from testserver", which settings allow outside
        # production; warm up once (imports, template compilation).
        response = client.get("/programmes/impact/")
        assert response.status_code == 200, response.status_code
        assert b"Figures for each question" in response.content
        queries: list[str] = []

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get("/programmes/impact/")
        timings, cpu = [], []
        for _ in range(args.repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get("/programmes/impact/")
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(
            json.dumps(
                {
                    "bench": "programme_impact_report",
                    "children": args.children,
                    "cohorts": cohorts,
                    "answers": answers,
                    "database": "sqlite",
                    "queries": len(queries),
                    "repeats": args.repeats,
                    "seconds_best": round(min(timings), 3),
                    "seconds_median": round(statistics.median(timings), 3),
                    "seconds_max": round(max(timings), 3),
                    # CPU time of this process: what the render costs when the machine is
                    # not shared (wall time above grows with other work on the same cores).
                    "cpu_seconds_median": round(statistics.median(cpu), 3),
                    "target_seconds": 2.0,
                    "within_target": max(timings) < 2.0,
                    "seed_seconds": round(seed_seconds, 1),
                    "page_bytes": len(response.content),
                }
            )
        )


if __name__ == "__main__":
    main()
