"""Confidence intervals checked against published values, hand arithmetic and (where installed) scipy."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ascof_xl.stats import (
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

Z95 = 1.959963984540054  # NormalDist().inv_cdf(0.975)
Z998 = 3.090232306167813  # NormalDist().inv_cdf(0.999)


def wilson_by_quadratic(x, n, z):
    """Wilson limits as the roots of (x/n - p)^2 = z^2 p(1-p)/n.

    That is (1 + z²/n) p² - (2x/n + z²/n) p + (x/n)² = 0."""
    a = 1 + z * z / n
    b = -(2 * x / n + z * z / n)
    c = (x / n) ** 2
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


# Newcombe (1998) Statistics in Medicine 17:857-872, table II, method 3 (Wilson score, 95%).
NEWCOMBE_EXAMPLES = [
    (81, 263, 25.53, 36.62),
    (15, 148, 6.24, 16.05),
    (0, 20, 0.00, 16.11),
    (1, 29, 0.61, 17.18),
]


@pytest.mark.parametrize(("x", "n", "lower", "upper"), NEWCOMBE_EXAMPLES)
def test_wilson_matches_newcombe_published_examples(x, n, lower, upper):
    interval = wilson_interval(x, n)
    assert interval.lower == pytest.approx(lower, abs=0.005)
    assert interval.upper == pytest.approx(upper, abs=0.005)
    assert interval.value == pytest.approx(100 * x / n)
    assert interval.method == "wilson"
    assert interval.confidence == 0.95


@pytest.mark.parametrize("confidence, z", [(0.95, Z95), (0.998, Z998)])
@pytest.mark.parametrize(("x", "n"), [(1, 3), (2, 7), (5, 12), (37, 50), (4_321, 10_000), (123_456, 200_000)])
def test_wilson_agrees_with_quadratic_roots(x, n, confidence, z):
    expected_lower, expected_upper = wilson_by_quadratic(x, n, z)
    interval = wilson_interval(x, n, confidence)
    assert interval.lower == pytest.approx(100 * expected_lower, rel=1e-10)
    assert interval.upper == pytest.approx(100 * expected_upper, rel=1e-10)


def test_wilson_zero_of_ten_has_lower_zero_and_upper_z_squared_over_n_plus_z_squared():
    # For x = 0 the upper limit is z²/(n + z²) = 3.8415 / 13.8415 = 0.27753.
    interval = wilson_interval(0, 10)
    assert interval.lower == 0.0
    assert interval.upper == pytest.approx(27.753, abs=0.001)


def test_wilson_all_of_n_has_upper_hundred_and_mirrored_lower():
    interval = wilson_interval(10, 10)
    assert interval.upper == 100.0
    assert interval.lower == pytest.approx(100 - 27.753, abs=0.001)


def test_wilson_at_99_8_for_none_and_all():
    # z = 3.0902, z² = 9.5495; 0/40: upper = 9.5495 / 49.5495 = 0.19273.
    assert wilson_interval(0, 40, 0.998).as_dict() == {
        "value": 0.0,
        "lower": 0.0,
        "upper": pytest.approx(19.273, abs=0.001),
        "confidence": 0.998,
        "method": "wilson",
    }
    assert wilson_interval(40, 40, 0.998).upper == 100.0


def test_wilson_multiplier_scales_every_figure():
    percent = wilson_interval(30, 90)
    fraction = wilson_interval(30, 90, multiplier=1)
    assert fraction.lower * 100 == pytest.approx(percent.lower)
    assert fraction.upper * 100 == pytest.approx(percent.upper)


# Exact Poisson limits, from chi-squared quantiles (lower = chi2(a/2, 2x)/2, upper = chi2(1-a/2, 2x+2)/2),
# taken from scipy.stats.chi2.ppf and rounded.
EXACT_95 = {0: (0.0, 3.6889), 1: (0.0253, 5.5716), 5: (1.6235, 11.6683), 9: (4.1154, 17.0848)}


@pytest.mark.parametrize(("count", "limits"), sorted(EXACT_95.items()))
def test_exact_poisson_published_values(count, limits):
    interval = exact_poisson_interval(count, 1, multiplier=1)
    assert interval.lower == pytest.approx(limits[0], abs=5e-5)
    assert interval.upper == pytest.approx(limits[1], abs=5e-5)
    assert interval.method == "exact poisson"


@pytest.mark.parametrize("confidence", [0.95, 0.998])
@pytest.mark.parametrize("count", range(10))
def test_exact_poisson_matches_chi_squared_quantiles(count, confidence):
    chi2 = pytest.importorskip("scipy.stats").chi2
    alpha = 1 - confidence
    lower = chi2.ppf(alpha / 2, 2 * count) / 2 if count else 0.0
    upper = chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    interval = exact_poisson_interval(count, 25_000, confidence)
    assert interval.lower == pytest.approx(lower * 4, rel=1e-9, abs=1e-12)
    assert interval.upper == pytest.approx(upper * 4, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(count=st.integers(0, 5_000), confidence=st.sampled_from([0.9, 0.95, 0.99, 0.998]))
def test_exact_poisson_matches_scipy_for_larger_counts(count, confidence):
    chi2 = pytest.importorskip("scipy.stats").chi2
    alpha = 1 - confidence
    interval = exact_poisson_interval(count, 1, confidence, multiplier=1)
    expected_lower = chi2.ppf(alpha / 2, 2 * count) / 2 if count else 0.0
    assert interval.lower == pytest.approx(expected_lower, rel=1e-9)
    assert interval.upper == pytest.approx(chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2, rel=1e-9)


def test_byar_ten_events_by_hand():
    # lower = 10 (1 - 1/90 - 1.96/(3 sqrt 10))^3 = 10 * 0.782287^3 = 4.7874
    # upper = 11 (1 - 1/99 + 1.96/(3 sqrt 11))^3 = 11 * 1.186891^3 = 18.3915
    interval = byar_interval(10, 1, multiplier=1)
    assert interval.lower == pytest.approx(4.7874, abs=1e-4)
    assert interval.upper == pytest.approx(18.3915, abs=1e-4)
    assert interval.method == "byar"


def test_byar_is_close_to_exact_for_a_large_count():
    byar = byar_interval(400, 1, multiplier=1)
    exact = exact_poisson_interval(400, 1, multiplier=1)
    assert byar.lower == pytest.approx(exact.lower, rel=1e-3)
    assert byar.upper == pytest.approx(exact.upper, rel=1e-3)


@pytest.mark.parametrize("count", range(10))
def test_rate_interval_uses_exact_poisson_below_ten(count):
    interval = rate_interval(count, 80_000)
    assert interval.method == "exact poisson"
    assert interval == exact_poisson_interval(count, 80_000)


@pytest.mark.parametrize("count", [10, 11, 25, 99, 1_000])
def test_rate_interval_uses_byar_from_ten(count):
    interval = rate_interval(count, 80_000, 0.998)
    assert interval.method == "byar"
    assert interval == byar_interval(count, 80_000, 0.998)


def test_rate_interval_zero_count_per_100000():
    # 0 events among 50,000 people: upper = 3.6889 / 50,000 * 100,000 = 7.3778.
    interval = rate_interval(0, 50_000)
    assert interval.value == 0.0
    assert interval.lower == 0.0
    assert interval.upper == pytest.approx(7.3778, abs=1e-4)


def test_rate_value_per_100000():
    assert rate_interval(250, 125_000).value == pytest.approx(200.0)


def test_margin_of_error_at_95_is_published_half_width():
    interval = margin_of_error_interval(62.4, 3.1)
    assert (interval.lower, interval.upper) == (pytest.approx(59.3), pytest.approx(65.5))
    assert interval.method == "margin of error"


def test_margin_of_error_rescaled_to_99_8_by_z_ratio():
    # 3.0902 / 1.9600 = 1.57668, so a 3.1 point margin becomes 4.8877.
    interval = margin_of_error_interval(62.4, 3.1, 0.998)
    assert interval.upper - interval.value == pytest.approx(3.1 * 1.576678, rel=1e-6)
    assert interval.value - interval.lower == pytest.approx(3.1 * 1.576678, rel=1e-6)
    assert "rescaled" in interval.method and "99.8%" in interval.method


def test_standard_error_interval():
    interval = standard_error_interval(19.1, 0.2, 0.998)
    assert interval.lower == pytest.approx(19.1 - Z998 * 0.2)
    assert interval.upper == pytest.approx(19.1 + Z998 * 0.2)
    assert interval.method == "standard error"


def test_mean_interval_by_hand():
    # mean 3, sample sd sqrt(10/4) = 1.58114, se = 1.58114 / sqrt 5 = 0.70711,
    # half-width 1.96 * 0.70711 = 1.38590.
    interval = mean_interval([1, 2, 3, 4, 5])
    assert interval.value == 3
    assert interval.lower == pytest.approx(3 - 1.38590, abs=1e-5)
    assert interval.upper == pytest.approx(3 + 1.38590, abs=1e-5)


def test_standard_error_from_interval_inverts_standard_error_interval():
    assert standard_error_from_interval(Interval(50, 46.08, 53.92, 0.95, "x")) == pytest.approx(2.0, rel=1e-4)
    assert standard_error_from_interval(standard_error_interval(10, 1.5, 0.998)) == pytest.approx(1.5)
    assert standard_error_from_interval(Interval(50, None, 53.0, 0.95, "x")) is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: wilson_interval(-1, 10), "numerator must not be negative"),
        (lambda: wilson_interval(11, 10), "numerator must not exceed denominator"),
        (lambda: wilson_interval(1, 0), "denominator must be greater than 0"),
        (lambda: wilson_interval(1, 10, 95), "confidence must be a fraction between 0 and 1"),
        (lambda: wilson_interval(1, 10, 1.0), "confidence"),
        (lambda: wilson_interval(1, 10, 0), "confidence"),
        (lambda: rate_interval(-2, 1000), "count must not be negative"),
        (lambda: rate_interval(3, -5), "denominator must be greater than 0"),
        (lambda: exact_poisson_interval(2.5, 1000), "count must be a whole number"),
        (lambda: byar_interval(12, 1000, 0.95, 0), "multiplier must be greater than 0"),
        (lambda: margin_of_error_interval(50, -1), "margin must not be negative"),
        (lambda: standard_error_interval(50, -1), "standard_error must not be negative"),
        (lambda: mean_interval([3.0]), "at least 2"),
        (lambda: wilson_interval(float("nan"), 10), "numerator must be a finite number"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
