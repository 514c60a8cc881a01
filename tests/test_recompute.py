"""Recompute a published file's outcomes from its own counts: the 2020-21 file reproduced in full."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

import pandas as pd
import pytest

from ascof_xl.cli import main
from ascof_xl.errors import AscofError
from ascof_xl.figures.recompute import recompute
from ascof_xl.published.reader import read_published
from ascof_xl.published.tidy import TIDY_COLUMNS

FILE_2020_21 = "ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
MULTIPLIER = {"2A1": 100_000, "2A2": 100_000}  # every other measure with counts in that file is a percentage


@pytest.fixture(scope="module")
def published_2020_21(shared_data):
    return read_published(shared_data / FILE_2020_21)


def test_every_2020_21_outcome_from_returns_is_reproduced(published_2020_21):
    result = recompute(published_2020_21)
    assert result["differences"] == []
    assert result["return_checked"] == result["return_matched"] == 6094
    assert result["on_a_half"] == 15 and result["zero_denominator"] == 65
    assert result["survey_checked"] == result["survey_within"] == 630  # 18 councils took part in 2020-21


def test_the_5844_outcomes_and_15_halves_by_an_independent_oracle(published_2020_21):
    """Decimal ROUND_HALF_UP over the file's counts, written here without the package's rounding."""
    frame = published_2020_21
    wide = frame.pivot_table(index=["area_code", "level", "measure", "group"], columns="measure_type",
                             values="value", aggfunc="first").reset_index()
    returns = wide[wide["group"].isin(["1C1A", "1C1B", "1C2A", "1C2B", "1E", "1G", "2A1", "2A2", "2B1", "2B2", "2D"])]
    counted = returns.dropna(subset=["Numerator", "Denominator", "Outcome"])
    counted = counted[counted["Denominator"] > 0]
    assert len(counted[counted["level"] != "council type"]) == 5844  # councils, regions and England
    assert len(counted) == 6029  # and the five council types
    halves = float_misses = 0
    with localcontext() as context:
        context.prec = 50
        for row in counted.itertuples():
            scaled = Decimal(int(row.Numerator)) * MULTIPLIER.get(row.group, 100) / Decimal(int(row.Denominator))
            assert scaled.quantize(Decimal("0.1"), ROUND_HALF_UP) == Decimal(repr(row.Outcome)), row
            halves += scaled * 100 % 10 == 5 and scaled * 100 % 1 == 0
            float_misses += round(row.Numerator / row.Denominator * MULTIPLIER.get(row.group, 100), 1) != row.Outcome
    assert halves == 15  # all of them councils' outcomes
    assert float_misses == 7  # round() (half to even, on binary floats) gets seven of the fifteen wrong, Wiltshire too


def test_wiltshire_2b1_85_and_over(published_2020_21):
    row = published_2020_21[(published_2020_21["area_name"] == "Wiltshire") & (published_2020_21["measure"] == "2B185OV")]
    values = dict(zip(row["measure_type"], row["value"]))
    assert (values["Numerator"], values["Denominator"], values["Outcome"]) == (82, 160, 51.3)


def _tidy(rows: list[tuple]) -> pd.DataFrame:
    records = [
        {"year": "2020-21", "area_code": "E06000001", "cassr_code": "111", "area_name": "Hartlepool", "level": "council",
         "measure": measure, "group": measure, "disaggregation": "Total", "measure_type": mtype,
         "value": value, "marker": marker}
        for measure, mtype, value, marker in rows
    ]
    return pd.DataFrame(records).loc[:, list(TIDY_COLUMNS)]


NAN = float("nan")
SMALL = [
    ("2B1", "Numerator", 82, ""), ("2B1", "Denominator", 160, ""), ("2B1", "Outcome", 51.2, ""),  # float rounding
    ("2D", "Numerator", 0, ""), ("2D", "Denominator", 0, ""), ("2D", "Outcome", NAN, "x"),  # zero denominator
    ("2A2", "Numerator", 1, ""), ("2A2", "Denominator", 80000, ""), ("2A2", "Outcome", 1.3, ""),  # 1.25 up
    ("1B", "Numerator", 3605, ""), ("1B", "Denominator", 4235, ""), ("1B", "Outcome", 85.1, ""),  # survey, within
    ("4A", "Numerator", 3605, ""), ("4A", "Denominator", 4235, ""), ("4A", "Outcome", 86.0, ""),  # survey, outside
    ("1F", "Outcome", 5.0, ""),  # outcome only
]


def test_what_differs_is_listed_and_survey_apart():
    result = recompute(_tidy(SMALL))
    problems = {(d["kind"], d["measure"]): d["problem"] for d in result["differences"]}
    assert set(problems) == {("return", "2B1"), ("survey", "4A")}
    assert "51.3" in problems[("return", "2B1")]
    # 4A: 3602.5 / 4238 = 85.00 to 3608 / 4232.5 = 85.24 -> 86.0 is outside
    assert "85.00" in problems[("survey", "4A")]
    assert (result["return_checked"], result["return_matched"], result["on_a_half"]) == (3, 2, 2)
    assert (result["survey_checked"], result["survey_within"], result["not_recomputable"]) == (2, 1, 1)


def test_cli_recompute_exits_1_when_anything_differs(tmp_path, capsys):
    bad = tmp_path / "bad-2020-21.csv"
    _tidy(SMALL).rename(columns=lambda c: c.replace("_", " ")).to_csv(bad, index=False)
    assert main(["recompute", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Outcomes from returns that differ" in out and "Survey outcomes outside the rounding" in out
    good = tmp_path / "good-2020-21.csv"
    _tidy(SMALL[3:12]).rename(columns=lambda c: c.replace("_", " ")).to_csv(good, index=False)
    assert main(["recompute", str(good)]) == 0
    assert "Every recomputed outcome matches" in capsys.readouterr().out


def test_a_value_published_twice_is_refused():
    doubled = _tidy(SMALL[:3] + SMALL[:1])
    with pytest.raises(AscofError, match="publishes 2B1 \\(Total\\) Numerator for Hartlepool more than once"):
        recompute(doubled)
