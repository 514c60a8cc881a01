"""Hand formulas the tests use as independent oracles (written out, not imported from the package)."""

import math


def wilson_by_hand(numerator: float, denominator: float, z: float) -> tuple[float, float]:
    """Wilson score limits as a percentage, in the (p + z²/2n ± z·sqrt(...)) / (1 + z²/n) form."""
    p = numerator / denominator
    n = denominator
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    return 100 * (centre - half) / scale, 100 * (centre + half) / scale


def byar_by_hand(count: float, denominator: float, z: float, per: float = 100_000) -> tuple[float, float]:
    """Byar's approximation to exact Poisson limits (Breslow & Day 1987), as a rate per `per`."""
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    above = count + 1
    upper = above * (1 - 1 / (9 * above) + z / (3 * math.sqrt(above))) ** 3
    return lower * per / denominator, upper * per / denominator
