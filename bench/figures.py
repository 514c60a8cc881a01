"""Timing helpers shared by the benchmark scripts: best of several runs, one line per figure."""

from __future__ import annotations

import time
from typing import Callable


def best_seconds(work: Callable[[], object], repeats: int = 5) -> float:
    """The fastest of several runs of `work`, in seconds (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def report(name: str, value: float, unit: str, target: str) -> None:
    """Print one figure: name, value, unit and target, separated by tabs."""
    print(f"{name}\t{value:.3f}\t{unit}\ttarget {target}")
