"""One measure's value from a numerator and a denominator, with its unit and the publication's rounding.

The unit, multiplier and decimals (those of the year's publication) come from the measure's catalogue entry; the rounding is the
publication's exact half away from zero (`ascof_xl.stats.rounding.round_ratio`), never a float's.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from ascof_xl.catalogue import Measure
from ascof_xl.catalogue.resolver import resolve
from ascof_xl.errors import AscofError
from ascof_xl.intake.numbers import COUNT_LIMIT, ambiguity
from ascof_xl.stats.rounding import exact, ratio, round_half_up
from ascof_xl.years import parse_year

# What each unit multiplies the ratio by; units not listed are plain ratios (mean scores, indices).
MULTIPLIERS = {"percentage": 100, "rate per 100,000": 100_000}
ZERO_DENOMINATOR = "x"  # the publication's marker for a value that cannot be computed


def multiplier_for(unit: str) -> int:
    """100 for a percentage, 100,000 for a rate per 100,000, 1 for a score or index."""
    return MULTIPLIERS.get(unit, 1)


def measure_for(code: str, year: str | None = None, framework: str | None = None) -> Measure:
    """The catalogue entry of a code, as every door chooses it (`catalogue.resolver.resolve`)."""
    return resolve(str(code), parse_year(year) if year else None, framework)


def read_count(value: Any, name: str, code: str) -> Fraction:
    """A count as Excel or a command line may give it (number or text, "1,234"), exactly; refuse anything else."""
    where = f"measure {code}: the {name}"
    if value is None or (isinstance(value, str) and not value.strip()):
        raise AscofError(f"{where} is blank; enter a number.")
    if isinstance(value, bool):
        raise AscofError(f"{where} is {value} (true/false), not a number; enter a count.")
    if isinstance(value, float) and not math.isfinite(value):
        raise AscofError(f"{where} is {value}, not a number; enter a count.")
    if isinstance(value, str):
        problem = ambiguity(value.strip(), whole=False, semicolons=False)
        if problem:
            raise AscofError(f"{where} '{value.strip()}' {problem}")
        text = value.strip().replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise AscofError(f"{where} holds the text '{value.strip()}', not a number; enter a count.") from None
        if not number.is_finite():
            raise AscofError(f"{where} holds the text '{value.strip()}', not a number; enter a count.")
        value = number
    try:
        count = exact(value)
    except (TypeError, ValueError):
        raise AscofError(f"{where} is {value!r}, not a number; enter a count.") from None
    if count < 0:
        raise AscofError(f"{where} is {_shown(count)}, below zero; a count cannot be negative.")
    if count > COUNT_LIMIT:
        shown = f"{Decimal(value):.3E}" if isinstance(value, (int, float, Decimal)) else str(value)
        raise AscofError(f"{where} is {shown}, more than any count of people (a billion); check the figure.")
    return count


def compute_value(
    code: str, numerator: Any, denominator: Any, year: str | None = None, framework: str | None = None,
    level: str = "council",
) -> dict[str, Any]:
    """The measure's value as published: numerator / denominator x multiplier, rounded half up at the
    decimals of `year`'s publication for a council (or, with `level`, for England, a region or a type).

    Returns code, value (float, as published; None with marker "x" for a zero denominator), exact (the
    published value as a Decimal), unrounded (the exact ratio as a float), unit, decimals, multiplier,
    framework and marker.
    """
    measure = measure_for(code, year, framework)
    top = read_count(numerator, "numerator", measure.code)
    bottom = read_count(denominator, "denominator", measure.code)
    multiplier = multiplier_for(measure.unit)
    decimals = measure.decimals_in(parse_year(year) if year else None, level)
    if measure.unit == "percentage" and top > bottom and bottom > 0:
        raise AscofError(
            f"measure {measure.code}: the numerator {_shown(top)} is above the denominator {_shown(bottom)}; "
            "a percentage counts people out of the denominator, so check the two figures."
        )
    found: dict[str, Any] = {
        "code": measure.code,
        "framework": measure.framework,
        "title": measure.title,
        "numerator": _plain(top),
        "denominator": _plain(bottom),
        "unit": measure.unit,
        "multiplier": multiplier,
        "decimals": decimals,
    }
    if bottom == 0:  # published as [x]; a numerator above zero here is a return to check
        return found | {"value": None, "exact": None, "unrounded": None, "marker": ZERO_DENOMINATOR}
    unrounded = ratio(top, bottom, multiplier)
    published = round_half_up(unrounded, decimals)
    return found | {"value": float(published), "exact": published, "unrounded": float(unrounded), "marker": ""}


def _plain(count: Fraction) -> int | float:
    """A count for display: a whole number as int, else a float."""
    return int(count) if count.denominator == 1 else float(count)


def _shown(count: Fraction) -> str:
    return str(_plain(count))
