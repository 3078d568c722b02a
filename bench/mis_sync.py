"""Benchmark reading class lists from the MIS: a 2,000-pupil school, or a hub of many schools,
through each connector against the local fake services the tests use (no network).

    .venv/bin/python -m bench.mis_sync --pupils 2000
    .venv/bin/python -m bench.mis_sync --schools 1000 --pupils 300

prints one JSON line per connector: schools, pupils read, requests made, seconds, and the
changes a first sync would preview for one Year 5 group per school (Django-free: the read,
the record checks and the diff; applying is one bulk insert per group).
"""

from __future__ import annotations

import argparse
import json
import time

from horizons.programmes.mis import diff, records
from horizons.programmes.mis.http import JsonClient
from horizons.programmes.mis.oneroster import OneRosterConnector
from horizons.programmes.mis.wonde import WondeConnector
from tests.programmes.fake_http import serve
from tests.programmes.fake_oneroster import FakeOneRoster
from tests.programmes.fake_wonde import FakeWonde

CLASSES_PER_YEAR = 4


def _school(pupils: int) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for i in range(pupils):
        year = 1 + i % 6
        klass = f"{year}{'ABCD'[(i // 6) % CLASSES_PER_YEAR]}"
        rows.append((f"P{i:05d}", f"Child{i}", f"Surname{i}", str(year), klass))
    return rows


def _one_school(kind: str, rows: list[tuple[str, str, str, str, str]]) -> tuple[int, int, int]:
    if kind == "oneroster":
        fake_or = FakeOneRoster()
        for klass in sorted({r[4] for r in rows}):
            fake_or.add_class(f"c{klass}", klass)
        for ext, first, surname, year, klass in rows:
            fake_or.add_pupil(ext, first, surname, f"0{year}", f"c{klass}")
        with serve(fake_or):
            connector_or = OneRosterConnector(
                base_url=fake_or.base_url,
                client_id="horizons",
                client_secret="s3cret",
                client=JsonClient(service="OneRoster"),
            )
            pupils = records.validate(connector_or.pupils())
            requests = connector_or.requests_made
    else:
        fake_w = FakeWonde()
        for ext, first, surname, year, klass in rows:
            fake_w.add_pupil(ext, first, surname, year, klass)
        with serve(fake_w):
            connector_w = WondeConnector(
                base_url=fake_w.base_url,
                school_id=fake_w.school_id,
                token=fake_w.token,
                client=JsonClient(service="Wonde"),
            )
            pupils = records.validate(connector_w.pupils())
            requests = connector_w.requests_made
    plan = diff.plan(held=[], records=pupils, year_group=5, classes=["5A", "5B"])
    return len(pupils), requests, len(plan.joiners)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--schools", type=int, default=1)
    args = parser.parse_args()
    rows = _school(args.pupils)
    for kind in ("oneroster", "wonde"):
        start = time.perf_counter()
        read = requests = joiners = 0
        for _ in range(args.schools):
            n, r, j = _one_school(kind, rows)
            read, requests, joiners = read + n, requests + r, joiners + j
        print(
            json.dumps(
                {
                    "connector": kind,
                    "schools": args.schools,
                    "pupils_read": read,
                    "requests": requests,
                    "joiners_previewed": joiners,
                    "seconds": round(time.perf_counter() - start, 2),
                }
            )
        )


if __name__ == "__main__":
    main()
