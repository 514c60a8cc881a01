"""Confidence interval, significance against the group's comparator and recent trend for one measure.

The interval follows what the published data allow: the survey's own margin of error for
survey measures, Wilson for proportions and Byar/exact Poisson for rates per 100,000 where
numerator and denominator are published. Where the data do not allow it, the fields say why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ascof_xl.catalogue import Measure, framework_for_year, load_catalogue
from ascof_xl.catalogue.series import comparable_previous_year, series_code
from ascof_xl.councils import Council, code_in_year
from ascof_xl.published.store import Store
from ascof_xl.stats import Interval, compare_with, margin_of_error_interval, rate_interval, recent_trend, wilson_interval
from ascof_xl.stats.trend import FEWER_THAN_FIVE, POINTS_USED
from ascof_xl.years import year_start

CONFIDENCES = (0.95, 0.998)  # reported as ci_* and ci_*_998
NO_VALUE = "no value"
FEWER_THAN_FIVE_COMPARABLE = "fewer than 5 comparable years"


def interval_for(
    store: Store, year: str, area: str, code: str, value: float | None, unit: str, survey: bool, confidence: float
) -> Interval | str:
    """The measure's interval for one area and year, or the reason there is none."""
    if value is None:
        return NO_VALUE
    margin = stored_value(store, year, area, code, "Margin Of Error")
    if margin is not None:
        return margin_of_error_interval(value, margin, confidence)
    if survey:
        return "no margin of error"
    numerator = stored_value(store, year, area, code, "Numerator")
    denominator = stored_value(store, year, area, code, "Denominator")
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
    """trend: the assessment, or why there is none; trend_method: the test used; trend_note: what
    ended the run of comparable years, where the publication says so."""
    if value is None:
        return {"trend": NO_VALUE, "trend_method": None, "trend_note": None}
    run = trend_run(store, council, year, code, unit, survey)
    trend = recent_trend(run.points, polarity)
    if trend.reason is None:
        return {"trend": trend.assessment, "trend_method": trend.method, "trend_note": None}
    if trend.reason == FEWER_THAN_FIVE and run.ended_by is not None:
        return {"trend": FEWER_THAN_FIVE_COMPARABLE, "trend_method": None, "trend_note": run.ended_by}
    return {"trend": trend.reason, "trend_method": None, "trend_note": None}


class Run(NamedTuple):
    """A council's comparable values ending with one year, oldest first, and what ended them
    (a break or a year standing apart, as the publication says), if anything the catalogue records."""

    points: list[dict[str, Any]]
    ended_by: str | None


def stored_value(store: Store, year: str, area: str, code: str, measure_type: str = "Outcome") -> float | None:
    """A value by the measure's catalogue code, or by a code it was published under (2E for 2E1)."""
    found = store.value(year, area, code, measure_type)
    if found is not None:
        return found
    measure = load_catalogue(framework_for_year(year)).find(code)
    for alias in measure.get("aliases", ()) if measure else ():
        if (found := store.value(year, area, alias, measure_type)) is not None:
            return found
    return None


def holds(store: Store, council: Council) -> Callable[[str, str], bool]:
    """Whether the store holds the council's value (or its predecessor's) for a year and code."""

    def held(year: str, code: str) -> bool:
        area = code_in_year(council, year)
        return area is not None and stored_value(store, year, area, code) is not None

    return held


def trend_run(store: Store, council: Council, year: str, code: str, unit: str, survey: bool) -> Run:
    """The council's values in the run of comparable years ending with `year`, oldest first.

    The run follows lineage across the framework change (2024-25 1B continues old 1J), steps
    over a year standing apart (2020-21 for the users' survey) and ends at a recorded break in
    series, at a year with no value, or after five points. Each point carries its year as
    "time", its counts (proportions from returns) or its interval. Before a council took over its
    area unchanged, its predecessor's values count.
    """
    points: list[dict[str, Any]] = []
    each, each_code = year, code
    while len(points) < POINTS_USED and (area := code_in_year(council, each)) is not None:
        value = stored_value(store, each, area, each_code)
        if value is None:
            return Run(points, None)
        point: dict[str, Any] = {"year": each, "time": year_start(each), "value": value}
        numerator = stored_value(store, each, area, each_code, "Numerator")
        denominator = stored_value(store, each, area, each_code, "Denominator")
        if not survey and unit == "percentage" and _are_counts(numerator, denominator):
            point |= {"numerator": numerator, "denominator": denominator}
        interval = interval_for(store, each, area, each_code, value, unit, survey, 0.95)
        if isinstance(interval, Interval):
            point |= {"lower": interval.lower, "upper": interval.upper, "confidence": 0.95}
        points.insert(0, point)
        if len(points) == POINTS_USED:
            break
        before, reason = comparable_previous_year(each_code, each, has_value=holds(store, council))
        if before is None:
            return Run(points, reason)
        each_code = series_code(each_code, framework_for_year(each), before)
        if each_code is None:
            return Run(points, None)
        each = before
    return Run(points, None)


def _are_counts(numerator: float | None, denominator: float | None) -> bool:
    """True when a numerator and denominator can feed the chi-squared test for trend."""
    return numerator is not None and denominator is not None and 0 <= numerator <= denominator and denominator > 0
