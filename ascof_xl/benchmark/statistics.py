"""Confidence interval, significance against the group's comparator and recent trend for one measure.

The interval follows what the published data allow: the survey's own margin of error for
survey measures, Wilson for proportions and Byar/exact Poisson for rates per 100,000 where
numerator and denominator are published. Where the data do not allow it, the fields say why.
"""

from __future__ import annotations

from typing import Any

from ascof_xl.catalogue import Measure
from ascof_xl.councils import Council, code_in_year
from ascof_xl.published.store import Store
from ascof_xl.years import previous_year
from ascof_xl.stats import Interval, compare_with, margin_of_error_interval, rate_interval, recent_trend, wilson_interval
from ascof_xl.stats.trend import POINTS_USED

CONFIDENCES = (0.95, 0.998)  # reported as ci_* and ci_*_998
NO_VALUE = "no value"


def interval_for(
    store: Store, year: str, area: str, code: str, value: float | None, unit: str, survey: bool, confidence: float
) -> Interval | str:
    """The measure's interval for one area and year, or the reason there is none."""
    if value is None:
        return NO_VALUE
    margin = store.value(year, area, code, "Margin Of Error")
    if margin is not None:
        return margin_of_error_interval(value, margin, confidence)
    if survey:
        return "no margin of error"
    numerator = store.value(year, area, code, "Numerator")
    denominator = store.value(year, area, code, "Denominator")
    if numerator is None or denominator is None or denominator <= 0:
        return "no denominator"
    try:
        if unit == "rate per 100,000":
            return rate_interval(numerator, denominator, confidence, multiplier=100_000)
        if unit == "percentage":
            return wilson_interval(numerator, denominator, confidence, multiplier=100)
    except ValueError:
        return "numerator and denominator do not fit"
    return "no method for this unit"


def measure_statistics(
    store: Store, council: Council, year: str, code: str, polarity: str,
    value: float | None, comparator: float | None, info: Measure,
) -> dict[str, Any]:
    """ci_lower, ci_upper, significance (95% and 99.8%) and trend for one council and measure."""
    unit = info.unit
    survey = info.get("survey", "none") != "none"
    found: dict[str, Any] = {"ci_method": None, "ci_note": None}
    for confidence, suffix in zip(CONFIDENCES, ("", "_998")):
        interval = interval_for(store, year, council.ons_code, code, value, unit, survey, confidence)
        if isinstance(interval, str):  # the reason there is no interval
            found |= {f"ci_lower{suffix}": None, f"ci_upper{suffix}": None, f"significance{suffix}": interval}
            found["ci_note"] = interval
            continue
        found |= {f"ci_lower{suffix}": interval.lower, f"ci_upper{suffix}": interval.upper}
        found[f"significance{suffix}"] = (
            compare_with(interval, comparator, polarity) if comparator is not None else "no comparator value"
        )
        found["ci_method"] = found["ci_method"] or interval.method
    found |= _trend_fields(store, council, year, code, unit, survey, polarity, value)
    return found


def _trend_fields(
    store: Store, council: Council, year: str, code: str, unit: str, survey: bool, polarity: str, value: float | None
) -> dict[str, Any]:
    """trend: the assessment, or why there is none; trend_method: the test used."""
    if value is None:
        return {"trend": NO_VALUE, "trend_method": None}
    trend = recent_trend(trend_points(store, council, year, code, unit, survey), polarity)
    if trend.reason is not None:
        return {"trend": trend.reason, "trend_method": None}
    return {"trend": trend.assessment, "trend_method": trend.method}


def trend_points(store: Store, council: Council, year: str, code: str, unit: str, survey: bool) -> list[dict[str, Any]]:
    """The council's values in the unbroken run of years ending with `year`, oldest first.

    Each point carries its counts (proportions from returns) or its interval; a year with no
    value ends the run, so points are always a year apart. Before a council took over its area
    unchanged, its predecessor's values count.
    """
    points: list[dict[str, Any]] = []
    each = year
    while len(points) < POINTS_USED and (area := code_in_year(council, each)) is not None:
        value = store.value(each, area, code)
        if value is None:
            break
        point: dict[str, Any] = {"year": each, "value": value}
        numerator = store.value(each, area, code, "Numerator")
        denominator = store.value(each, area, code, "Denominator")
        if not survey and unit == "percentage" and _are_counts(numerator, denominator):
            point |= {"numerator": numerator, "denominator": denominator}
        interval = interval_for(store, each, area, code, value, unit, survey, 0.95)
        if isinstance(interval, Interval):
            point |= {"lower": interval.lower, "upper": interval.upper, "confidence": 0.95}
        points.insert(0, point)
        each = previous_year(each)
    return points


def _are_counts(numerator: float | None, denominator: float | None) -> bool:
    """True when a numerator and denominator can feed the chi-squared test for trend."""
    return numerator is not None and denominator is not None and 0 <= numerator <= denominator and denominator > 0
