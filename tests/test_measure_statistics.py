"""Interval, significance and trend for one council and measure, from the published rows.

Part 1 uses a small hand-built Store, part 2 the bundled data through the CLI (and, where
the shared folder is beside the clone, the raw published file as the source of the counts).
Every expected interval is worked out here from its formula (or scipy as an oracle).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from ascof_xl.benchmark.context import measure_info
from ascof_xl.benchmark.statistics import interval_for, measure_statistics, trend_run
from ascof_xl.catalogue import load_catalogue
from ascof_xl.cli import main
from ascof_xl.councils import find_council
from ascof_xl.published.store import Store
from ascof_xl.published.tidy import TIDY_COLUMNS
from ascof_xl.stats import Interval
from oracles import byar_by_hand, wilson_by_hand

# Two-sided standard normal quantiles from tables: z(0.975) and z(0.999).
Z95 = 1.959963984540054
Z998 = 3.090232306167813

COUNCIL = find_council("Rotherham", "2020-21")
AREA = COUNCIL.ons_code
ENGLAND = "E92000001"
YEAR = "2020-21"
FIVE_YEARS = ("2016-17", "2017-18", "2018-19", "2019-20", "2020-21")
# Five years of the users' survey before its voluntary 2020-21 (which stands apart in every series).
SURVEY_YEARS = ("2015-16", "2016-17", "2017-18", "2018-19", "2019-20")

CATALOGUE = load_catalogue("ascof-2018-19")
PERCENT = CATALOGUE.measure("1E")  # SALT proportion, higher is better
RATE = CATALOGUE.measure("2A1")  # rate per 100,000, lower is better
SURVEY = CATALOGUE.measure("1B")  # users' survey percentage, higher is better
NO_COUNTS = CATALOGUE.measure("1F")  # percentage published as an outcome only


def tidy(*rows: tuple) -> pd.DataFrame:
    """Tidy rows from (year, area, code, measure type, value); the area's level follows its code."""
    records = []
    for year, area, code, measure_type, value in rows:
        england = area == ENGLAND
        records.append({
            "year": year,
            "area_code": area,
            "cassr_code": "" if england else COUNCIL.cassr_code,
            "area_name": "England" if england else COUNCIL.name,
            "level": "england" if england else "council",
            "measure": code,
            "group": code,
            "disaggregation": "Total",
            "measure_type": measure_type,
            "value": math.nan if value is None else float(value),
            "marker": "x" if value is None else "",
        })
    return pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))


def counts(year: str, code: str, numerator: float, denominator: float, outcome: float | None = None) -> list[tuple]:
    """The Outcome, Numerator and Denominator rows of one council measure."""
    if outcome is None:
        outcome = 100 * numerator / denominator
    return [
        (year, AREA, code, "Outcome", outcome),
        (year, AREA, code, "Numerator", numerator),
        (year, AREA, code, "Denominator", denominator),
    ]


def statistics(store: Store, code: str, info, value: float | None, comparator: float | None,
               polarity: str | None = None, year: str = YEAR) -> dict:
    polarity = polarity or info.polarity
    return measure_statistics(store, COUNCIL, year, code, polarity, value, comparator, info)


# --- the catalogue entries the tests rely on ------------------------------------------------------


def test_catalogue_entries_are_the_kinds_the_tests_assume():
    assert (PERCENT.unit, PERCENT.polarity, PERCENT.get("survey", "none")) == ("percentage", "higher", "none")
    assert (RATE.unit, RATE.polarity) == ("rate per 100,000", "lower")
    assert (SURVEY.unit, SURVEY.polarity, SURVEY.get("survey")) == ("percentage", "higher", "users")
    assert (NO_COUNTS.unit, NO_COUNTS.get("survey", "none")) == ("percentage", "none")


# --- proportions: Wilson ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def proportion_store() -> Store:
    return Store([tidy(*counts(YEAR, "1E", 45, 60), (YEAR, ENGLAND, "1E", "Outcome", 70.0))])


