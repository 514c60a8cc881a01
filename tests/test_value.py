"""A measure's value from its counts: unit, multiplier and decimals from the catalogue, exact half-up rounding."""

from decimal import Decimal

import pytest

from ascof_xl.cli import main
from ascof_xl.errors import AscofError
from ascof_xl.figures.value import compute_value


def test_wiltshire_2b1_85_and_over_sits_on_a_half_and_rounds_up():
    # 82 / 160 x 100 = 51.25 exactly; the publication prints 51.3, a binary float rounds it to 51.2
    assert round(82 / 160 * 100, 1) == 51.2
    found = compute_value("2B1", 82, 160)
    assert found["value"] == 51.3 and found["exact"] == Decimal("51.3")
    assert (found["unit"], found["multiplier"], found["decimals"], found["marker"]) == ("percentage", 100, 1, "")


def test_a_mean_score_on_a_half_rounds_away_from_zero():
    # 39 / 20 = 1.95; as a float 1.95 is a hair below, so round() gives 1.9
    assert round(39 / 20, 1) == 1.9
    found = compute_value("1A", 39, 20)
    assert found["exact"] == Decimal("2.0") and found["multiplier"] == 1 and found["unit"] == "mean score"


def test_a_rate_per_100000_uses_its_multiplier():
    # 1,234 admissions over 98,765 people aged 65+: 1234 * 100000 / 98765 = 1249.4305... by long division
    found = compute_value("2A2", 1234, 98765)
    assert found["multiplier"] == 100_000 and found["value"] == 1249.4


def test_rate_exactly_on_a_half():
    # 1 / 80000 x 100000 = 1.25 -> 1.3
    assert compute_value("2A1", 1, 80_000)["exact"] == Decimal("1.3")


def test_numbers_arrive_as_text_from_excel():
    assert compute_value("2B1", " 82 ", "160")["value"] == 51.3
    assert compute_value("2A2", "1,234", "98,765")["value"] == 1249.4
    assert compute_value("2B1", 82.0, Decimal("160"))["value"] == 51.3


def test_zero_denominator_is_marked_x():
    found = compute_value("2D", 0, 0)
    assert found["value"] is None and found["exact"] is None and found["marker"] == "x"


def test_year_picks_the_framework_and_its_codes():
    found = compute_value("2D1", 41, 50, year="2023-24")
    assert found["framework"] == "ascof-2023-24" and found["value"] == 82.0
    earlier = compute_value("2D1", 41, 50, year="2020-21")  # the same measure under that year's code
    assert earlier["code"] == "2B1" and earlier["framework"] == "ascof-2018-19" and earlier["value"] == 82.0
    with pytest.raises(AscofError, match="unknown measure code '6A' in framework ascof-2018-19"):
        compute_value("6A", 41, 50, year="2020-21")  # no measure of 2020-21 continues it


@pytest.mark.parametrize(
    ("year", "decimals", "value"),
    [("2023-24", 1, 33.3), ("2024-25", 2, 33.33), (None, 2, 33.33)],
)
def test_decimals_are_those_of_the_years_publication(year, decimals, value):
    # DHSC published 2D1 and 2D2 to one decimal in 2023-24, to two for councils in 2024-25.
    found = compute_value("2D1", 1, 3, year=year)
    assert found["decimals"] == decimals and found["value"] == value
    assert compute_value("2D2", 1, 3, year="2024-25", level="england")["value"] == 33.3
    assert compute_value("1F", 1, 3, year="2018-19")["value"] == 33.0  # whole numbers, 2017-18 to 2022-23
    assert compute_value("1F", 1, 3, year="2016-17")["value"] == 33.3


def test_cli_value_rounds_as_the_year_published(capsys):
    assert main(["value", "2D1", "--numerator", "1", "--denominator", "3", "--year", "2023-24", "--format", "json"]) == 0
    assert '"value": 33.3,' in capsys.readouterr().out


def test_adjusted_quality_of_life_is_given_to_three_decimals():
    # 1J is an index published to 3 dp: 91 / 200 = 0.455
    found = compute_value("1J", 91, 200)
    assert found["decimals"] == 3 and found["exact"] == Decimal("0.455")


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        ("eighty", 160, "holds the text 'eighty', not a number"),
        (82, "n/a", "holds the text 'n/a', not a number"),
        (-1, 160, "below zero"),
        (82, -160, "below zero"),
        (None, 160, "blank"),
        ("", 160, "blank"),
        (True, 160, "not a number"),
        (float("nan"), 160, "not a number"),
        (161, 160, "above the denominator"),
    ],
)
def test_bad_counts_are_refused_with_a_message(numerator, denominator, message):
    with pytest.raises(AscofError, match=message):
        compute_value("2B1", numerator, denominator)


def test_unknown_code_lists_the_valid_ones():
    with pytest.raises(AscofError, match="unknown measure code '9Z' in any framework; closest codes: .*ascof-xl measures"):
        compute_value("9Z", 1, 2)
    with pytest.raises(AscofError, match="unknown measure code '9Z'.*valid codes: 1A"):
        compute_value("9Z", 1, 2, year="2023-24")


def test_cli_value(capsys):
    assert main(["value", "2B1", "--numerator", "82", "--denominator", "160", "--format", "json"]) == 0
    assert '"value": 51.3' in capsys.readouterr().out
    assert main(["value", "2B1", "--numerator", "x1", "--denominator", "160"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "holds the text 'x1'" in error
