"""Recent trend: chi-squared test for trend, weighted regression and the leave-one-out check."""

import math

import pytest

from ascof_xl.stats import proportion_trend, recent_trend, weighted_trend

THOUSANDS = [1000] * 5


def test_cochran_armitage_statistic_by_hand():
    # 50%, 55%, 60%, 65%, 70% of 1000 each year (t = 1..5).
    # N = 5000, R = 3000, pbar = 0.6.
    # U = sum t (r - n pbar) = 1(-100) + 2(-50) + 3(0) + 4(50) + 5(100) = 500.
    # V = pbar (1 - pbar) (sum n t^2 - (sum n t)^2 / N) = 0.24 (55000 - 15000^2/5000) = 0.24 * 10000 = 2400.
    # chi-squared = U^2 / V = 250000 / 2400 = 104.1667; p = P(chi2_1 > 104.1667) = erfc(sqrt(104.1667 / 2)).
    trend = proportion_trend([500, 550, 600, 650, 700], THOUSANDS, "higher")
    assert trend.p_value == pytest.approx(math.erfc(math.sqrt(104.16667 / 2)), rel=1e-4)
    assert trend.slope == pytest.approx(0.05)  # five percentage points a year, as a fraction
    assert trend.as_dict() == {
        "direction": "increasing",
        "assessment": "improving",
        "method": "chi-squared test for trend",
        "slope": pytest.approx(0.05),
        "p_value": trend.p_value,
        "points": 5,
        "reason": None,
    }


def test_cochran_armitage_p_value_against_scipy_with_unequal_denominators():
    stats = pytest.importorskip("scipy.stats")
    numerators = [120, 150, 130, 180, 210]
    denominators = [800, 900, 700, 950, 1000]
    times = [1, 2, 3, 4, 5]
    total, events = sum(denominators), sum(numerators)
    pbar = events / total
    u = sum(t * (r - n * pbar) for t, r, n in zip(times, numerators, denominators))
    mean_t = sum(n * t for n, t in zip(denominators, times)) / total
    v = pbar * (1 - pbar) * sum(n * (t - mean_t) ** 2 for n, t in zip(denominators, times))
    trend = proportion_trend(numerators, denominators, "lower")
    assert trend.p_value == pytest.approx(stats.chi2.sf(u * u / v, 1), rel=1e-9)
    assert trend.direction == "increasing"
    assert trend.assessment == "worsening"


def test_decreasing_proportion_with_lower_is_better_is_improving():
    trend = proportion_trend([700, 650, 600, 550, 500], THOUSANDS, "lower")
    assert (trend.direction, trend.assessment) == ("decreasing", "improving")
    assert proportion_trend([700, 650, 600, 550, 500], THOUSANDS, "none").assessment == "decreasing"


def test_flat_series_has_no_significant_change():
    trend = proportion_trend([600, 602, 598, 601, 599], THOUSANDS, "higher")
    assert (trend.direction, trend.assessment) == ("no significant change", "no significant change")
    assert trend.p_value > 0.5


def test_one_outlier_driving_the_slope_fails_the_leave_one_out_check():
    # 61%, 60.5%, 60%, 59.5%, then 80%: the full fit rises (chi-squared about 59.6, far above 9.55),
    # but leaving out the last year the slope falls, so the sign is not stable.
    numerators = [610, 605, 600, 595, 800]
    trend = proportion_trend(numerators, THOUSANDS, "higher")
    assert trend.p_value < 1e-10
    assert trend.slope > 0
    assert trend.direction == "no significant change"


def test_significant_at_95_but_not_at_99_8():
    # Equal SEs of 0.65 and a slope of 0.5: chi-squared = 0.25 * 10 / 0.4225 = 5.917, between 3.84 and 9.55.
    values = [10, 10.5, 11, 11.5, 12]
    errors = [0.65] * 5
    assert weighted_trend(values, errors, "higher", 0.95).direction == "increasing"
    assert weighted_trend(values, errors, "higher").direction == "no significant change"
    assert weighted_trend(values, errors, "higher").p_value == pytest.approx(
        math.erfc(math.sqrt(5.91716 / 2)), rel=1e-4
    )


def test_weighted_regression_by_hand():
    # Equal SEs of 1: slope 2, var(slope) = 1 / sum (t - 3)^2 = 1/10, chi-squared = 4 * 10 = 40.
    trend = weighted_trend([10, 12, 14, 16, 18], [1] * 5, "lower")
    assert trend.slope == pytest.approx(2.0)
    assert trend.p_value == pytest.approx(math.erfc(math.sqrt(20)))
    assert (trend.direction, trend.assessment, trend.method) == (
        "increasing",
        "worsening",
        "weighted linear regression",
    )


