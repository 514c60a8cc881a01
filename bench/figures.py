"""Timing helpers shared by the benchmark scripts: best of several runs, one line per figure."""

from __future__ import annotations

import time
from typing import Callable


def best_seconds(work: Callable[[], object], repeats: int = 5,
                 clock: Callable[[], float] = time.perf_counter) -> float:
    """The fastest of several runs of `work`, in seconds (the least disturbed by other load); with
    clock=time.process_time, the processor time: what the work costs, whatever else the machine does."""
    best = float("inf")
    for _ in range(repeats):
        start = clock()
        work()
        best = min(best, clock() - start)
    return best


def report(name: str, value: float, unit: str, target: str) -> None:
    """Print one figure: name, value, unit and target, separated by tabs."""
    print(f"{name}\t{value:.3f}\t{unit}\ttarget {target}")
