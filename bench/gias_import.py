"""How long the national GIAS file takes to import. Target: under a minute.

`python -m bench.gias_import [--rows 50000]`

Generates a national-sized file (bench.gias_generate) in a temporary directory and imports it into
a fresh SQLite database there - or into DATABASE_URL when that is set, for PostgreSQL - three
times: the first import, a re-import of the same file (nothing changes), and an import of next
year's file in which a tenth of the schools have new pupil numbers; then once more with
`include_closed`, which adds the closed establishments, so every row of the file is written.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gias-bench-") as directory:
        workdir = Path(directory)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "horizons.settings")
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")

        import django

        django.setup()

        from django.core.management import call_command

        from bench.gias_generate import generate_gias_file
        from horizons.organisations.gias import read_gias
        from horizons.organisations.gias_import import import_gias
        from horizons.organisations.models import School

        call_command("migrate", run_syncdb=True, verbosity=0)
        School.objects.all().delete()  # a DATABASE_URL given may hold an earlier run's schools

        this_year = workdir / "edubasealldata-this-year.csv"
        next_year = workdir / "edubasealldata-next-year.csv"
        stats = generate_gias_file(this_year, rows=options.rows, seed=1)
        generate_gias_file(next_year, rows=options.rows, seed=1, changed=0.1)

        started = time.perf_counter()
        read_gias(this_year)
        parse_seconds = time.perf_counter() - started

        timings = {}
        results = {}
        runs = [
            ("first", this_year, False),
            ("reimport", this_year, False),
            ("changed", next_year, False),
            ("include_closed", next_year, True),
        ]
        for label, path, include_closed in runs:
            started = time.perf_counter()
            results[label] = import_gias(path=path, include_closed=include_closed)
            timings[label] = time.perf_counter() - started

        first, changed = results["first"], results["changed"]
        print(
            json.dumps(
                {
                    "benchmark": "gias_import",
                    "database": django.db.connection.vendor,
                    **stats,
                    "schools": School.objects.count(),
                    "created": first.created,
                    "skipped": len(first.skipped),
                    "parse_seconds": round(parse_seconds, 2),
                    "first_import_seconds": round(timings["first"], 2),
                    "reimport_seconds": round(timings["reimport"], 2),
                    "reimport_unchanged": results["reimport"].unchanged,
                    "changed_import_seconds": round(timings["changed"], 2),
                    "changed_updated": changed.updated,
                    "include_closed_seconds": round(timings["include_closed"], 2),
                    "include_closed_created": results["include_closed"].created,
                    "target_seconds": 60,
                    "within_target": max(timings.values()) < 60,
                }
            )
        )


if __name__ == "__main__":
    main()
