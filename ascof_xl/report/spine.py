"""Spine-chart geometry: where a council's value sits in England's range, worst to best.

As in a Fingertips spine chart, each measure is drawn on its own scale: the worst council at 0,
the England median at 50 and the best council at 100, each half linear, so a lower-is-better
measure reads the same way round as the others and one far-out council does not squeeze the
rest. The bar is split at the quartile cut points into the four bands; the council's mark is a
short segment cut out of it, so the whole chart is one stacked bar chart that Excel and
LibreOffice both draw.
"""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.quartiles import BANDS

SCALE = 100.0
MARK_WIDTH = 1.6  # width of the council's mark, on the 0-100 scale
WORST_FIRST = tuple(reversed(BANDS))  # bottom, lower-middle, upper-middle, top: left to right


def scaled(value: float, worst: float, median: float, best: float) -> float:
    """A value's place on the scale: worst council 0, England median 50, best council 100."""
    half = SCALE / 2
    if (value - median) * (best - median) > 0:  # on the better side of the median
        return half + half * min(1.0, (value - median) / (best - median))
    if value != median and worst != median:
        return half - half * min(1.0, (value - median) / (worst - median))
    return half


def band_edges(row: dict[str, Any]) -> list[tuple[str, float, float]] | None:
    """Each band's (name, start, end) on the 0-100 scale, worst band first; None without a distribution."""
    england = row["groups"]["england"]
    lowest, highest, p25, median, p75 = row["lowest"], row["highest"], england["p25"], england["median"], england["p75"]
    if None in (lowest, highest, p25, median, p75):
        return None
    worst, best = (highest, lowest) if row["polarity"] == "lower" else (lowest, highest)
    cuts = (p75, median, p25) if row["polarity"] == "lower" else (p25, median, p75)
    points = [0.0, *(scaled(c, worst, median, best) for c in cuts), SCALE]
    return [(band, points[i], points[i + 1]) for i, band in enumerate(WORST_FIRST)]


def mark_position(row: dict[str, Any]) -> float | None:
    """The council's value on the 0-100 scale, or None when it has no value."""
    median = row["groups"]["england"]["median"]
    if row["value"] is None or row["lowest"] is None or median is None:
        return None
    worst, best = (row["highest"], row["lowest"]) if row["polarity"] == "lower" else (row["lowest"], row["highest"])
    if row["value"] == best:  # at the best end even where half the councils share the best value
        return SCALE
    if row["value"] == worst:
        return 0.0
    return scaled(row["value"], worst, median, best)


def segments(row: dict[str, Any]) -> list[float] | None:
    """The stacked widths, band by band worst first: before the mark, the mark, after the mark.

    Twelve numbers summing to 100; the mark's width sits in the band where the mark starts.
    None when the measure has no England distribution.
    """
    edges = band_edges(row)
    if edges is None:
        return None
    position = mark_position(row)
    start = SCALE if position is None else min(max(position - MARK_WIDTH / 2, 0.0), SCALE - MARK_WIDTH)
    end = start + (0.0 if position is None else MARK_WIDTH)
    widths = []
    for _, low, high in edges:
        before = max(0.0, min(high, start) - low)
        holds_mark = position is not None and low <= start < high
        after = max(0.0, high - max(low, end))
        widths += [before, MARK_WIDTH if holds_mark else 0.0, after]
    return widths
