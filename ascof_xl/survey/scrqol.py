"""1J, adjusted social care-related quality of life, for each respondent from year-versioned coefficients.

Per person: weighted SCRQoL = scale x (sum of item weights) + intercept, less the predicted SCRQoL
without services (q13, q17, q18, age and the ADL items). Eligible: not learning disability and
not in residential or nursing care, every item valid and the age known (NHS Digital's
generate_ascof_scores.py; survey-method.md §7).
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from ascof_xl.survey.rules import load_rules, version_for


def coefficients(year: str | None = None) -> dict[str, Any]:
    """The 1J coefficients that apply to a survey year (the latest when no year is given)."""
    return version_for(load_rules("scrqol-coefficients")["versions"], year, "set of 1J coefficients")


def needed_items(year: str | None = None) -> tuple[str, ...]:
    """Every question column the 1J score reads."""
    table = coefficients(year)
    adjustment = table["adjustment"]
    return (*table["item_weights"], "q13", "q17", "q18", *adjustment["difficulty_items"])


def _lookup(codes: np.ndarray, weights: list[float]) -> np.ndarray:
    """Each code's weight (code 1 = first); NaN where the code is missing or beyond the table."""
    table = np.asarray(weights, dtype=float)
    found = np.full(codes.shape, np.nan)
    usable = ~np.isnan(codes) & (codes >= 1) & (codes <= len(table)) & (codes == np.round(codes))
    found[usable] = table[codes[usable].astype(int) - 1]
    return found


def scrqol_scores(answers: Mapping[str, np.ndarray], age: np.ndarray, eligible: np.ndarray,
                  year: str | None = None) -> np.ndarray:
    """Each respondent's 1J score; NaN where the person is not eligible or an item is missing."""
    table = coefficients(year)
    adjustment = table["adjustment"]
    weighted = sum(_lookup(answers[item], weights) for item, weights in table["item_weights"].items())
    weighted = table["scale"] * weighted + table["intercept"]
    difficulties = sum(answers[item] - 1 for item in adjustment["difficulty_items"])
    difficulty_valid = np.all([_lookup(answers[i], [0, 0, 0]) == 0 for i in adjustment["difficulty_items"]], axis=0)
    predicted = (
        _lookup(answers["q13"], adjustment["q13"])
        + _lookup(answers["q17"], adjustment["q17"])
        + _lookup(answers["q18"], adjustment["q18"])
        + np.where(age >= 65, adjustment["aged_65_and_over"], 0.0)
        + adjustment["constant"]
        + adjustment["per_difficulty"] * difficulties
    )
    score = weighted - predicted
    keep = eligible & difficulty_valid & ~np.isnan(age) & ~np.isnan(score)
    return np.where(keep, score, np.nan)


def person_score(answers: Mapping[str, float], age: float, year: str | None = None) -> float:
    """One eligible respondent's 1J score (NaN when an item is missing)."""
    arrays = {k: np.asarray([float(v)]) for k, v in answers.items()}
    return float(scrqol_scores(arrays, np.asarray([float(age)]), np.asarray([True]), year)[0])
