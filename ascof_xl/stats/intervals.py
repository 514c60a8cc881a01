"""Confidence intervals for ASCOF measures, following the Fingertips technical guidance.

Proportions use the Wilson score interval; rates use Byar's approximation for 10 or
more events and exact Poisson limits below that; survey measures use their published
margin of error or standard error. Standard library only.
"""

from __future__ import annotations

import math
import statistics
from functools import cache
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from statistics import NormalDist

BYAR_MINIMUM_COUNT = 10
PUBLISHED_MARGIN_CONFIDENCE = 0.95

_EPSILON = 1e-15
_TINY = 1e-300


@dataclass(frozen=True)
class Interval:
    """An estimate with its confidence limits, all on the output scale."""

    value: float | None
    lower: float | None
    upper: float | None
    confidence: float
    method: str

    def as_dict(self) -> dict:
        """The interval as a plain dictionary (value, lower, upper, confidence, method)."""
        return asdict(self)


@cache  # two levels in practice (95%, 99.8%), asked for by every interval
def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile for a confidence level (1.960 at 95%, 3.090 at 99.8%)."""
    check_confidence(confidence)
    return NormalDist().inv_cdf((1 + confidence) / 2)


def check_confidence(confidence: float) -> None:
    """Raise ValueError unless confidence is a fraction strictly between 0 and 1."""
    if not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise ValueError(
            f"confidence must be a fraction between 0 and 1, such as 0.95 (got {confidence!r})"
        )


def _check_finite(name: str, value: float) -> None:
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number (got {value!r})")


def _check_count(name: str, value: float) -> None:
    _check_finite(name, value)
    if value < 0:
        raise ValueError(f"{name} must not be negative (got {value!r})")


def _check_denominator(denominator: float) -> None:
    _check_finite("denominator", denominator)
    if denominator <= 0:
        raise ValueError(f"denominator must be greater than 0 (got {denominator!r})")


def _check_multiplier(multiplier: float) -> None:
    _check_finite("multiplier", multiplier)
    if multiplier <= 0:
        raise ValueError(f"multiplier must be greater than 0 (got {multiplier!r})")


def wilson_interval(
    numerator: float, denominator: float, confidence: float = 0.95, multiplier: float = 100
) -> Interval:
    """Wilson score interval for a proportion (Wilson 1927; Newcombe 1998 method 3), as used by Fingertips."""
    _check_count("numerator", numerator)
    _check_denominator(denominator)
    _check_multiplier(multiplier)
    if numerator > denominator:
        raise ValueError(
            f"numerator must not exceed denominator for a proportion (got {numerator!r} > {denominator!r})"
        )
    z = z_value(confidence)
    share = numerator / denominator
    # The form divided through by the denominator, so that counts near the float limit (1e308)
    # do not overflow: (p + z²/2n ± z·sqrt(p(1-p)/n + (z/2n)²)) / (1 + z²/n).
    centre = share + z * z / (2 * denominator)
    spread = z * math.sqrt(share * (1 - share) / denominator + (z / (2 * denominator)) ** 2)
    scale = 1 + z * z / denominator
    lower = 0.0 if numerator == 0 else max(0.0, (centre - spread) / scale)
    upper = 1.0 if numerator == denominator else min(1.0, (centre + spread) / scale)
    return _finite(Interval(share * multiplier, lower * multiplier, upper * multiplier, confidence, "wilson"))


def _finite(interval: Interval) -> Interval:
    """The interval, once every figure is a finite number; numbers too large or small to compute raise ValueError."""
    for figure in (interval.value, interval.lower, interval.upper):
        if figure is not None and not math.isfinite(figure):
            raise ValueError(
                "the numbers are too large or too small to compute an interval; "
                "check them, or give them in other units (thousands, say)"
            )
    return interval


def _byar_lower_count(count: float, z: float) -> float:
    if count == 0:
        return 0.0
    return max(0.0, count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3)


def _byar_upper_count(count: float, z: float) -> float:
    shifted = count + 1
    return shifted * (1 - 1 / (9 * shifted) + z / (3 * math.sqrt(shifted))) ** 3


def byar_interval(
    count: float, denominator: float, confidence: float = 0.95, multiplier: float = 100_000
) -> Interval:
    """Byar's approximation to exact Poisson limits for a rate (Breslow & Day 1987).

    The lower limit is floored at 0 (it can dip below 0 for very small counts at 99.8%)."""
    _check_count("count", count)
    _check_denominator(denominator)
    _check_multiplier(multiplier)
    z = z_value(confidence)
    scale = multiplier / denominator
    return _finite(Interval(
        count * scale,
        _byar_lower_count(count, z) * scale,
        _byar_upper_count(count, z) * scale,
        confidence,
        "byar",
    ))


def _regularised_gamma_q(shape: float, x: float) -> float:
    """Upper regularised incomplete gamma Q(shape, x).

    Power series for P below shape + 1, Legendre's continued fraction (modified Lentz) above."""
    if x <= 0:
        return 1.0
    log_prefix = -x + shape * math.log(x) - math.lgamma(shape)
    if x < shape + 1:
        term = total = 1 / shape
        step = 0
        while abs(term) > abs(total) * _EPSILON:
            step += 1
            term *= x / (shape + step)
            total += term
        return max(0.0, 1 - total * math.exp(log_prefix))
    b = x + 1 - shape
    c, d = 1 / _TINY, 1 / b
    fraction = d
    step = 0
    while True:
        step += 1
        a = -step * (step - shape)
        b += 2
        d = a * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + a / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        fraction *= d * c
        if abs(d * c - 1) < _EPSILON:
            return fraction * math.exp(log_prefix)


