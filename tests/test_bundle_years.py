"""The bundled years from 2014-15 with their counts: a 2014-15 profile, 2018-19 significance from the
published numerators and denominators, five-year trends, and no trend across a recorded break."""

from __future__ import annotations

import json
import math

import pytest

from ascof_xl.cli import main


def test_profile_2014_15(capsys):
    assert main(["profile", "--council", "Rotherham", "--year", "2014-15", "--format", "json"]) == 0
    profile = json.loads(capsys.readouterr().out)
    rows = {row["code"]: row for row in profile["measures"]}
    assert rows["1E"]["value"] == 6  # the seed briefing's "6% in 2014-15"
    assert rows["1A"]["value"] == 18.5
    assert rows["2A2"]["significance"] == "worse"  # from the published counts


def _wilson(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval, in per cent, written out here from its formula."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def test_significance_in_2018_19_uses_the_published_counts(capsys):
    # NHS Digital's 2018-19 open data: Rotherham 2B1 is 113 / 132 = 85.6; England 82.4.
    assert main(["benchmark", "--council", "Rotherham", "--measure", "2B1", "--year", "2018-19", "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)["council_row"]
    lower, upper = _wilson(113, 132)
    assert row["ci_method"] == "wilson"
    assert row["ci_lower"] == pytest.approx(lower, abs=1e-9) and row["ci_upper"] == pytest.approx(upper, abs=1e-9)
    assert round(lower, 2) == 78.61 and round(upper, 2) == 90.59
    assert row["significance"] == "similar"  # 82.4 lies inside
    # 1E: 23 / 720 = 3.2% against England's 5.9%: the interval lies wholly below, and higher is better
    assert main(["benchmark", "--council", "Rotherham", "--measure", "1E", "--year", "2018-19", "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)["council_row"]
    lower, upper = _wilson(23, 720)
    assert row["ci_upper"] == pytest.approx(upper, abs=1e-9) and upper < 5.9
    assert row["significance"] == "worse"


def test_a_2018_19_trend_runs_over_five_years_from_2014_15(capsys):
    assert main(["benchmark", "--council", "Rotherham", "--measure", "2B1", "--year", "2018-19", "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)["council_row"]
    assert row["trend_method"] == "chi-squared test for trend"
    assert row["trend"] in ("improving", "worsening", "no significant change")


def test_a_trend_never_runs_across_the_carers_survey_break(capsys):
    # Carers' survey years 2014-15, 2016-17, 2018-19: the 2016-17 population change breaks old 3C (3B now).
    assert main(["benchmark", "--council", "Rotherham", "--measure", "3C", "--year", "2018-19", "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)["council_row"]
    assert row["trend"] == "fewer than 5 comparable years"
    assert "carers' survey (SACE) population changed" in row["trend_note"]