def test_proportion_gets_wilson_at_both_levels(proportion_store):
    found = statistics(proportion_store, "1E", PERCENT, 75.0, 70.0)
    lower, upper = wilson_by_hand(45, 60, Z95)
    lower_998, upper_998 = wilson_by_hand(45, 60, Z998)
    # By hand: 62.77 to 84.22 at 95%, 55.16 to 87.98 at 99.8%.
    assert (round(lower, 2), round(upper, 2)) == (62.77, 84.22)
    assert (round(lower_998, 2), round(upper_998, 2)) == (55.16, 87.98)
    assert found["ci_lower"] == pytest.approx(lower, rel=1e-9)
    assert found["ci_upper"] == pytest.approx(upper, rel=1e-9)
    assert found["ci_lower_998"] == pytest.approx(lower_998, rel=1e-9)
    assert found["ci_upper_998"] == pytest.approx(upper_998, rel=1e-9)
    assert found["ci_method"] == "wilson"
    assert set(found) == {"ci_lower", "ci_upper", "significance", "ci_lower_998", "ci_upper_998",
                          "significance_998", "ci_method", "ci_note", "trend", "trend_method", "trend_note"}


@pytest.mark.parametrize(
    ("comparator", "polarity", "at_95", "at_998"),
    [
        (70.0, "higher", "similar", "similar"),  # England inside both intervals
        (84.2, "higher", "similar", "similar"),  # just inside the 95% upper bound (84.223)
        (84.3, "higher", "worse", "similar"),  # just outside it
        (90.0, "higher", "worse", "worse"),  # England above: council lower, and higher is better
        (86.0, "higher", "worse", "similar"),  # above the 95% interval, inside the 99.8% one
        (50.0, "higher", "better", "better"),  # England below: council higher
        (60.0, "higher", "better", "similar"),  # below the 95% interval only
        (90.0, "lower", "better", "better"),
        (50.0, "lower", "worse", "worse"),
        (90.0, "none", "lower", "lower"),
        (50.0, "none", "higher", "higher"),
    ],
)
def test_proportion_significance_against_the_comparator(proportion_store, comparator, polarity, at_95, at_998):
    found = statistics(proportion_store, "1E", PERCENT, 75.0, comparator, polarity)
    assert (found["significance"], found["significance_998"]) == (at_95, at_998)


def test_england_value_from_the_store_is_a_usable_comparator(proportion_store):
    england = proportion_store.value(YEAR, ENGLAND, "1E")
    assert england == 70.0
    assert statistics(proportion_store, "1E", PERCENT, 75.0, england)["significance"] == "similar"


def test_no_comparator_keeps_the_interval(proportion_store):
    found = statistics(proportion_store, "1E", PERCENT, 75.0, None)
    assert found["significance"] == found["significance_998"] == "no comparator value"
    assert found["ci_lower"] == pytest.approx(wilson_by_hand(45, 60, Z95)[0], rel=1e-9)


def test_no_value_gives_no_interval(proportion_store):
    found = statistics(proportion_store, "1E", PERCENT, None, 70.0)
    assert found["significance"] == found["significance_998"] == "no value"
    assert found["ci_lower"] is found["ci_upper"] is None
    assert found["ci_lower_998"] is found["ci_upper_998"] is None
    assert found["ci_method"] is None


def test_proportion_interval_brackets_the_published_value_not_the_rounded_one():
    # Published outcome rounded to one decimal (2.9), counts 21/723: the interval is from the counts.
    store = Store([tidy(*counts(YEAR, "1E", 21, 723, outcome=2.9))])
    found = statistics(store, "1E", PERCENT, 2.9, 5.1)
    lower, upper = wilson_by_hand(21, 723, Z95)
    assert found["ci_lower"] == pytest.approx(lower, rel=1e-9)
    assert found["ci_upper"] == pytest.approx(upper, rel=1e-9)
    assert found["significance"] == "worse"


# --- survey measures: margin of error -------------------------------------------------------------


def test_survey_measure_uses_its_margin_of_error():
    store = Store([tidy(
        (YEAR, AREA, "1B", "Outcome", 77.0),
        (YEAR, AREA, "1B", "Margin Of Error", 3.2),
        # counts are published for the survey too, but they are weighted: Wilson must not be used
        (YEAR, AREA, "1B", "Numerator", 300),
        (YEAR, AREA, "1B", "Denominator", 400),
    )])
    found = statistics(store, "1B", SURVEY, 77.0, 72.0)
    assert found["ci_lower"] == pytest.approx(77.0 - 3.2)
    assert found["ci_upper"] == pytest.approx(77.0 + 3.2)
    ratio = Z998 / Z95
    assert ratio == pytest.approx(1.5767, abs=1e-4)
    assert found["ci_lower_998"] == pytest.approx(77.0 - 3.2 * ratio, rel=1e-9)
    assert found["ci_upper_998"] == pytest.approx(77.0 + 3.2 * ratio, rel=1e-9)
    assert found["ci_method"] == "margin of error"
    # 72.0 is below 73.8 (95%) but inside 71.95 to 82.05 (99.8%).
    assert (found["significance"], found["significance_998"]) == ("better", "similar")


