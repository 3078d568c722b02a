"""Scores many random audits against the shipped framework with ``score_many``.

Run: ``.venv/bin/python -m bench.benchmark_scoring [--audits N] [--seed S]``
Prints one JSON line. Target: 100,000 audits in under 5 seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from horizons.benchmarks.framework import load_framework
from horizons.benchmarks.scoring import State, score, score_many

STATES = [state.value for state in State]


def random_audits(criterion_ids: tuple[str, ...], count: int, seed: int) -> list[dict[str, str]]:
    """Audits as stored: criterion id → state string, with some criteria left unanswered."""
    rng = random.Random(seed)
    audits = []
    for _ in range(count):
        # Most audits are nearly complete; a few were only just begun. Schools differ in how
        # far along they are, so some reach several fully achieved benchmarks.
        answer_share = rng.choice((1.0, 1.0, 0.9, 0.5, 0.1))
        maturity = rng.random()
        weights = ((1 - maturity) ** 2, 0.3, maturity**2 * 3)
        audits.append(
            {
                criterion_id: rng.choices(STATES, weights)[0]
                for criterion_id in criterion_ids
                if rng.random() < answer_share
            }
        )
    return audits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--audits", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    framework = load_framework()
    audits = random_audits(framework.criterion_ids, args.audits, args.seed)

    started = time.perf_counter()
    results = score_many(framework, audits)
    seconds = time.perf_counter() - started

    # A spot check that the fast path agrees with the reference on a sample (not timed).
    sample = random.Random(args.seed).sample(range(len(audits)), min(200, len(audits)))
    assert all(results[i] == score(framework, audits[i]) for i in sample)

    print(
        json.dumps(
            {
                "audits": len(results),
                "criteria": len(framework.criterion_ids),
                "framework_version": framework.version,
                "seconds": round(seconds, 3),
                "audits_per_second": round(len(results) / seconds) if seconds else None,
                "mean_fully_achieved_count": round(
                    sum(r.fully_achieved_count for r in results) / max(len(results), 1), 3
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
