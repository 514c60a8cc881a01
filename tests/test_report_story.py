"""The story engine: each rule on facts built by hand, the series read from published values, and the
seed briefing's key points (Rotherham 2018-19) coming out of the rules with no special case.

Expected sentences and lists are worked out here from the values given, not read back from the code.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip

import pandas as pd
import pytest

from ascof_xl.benchmark.positions import Positions
from ascof_xl.councils import find_council
from ascof_xl.published.store import Store
from ascof_xl.published.tidy import TIDY_COLUMNS
from ascof_xl.report.briefing import build_briefing
from ascof_xl.story import MeasureFacts, YearValue, tell
from ascof_xl.story.rules import (
    band_move, bottom_against_both, comparable_run, regional_end, significant_change, streak, survey_half,
    untested_change,
)
from ascof_xl.story.series import measure_series

YEAR = "2018-19"


def series(*pairs: tuple[str, float | None], breaks: dict | None = None, apart: dict | None = None) -> tuple:
    breaks, apart = breaks or {}, apart or {}
    return tuple(YearValue(y, v, None, "9X", breaks.get(y), apart.get(y)) for y, v in pairs)


def facts(**given) -> MeasureFacts:
    """A measure's facts with given fields: by default a higher-is-better percentage, 50.0% from 40.0%."""
    base = dict(code="9X", short_title="Made-up measure", unit="percentage", decimals=1, polarity="higher",
                survey="none", value=50.0, previous_value=40.0, previous_year="2017-18", band="upper-middle",
                previous_band="upper-middle", change="no denominator")
    return MeasureFacts(**(base | given))


def test_two_falls_running_are_a_streak_to_watch_with_every_value():
    found = streak(facts(code="1H", value=51.0, previous_value=70.0,
                         series=series(("2016-17", 80.0), ("2017-18", 70.0), (YEAR, 51.0))), YEAR)
    assert [(p.tone, p.rule) for p in found] == [("watch", "streak")]
    assert found[0].says == "worsened for the second year running: 80.0% (2016-17), 70.0% (2017-18), 51.0% (2018-19)"
    assert found[0].values == (("2016-17", 80.0), ("2017-18", 70.0), (YEAR, 51.0))
    assert found[0].brief == "fell for the second year running (80.0% to 70.0% to 51.0%)"


def test_a_lower_is_better_rate_that_fell_twice_improved_twice():
    found = streak(facts(polarity="lower", unit="rate per 100,000",
                         series=series(("2016-17", 650.0), ("2017-18", 607.6), (YEAR, 564.9))), YEAR)
    assert found[0].tone == "progress" and found[0].says.startswith("improved for the second year running")


def test_one_fall_is_no_streak_and_a_break_or_a_year_set_apart_shapes_the_run():
    assert streak(facts(series=series(("2016-17", 60.0), ("2017-18", 70.0), (YEAR, 51.0))), YEAR) == []
    broken = series(("2016-17", 80.0), ("2017-18", 70.0), (YEAR, 51.0), breaks={"2017-18": "break in series"})
    assert [p.year for p in comparable_run(broken, YEAR)] == ["2017-18", YEAR]  # the break starts a new run
    assert streak(facts(series=broken), YEAR) == []
    apart = series(("2019-20", 60.0), ("2020-21", 99.0), ("2021-22", 55.0), ("2022-23", 50.0),
                   apart={"2020-21": "2020-21 stands apart"})
    found = streak(facts(series=apart), "2022-23")
    assert found[0].values == (("2019-20", 60.0), ("2021-22", 55.0), ("2022-23", 50.0))  # 2020-21 stepped over


def test_the_rounded_values_decide_a_change():
    """7.74 and 7.7 both publish as 7.7 at one decimal: no change, so no streak."""
    same = series(("2014-15", 7.9), ("2016-17", 7.74), (YEAR, 7.7))
    assert streak(facts(unit="mean score", series=same), YEAR) == []