@pytest.mark.parametrize(("comparator", "expected"), [(75.0, "similar"), (80.0, "similar"),
                                                     (74.99, "better"), (80.01, "worse")])
def test_comparator_on_a_bound_is_similar(comparator, expected):
    # 77.5 ± 2.5 is exactly 75.0 to 80.0 in binary floating point.
    store = Store([tidy((YEAR, AREA, "1B", "Outcome", 77.5), (YEAR, AREA, "1B", "Margin Of Error", 2.5))])
    found = statistics(store, "1B", SURVEY, 77.5, comparator)
    assert (found["ci_lower"], found["ci_upper"]) == (75.0, 80.0)
    assert found["significance"] == expected


def test_survey_measure_without_margin_has_no_interval_even_with_counts():
    store = Store([tidy(
        (YEAR, AREA, "1B", "Outcome", 77.0),
        (YEAR, AREA, "1B", "Numerator", 300),
        (YEAR, AREA, "1B", "Denominator", 400),
    )])
    found = statistics(store, "1B", SURVEY, 77.0, 72.0)
    assert found["significance"] == found["significance_998"] == "no margin of error"
    assert found["ci_lower"] is found["ci_upper"] is None
    assert found["ci_lower_998"] is found["ci_upper_998"] is None
    assert found["ci_method"] is None


def test_suppressed_margin_counts_as_no_margin():
    store = Store([tidy((YEAR, AREA, "1B", "Outcome", 77.0), (YEAR, AREA, "1B", "Margin Of Error", None))])
    assert statistics(store, "1B", SURVEY, 77.0, 72.0)["significance"] == "no margin of error"


# --- outcome only, odd counts, unknown units ------------------------------------------------------


def test_outcome_only_measure_says_no_denominator():
    store = Store([tidy((YEAR, AREA, "1F", "Outcome", 8.0), (YEAR, ENGLAND, "1F", "Outcome", 9.0))])
    found = statistics(store, "1F", NO_COUNTS, 8.0, 9.0)
    assert found["significance"] == found["significance_998"] == "no denominator"
    assert found["ci_lower"] is found["ci_upper"] is None
    assert found["ci_lower_998"] is found["ci_upper_998"] is None
    assert found["ci_method"] is None


@pytest.mark.parametrize(
    "rows",
    [
        [(YEAR, AREA, "1E", "Numerator", 45)],  # numerator without a denominator
        [(YEAR, AREA, "1E", "Denominator", 60)],  # denominator without a numerator
        [(YEAR, AREA, "1E", "Numerator", 45), (YEAR, AREA, "1E", "Denominator", None)],  # suppressed
    ],
)
def test_missing_or_zero_denominator_says_no_denominator(rows):
    store = Store([tidy((YEAR, AREA, "1E", "Outcome", 75.0), *rows)])
    found = statistics(store, "1E", PERCENT, 75.0, 70.0)
    assert found["significance"] == "no denominator"
    assert found["ci_lower"] is None


DO_NOT_FIT = "numerator and denominator do not fit"


def test_zero_denominator_says_no_denominator():
    # Published files carry 0/0 for a council with no cases (2B1 for Cheshire East in 2020-21);
    # the trend must not hand 0/0 to the chi-squared test (it used to raise ValueError).
    store = Store([tidy((YEAR, AREA, "1E", "Outcome", 75.0), (YEAR, AREA, "1E", "Numerator", 0),
                        (YEAR, AREA, "1E", "Denominator", 0))])
    found = statistics(store, "1E", PERCENT, 75.0, 70.0)
    assert found["significance"] == found["significance_998"] == "no denominator"
    assert found["trend"] == "fewer than 5 years"


def test_zero_denominator_with_suppressed_value_does_not_crash():
    store = Store([tidy((YEAR, AREA, "1E", "Outcome", None), (YEAR, AREA, "1E", "Numerator", 0),
                        (YEAR, AREA, "1E", "Denominator", 0))])
    found = statistics(store, "1E", PERCENT, None, 70.0)
    assert found["significance"] == found["ci_note"] == "no value"
    assert found["trend"] == "no value"


