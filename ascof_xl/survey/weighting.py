"""The national survey estimator: stratum weighting, split populations and the margin of error.

For subgroups h (council x stratum) with population N_h and n_h valid answers of mean m_h:
numerator = sum N_h m_h, denominator = sum N_h over subgroups with a valid answer, base = sum n_h.
A split (18-64, male ...) estimates each subgroup's split population as N_h n_dh / n_h from the
measure's own valid answers. The variance is sum N_h^2 (1 - n_h/N_h) s_h^2 / n_h, with s_h^2 the sample
variance (n - 1); for a 0/1 answer that is NHS Digital's p(1-p) N^2 (1 - n/N) / (n - 1), and a
subgroup of one answer adds nothing. The 95% margin of error is 1.96 sqrt(variance) / denominator.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ascof_xl.stats.rounding import exact

Z_95 = 1.96  # the survey code's own constant


@dataclass(frozen=True)
class Estimates:
    """Per-council sums of one measure and split: arrays indexed by council number."""

    numerator: np.ndarray
    denominator: np.ndarray
    base: np.ndarray
    variance: np.ndarray
    # per subgroup, for the exact outcome: population N_h, valid answers n_h, in the split n_dh, their sum
    parts: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]

    def exact_outcome(self, council: int, multiplier: int) -> Fraction | None:
        """The outcome in exact arithmetic, (sum N_h t_dh / n_h) / (sum N_h n_dh / n_h) x multiplier, so that a
        value on a half rounds as the printed figure does; None where there is no valid answer."""
        council_of, population, answered, n, total = self.parts
        top = bottom = Fraction(0)
        for group in np.flatnonzero((council_of == council) & (n > 0)):
            weight = exact(float(population[group])) / int(answered[group])
            top += weight * exact(float(total[group]))
            bottom += weight * int(n[group])
        return top / bottom * multiplier if bottom else None

    def margin(self, multiplier: float) -> np.ndarray:
        """The 95% margin of error on the outcome's scale (NaN where the denominator is 0)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return Z_95 * np.sqrt(self.variance) / self.denominator * multiplier


def stratified(
    subgroup: np.ndarray,
    council_of_subgroup: np.ndarray,
    population: np.ndarray,
    values: np.ndarray,
    split: np.ndarray | None,
    councils: int,
) -> Estimates:
    """Stratum-weighted sums for every council at once.

    subgroup: each respondent's subgroup number; council_of_subgroup: each subgroup's council number;
    population: each subgroup's N_h; values: each respondent's value, NaN where the answer is not valid;
    split: which respondents are in the split (None for the total).
    """
    groups = len(council_of_subgroup)
    valid = ~np.isnan(values)
    answered = np.bincount(subgroup[valid], minlength=groups).astype(float)  # n_h
    chosen = valid if split is None else valid & split
    picked, scores = subgroup[chosen], values[chosen]
    n = np.bincount(picked, minlength=groups).astype(float)  # n_dh
    total = np.bincount(picked, weights=scores, minlength=groups)
    squares = np.bincount(picked, weights=scores * scores, minlength=groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / n, 0.0)
        split_population = np.where(n > 0, population * n / answered, 0.0)
        spread = np.where(n > 1, np.maximum(squares - n * mean * mean, 0.0) / (n - 1), 0.0)
        correction = np.where(n > 0, np.maximum(1 - answered / population, 0.0), 0.0)
        variance = np.where(n > 1, split_population**2 * correction * spread / n, 0.0)
    return Estimates(
        numerator=np.bincount(council_of_subgroup, weights=split_population * mean, minlength=councils),
        denominator=np.bincount(council_of_subgroup, weights=split_population, minlength=councils),
        base=np.bincount(council_of_subgroup, weights=n, minlength=councils).astype(int),
        variance=np.bincount(council_of_subgroup, weights=variance, minlength=councils),
        parts=(council_of_subgroup, population, answered, n, total),
    )
