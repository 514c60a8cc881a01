"""Whether a council's value changed significantly since last year.

Last year's value is tested against this year's 95% confidence interval, as Fingertips tests a
comparator (single overlapping interval): outside it is a significant change, inside is similar.
"""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.statistics import NO_VALUE
from ascof_xl.stats import Interval, compare_with

NO_PREVIOUS = "no value last year"
SERIES_BREAK = "series break"
NO_INTERVAL = "no interval"


def change_from_last_year(row: dict[str, Any]) -> str:
    """better / worse / similar (higher / lower without polarity), or why the change cannot be tested."""
    if row["value"] is None:
        return NO_VALUE
    if row["previous_value"] is None:
        return NO_PREVIOUS
    if row["series_break"]:
        return SERIES_BREAK
    if row["ci_lower"] is None or row["ci_upper"] is None:
        return row["ci_note"] or NO_INTERVAL
    interval = Interval(row["value"], row["ci_lower"], row["ci_upper"], 0.95, row["ci_method"] or "")
    return compare_with(interval, row["previous_value"], row["polarity"])
