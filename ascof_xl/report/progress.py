"""Positive progress and measures to watch, each with the evidence behind it.

A measure is listed when it changed significantly since last year, when its recent trend is
significant, or when it moved into the top or bottom quartile against England. Nothing is listed
on a change too small to test.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ascof_xl.report.wording import band_word, format_value

TREND_CONFIDENCE = "99.8%"


def progress_and_watch(measures: list[dict[str, Any]], year: str) -> tuple[list[dict], list[dict]]:
    """(positive progress, measures to watch): one entry per measure, its evidence as sentences."""
    progress, watch = [], []
    for measure in measures:
        good, bad = [], []
        if measure["change"] == "better":
            good.append(change_evidence(measure, year, "better"))
        elif measure["change"] == "worse":
            bad.append(change_evidence(measure, year, "worse"))
        if measure["trend"] == "improving":
            good.append(trend_evidence(measure))
        elif measure["trend"] == "worsening":
            bad.append(trend_evidence(measure))
        moved = band_move(measure)
        if moved and measure["groups"]["england"]["band"] == "top":
            good.append(moved)
        elif moved:
            bad.append(moved)
        entry = {"code": measure["code"], "short_title": measure["short_title"]}
        if good:
            progress.append(entry | {"evidence": good})
        if bad:
            watch.append(entry | {"evidence": bad})
    return progress, watch


def _value(measure: dict[str, Any], value: float | None, extra_decimals: int = 0) -> str:
    return format_value(value, measure["unit"], measure["decimals"] + extra_decimals)


def change_evidence(measure: dict[str, Any], year: str, verdict: str) -> str:
    """"93.1% in 2020-21, up from 90.9% in 2019-20: significantly better (last year's value is outside ...)"."""
    value, before = measure["value"], measure["previous_value"]
    way = "up" if value > before else "down"
    return (
        f"{_value(measure, value)} in {year}, {way} from {_value(measure, before)} in {measure['previous_year']}: "
        f"significantly {verdict} than last year (last year's value is outside this year's 95% confidence "
        f"interval, {_value(measure, measure['ci_lower'], 1)} to {_value(measure, measure['ci_upper'], 1)})"
    )


def trend_evidence(measure: dict[str, Any]) -> str:
    """"improving over the five values of 2016-17, 2017-18, ... (chi-squared test for trend, 99.8% confidence)"."""
    years = measure["trend_years"]
    listed = ", ".join(years[:-1]) + " and " + years[-1] if len(years) > 1 else "".join(years)
    return (
        f"{measure['trend']} over the {len(years)} values of {listed} "
        f"({measure['trend_method']}, {TREND_CONFIDENCE} confidence)"
    )


def band_move(measure: dict[str, Any]) -> str | None:
    """A move into the top or bottom quartile against England since last year, in words; else None."""
    now, before = measure["groups"]["england"]["band"], measure["previous_band"]
    if now not in ("top", "bottom") or before is None or before == now or measure["series_break"]:
        return None
    return (
        f"moved into the {band_word(now)} against England, from the {band_word(before)} in {measure['previous_year']} "
        f"({_value(measure, measure['previous_value'])} to {_value(measure, measure['value'])})"
    )


def statistics_coverage(measures: list[dict[str, Any]]) -> dict[str, Any]:
    """How many measures with a value have a confidence interval, and why the others have none."""
    with_value = [m for m in measures if m["value"] is not None]
    missing = Counter(m["ci_note"] or "no interval" for m in with_value if m["ci_lower"] is None)
    return {
        "with_value": len(with_value),
        "with_interval": len(with_value) - sum(missing.values()),
        "without_interval": dict(sorted(missing.items())),
        "no_value": [m["code"] for m in measures if m["value"] is None],
    }