def test_weighted_regression_against_numpy_with_unequal_errors():
    np = pytest.importorskip("numpy")
    values = [71.2, 72.0, 71.8, 73.9, 74.4]
    errors = [0.4, 0.9, 0.3, 0.6, 0.5]
    coefficients, covariance = np.polyfit([1, 2, 3, 4, 5], values, 1, w=1 / np.array(errors), cov="unscaled")
    chi_squared = coefficients[0] ** 2 / covariance[0, 0]
    trend = weighted_trend(values, errors, "higher")
    assert trend.slope == pytest.approx(coefficients[0], rel=1e-9)
    assert trend.p_value == pytest.approx(math.erfc(math.sqrt(chi_squared / 2)), rel=1e-9)
    assert trend.direction == "increasing"


def test_only_the_last_five_points_are_used():
    older_noise = [990, 10]
    recent = [500, 550, 600, 650, 700]
    assert proportion_trend(older_noise + recent, [1000] * 7, "higher") == proportion_trend(recent, THOUSANDS, "higher")


def test_four_points_cannot_be_calculated():
    for trend in (
        proportion_trend([500, 550, 600, 650], [1000] * 4, "higher"),
        weighted_trend([1, 2, 3, 4], [0.1] * 4, "higher"),
        recent_trend([{"value": 1, "lower": 0, "upper": 2}] * 4, "higher"),
    ):
        assert (trend.direction, trend.assessment) == ("cannot be calculated", "cannot be calculated")
        assert trend.reason == "fewer than 5 years"
        assert trend.points == 4
        assert trend.slope is None and trend.p_value is None


def test_all_zero_proportions_show_no_change():
    trend = proportion_trend([0] * 5, THOUSANDS, "higher")
    assert trend.direction == "no significant change"


def test_recent_trend_uses_counts_when_every_point_has_them():
    points = [{"numerator": r, "denominator": 1000, "value": r / 10} for r in (500, 550, 600, 650, 700)]
    trend = recent_trend(points, "higher")
    assert trend == proportion_trend([500, 550, 600, 650, 700], THOUSANDS, "higher")


def test_recent_trend_uses_intervals_otherwise():
    # A 95% interval of value ± 1.96 gives SE 1; a 99.8% interval of value ± 3.0902 * 2 gives SE 2.
    points = [{"value": v, "lower": v - 1.959964, "upper": v + 1.959964} for v in (10, 12, 14, 16, 18)]
    points[0]["numerator"] = 5  # counts on only some points are ignored
    trend = recent_trend(points, "lower")
    expected = weighted_trend([10, 12, 14, 16, 18], [1] * 5, "lower")
    assert trend.direction == expected.direction == "increasing"
    assert (trend.assessment, trend.method) == (expected.assessment, expected.method)
    assert trend.slope == pytest.approx(expected.slope)
    assert trend.p_value == pytest.approx(expected.p_value, rel=1e-5)
    wide = [{"value": v, "lower": v - 6.180465, "upper": v + 6.180465, "confidence": 0.998} for v in range(10, 20, 2)]
    expected_wide = weighted_trend([10, 12, 14, 16, 18], [2] * 5, "lower")
    assert recent_trend(wide, "lower").p_value == pytest.approx(expected_wide.p_value, rel=1e-5)


def test_recent_trend_without_intervals_cannot_be_calculated():
    points = [{"value": v} for v in (10, 12, 14, 16, 18)]
    trend = recent_trend(points, "higher")
    assert (trend.direction, trend.reason) == ("cannot be calculated", "no interval")
    gap = [{"value": v, "lower": v - 1, "upper": v + 1} for v in (10, 12, 14, 16)] + [{"value": None}]
    assert recent_trend(gap, "higher").reason == "missing value"


def test_zero_width_interval_cannot_be_calculated():
    trend = weighted_trend([1, 2, 3, 4, 5], [0.1, 0.1, 0.0, 0.1, 0.1], "higher")
    assert trend.direction == "cannot be calculated"
    assert trend.reason == "an interval has zero width"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: proportion_trend([1, 2, 3, 4, 5], [10] * 4, "higher"), "same length"),
        (lambda: proportion_trend([1, 2, 3, 4, -5], [10] * 5, "higher"), "numerators must not be negative"),
        (lambda: proportion_trend([1, 2, 3, 4, 11], [10] * 5, "higher"), "must not exceed denominators"),
        (lambda: proportion_trend([1, 2, 3, 4, 0], [10, 10, 10, 10, 0], "higher"), "denominators must be"),
        (lambda: proportion_trend([1, 2, 3, 4, 5], [10] * 5, "higher", 99.8), "confidence"),
        (lambda: weighted_trend([1, 2, 3, 4, 5], [1, 1, 1, 1, -1], "higher"), "standard_errors must not be"),
        (lambda: weighted_trend([1, 2, 3, 4, 5], [1] * 5, "better"), "polarity"),
        (lambda: recent_trend([{"value": 1, "lower": 2, "upper": 0}] * 5, "higher"), "upper must not be below"),
    ],
)
def test_bad_trend_input_raises(call, message):
    with pytest.raises(ValueError, match=message):
        call()