def test_percentage_with_numerator_above_denominator_has_no_interval():
    store = Store([tidy(*counts(YEAR, "1E", 70, 60, outcome=116.7))])
    found = statistics(store, "1E", PERCENT, 116.7, 70.0)
    assert found["significance"] == found["significance_998"] == found["ci_note"] == DO_NOT_FIT
    assert found["ci_lower"] is found["ci_upper"] is found["ci_method"] is None


def test_a_year_whose_counts_do_not_fit_does_not_crash_the_trend():
    # Five years of counts, one of them 70/60: that year has neither counts for the chi-squared
    # test nor an interval, so no trend method can use all five points.
    pairs = [RISING[0], RISING[1], (70, 60), RISING[3], RISING[4]]
    found = statistics(series("1E", pairs), "1E", PERCENT, 30.0, 25.0)
    assert found["trend"] == "no interval"
    assert found["trend_method"] is None


def test_interval_for_percentage_with_odd_counts_gives_reasons():
    store = Store([tidy(*counts(YEAR, "1E", 70, 60, outcome=116.7))])
    assert interval_for(store, YEAR, AREA, "1E", 116.7, "percentage", False, 0.95) == DO_NOT_FIT
    store = Store([tidy((YEAR, AREA, "1E", "Outcome", 75.0), (YEAR, AREA, "1E", "Numerator", 0),
                        (YEAR, AREA, "1E", "Denominator", 0))])
    assert interval_for(store, YEAR, AREA, "1E", 75.0, "percentage", False, 0.95) == "no denominator"


def test_measure_without_catalogue_entry_has_no_method():
    store = Store([tidy(*counts(YEAR, "9Z", 45, 60))])
    found = statistics(store, "9Z", measure_info("9Z", YEAR), 75.0, 70.0)  # the stand-in for an unknown code
    assert found["significance"] == "no method for this unit"
    assert found["ci_method"] is None


# --- rates: Byar and exact Poisson ----------------------------------------------------------------


def test_rate_measure_gets_byar():
    store = Store([tidy(*counts(YEAR, "2A1", 12, 150_000, outcome=8.0))])
    found = statistics(store, "2A1", RATE, 8.0, 10.0)
    lower, upper = byar_by_hand(12, 150_000, Z95)
    lower_998, upper_998 = byar_by_hand(12, 150_000, Z998)
    # By hand: 4.13 to 13.98 per 100,000 at 95%.
    assert (round(lower, 2), round(upper, 2)) == (4.13, 13.98)
    assert found["ci_method"] == "byar"
    assert found["ci_lower"] == pytest.approx(lower, rel=1e-9)
    assert found["ci_upper"] == pytest.approx(upper, rel=1e-9)
    assert found["ci_lower_998"] == pytest.approx(lower_998, rel=1e-9)
    assert found["ci_upper_998"] == pytest.approx(upper_998, rel=1e-9)
    assert found["significance"] == "similar"


@pytest.mark.parametrize(
    ("comparator", "expected"),
    [(15.0, "better"), (3.0, "worse"), (10.0, "similar")],  # lower is better for 2A1
)
def test_rate_significance_follows_lower_is_better(comparator, expected):
    store = Store([tidy(*counts(YEAR, "2A1", 12, 150_000, outcome=8.0))])
    assert statistics(store, "2A1", RATE, 8.0, comparator)["significance"] == expected


def test_rate_below_ten_events_gets_exact_poisson():
    stats = pytest.importorskip("scipy.stats")
    store = Store([tidy(*counts(YEAR, "2A1", 4, 150_000, outcome=2.7))])
    found = statistics(store, "2A1", RATE, 2.7, 10.0)
    scale = 100_000 / 150_000
    assert found["ci_method"] == "exact poisson"
    assert found["ci_lower"] == pytest.approx(stats.chi2.ppf(0.025, 8) / 2 * scale, rel=1e-9)
    assert found["ci_upper"] == pytest.approx(stats.chi2.ppf(0.975, 10) / 2 * scale, rel=1e-9)
    assert found["ci_lower_998"] == pytest.approx(stats.chi2.ppf(0.001, 8) / 2 * scale, rel=1e-9)
    assert found["ci_upper_998"] == pytest.approx(stats.chi2.ppf(0.999, 10) / 2 * scale, rel=1e-9)


# --- interval_for directly ---------------------------------------------------------------------------


