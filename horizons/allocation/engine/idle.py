"""How many cores stood idle while the solver worked: is a second core free to race on?

Racing two HiGHS strategies (race.py) pays only when the second core is idle. On a machine
busy with other work the two racers share the CPU one solve would have had, and a campaign
that both strategies prove equally fast takes twice as long (docs/allocation.md, city,
fourth round: seed 11, 14.6 s on one core against 29.2 s raced, load average 4–6).

The load average cannot tell: it lags by a minute and counts the solver's own earlier
racers. Instead the solver reads the kernel's CPU counters (`/proc/stat`) when it starts and
again when the race would begin. In between it was working on one core (the instance and
the flow), so the idle time in that interval is what the other cores left free. Where there
is no `/proc/stat` (not Linux), or the interval is too short to measure, nothing is known and
the race goes ahead as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STAT = Path("/proc/stat")
# Below this many clock ticks across all cores (usually 100 a second each) the interval says
# nothing useful: a 20 ms interval on two cores is four ticks.
MIN_TICKS = 10


@dataclass(frozen=True)
class CpuTimes:
    idle: int  # clock ticks spent idle or waiting for disk, all cores together
    total: int  # all clock ticks, all cores together


def parse_stat(text: str) -> CpuTimes | None:
    """The machine-wide line of /proc/stat: `cpu user nice system idle iowait irq …`."""
    for line in text.splitlines():
        fields = line.split()
        if fields and fields[0] == "cpu":
            ticks = [int(f) for f in fields[1:]]
            # guest time is already counted in user and nice: fields 9 and 10 are left out
            counted = ticks[:8]
            idle = sum(counted[3:5])
            return CpuTimes(idle, sum(counted))
    return None


def read_cpu_times() -> CpuTimes | None:
    try:
        return parse_stat(STAT.read_text())
    except (OSError, ValueError):
        return None


def idle_cores(before: CpuTimes | None, after: CpuTimes | None, cores: int) -> float | None:
    """Cores that stood idle on average between the two readings; None if it cannot be told."""
    if before is None or after is None:
        return None
    total = after.total - before.total
    if total < MIN_TICKS:
        return None
    idle = max(0, after.idle - before.idle)
    return round(cores * idle / total, 2)
