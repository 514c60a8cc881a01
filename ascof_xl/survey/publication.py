"""Publication rounding and suppression of survey rows, and the row every survey command returns.

Outcomes and margins of error are rounded half away from zero at the measure's decimals; the
counts shown as published are rounded to 5 (ASCS truncates to a whole number first, SACE rounds
the estimate itself, ties up). ASCS marks a cell of 1 or 2 respondents [c] and of none [x]; SACE
marks a base under 3 [c] and, where either half of male/female or 18-64/65 and over is under 3,
both halves.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ascof_xl.stats.rounding import round_half_up, round_to_multiple

DISAGGREGATIONS = ("Total", "18-64", "65 and over", "Male", "Female")
PAIRS = (("18-64", "65 and over"), ("Male", "Female"))
ROW_KEYS = ("council", "measure", "disaggregation", "numerator", "denominator", "outcome", "outcome_unrounded",
            "base", "margin_of_error", "marker")
SMALL_BASE = 3  # fewer respondents than this are suppressed


def survey_row(
    council: str, measure: str, disaggregation: str, numerator: float, denominator: float, base: int,
    margin: float, exact_outcome: Fraction | None, decimals: int,
) -> dict[str, Any]:
    """One row in the shape scripts rely on; outcome (rounded from its exact value) and margin rounded as
    published, the rest exact."""
    numerator, denominator, margin = float(numerator), float(denominator), float(margin)
    unrounded = None if exact_outcome is None or base == 0 else float(exact_outcome)
    return {
        "council": council,
        "measure": measure,
        "disaggregation": disaggregation,
        "numerator": float(numerator),
        "denominator": float(denominator),
        "outcome": None if unrounded is None else float(round_half_up(exact_outcome, decimals)),
        "outcome_unrounded": unrounded,
        "base": int(base),
        "margin_of_error": None if unrounded is None or math.isnan(margin) else float(round_half_up(margin, decimals)),
        "marker": "x" if unrounded is None else "",
    }


def suppress(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its outcome and margin withheld and marked [c]."""
    return row | {"outcome": None, "margin_of_error": None, "marker": "c"}


def suppress_ascs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ASCS: a cell of 1 or 2 respondents is [c] (none is already [x])."""
    return [suppress(r) if 0 < r["base"] < SMALL_BASE else r for r in rows]


def suppress_sace(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SACE: a base under 3 is [c]; where either half of a pair is under 3, both halves are [c].

    `rows` are one council's rows of one measure.
    """
    base = {r["disaggregation"]: r["base"] for r in rows}
    withheld = {d for d, n in base.items() if 0 < n < SMALL_BASE}
    for pair in PAIRS:
        if any(base.get(half, 0) < SMALL_BASE for half in pair):
            withheld.update(half for half in pair if half in base and base[half] > 0)
    return [suppress(r) if r["disaggregation"] in withheld else r for r in rows]


def ascs_count(estimate: float) -> int:
    """An ASCS count as published: truncated to a whole number, then to the nearest 5."""
    return round_to_multiple(int(estimate), 5)


def sace_count(estimate: float) -> int:
    """A SACE count as published: the nearest 5, ties up."""
    return round_to_multiple(estimate, 5)


def as_published(row: dict[str, Any], survey: str, decimals: int) -> dict[str, Any]:
    """The row as the publication prints it: counts to 5, outcome and margin at their decimals, [c] and [x]."""
    count = ascs_count if survey == "ASCS" else sace_count
    shown = dict(row)
    for name in ("numerator", "denominator", "base"):
        shown[name] = count(row[name])
    for name in ("outcome", "margin_of_error"):
        shown[name] = f"[{row['marker']}]" if row["marker"] else f"{row[name]:.{decimals}f}"
    return shown