def test_a_band_that_rose_while_the_value_fell_is_said_so_and_never_progress():
    one_d = facts(code="1D", unit="mean score", value=7.7, previous_value=7.8, previous_year="2016-17",
                  band="top", previous_band="upper-middle", change="similar", interval=(7.4, 8.0))
    found = band_move(one_d, YEAR)
    assert [p.tone for p in found] == ["context"]
    assert found[0].says == ("its band against England rose from the upper-middle quartile to the top quartile "
                             "while its value worsened, from 7.8 in 2016-17 to 7.7")
    story = tell([one_d], YEAR, "Somewhere", {"top": 1, "upper-middle": 0, "lower-middle": 0, "bottom": 0})
    assert story.progress == () and [e.code for e in story.context] == ["1D"]
    assert any("1D changed band against England although its value moved the other way" in s
               for s in story.headline)


def test_a_move_into_the_top_quartile_with_the_value_is_progress_and_one_within_the_middle_unsaid():
    into_top = band_move(facts(band="top", previous_band="upper-middle"), YEAR)
    assert [p.tone for p in into_top] == ["progress"]
    assert into_top[0].says.startswith("moved into the top quartile against England, from the upper-middle")
    assert band_move(facts(band="upper-middle", previous_band="lower-middle"), YEAR) == []


def test_a_large_change_no_interval_can_test_is_reported_as_untested():
    found = untested_change(facts(code="2A2", polarity="lower", unit="rate per 100,000", value=564.9,
                                  previous_value=607.6), YEAR)
    assert found[0].tone == "progress"
    assert found[0].says == ("fell from 607.6 per 100,000 in 2017-18 to 564.9 per 100,000 in 2018-19, 7% better "
                             "(no interval to test it)")  # (607.6 - 564.9) / 607.6 = 7.03%
    assert untested_change(facts(value=41.0), YEAR) == []  # 2.5%: below the 5% line
    assert untested_change(facts(interval=(45.0, 55.0)), YEAR) == []  # an interval tests it instead


def test_a_significant_change_carries_its_interval():
    found = significant_change(facts(change="worse", value=40.0, previous_value=50.0, interval=(35.0, 45.0)), YEAR)
    assert found[0].tone == "watch" and found[0].interval == (35.0, 45.0)
    assert "significantly worse (last year's value lies outside this year's 95% interval, 35.00% to 45.00%)" in \
        found[0].says
    assert significant_change(facts(change="similar", interval=(35.0, 55.0)), YEAR) == []


def test_bottom_against_both_groups_and_first_or_last_in_the_region():
    bottom = facts(bands=(("england", "bottom"), ("region", "bottom")), region_name="London")
    assert bottom_against_both(bottom, YEAR)[0].says == "in the bottom quartile against both England and London (50.0%)"
    assert bottom_against_both(facts(bands=(("england", "bottom"), ("region", "lower-middle"))), YEAR) == []
    assert regional_end(facts(region_rank=15, region_size=15, region_name="the North East"), YEAR)[0].says == (
        "the worst of the 15 councils in the North East (50.0%)")
    assert regional_end(facts(region_rank=2, region_size=15), YEAR) == []


def test_every_measure_of_a_survey_in_the_top_half_is_said_once():
    carers = [facts(code=c, survey="carers", band=b) for c, b in
              (("1D", "top"), ("1I2", "top"), ("3B", "top"), ("3C", "upper-middle"), ("3D2", "upper-middle"))]
    found = survey_half(carers, YEAR)
    assert [p.says for p in found] == ["All five carers' survey measures are in the top half against England in "
                                       "2018-19 (1D top; 1I2 top; 3B top; 3C upper-middle; 3D2 upper-middle)"]
    carers[2] = dataclasses.replace(carers[2], band="lower-middle")
    assert survey_half(carers, YEAR) == []


def test_the_headline_is_three_to_five_sentences_naming_the_measures():
    measures = [facts(code="1H", value=51.0, previous_value=70.0,
                      series=series(("2016-17", 80.0), ("2017-18", 70.0), (YEAR, 51.0))),
                facts(code="2A2", polarity="lower", unit="rate per 100,000", value=564.9, previous_value=607.6)]
    story = tell(measures, YEAR, "Rotherham", {"top": 7, "upper-middle": 10, "lower-middle": 8, "bottom": 4})
    assert 3 <= len(story.headline) <= 5
    assert story.headline[0] == ("Against England in 2018-19, Rotherham had 7 of its 29 banded measures in the top "
                                 "quartile, 17 in the top half and 4 in the bottom quartile.")
    assert story.headline[1].startswith("To watch: 1H (made-up measure) fell for the second year running")
    assert story.headline[2].startswith("Progress: 2A2 (made-up measure) fell from 607.6 per 100,000")