def test_interval_for_returns_an_interval_or_a_reason(proportion_store):
    found = interval_for(proportion_store, YEAR, AREA, "1E", 75.0, "percentage", False, 0.95)
    assert isinstance(found, Interval)
    assert (found.lower, found.upper) == pytest.approx(wilson_by_hand(45, 60, Z95), rel=1e-9)
    assert interval_for(proportion_store, YEAR, AREA, "1E", None, "percentage", False, 0.95) == "no value"
    assert interval_for(proportion_store, YEAR, AREA, "1E", 75.0, "percentage", True, 0.95) == "no margin of error"
    assert interval_for(proportion_store, YEAR, ENGLAND, "1E", 70.0, "percentage", False, 0.95) == "no denominator"
    assert interval_for(proportion_store, "2019-20", AREA, "1E", 75.0, "percentage", False, 0.95) == "no denominator"
    assert interval_for(proportion_store, YEAR, AREA, "1E", 75.0, "mean score", False, 0.95) == (
        "no method for this unit"
    )


# --- trend ------------------------------------------------------------------------------------------------


def series(code: str, pairs, years=FIVE_YEARS) -> Store:
    rows = [row for year, (n, d) in zip(years, pairs) for row in counts(year, code, n, d)]
    return Store([tidy(*rows)])


RISING = [(100, 1000), (150, 1000), (200, 1000), (250, 1000), (300, 1000)]


def test_strongly_rising_proportion_is_improving_when_higher_is_better():
    found = statistics(series("1E", RISING), "1E", PERCENT, 30.0, 25.0)
    assert found["trend"] == "improving"
    assert found["trend_method"] == "chi-squared test for trend"


def test_strongly_rising_proportion_is_worsening_when_lower_is_better():
    found = statistics(series("1E", RISING), "1E", PERCENT, 30.0, 25.0, polarity="lower")
    assert found["trend"] == "worsening"


def test_strongly_falling_proportion_is_worsening_when_higher_is_better():
    found = statistics(series("1E", list(reversed(RISING))), "1E", PERCENT, 10.0, 25.0)
    assert found["trend"] == "worsening"


def test_flat_proportion_has_no_significant_change():
    flat = [(200, 1000), (202, 1000), (199, 1000), (201, 1000), (200, 1000)]
    found = statistics(series("1E", flat), "1E", PERCENT, 20.0, 25.0)
    assert found["trend"] == "no significant change"
    assert found["trend_method"] == "chi-squared test for trend"


def test_four_years_are_too_few():
    store = series("1E", RISING[1:], FIVE_YEARS[1:])
    found = statistics(store, "1E", PERCENT, 30.0, 25.0)
    assert found["trend"] == "fewer than 5 years"
    assert found["trend_method"] is None


def test_only_the_last_five_years_up_to_the_year_count():
    # 2015-16 falls far (90%) and 2021-22 crashes (1%); for 2020-21 only 2016-17 to 2020-21 count.
    years = ("2015-16", *FIVE_YEARS, "2021-22")
    store = series("1E", [(900, 1000), *RISING, (10, 1000)], years)
    found = statistics(store, "1E", PERCENT, 30.0, 25.0)
    assert found["trend"] == "improving"
    points = trend_run(store, COUNCIL, YEAR, "1E", "percentage", False).points
    assert [p["year"] for p in points] == list(FIVE_YEARS)


def test_a_gap_before_the_last_five_years_does_not_matter():
    # 2015-16 is in the store (another measure) but 1E has no value or counts then.
    store = Store([tidy(("2015-16", AREA, "1F", "Outcome", 8.0),
                        *[row for year, (n, d) in zip(FIVE_YEARS, RISING) for row in counts(year, "1E", n, d)])])
    assert store.years == ("2015-16", *FIVE_YEARS)
    found = statistics(store, "1E", PERCENT, 30.0, 25.0)
    assert found["trend"] == "improving"


def test_a_suppressed_year_ends_the_run_of_years():
    # 2018-19 suppressed: the unbroken run ending 2020-21 is only 2019-20 and 2020-21.
    rows = [row for year, (n, d) in zip(FIVE_YEARS, RISING) for row in counts(year, "1E", n, d)
            if not (year == "2018-19" and row[3] != "Outcome")]
    rows = [(y, a, c, t, None if (y == "2018-19" and t == "Outcome") else v) for y, a, c, t, v in rows]
    store = Store([tidy(*rows)])
    found = statistics(store, "1E", PERCENT, 30.0, 25.0)
    assert found["trend"] == "fewer than 5 years"
    assert found["trend_method"] is None
    points = trend_run(store, COUNCIL, YEAR, "1E", "percentage", False).points
    assert [p["year"] for p in points] == ["2019-20", "2020-21"]


