"""A council's own figure placed in a published distribution: band, rank, mirror for lower-is-better, significance."""

import json

import pandas as pd
import pytest

from ascof_xl.benchmark.place import place_figure
from ascof_xl.benchmark.positions import Positions
from ascof_xl.cli import main
from ascof_xl.councils import find_council
from ascof_xl.errors import AscofError
from ascof_xl.published.store import Store
from ascof_xl.published.tidy import TIDY_COLUMNS
from tests.oracles import wilson_by_hand

YEAR = "2020-21"
COUNCILS = ("E06000001", "E06000002", "E06000003", "E06000004", "E06000005")  # Hartlepool ... Darlington
PUBLISHED = (10.0, 20.0, 30.0, 40.0, 50.0)


def _rows(measure: str) -> list[dict]:
    rows = [
        {"area_code": area, "cassr_code": "", "area_name": area, "level": "council", "value": value}
        for area, value in zip(COUNCILS, PUBLISHED)
    ]
    rows.append({"area_code": "E92000001", "cassr_code": "", "area_name": "England", "level": "england", "value": 30.0})
    return [r | {"year": YEAR, "measure": measure, "group": measure, "disaggregation": "Total",
                 "measure_type": "Outcome", "marker": ""} for r in rows]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(_rows("2B1") + _rows("2A2")).loc[:, list(TIDY_COLUMNS)]


@pytest.fixture()
def positions() -> Positions:
    return Positions(Store([_frame()]))


@pytest.fixture()
def hartlepool():
    return find_council("Hartlepool", YEAR)


def test_value_on_a_cut_point_lands_in_the_better_band(positions, hartlepool):
    # Hartlepool's published 10 is replaced by 40: values 20, 30, 40, 40, 50.
    # QUARTILE.INC by hand: P25 at position 1 = 30, median at 2 = 40, P75 at 3 = 40; 40 >= P75 -> top.
    found = place_figure(positions, hartlepool, YEAR, "2B1", 40.0)
    assert (found["p25"], found["median"], found["p75"]) == (30.0, 40.0, 40.0)
    assert found["band"] == "top" and found["rank"] == 2 and found["n"] == 5
    assert found["provisional"] is True and found["distribution_year"] == YEAR
    assert found["published_value"] == 10.0 and found["published_band"] == "bottom"


def test_just_below_the_cut_point_is_the_band_below(positions, hartlepool):
    # 20, 30, 39.9, 40, 50: median 39.9, P75 40 -> upper-middle
    assert place_figure(positions, hartlepool, YEAR, "2B1", 39.9)["band"] == "upper-middle"


def test_lower_is_better_is_mirrored(positions, hartlepool):
    # values 20, 20, 30, 40, 50: P25 20, median 30, P75 40
    lower = place_figure(positions, hartlepool, YEAR, "2A2", 20.0)
    higher = place_figure(positions, hartlepool, YEAR, "2B1", 20.0)
    assert lower["band"] == "top" and lower["rank"] == 1  # on P25, the best band of a lower-is-better measure
    assert higher["band"] == "lower-middle" and higher["rank"] == 4  # 20 = P25 counts as the better of the two bands
    # 20, 30, 35, 40, 50: median 35; on the median of a lower-is-better measure -> upper-middle
    assert place_figure(positions, hartlepool, YEAR, "2A2", 35.0)["band"] == "upper-middle"
    assert place_figure(positions, hartlepool, YEAR, "2B1", 35.0)["band"] == "upper-middle"
    assert place_figure(positions, hartlepool, YEAR, "2A2", 55.0)["band"] == "bottom"


def test_significance_from_counts_uses_wilson(positions, hartlepool):
    found = place_figure(positions, hartlepool, YEAR, "2B1", None, numerator=45, denominator=50)
    lower, upper = wilson_by_hand(45, 50, 1.959963984540054)
    assert found["value"] == 90.0
    assert found["ci_lower"] == pytest.approx(lower) and found["ci_upper"] == pytest.approx(upper)
    assert found["comparator_value"] == 30.0 and found["significance"] == "better"


def test_significance_from_a_margin_of_error(positions, hartlepool):
    assert place_figure(positions, hartlepool, YEAR, "2B1", 40.0, margin_of_error=5)["significance"] == "better"
    assert place_figure(positions, hartlepool, YEAR, "2B1", 40.0, margin_of_error=15)["significance"] == "similar"
    assert place_figure(positions, hartlepool, YEAR, "2A2", 40.0, margin_of_error=5)["significance"] == "worse"
    assert "no denominator" in place_figure(positions, hartlepool, YEAR, "2B1", 40.0)["significance"]


def test_default_year_and_unknown_measure(positions, hartlepool):
    assert place_figure(positions, hartlepool, None, "2B1", 40.0)["distribution_year"] == YEAR
    with pytest.raises(AscofError, match="not in the 2020-21 published data"):
        place_figure(positions, hartlepool, YEAR, "1B", 40.0)


def test_revised_code_maps_through_lineage(positions, hartlepool):
    # 2D1 (from 2023-24) continues 2B1: placed in 2020-21 it is 2B1
    assert place_figure(positions, hartlepool, YEAR, "2D1", 40.0)["measure"]["code"] == "2B1"


def test_cli_place(tmp_path, capsys):
    path = tmp_path / "published-2020-21.csv"
    _frame().rename(columns=lambda c: c.replace("_", " ")).to_csv(path, index=False)
    argv = ["place", "--data", str(path), "--measure", "2B1", "--council", "Hartlepool", "--value", "40"]
    assert main(argv + ["--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["band"] == "top" and found["provisional"] is True
    assert main(argv) == 0
    assert "PROVISIONAL" in capsys.readouterr().out
    assert main(argv + ["--numerator", "4"]) == 2
    assert "either --value" in capsys.readouterr().err
