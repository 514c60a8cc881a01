"""Fingertips-grade statistics for ASCOF: confidence intervals, comparison with a comparator, recent trend."""

from .intervals import (
    Interval,
    byar_interval,
    exact_poisson_interval,
    margin_of_error_interval,
    mean_interval,
    rate_interval,
    standard_error_from_interval,
    standard_error_interval,
    wilson_interval,
)
from .significance import compare_with
from .trend import Trend, proportion_trend, recent_trend, weighted_trend

__all__ = [
    "Interval",
    "Trend",
    "byar_interval",
    "compare_with",
    "exact_poisson_interval",
    "margin_of_error_interval",
    "mean_interval",
    "proportion_trend",
    "rate_interval",
    "recent_trend",
    "standard_error_from_interval",
    "standard_error_interval",
    "weighted_trend",
    "wilson_interval",
]