def _poisson_cdf(count: int, mean: float) -> float:
    """P(X <= count) for X ~ Poisson(mean), via P(X <= k) = Q(k + 1, mean)."""
    return _regularised_gamma_q(count + 1, mean)


def _poisson_mean_for_cdf(count: int, target: float) -> float:
    """The Poisson mean at which P(X <= count) equals target, by bisection (the CDF falls as the mean rises)."""
    low, high = 0.0, count + 1.0
    while _poisson_cdf(count, high) > target:
        low, high = high, 2 * high
    while high - low > 1e-13 * high:
        middle = (low + high) / 2
        if _poisson_cdf(count, middle) > target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def exact_poisson_interval(
    count: int, denominator: float, confidence: float = 0.95, multiplier: float = 100_000
) -> Interval:
    """Exact Poisson limits for a rate (Ulm 1990: chi-squared quantiles / 2), by bisection on the Poisson CDF.

    0 events give a lower limit of 0."""
    _check_count("count", count)
    if count != int(count):
        raise ValueError(f"count must be a whole number for exact Poisson limits (got {count!r})")
    _check_denominator(denominator)
    _check_multiplier(multiplier)
    check_confidence(confidence)
    count = int(count)
    tail = (1 - confidence) / 2
    lower = 0.0 if count == 0 else _poisson_mean_for_cdf(count - 1, 1 - tail)
    upper = _poisson_mean_for_cdf(count, tail)
    scale = multiplier / denominator
    return _finite(Interval(count * scale, lower * scale, upper * scale, confidence, "exact poisson"))


def rate_interval(
    count: float, denominator: float, confidence: float = 0.95, multiplier: float = 100_000
) -> Interval:
    """Rate interval as Fingertips and PHEindicatormethods compute it.

    Byar for 10 or more events, exact Poisson below 10 (including 0)."""
    _check_count("count", count)
    if count >= BYAR_MINIMUM_COUNT:
        return byar_interval(count, denominator, confidence, multiplier)
    return exact_poisson_interval(count, denominator, confidence, multiplier)


def margin_of_error_interval(value: float, margin: float, confidence: float = 0.95) -> Interval:
    """Survey measure with its published 95% margin of error as the half-width.

    Other levels rescale the half-width by z(confidence) / z(0.95), which assumes a normal sampling distribution."""
    _check_finite("value", value)
    _check_count("margin", margin)
    half_width = margin * z_value(confidence) / z_value(PUBLISHED_MARGIN_CONFIDENCE)
    method = "margin of error"
    if confidence != PUBLISHED_MARGIN_CONFIDENCE:
        method = f"margin of error (published 95% half-width rescaled to {confidence:.1%} by z ratio)"
    return Interval(value, value - half_width, value + half_width, confidence, method)


def standard_error_interval(value: float, standard_error: float, confidence: float = 0.95) -> Interval:
    """Normal interval value ± z·SE, for mean scores published with a standard error."""
    _check_finite("value", value)
    _check_count("standard_error", standard_error)
    half_width = z_value(confidence) * standard_error
    return Interval(value, value - half_width, value + half_width, confidence, "standard error")


def mean_interval(values: Sequence[float], confidence: float = 0.95) -> Interval:
    """Mean of respondent-level scores ± z·sd/√n (normal approximation, sample sd with n−1)."""
    if len(values) < 2:
        raise ValueError(f"values must hold at least 2 responses to estimate a spread (got {len(values)})")
    for item in values:
        _check_finite("values", item)
    mean = statistics.fmean(values)
    half_width = z_value(confidence) * statistics.stdev(values) / math.sqrt(len(values))
    return Interval(mean, mean - half_width, mean + half_width, confidence, "normal on respondents")


def standard_error_from_interval(interval: Interval) -> float | None:
    """Standard error implied by an interval, (upper − lower) / (2z), as Fingertips derives trend weights.

    None when a bound is missing."""
    if interval.lower is None or interval.upper is None:
        return None
    return (interval.upper - interval.lower) / (2 * z_value(interval.confidence))
