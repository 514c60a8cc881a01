"""Properties every interval, comparison and trend must have, checked with hypothesis."""

from hypothesis import assume, given
from hypothesis import strategies as st

from ascof_xl.stats import (
    Interval,
    compare_with,
    mean_interval,
    proportion_trend,
    rate_interval,
    wilson_interval,
)

confidences = st.sampled_from([0.95, 0.998])


@st.composite
def proportions(draw):
    denominator = draw(st.integers(1, 200_000))
    return draw(st.integers(0, denominator)), denominator


def width(interval: Interval) -> float:
    return interval.upper - interval.lower


@given(proportions(), confidences)
def test_wilson_contains_estimate_and_stays_in_range(proportion, confidence):
    interval = wilson_interval(*proportion, confidence)
    assert 0 <= interval.lower <= interval.value <= interval.upper <= 100


@given(proportions(), st.integers(2, 50))
def test_wilson_narrows_as_n_grows(proportion, factor):
    numerator, denominator = proportion
    larger = wilson_interval(numerator * factor, denominator * factor)
    assert width(larger) < width(wilson_interval(numerator, denominator))


@given(proportions())
def test_wilson_99_8_is_wider_than_95(proportion):
    narrow, wide = wilson_interval(*proportion), wilson_interval(*proportion, 0.998)
    assert wide.lower <= narrow.lower and wide.upper >= narrow.upper
    assert width(wide) > width(narrow)


@given(st.integers(0, 100_000), st.floats(1, 1e7), confidences)
def test_rate_contains_estimate(count, denominator, confidence):
    interval = rate_interval(count, denominator, confidence)
    assert 0 <= interval.lower <= interval.value <= interval.upper


@given(st.integers(0, 20_000), st.floats(1, 1e6), st.integers(2, 20))
def test_rate_narrows_as_counts_grow(count, denominator, factor):
    small = rate_interval(count, denominator)
    large = rate_interval(count * factor, denominator * factor)
    assert width(large) < width(small)


@given(st.integers(0, 100_000), st.floats(1, 1e7))
def test_rate_99_8_is_wider_than_95(count, denominator):
    narrow, wide = rate_interval(count, denominator), rate_interval(count, denominator, 0.998)
    assert wide.lower <= narrow.lower and wide.upper >= narrow.upper
    assert width(wide) > width(narrow)


scores = st.lists(st.integers(0, 24), min_size=2, max_size=200)


@given(scores, confidences)
def test_mean_interval_contains_mean(values, confidence):
    interval = mean_interval(values, confidence)
    assert interval.lower <= interval.value <= interval.upper


@given(scores, st.integers(2, 10))
def test_mean_interval_narrows_with_more_respondents(values, factor):
    assume(len(set(values)) > 1)
    assert width(mean_interval(values * factor)) < width(mean_interval(values))


@given(scores)
def test_mean_interval_99_8_is_wider_than_95(values):
    assume(len(set(values)) > 1)
    assert width(mean_interval(values, 0.998)) > width(mean_interval(values))


@given(st.floats(-1e6, 1e6), st.floats(0, 1e3), st.floats(-1e6, 1e6))
def test_polarity_swaps_better_and_worse(value, half_width, comparator):
    interval = Interval(value, value - half_width, value + half_width, 0.95, "test")
    swap = {"better": "worse", "worse": "better", "similar": "similar"}
    assert compare_with(interval, comparator, "lower") == swap[compare_with(interval, comparator, "higher")]
    plain = compare_with(interval, comparator, "none")
    assert plain in {"higher", "lower", "similar"}
    assert (plain == "similar") == (interval.lower <= comparator <= interval.upper)


@given(st.lists(proportions(), min_size=5, max_size=5))
def test_reversing_a_series_reverses_its_trend(series):
    numerators = [numerator for numerator, _ in series]
    denominators = [denominator for _, denominator in series]
    forward = proportion_trend(numerators, denominators, "higher")
    backward = proportion_trend(numerators[::-1], denominators[::-1], "higher")
    opposite = {
        "increasing": "decreasing",
        "decreasing": "increasing",
        "no significant change": "no significant change",
    }
    assert backward.direction == opposite[forward.direction]
    assert backward.p_value == forward.p_value or abs(backward.p_value - forward.p_value) < 1e-9