def test_rising_rate_uses_weighted_regression_and_lower_is_better():
    rates = [(100, 100_000), (150, 100_000), (200, 100_000), (250, 100_000), (300, 100_000)]
    rows = [row for year, (n, d) in zip(FIVE_YEARS, rates)
            for row in counts(year, "2A1", n, d, outcome=n * 100_000 / d)]
    found = statistics(Store([tidy(*rows)]), "2A1", RATE, 300.0, 250.0)
    assert found["trend"] == "worsening"
    assert found["trend_method"] == "weighted linear regression"


def test_survey_trend_uses_the_margins():
    rows = []
    for year, value in zip(SURVEY_YEARS, (60.0, 65.0, 70.0, 75.0, 80.0)):
        rows += [(year, AREA, "1B", "Outcome", value), (year, AREA, "1B", "Margin Of Error", 2.0)]
    found = statistics(Store([tidy(*rows)]), "1B", SURVEY, 80.0, 70.0, year="2019-20")
    assert found["trend"] == "improving"
    assert found["trend_method"] == "weighted linear regression"


def test_survey_values_without_margins_have_no_interval_for_a_trend():
    rows = [(year, AREA, "1B", "Outcome", value) for year, value in zip(SURVEY_YEARS, (60, 65, 70, 75, 80))]
    found = statistics(Store([tidy(*rows)]), "1B", SURVEY, 80.0, 70.0, year="2019-20")
    assert found["trend"] == "no interval"
    assert found["trend_method"] is None


def test_trend_points_carry_counts_for_proportions_and_intervals_for_all():
    store = series("1E", RISING)
    points = trend_run(store, COUNCIL, YEAR, "1E", "percentage", False).points
    assert [p["year"] for p in points] == list(FIVE_YEARS)
    first = points[0]
    assert (first["numerator"], first["denominator"]) == (100, 1000)
    assert first["value"] == pytest.approx(10.0)
    assert (first["lower"], first["upper"]) == pytest.approx(wilson_by_hand(100, 1000, Z95), rel=1e-9)
    assert first["confidence"] == 0.95
    survey_points = trend_run(store, COUNCIL, YEAR, "1E", "percentage", True).points
    assert all("numerator" not in p and "lower" not in p for p in survey_points)


def test_a_year_missing_from_the_store_is_not_bridged():
    # The bundled data have no 2018-19; five loaded years around that gap are not five yearly points.
    years = ("2015-16", "2016-17", "2017-18", "2019-20", "2020-21")
    store = series("1E", RISING, years)
    found = statistics(store, "1E", PERCENT, 30.0, 25.0)
    assert found["trend"] == "fewer than 5 years"
    assert found["trend_method"] is None
    assert [p["year"] for p in trend_run(store, COUNCIL, YEAR, "1E", "percentage", False).points] == ["2019-20", "2020-21"]


# --- the bundled data through the CLI ---------------------------------------------------------------------

RAW_2021 = Path(__file__).resolve().parents[2] / "shared" / "data" / "ascof" / (
    "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
)
PROFILE_KEYS = {"code", "title", "polarity", "value", "n", "rank", "p25", "median", "p75", "band",
                "comparator_value", "previous_value", "previous_band", "direction", "ci_lower", "ci_upper",
                "significance", "trend"}