@pytest.fixture(scope="module")
def open_data_1e(shared_data) -> Store:
    """Rotherham's and England's 1E from NHS Digital's open-data files, 2014-15 to 2018-19."""
    folder = shared_data / "ascof" / "open-data-2014-15-to-2018-19"
    records = []
    for year in ("2014-15", "2015-16", "2016-17", "2017-18", "2018-19"):
        with gzip.open(folder / f"ascof-open-data-{year}.csv.gz", "rt", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                area = row["ONS Area Code"]
                if row["ASCOF Measure Code"] == "1E" and row["Measure Type"] == "Outcome" and area in (
                        "E08000018", "E92000001"):
                    records.append({"year": year, "area_code": area, "cassr_code": "",
                                    "area_name": row["Geographical Description"],
                                    "level": "england" if area == "E92000001" else "council", "measure": "1E",
                                    "group": "1E", "disaggregation": "Total", "measure_type": "Outcome",
                                    "value": float(row["Measure Value"]), "marker": ""})
    return Store([pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))])


def test_1e_falls_every_year_since_2014_15_on_the_published_series(open_data_1e):
    """The seed (3.2): successive falls in 1E from 6% in 2014-15 to 3.2%. Values: 6, 5.6, 4.4, 4.1, 3.2."""
    found = measure_series(open_data_1e, find_council("Rotherham", YEAR), YEAR, "1E")
    assert [(p.year, p.value, p.england) for p in found] == [
        ("2014-15", 6.0, 6.0), ("2015-16", 5.6, 5.8), ("2016-17", 4.4, 5.7), ("2017-18", 4.1, 6.0), (YEAR, 3.2, 5.9)]
    points = streak(facts(code="1E", value=3.2, previous_value=4.1, series=found), YEAR)
    assert points[0].tone == "watch"
    assert points[0].says == ("worsened for the fourth year running: 6.0% (2014-15), 5.6% (2015-16), 4.4% (2016-17), "
                              "4.1% (2017-18), 3.2% (2018-19)")


@pytest.fixture(scope="module")
def rotherham(store):
    return build_briefing(Positions(store), find_council("Rotherham", YEAR), YEAR)


def test_rotherham_2018_19_gives_the_seed_key_points_from_the_rules(rotherham):
    story = rotherham["story"]
    watch = {e.code: e for e in story.watch}
    progress = {e.code: e for e in story.progress}
    assert {"1H", "1E"} <= set(watch)  # the seed's first two key points
    assert any("70%" in p.says and "51%" in p.says for p in watch["1H"].points)  # published whole, 2017-18 to 2022-23
    assert "1D" not in progress and "1I2" not in progress  # their values fell: 7.8 to 7.7, 37.3% to 36.3%
    context = {e.code: e for e in story.context}
    assert "while its value worsened, from 7.8 in 2016-17 to 7.7" in context["1D"].points[0].says
    assert "while its value worsened, from 37.3% in 2016-17 to 36.3%" in context["1I2"].points[0].says
    assert any("607.6 per 100,000" in p.says and "564.9 per 100,000" in p.says for p in progress["2A2"].points)
    assert any(s.startswith("All five carers' survey measures are in the top half") for s in story.headline)
    assert 3 <= len(story.headline) <= 5
    assert {"2C2", "2B2"} <= set(watch)  # the seed's DTOC and reablement points (3.3, 3.11)


def test_every_council_and_year_has_a_headline(store):
    for council, year in (("Camden", store.latest_year()), ("Kent", "2020-21"), ("Rotherham", "2024-25")):
        story = build_briefing(Positions(store), find_council(council, year), year)["story"]
        assert 3 <= len(story.headline) <= 5 and story.headline[0].startswith(f"Against England in {year}")
