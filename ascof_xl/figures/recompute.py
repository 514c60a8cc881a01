"""Recompute every outcome of a published file from its own numerators and denominators.

Return-based measures must match exactly under the publication's rounding (exact half up).
Survey measures publish weighted estimates whose numerator and denominator are rounded to 5,
so their outcome is checked to lie within what that rounding allows, and reported apart.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from ascof_xl.catalogue import framework_for_year, load_catalogue
from ascof_xl.errors import AscofError
from ascof_xl.figures.value import multiplier_for
from ascof_xl.stats.rounding import exact, ratio, round_half_up

KEY = ["year", "area_code", "area_name", "level", "measure", "group", "disaggregation"]
# A survey count published as N stood for a weighted estimate x with N - 2.5 <= x < N + 3: ASCS truncates
# x and rounds the integer to the nearest 5 (x in [N - 2, N + 3)), SACE rounds x to the nearest 5, ties up.
SURVEY_BELOW, SURVEY_ABOVE = 2.5, 3.0


def recompute(frame: pd.DataFrame) -> dict[str, Any]:
    """Check every outcome of a tidy table, year by year; the result lists what differs and counts the rest."""
    years = sorted(set(frame["year"]))
    if not years:
        raise AscofError("the file has no outcomes to recompute.")
    results = [recompute_year(frame[frame["year"] == year]) for year in years]
    total = {k: sum(r[k] for r in results) for k in results[0] if k not in ("year", "differences")}
    return {"year": ", ".join(years)} | total | {"differences": [d for r in results for d in r["differences"]]}


def recompute_year(frame: pd.DataFrame) -> dict[str, Any]:
    """Check every outcome of one year's tidy table."""
    year = str(frame["year"].iloc[0])
    catalogue = load_catalogue(framework_for_year(year))
    wide = _wide(frame)
    summary = {"year": year, "return_checked": 0, "return_matched": 0, "on_a_half": 0, "zero_denominator": 0,
               "survey_checked": 0, "survey_within": 0, "not_recomputable": 0}
    differences: list[dict[str, Any]] = []
    counted = wide["value:Numerator"].notna() & wide["value:Denominator"].notna()
    summary["not_recomputable"] += int((~counted).sum())
    wide = wide[counted]
    measures = {group: catalogue.find(group) for group in wide["group"].unique()}
    columns = list(wide.columns)
    for values in zip(*(wide[c].astype(object).tolist() for c in columns)):
        row = dict(zip(columns, values))
        measure = measures[row["group"]]
        if measure is None:
            summary["not_recomputable"] += 1
            continue
        survey = measure.get("survey", "none") != "none"
        multiplier, decimals = multiplier_for(measure.unit), measure.decimals_in(year, row.get("level", "council"))
        check = _check_survey if survey else _check_return
        problem = check(row, multiplier, decimals, summary)
        if problem:
            differences.append(_difference(row, "survey" if survey else "return", problem))
    return summary | {"differences": differences}


def _wide(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per area and measure code, with each measure type's value and marker side by side."""
    types = ["Outcome", "Numerator", "Denominator"]
    part = frame[frame["measure_type"].isin(types)]
    wide = part.set_index(KEY + ["measure_type"])[["value", "marker"]]
    twice = wide.index.duplicated()
    if twice.any():
        first = wide.index[twice][0]
        raise AscofError(
            f"the file publishes {first[4]} ({first[6]}) {first[7]} for {first[2]} more than once, "
            f"as do {int(twice.sum()) - 1} other row(s); give the file as published, each value once."
        )
    wide = wide.unstack("measure_type")
    wide.columns = [f"{kind}:{mtype}" for kind, mtype in wide.columns]
    wide = wide.reset_index()
    for mtype in types:
        for kind in ("value", "marker"):
            if f"{kind}:{mtype}" not in wide.columns:
                wide[f"{kind}:{mtype}"] = float("nan") if kind == "value" else None
    return wide


def _missing(row: dict[str, Any], mtype: str) -> bool:
    value = row[f"value:{mtype}"]
    return value is None or value != value


def _check_return(row: dict[str, Any], multiplier: int, decimals: int, summary: dict[str, int]) -> str | None:
    """None when the published outcome is the exact half-up rounding of numerator / denominator."""
    summary["return_checked"] += 1
    numerator, denominator = _count(row["value:Numerator"]), _count(row["value:Denominator"])
    if denominator == 0:
        summary["zero_denominator"] += 1
        if _missing(row, "Outcome") and row["marker:Outcome"] == "x":
            summary["return_matched"] += 1
            return None
        return "the denominator is 0, so the outcome should be [x]"
    scale = multiplier * 10**decimals
    if isinstance(numerator, int) and isinstance(denominator, int):  # whole counts: integer arithmetic, fast
        top, bottom = numerator * scale, denominator
        units = (2 * top + bottom) // (2 * bottom)  # floor(top / bottom + 1/2): half up for counts >= 0
        summary["on_a_half"] += (2 * top) % bottom == 0 and top % bottom != 0
    else:
        unrounded = ratio(exact(numerator), exact(denominator), scale)
        units = int(round_half_up(unrounded, 0))
        summary["on_a_half"] += (unrounded * 2).denominator == 1 and unrounded.denominator != 1
    expected = Decimal(units).scaleb(-decimals)
    if _missing(row, "Outcome"):
        return f"the outcome is [{row['marker:Outcome'] or 'blank'}]; the counts give {expected}"
    if round(row["value:Outcome"] * 10**decimals) != units or abs(row["value:Outcome"] * 10**decimals - units) > 1e-6:
        return f"the counts give {expected}"
    summary["return_matched"] += 1
    return None


def _count(value: float) -> int | Fraction:
    """A published count: a whole number as int (the fast path), else its exact value."""
    return int(value) if float(value).is_integer() else exact(value)


def _check_survey(row: dict[str, Any], multiplier: int, decimals: int, summary: dict[str, int]) -> str | None:
    """None when the published outcome can come from estimates that round to the published counts.

    Floats suffice here: the test is a range, not a rounding on a half.
    """
    summary["survey_checked"] += 1
    numerator, denominator = float(row["value:Numerator"]), float(row["value:Denominator"])
    if _missing(row, "Outcome"):
        return f"the outcome is [{row['marker:Outcome'] or 'blank'}] though a numerator and denominator are published"
    low = max(numerator - SURVEY_BELOW, 0.0) * multiplier / (denominator + SURVEY_ABOVE)
    high_denominator = denominator - SURVEY_BELOW
    high = (numerator + SURVEY_ABOVE) * multiplier / high_denominator if high_denominator > 0 else None
    half = 0.5 / 10**decimals + 1e-9
    outcome = float(row["value:Outcome"])
    if outcome + half < low or (high is not None and outcome - half > high):
        shown = "no upper limit" if high is None else f"{high:.{decimals + 1}f}"
        return f"outside what the rounded counts allow ({low:.{decimals + 1}f} to {shown})"
    summary["survey_within"] += 1
    return None


def _difference(row: dict[str, Any], kind: str, problem: str) -> dict[str, Any]:
    value = row["value:Outcome"]
    return {
        "kind": kind,
        "year": row["year"],
        "area_code": row["area_code"],
        "area_name": row["area_name"],
        "level": row["level"],
        "measure": row["measure"],
        "disaggregation": row["disaggregation"],
        "numerator": row["value:Numerator"],
        "denominator": row["value:Denominator"],
        "published": None if value != value else value,
        "problem": problem,
    }
