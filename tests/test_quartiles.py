"""Quartile cut points, bands, rank and percentile, against values worked out by hand."""

import pytest

from ascof_xl.benchmark.quartiles import (
    band_by_cut_points,
    band_by_rank,
    cut_points,
    percentile,
    quantile_exc,
    quantile_inc,
    rank,
)

FIVE = (1.0, 2.0, 3.0, 4.0, 5.0)  # QUARTILE.INC: positions 1, 2, 3 -> P25 2, P50 3, P75 4 exactly
FOUR = (10.0, 20.0, 30.0, 40.0)


def test_quartile_inc_interpolates_over_n_minus_one():
    # positions (n-1)p = 0.75, 1.5, 2.25 -> 10 + 0.75*10, 20 + 0.5*10, 30 + 0.25*10
    assert cut_points(FOUR, "inc") == (17.5, 25.0, 32.5)


def test_quartile_exc_interpolates_over_n_plus_one():
    # positions (n+1)p = 1.25, 2.5, 3.75 -> 12.5, 25, 37.5 (Excel QUARTILE.EXC gives the same)
    assert cut_points(FOUR, "exc") == (12.5, 25.0, 37.5)


def test_quartile_exc_outside_the_data_is_missing_as_excel_gives_num_error():
    assert quantile_exc((1.0, 2.0), 0.25) is None
    assert quantile_inc((), 0.5) is None
    assert quantile_inc((7.0,), 0.25) == 7.0


def test_cut_points_fall_exactly_on_values():
    assert cut_points(FIVE) == (2.0, 3.0, 4.0)


@pytest.mark.parametrize(
    "value, higher_band, lower_band",
    [
        (1.0, "bottom", "top"),  # below P25 / at the lowest value
        (2.0, "lower-middle", "top"),  # tie at P25 goes to the better band
        (2.5, "lower-middle", "upper-middle"),
        (3.0, "upper-middle", "upper-middle"),  # tie at the median
        (3.5, "upper-middle", "lower-middle"),
        (4.0, "top", "lower-middle"),  # tie at P75
        (5.0, "top", "bottom"),
    ],
)
def test_bands_with_ties_on_every_cut_point(value, higher_band, lower_band):
    cuts = cut_points(FIVE)
    assert band_by_cut_points(value, cuts, "higher") == higher_band
    assert band_by_cut_points(value, cuts, "lower") == lower_band


def test_a_measure_without_polarity_is_banded_high_values_top():
    assert band_by_cut_points(5.0, cut_points(FIVE), "none") == "top"


def test_no_band_when_cut_points_are_missing():
    assert band_by_cut_points(1.0, (None, None, None), "higher") is None


def test_rank_ties_share_the_best_rank():
    ordered = (1.0, 3.0, 5.0, 5.0)
    assert [rank(v, ordered, "higher") for v in (5.0, 3.0, 1.0)] == [1, 3, 4]
    assert [rank(v, ordered, "lower") for v in (1.0, 3.0, 5.0)] == [1, 2, 3]


def test_rank_of_all_equal_values_is_one():
    assert rank(2.0, (2.0, 2.0, 2.0), "higher") == 1
    assert rank(2.0, (2.0, 2.0, 2.0), "lower") == 1


def test_percentile_is_share_of_others_beaten():
    assert percentile(5.0, FIVE, "higher") == 100.0
    assert percentile(1.0, FIVE, "higher") == 0.0
    assert percentile(4.0, FIVE, "higher") == 75.0  # beats 3 of the 4 others
    assert percentile(4.0, FIVE, "lower") == 25.0  # beats only 5
    assert percentile(1.0, (1.0,), "higher") is None


@pytest.mark.parametrize("position, band", [(1, "top"), (2, "top"), (3, "upper-middle"), (5, "upper-middle"),
                                            (6, "lower-middle"), (7, "lower-middle"), (8, "bottom"), (10, "bottom")])
def test_equal_count_bands_by_rank(position, band):
    # ceil(4 * rank / 10): 0.4, 0.8 -> 1; 1.2..2.0 -> 2; 2.4, 2.8 -> 3; 3.2..4 -> 4
    assert band_by_rank(position, 10) == band
