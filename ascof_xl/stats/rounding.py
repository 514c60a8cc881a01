"""The publication's rounding: half away from zero at the published decimals, in exact arithmetic.

ASCOF outcomes are computed from whole-number counts, so a value such as 82 / 160 x 100 = 51.25 sits
exactly on a half. Binary floats put it a hair below (round(51.25, 1) gives 51.2); the publication
prints 51.3. Every rounding here works on Fractions or Decimals built from the inputs' exact values.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

Number = int | float | str | Decimal | Fraction


def exact(value: Number) -> Fraction:
    """The exact rational value of a number; a float is read as its shortest decimal spelling (0.1 is 1/10)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(Decimal(str(value)) if isinstance(value, str) else value)


def round_half_up(value: Number, decimals: int) -> Decimal:
    """`value` rounded half away from zero to `decimals` places (negative decimals round to tens, hundreds ...)."""
    fraction = exact(value)
    scaled = fraction * Fraction(10) ** decimals
    whole = abs(scaled.numerator) * 2 + abs(scaled.denominator)  # floor(|x| + 1/2) without floats
    units = whole // (2 * abs(scaled.denominator))
    units = -units if scaled < 0 else units
    return Decimal(units * 10 ** -decimals) if decimals < 0 else Decimal(units).scaleb(-decimals)


def round_to_multiple(value: Number, step: int) -> int:
    """`value` rounded half away from zero to the nearest multiple of `step` (counts published to the nearest 5)."""
    return int(round_half_up(exact(value) / step, 0)) * step


def ratio(numerator: Number, denominator: Number, multiplier: Number = 1) -> Fraction:
    """numerator / denominator x multiplier, exactly; the denominator must not be zero."""
    return exact(numerator) * exact(multiplier) / exact(denominator)


def round_ratio(numerator: Number, denominator: Number, multiplier: Number, decimals: int) -> Decimal:
    """A published outcome from its counts: numerator / denominator x multiplier, rounded as published."""
    return round_half_up(ratio(numerator, denominator, multiplier), decimals)


__all__ = ["exact", "ratio", "round_half_up", "round_ratio", "round_to_multiple"]
