"""Benchmark: impact analysis of 100,000 before/after pairs across every assessment item.

Run: .venv/bin/python -m bench.programme_impact [--pairs N] [--repeats R]
Prints one JSON line; the target is under one second for 100,000 pairs. It also times one
school-sized cohort (30 pupils) from cold caches, where scipy's exact permutation Wilcoxon test
for groups of up to 13 pupils dominates.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from horizons.programmes import impact
from horizons.programmes.impact import PairRecord, analyse
from horizons.programmes.instrument import instrument
from horizons.programmes.templates_data import get_template

# The instrument comes from the programme template, as the impact page takes it.
ASSESSMENT = instrument(get_template("aspirations-health-care").instrument)


def make_records(n_pairs: int, seed: int = 20250303) -> list[PairRecord]:
    """Synthetic cohort: every pupil answers every numeric item, ~3% miss the post answer."""
    rng = np.random.default_rng(seed)
    items = [item for item in ASSESSMENT.items if item.is_numeric]
    n_pupils = -(-n_pairs // len(items))
    pupil_premium = rng.random(n_pupils) < 0.3
    send = rng.random(n_pupils) < 0.15
    genders = rng.choice(
        ["girl", "boy", "other", "not_given"], n_pupils, p=[0.48, 0.48, 0.02, 0.02]
    )
    records: list[PairRecord] = []
    for index in range(n_pairs):
        pupil, item = divmod(index, len(items))
        spec = items[item]
        assert spec.min is not None and spec.max is not None
        pre = int(rng.integers(spec.min, spec.max + 1))
        post = min(spec.max, max(spec.min, pre + int(rng.integers(-1, 3))))
        records.append(
            PairRecord(
                pupil_ref=f"p{pupil}",
                item=spec.code,
                pre=pre,
                post=None if rng.random() < 0.03 else post,
                pupil_premium=bool(pupil_premium[pupil]),
                send=bool(send[pupil]),
                gender=str(genders[pupil]),
            )
        )
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    records = make_records(args.pairs)
    analyse(
        records[:1000], assessment=ASSESSMENT
    )  # warm caches (scipy imports, t quantiles) outside the timing
    timings = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        report = analyse(records, assessment=ASSESSMENT)
        timings.append(time.perf_counter() - start)
    school = make_records(30 * 18, seed=5)
    impact._wilcoxon_small.cache_clear()
    start = time.perf_counter()
    analyse(school, assessment=ASSESSMENT)
    school_seconds = time.perf_counter() - start
    result = {
        "bench": "programme_impact",
        "pairs": args.pairs,
        "items": len(report.items),
        "repeats": args.repeats,
        "seconds_best": round(min(timings), 4),
        "seconds_median": round(float(np.median(timings)), 4),
        "seconds_max": round(max(timings), 4),
        "target_seconds": 1.0,
        "within_target": max(timings) < 1.0,
        "school_cohort_pupils": 30,
        "school_cohort_seconds_cold": round(school_seconds, 4),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
