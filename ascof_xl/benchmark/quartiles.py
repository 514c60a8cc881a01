"""Quartile cut points, bands, rank and percentile: one function per statistic, polarity-aware.

Cut points follow Excel: QUARTILE.INC (linear interpolation over n - 1, the default) or
QUARTILE.EXC (over n + 1). Bands are decided by the cut points, with ties at a cut point
going to the better band; equal-count bands by rank are an option.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from typing import Sequence

BANDS = ("top", "upper-middle", "lower-middle", "bottom")
METHODS = ("inc", "exc", "rank")


def quantile_inc(ordered: Sequence[float], fraction: float) -> float | None:
    """Excel PERCENTILE.INC / QUARTILE.INC: interpolate at position (n - 1) * fraction."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def quantile_exc(ordered: Sequence[float], fraction: float) -> float | None:
    """Excel PERCENTILE.EXC / QUARTILE.EXC: interpolate at position (n + 1) * fraction.

    Excel gives #NUM! when that position falls outside 1..n; here that is None.
    """
    position = (len(ordered) + 1) * fraction
    if not ordered or position < 1 or position > len(ordered):
        return None
    below = math.floor(position)
    above = min(below + 1, len(ordered))
    return ordered[below - 1] + (position - below) * (ordered[above - 1] - ordered[below - 1])


def cut_points(ordered: Sequence[float], method: str = "inc") -> tuple[float | None, float | None, float | None]:
    """P25, median and P75 of values sorted ascending, by QUARTILE.INC ("inc") or QUARTILE.EXC ("exc")."""
    quantile = quantile_exc if method == "exc" else quantile_inc
    return quantile(ordered, 0.25), quantile(ordered, 0.5), quantile(ordered, 0.75)


def band_by_cut_points(
    value: float, cuts: tuple[float | None, float | None, float | None], polarity: str
) -> str | None:
    """The quartile band of a value; ties at a cut point go to the better band.

    Higher is better: top if value >= P75, upper-middle if >= P50, lower-middle if >= P25.
    Lower is better is the mirror. A measure without polarity is banded as higher-is-better
    (top = highest values). None when a cut point could not be computed.
    """
    p25, p50, p75 = cuts
    if p25 is None or p50 is None or p75 is None:
        return None
    if polarity == "lower":
        steps = (value <= p25, value <= p50, value <= p75)
    else:
        steps = (value >= p75, value >= p50, value >= p25)
    for band, reached in zip(BANDS, steps):
        if reached:
            return band
    return BANDS[-1]


def rank(value: float, ordered: Sequence[float], polarity: str) -> int:
    """Rank among sorted values, 1 = best; tied values share the best rank of their tie."""
    if polarity == "lower":
        return bisect_left(ordered, value) + 1
    return len(ordered) - bisect_right(ordered, value) + 1


def band_by_rank(position: int, n: int) -> str:
    """Equal-count bands: rank 1..n split into four groups as evenly as possible (ceil(4 * rank / n))."""
    return BANDS[min(3, math.ceil(4 * position / n) - 1)]


def percentile(value: float, ordered: Sequence[float], polarity: str) -> float | None:
    """Share of the other councils this value beats, 0 to 100 (Excel PERCENTRANK.INC, turned by polarity)."""
    n = len(ordered)
    if n < 2:
        return None
    worse = bisect_left(ordered, value) if polarity != "lower" else n - bisect_right(ordered, value)
    return 100.0 * worse / (n - 1)
