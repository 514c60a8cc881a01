"""Comparison with a comparator, as the Fingertips single overlapping CI method."""

import math

import pytest

from ascof_xl.stats import Interval, compare_with, wilson_interval

COUNCIL = Interval(45.0, 40.0, 50.0, 0.95, "wilson")


@pytest.mark.parametrize(
    ("comparator", "polarity", "expected"),
    [
        # comparator below the interval: the council is higher
        (39.9, "higher", "better"),
        (39.9, "lower", "worse"),
        (39.9, "none", "higher"),
        # comparator above the interval: the council is lower
        (50.1, "higher", "worse"),
        (50.1, "lower", "better"),
        (50.1, "none", "lower"),
        # inside or on a bound: similar whatever the polarity
        (45.0, "higher", "similar"),
        (40.0, "higher", "similar"),
        (50.0, "lower", "similar"),
        (40.0, "none", "similar"),
        (50.0, "none", "similar"),
    ],
)
def test_compare_with(comparator, polarity, expected):
    assert compare_with(COUNCIL, comparator, polarity) == expected


@pytest.mark.parametrize("polarity", ["higher", "lower", "none"])
def test_missing_parts_cannot_be_calculated(polarity):
    assert compare_with(COUNCIL, None, polarity) == "cannot be calculated"
    assert compare_with(COUNCIL, math.nan, polarity) == "cannot be calculated"
    assert compare_with(Interval(45.0, None, 50.0, 0.95, "x"), 30.0, polarity) == "cannot be calculated"
    assert compare_with(Interval(None, 40.0, None, 0.95, "x"), 30.0, polarity) == "cannot be calculated"


def test_level_matters_for_a_borderline_council():
    # 60/100 = 60%: 95% Wilson is (50.20, 69.06); 99.8% Wilson is (44.64, 73.62).
    assert compare_with(wilson_interval(60, 100), 48.0, "higher") == "better"
    assert compare_with(wilson_interval(60, 100, 0.998), 48.0, "higher") == "similar"


def test_unknown_polarity_is_rejected():
    with pytest.raises(ValueError, match="polarity must be one of higher, lower, none"):
        compare_with(COUNCIL, 30.0, "up")
