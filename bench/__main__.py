"""`make bench`: run every benchmark with its default size and print each one's figures.

Run one on its own with `python -m bench.<name> --help` to see its options (for example the
national-scale allocation run, which takes minutes and is left out of the default set).
"""

import importlib.util
import subprocess
import sys
import time

BENCHMARKS: list[tuple[str, list[str]]] = [
    ("bench.benchmark_scoring", []),
    ("bench.benchmark_hub_overview", []),
    ("bench.gias_import", []),
    ("bench.aspiration_matching", []),
    ("bench.careers_search", []),
    ("bench.programme_impact", []),
    ("bench.programme_impact_report", []),
    ("bench.encounters_reach", []),
    ("bench.booking_contention", []),
    ("bench.allocation", ["--schools", "35", "--volunteers", "80", "--days", "5", "--seed", "1"]),
    (
        "bench.allocation",
        ["--schools", "1000", "--volunteers", "2000", "--days", "5", "--seed", "1"],
    ),
]


def main() -> int:
    failures = 0
    for module, args in BENCHMARKS:
        if importlib.util.find_spec(module) is None:
            continue
        started = time.perf_counter()
        print(f"== {module} {' '.join(args)}", flush=True)
        result = subprocess.run([sys.executable, "-m", module, *args], check=False)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