def cli_json(capsys, *arguments: str) -> dict:
    status = main([*arguments, "--format", "json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return json.loads(captured.out)


@pytest.fixture(scope="module")
def raw_2021() -> pd.DataFrame:
    if not RAW_2021.is_file():
        pytest.skip("the shared 2020-21 open-data file is not beside this clone")
    return pd.read_excel(RAW_2021, dtype=str, engine="openpyxl")


def published_count(raw: pd.DataFrame, council: str, code: str, measure_type: str) -> float:
    rows = raw[(raw["Geographical Description"] == council) & (raw["ASCOF Measure Code"] == code)
               & (raw["Measure Type"] == measure_type)]
    assert len(rows) == 1, (council, code, measure_type)
    return float(rows["Measure Value"].iloc[0])


@pytest.fixture(scope="module")
def rotherham_profile() -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["profile", "--council", "Rotherham", "--year", "2020-21", "--format", "json"])
    assert status == 0
    return json.loads(out.getvalue())


def profile_measure(profile: dict, code: str) -> dict:
    found = [m for m in profile["measures"] if m["code"] == code]
    assert len(found) == 1, code
    return found[0]


def test_profile_json_rows_carry_every_field(rotherham_profile):
    assert rotherham_profile["council"]["ons_code"] == "E08000018"
    assert rotherham_profile["year"] == "2020-21"
    measures = rotherham_profile["measures"]
    assert len(measures) >= 15
    for row in measures:
        missing = PROFILE_KEYS - set(row)
        assert not missing, (row["code"], missing)
    assert {"1E", "1F", "2A2", "2B1"} <= {m["code"] for m in measures}


def test_profile_bounds_bracket_values_where_present(rotherham_profile):
    for row in rotherham_profile["measures"]:
        if row["ci_lower"] is None:
            assert row["ci_upper"] is None
            assert isinstance(row["significance"], str) and row["significance"].startswith("no ")
            continue
        assert row["ci_lower"] <= row["value"] <= row["ci_upper"], row["code"]
        assert row["significance"] in {"better", "worse", "similar", "higher", "lower", "no comparator value"}


def test_profile_1e_is_wilson_on_the_published_counts(rotherham_profile, raw_2021):
    numerator = published_count(raw_2021, "Rotherham", "1E", "Numerator")
    denominator = published_count(raw_2021, "Rotherham", "1E", "Denominator")
    row = profile_measure(rotherham_profile, "1E")
    assert row["ci_lower"] < row["value"] < row["ci_upper"]
    lower, upper = wilson_by_hand(numerator, denominator, Z95)
    assert row["ci_lower"] == pytest.approx(lower, rel=1e-9)
    assert row["ci_upper"] == pytest.approx(upper, rel=1e-9)
    assert row["ci_method"] == "wilson"
    # England median 5.1 lies above the interval and higher is better.
    comparator = row["comparator_value"]
    expected = "worse" if comparator > upper else ("better" if comparator < lower else "similar")
    assert row["significance"] == expected


def test_profile_2a2_is_byar_on_the_published_counts(rotherham_profile, raw_2021):
    numerator = published_count(raw_2021, "Rotherham", "2A2", "Numerator")
    denominator = published_count(raw_2021, "Rotherham", "2A2", "Denominator")
    assert numerator >= 10
    row = profile_measure(rotherham_profile, "2A2")
    lower, upper = byar_by_hand(numerator, denominator, Z95)
    assert row["ci_lower"] == pytest.approx(lower, rel=1e-9)
    assert row["ci_upper"] == pytest.approx(upper, rel=1e-9)
    assert row["ci_lower"] < row["value"] < row["ci_upper"]
    assert row["ci_method"] == "byar"
    comparator = row["comparator_value"]  # lower is better for 2A2
    expected = "better" if comparator > upper else ("worse" if comparator < lower else "similar")
    assert row["significance"] == expected


def test_profile_1f_without_numerator_says_no_denominator(rotherham_profile, raw_2021):
    published = raw_2021[(raw_2021["Geographical Description"] == "Rotherham")
                         & (raw_2021["ASCOF Measure Code"] == "1F")]
    assert set(published["Measure Type"]) == {"Outcome"}
    row = profile_measure(rotherham_profile, "1F")
    assert row["value"] is not None
    assert row["significance"] == "no denominator"
    assert row["ci_lower"] is None and row["ci_upper"] is None


def test_benchmark_json_council_row_has_the_statistics(capsys, raw_2021):
    result = cli_json(capsys, "benchmark", "--council", "Rotherham", "--measure", "2B1",
                      "--disaggregation", "65-74", "--year", "2020-21")
    assert result["measure"]["code"] == "2B16574"
    row = result["council_row"]
    for key in ("ci_lower", "ci_upper", "significance", "ci_lower_998", "ci_upper_998", "significance_998",
                "ci_method", "trend", "trend_method"):
        assert key in row, key
    numerator = published_count(raw_2021, "Rotherham", "2B16574", "Numerator")
    denominator = published_count(raw_2021, "Rotherham", "2B16574", "Denominator")
    assert row["ci_lower"] == pytest.approx(wilson_by_hand(numerator, denominator, Z95)[0], rel=1e-9)
    assert row["ci_upper"] == pytest.approx(wilson_by_hand(numerator, denominator, Z95)[1], rel=1e-9)
    assert row["ci_lower_998"] == pytest.approx(wilson_by_hand(numerator, denominator, Z998)[0], rel=1e-9)
    assert row["ci_upper_998"] == pytest.approx(wilson_by_hand(numerator, denominator, Z998)[1], rel=1e-9)
    assert row["ci_lower_998"] < row["ci_lower"] < row["value"] < row["ci_upper"] < row["ci_upper_998"]
    comparator = result["comparator_value"]
    lower, upper = row["ci_lower"], row["ci_upper"]
    expected = "worse" if comparator > upper else ("better" if comparator < lower else "similar")
    assert row["significance"] == expected


def test_benchmark_json_without_shared_data_still_has_ci_fields(capsys):
    result = cli_json(capsys, "benchmark", "--council", "Rotherham", "--measure", "2B1",
                      "--disaggregation", "65-74", "--year", "2020-21")
    row = result["council_row"]
    assert row["ci_method"] == "wilson"
    assert row["ci_lower"] < row["value"] < row["ci_upper"]


def test_profile_on_the_published_2020_21_file_alone_does_not_crash(capsys):
    # Cheshire East's 2B1 is 0/0 (value suppressed) in the published 2020-21 file; loaded on its own,
    # that single point used to reach the chi-squared test and raise ValueError.
    if not RAW_2021.is_file():
        pytest.skip("the shared 2020-21 open-data file is not beside this clone")
    status = main(["profile", "--council", "Cheshire East", "--year", "2020-21", "--data", str(RAW_2021),
                   "--format", "json"])
    assert status == 0
    row = profile_measure(json.loads(capsys.readouterr().out), "2B1")
    assert row["value"] is None
    assert row["ci_lower"] is None and row["significance"] == "no value"


# --- series: a year standing apart, a break, the framework change ---------------------------------


def survey_rows(code: str, values: dict[str, float], margin: float = 2.0) -> list[tuple]:
    rows = []
    for year, value in values.items():
        rows += [(year, AREA, code, "Outcome", value), (year, AREA, code, "Margin Of Error", margin)]
    return rows


def test_the_voluntary_2020_21_survey_is_stepped_over_and_years_keep_their_place():
    # Old 1B (control, ASCS): 2020-21 stands apart, so a wild 2020-21 value is not in the trend, and
    # 2019-20 sits two years before 2021-22. Values 60, 62, 64, 66 then 70: a straight line of slope
    # 2 a year on the real years (70 = 66 + 2 x 2), which one-period spacing would not give.
    values = {"2016-17": 60.0, "2017-18": 62.0, "2018-19": 64.0, "2019-20": 66.0, "2020-21": 10.0, "2021-22": 70.0}
    store = Store([tidy(*survey_rows("1B", values))])
    run = trend_run(store, COUNCIL, "2021-22", "1B", "percentage", True)
    assert [p["year"] for p in run.points] == ["2016-17", "2017-18", "2018-19", "2019-20", "2021-22"]
    found = statistics(store, "1B", SURVEY, 70.0, 65.0, year="2021-22")
    assert found["trend"] == "improving"
    # Weighted least squares with equal weights on an exact line: slope 2 points a year.
    from ascof_xl.stats import recent_trend
    assert recent_trend(run.points, "higher").slope == pytest.approx(2.0)


def test_a_recorded_break_ends_the_run_and_says_why():
    # Old 1J: the formula was corrected in 2020-21, so 2021-22 does not reach back to 2019-20.
    values = {year: 0.40 for year in ("2016-17", "2017-18", "2018-19", "2019-20", "2021-22")}
    store = Store([tidy(*survey_rows("1J", values, margin=0.01))])
    one_j = CATALOGUE.measure("1J")
    found = measure_statistics(store, COUNCIL, "2021-22", "1J", "higher", 0.40, 0.41, one_j)
    assert found["trend"] == "fewer than 5 comparable years"
    assert found["trend_note"].startswith("break in series in 2020-21")


def test_the_run_follows_lineage_across_the_framework_change():
    # New 3A (2023-24 on) continues old 1B: five points from 2020-21 skipped to 2024-25.
    values = {"2019-20": 70.0, "2021-22": 71.0, "2022-23": 72.0}
    rows = survey_rows("1B", values) + survey_rows("3A", {"2023-24": 73.0, "2024-25": 74.0})
    council = find_council("Rotherham", "2024-25")
    run = trend_run(Store([tidy(*rows)]), council, "2024-25", "3A", "percentage", True)
    assert [p["year"] for p in run.points] == ["2019-20", "2021-22", "2022-23", "2023-24", "2024-25"]
    assert [p["value"] for p in run.points] == [70.0, 71.0, 72.0, 73.0, 74.0]
