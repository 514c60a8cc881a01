"""Significance of a council's value against a comparator (England, region, nearest neighbours).

Follows the Fingertips "single overlapping confidence interval" comparison: the comparator
value is tested against the council's interval, then polarity turns Higher/Lower into
Better/Worse.
"""

from __future__ import annotations

import math

from .intervals import Interval

from ascof_xl.catalogue.schema import POLARITIES
CANNOT_BE_CALCULATED = "cannot be calculated"

def check_polarity(polarity: str) -> None:
    """Raise ValueError unless polarity is "higher" or "lower" (which direction is better) or "none"."""
    if polarity not in POLARITIES:
        raise ValueError(
            f"polarity must be one of {', '.join(POLARITIES)} (which direction is better); got {polarity!r}"
        )


def _missing(number: float | None) -> bool:
    return number is None or (isinstance(number, float) and math.isnan(number))


def is_better(upward: bool, polarity: str) -> bool | None:
    """Whether an upward (or downward) difference is better under polarity; None when polarity is "none"."""
    check_polarity(polarity)
    if polarity == "none":
        return None
    return upward == (polarity == "higher")


def compare_with(interval: Interval, comparator: float | None, polarity: str) -> str:
    """Compare a council's interval with a comparator value (Fingertips single overlapping CIs).

    Comparator strictly outside the interval gives "higher"/"lower" (or "better"/"worse" by polarity);
    inside or on a bound gives "similar".
    """
    check_polarity(polarity)
    if _missing(interval.lower) or _missing(interval.upper) or _missing(comparator):
        return CANNOT_BE_CALCULATED
    if comparator < interval.lower:
        direction = "higher"
    elif comparator > interval.upper:
        direction = "lower"
    else:
        return "similar"
    better = is_better(direction == "higher", polarity)
    if better is None:
        return direction
    return "better" if better else "worse"
