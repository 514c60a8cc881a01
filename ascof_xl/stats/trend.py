"""Recent trend over the last five periods, following the Fingertips trend marker.

Proportions use the chi-squared test for linear trend (Cochran 1954; Armitage 1955) on
counts and denominators; other values use weighted least squares with weights 1/SE².
A trend is significant only when the test passes at the chosen level (99.8% by default,
chi-squared > 9.5495) and the slope keeps its sign when each point is left out in turn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from .intervals import Interval, check_confidence, standard_error_from_interval, z_value
from .significance import CANNOT_BE_CALCULATED, check_polarity, is_better

POINTS_USED = 5
DEFAULT_POINT_CONFIDENCE = 0.95
PROPORTION_METHOD = "chi-squared test for trend"
WEIGHTED_METHOD = "weighted linear regression"
NO_CHANGE = "no significant change"
FEWER_THAN_FIVE = "fewer than 5 years"

Fit = Callable[[Sequence[float], Sequence[float], Sequence[float]], tuple[float, float]]


@dataclass(frozen=True)
class Trend:
    """The trend marker for a series, with the statistics behind it."""

    direction: str
    assessment: str
    method: str
    slope: float | None
    p_value: float | None
    points: int
    reason: str | None

    def as_dict(self) -> dict:
        """The trend as a plain dictionary of its fields."""
        return asdict(self)


def _cannot(method: str, points: int, reason: str) -> Trend:
    return Trend(CANNOT_BE_CALCULATED, CANNOT_BE_CALCULATED, method, None, None, points, reason)


def _proportion_fit(
    times: Sequence[float], numerators: Sequence[float], denominators: Sequence[float]
) -> tuple[float, float]:
    """Slope of proportion on time weighted by denominator, and the Cochran-Armitage chi-squared."""
    total = math.fsum(denominators)
    events = math.fsum(numerators)
    events_by_time = math.fsum(r * t for r, t in zip(numerators, times))
    size_by_time = math.fsum(n * t for n, t in zip(denominators, times))
    size_by_time_squared = math.fsum(n * t * t for n, t in zip(denominators, times))
    contrast = total * events_by_time - events * size_by_time
    spread = total * size_by_time_squared - size_by_time**2
    slope = contrast / spread
    if events == 0 or events == total:
        return slope, 0.0
    return slope, total * contrast**2 / (events * (total - events) * spread)


def _weighted_fit(
    times: Sequence[float], values: Sequence[float], weights: Sequence[float]
) -> tuple[float, float]:
    """Weighted least squares slope of value on time and its Wald chi-squared (slope/SE)²."""
    weight = math.fsum(weights)
    weighted_time = math.fsum(w * t for w, t in zip(weights, times))
    weighted_value = math.fsum(w * y for w, y in zip(weights, values))
    weighted_time_squared = math.fsum(w * t * t for w, t in zip(weights, times))
    weighted_cross = math.fsum(w * t * y for w, t, y in zip(weights, times, values))
    spread = weight * weighted_time_squared - weighted_time**2
    slope = (weight * weighted_cross - weighted_time * weighted_value) / spread
    return slope, slope**2 * spread / weight


def _sign(number: float) -> int:
    return (number > 0) - (number < 0)


def _slope_is_stable(fit: Fit, columns: list[list[float]], slope: float) -> bool:
    """True when every leave-one-out refit has a slope of the same (non-zero) sign as the full fit."""
    if slope == 0:
        return False
    for left_out in range(len(columns[0])):
        kept = [column[:left_out] + column[left_out + 1 :] for column in columns]
        if _sign(fit(*kept)[0]) != _sign(slope):
            return False
    return True


def _times(times: Sequence[float] | None) -> list[float]:
    """The last five periods' times counted from 1: 1 to 5 when none are given, so that a year
    stepped over (one standing apart, say) keeps its place on the time axis."""
    if times is None:
        return list(range(1, POINTS_USED + 1))
    recent = list(times[-POINTS_USED:])
    if any(later <= earlier for earlier, later in zip(recent, recent[1:])):
        raise ValueError(f"times must increase (got {recent!r})")
    return [t - recent[0] + 1 for t in recent]


def _assess(
    fit: Fit, first: Sequence[float], second: Sequence[float], polarity: str, confidence: float, method: str,
    times: Sequence[float] | None = None,
) -> Trend:
    """Fit the last five points, test at the confidence level, check leave-one-out signs, word the result."""
    columns = [_times(times), list(first[-POINTS_USED:]), list(second[-POINTS_USED:])]
    slope, chi_squared = fit(*columns)
    p_value = math.erfc(math.sqrt(chi_squared / 2))
    significant = chi_squared > z_value(confidence) ** 2 and _slope_is_stable(fit, columns, slope)
    if not significant:
        return Trend(NO_CHANGE, NO_CHANGE, method, slope, p_value, POINTS_USED, None)
    direction = "increasing" if slope > 0 else "decreasing"
    better = is_better(slope > 0, polarity)
    assessment = direction if better is None else ("improving" if better else "worsening")
    return Trend(direction, assessment, method, slope, p_value, POINTS_USED, None)


def _check_lengths(first_name: str, first: Sequence, second_name: str, second: Sequence) -> None:
    if len(first) != len(second):
        raise ValueError(
            f"{first_name} and {second_name} must have the same length (got {len(first)} and {len(second)})"
        )


def _check_proportion_point(numerator: float, denominator: float) -> None:
    if not all(isinstance(x, (int, float)) and math.isfinite(x) for x in (numerator, denominator)):
        raise ValueError(
            f"numerators and denominators must be finite numbers (got {numerator!r}/{denominator!r})"
        )
    if numerator < 0:
        raise ValueError(f"numerators must not be negative (got {numerator!r})")
    if denominator <= 0:
        raise ValueError(f"denominators must be greater than 0 (got {denominator!r})")
    if numerator > denominator:
        raise ValueError(f"numerators must not exceed denominators (got {numerator!r} > {denominator!r})")


def _check_weighted_point(value: float, error: float) -> None:
    if not all(isinstance(x, (int, float)) and math.isfinite(x) for x in (value, error)):
        raise ValueError(f"values and standard_errors must be finite numbers (got {value!r}, {error!r})")
    if error < 0:
        raise ValueError(f"standard_errors must not be negative (got {error!r})")


def proportion_trend(
    numerators: Sequence[float], denominators: Sequence[float], polarity: str, confidence: float = 0.998,
    times: Sequence[float] | None = None,
) -> Trend:
    """Recent trend in a proportion: chi-squared test for linear trend over the last 5 points.

    As the Fingertips trend marker; the slope is the change in the proportion per period, as a fraction.
    `times` (years, say) place the points when they are not one period apart."""
    check_polarity(polarity)
    check_confidence(confidence)
    _check_lengths("numerators", numerators, "denominators", denominators)
    if times is not None:
        _check_lengths("times", times, "numerators", numerators)
    for numerator, denominator in zip(numerators, denominators):
        _check_proportion_point(numerator, denominator)
    if len(numerators) < POINTS_USED:
        return _cannot(PROPORTION_METHOD, len(numerators), FEWER_THAN_FIVE)
    return _assess(_proportion_fit, numerators, denominators, polarity, confidence, PROPORTION_METHOD, times)


def weighted_trend(
    values: Sequence[float], standard_errors: Sequence[float], polarity: str, confidence: float = 0.998,
    times: Sequence[float] | None = None,
) -> Trend:
    """Recent trend by weighted least squares on time (weights 1/SE²) over the last 5 points.

    As the Fingertips trend marker: the slope is tested with chi-squared = (slope / SE of slope)².
    `times` (years, say) place the points when they are not one period apart."""
    check_polarity(polarity)
    check_confidence(confidence)
    _check_lengths("values", values, "standard_errors", standard_errors)
    if times is not None:
        _check_lengths("times", times, "values", values)
    for value, error in zip(values, standard_errors):
        _check_weighted_point(value, error)
    if len(values) < POINTS_USED:
        return _cannot(WEIGHTED_METHOD, len(values), FEWER_THAN_FIVE)
    recent_errors = standard_errors[-POINTS_USED:]
    if any(error == 0 for error in recent_errors):
        return _cannot(WEIGHTED_METHOD, POINTS_USED, "an interval has zero width")
    weights = [1 / error**2 for error in recent_errors]
    return _assess(_weighted_fit, values, weights, polarity, confidence, WEIGHTED_METHOD, times)


def _present(point: dict, keys: tuple[str, ...]) -> bool:
    return all(
        point.get(key) is not None and not (isinstance(point[key], float) and math.isnan(point[key]))
        for key in keys
    )


def _point_standard_error(point: dict) -> float:
    confidence = point.get("confidence") or DEFAULT_POINT_CONFIDENCE
    if point["upper"] < point["lower"]:
        raise ValueError(f"upper must not be below lower (got {point['lower']!r} to {point['upper']!r})")
    interval = Interval(point["value"], point["lower"], point["upper"], confidence, "published")
    return standard_error_from_interval(interval)


def recent_trend(points: Sequence[dict], polarity: str, confidence: float = 0.998) -> Trend:
    """Recent trend from the last 5 periods (oldest first), choosing the method from what the points carry.

    Chi-squared test when every point has counts, else weighted regression on the intervals.
    A point's interval is taken as 95% unless it carries "confidence"; gaps are not skipped,
    so a missing value stops the calculation. Points that all carry "time" (a year) are placed
    at their times; otherwise they are taken as one period apart.
    """
    check_polarity(polarity)
    check_confidence(confidence)
    recent = list(points)[-POINTS_USED:]
    times = [point["time"] for point in recent] if all(_present(p, ("time",)) for p in recent) else None
    if all(_present(point, ("numerator", "denominator")) for point in recent):
        numerators = [point["numerator"] for point in recent]
        denominators = [point["denominator"] for point in recent]
        return proportion_trend(numerators, denominators, polarity, confidence, times)
    if all(_present(point, ("value", "lower", "upper")) for point in recent):
        values = [point["value"] for point in recent]
        errors = [_point_standard_error(point) for point in recent]
        return weighted_trend(values, errors, polarity, confidence, times)
    if len(recent) < POINTS_USED:
        return _cannot(FEWER_THAN_FIVE, len(recent), FEWER_THAN_FIVE)
    if all(_present(point, ("value",)) for point in recent):
        return _cannot("no interval", POINTS_USED, "no interval")
    return _cannot("missing value", POINTS_USED, "missing value")
