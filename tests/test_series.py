"""A measure's series across years and across the 2023-24 framework change, on published data.

Stores are built here from the two shared files directly (the all-years outcome CSV and DHSC's
time-series ODS), so these tests do not depend on the bundled data. Expected figures are read
from those files in the test, or worked by hand from the published definitions:
- the briefing's change row (Rotherham 2018-19 against England: 7 / 10 / 8 / 4, change from
  2017-18 +5 +2 -4 +2, without carers 4 / 8 / 8 / 4);
- the weighted linear trend (Fingertips method: weights 1/SE^2, SE = margin / 1.96, chi-squared
  (slope / SE(slope))^2 against 9.5495 at 99.8%), solved here with numpy's normal equations.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import python_calamine

from ascof_xl.benchmark.groups import resolve_group
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.profile import build_profile, measure_row
from ascof_xl.benchmark.statistics import trend_run
from ascof_xl.catalogue import canonical_code
from ascof_xl.catalogue.series import comparable_previous_year, series_code
from ascof_xl.councils import find_council
from ascof_xl.published.store import Store
from ascof_xl.published.tidy import TIDY_COLUMNS
from ascof_xl.stats.trend import recent_trend

OUTCOMES = Path("ascof") / "ascof-outcomes-2017-18-to-2023-24.csv"
ODS = Path("ascof") / "ascof-time-series-2015-16-to-2024-25.ods"
ENGLAND = "E92000001"
ROTHERHAM = "E08000018"
CHI_SQUARED_998 = 3.090232306167813**2  # z(0.999) squared, from tables: 9.5495
TYPES = {"outcome": "Outcome", "margin of error": "Margin Of Error", "number of respondents": "Base",
         "numerator": "Numerator", "denominator": "Denominator"}


def tidy(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))


def record(year, area, name, level, code, measure_type, value) -> dict:
    number = math.nan if value is None else float(value)
    return {"year": year, "area_code": area, "cassr_code": "", "area_name": name, "level": level,
            "measure": code, "group": code, "disaggregation": "Total", "measure_type": measure_type,
            "value": number, "marker": "x" if value is None else ""}


def outcome_records(path: Path, years: set[str] | None = None, codes: set[str] | None = None) -> list[dict]:
    """Council, region and England outcomes of the all-years CSV as tidy records."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    levels = {"council": "council", "region": "region", "england": "england"}
    found = []
    for row in raw.itertuples(index=False):
        level = levels.get(row[6].lower())
        code = canonical_code(row[3])
        if level is None or (years and row[0] not in years) or (codes and code not in codes):
            continue
        value = float(row[5]) if re.fullmatch(r"-?[\d.]+", row[5]) else None
        found.append(record(row[0], row[2], row[1], level, code, "Outcome", value))
    return found


def ods_records(path: Path, sheet: str, code: str) -> list[dict]:
    """England and council rows of one DHSC time-series table as tidy records.

    A cell like '7.7 (7.6)' gives its official value, the one outside the brackets."""
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    start = next(i for i, row in enumerate(rows) if row[0] == "Local authority code")
    header = rows[start]
    found = []
    for row in rows[start + 1 :]:
        area = str(row[2])
        level = "england" if area == ENGLAND else "council" if re.fullmatch(r"E0[6-9]\d{6}|E10\d{6}", area) else None
        if level is None:
            continue
        for heading, cell in zip(header[3:], row[3:]):
            span, _, kind = heading.partition(" - ")
            first, second = re.fullmatch(r"(\d{4}) to (\d{4})", span).groups()
            number = re.match(r"[\d.]+", str(cell).replace(",", ""))
            value = float(number.group()) if number and cell not in ("", None) else None
            found.append(record(f"{first}-{second[2:]}", area, row[1], level, code, TYPES[kind], value))
    return found


def shared_file(shared_data: Path, name: Path) -> Path:
    path = shared_data / name
    if not path.is_file():
        pytest.skip(f"{path} is not in the shared data")
    return path


@pytest.fixture(scope="module")
def published(shared_data) -> Positions:
    """2017-18 to 2022-23 outcomes of every measure from the CSV; 1A, 1B, 1C and 2A from the ODS
    (every year it holds, with margins and respondents); 2A 2023-24 from the CSV, which the ODS lacks."""
    csv = shared_file(shared_data, OUTCOMES)
    ods = shared_file(shared_data, ODS)
    from_ods = {"1A", "1B", "1C"}
    records = [r for r in outcome_records(csv) if not (r["year"] >= "2023-24" and r["measure"] != "2A")]
    records = [r for r in records if r["measure"] not in from_ods]
    for sheet, code in (("Table_1a", "1A"), ("Table_1b", "1B"), ("Table_1c", "1C"), ("Table_2a", "2A")):
        records += ods_records(ods, sheet, code)
    # Before 2023-24 these series were published as 1B (control), 1J and 1D: put the ODS values under the
    # codes of their year's framework, as the publications did.
    for item in records:
        if item["year"] < "2023-24" and item["measure"] in from_ods:
            old = series_code(item["measure"], "ascof-2023-24", item["year"])
            item["measure"] = item["group"] = old
    return Positions(Store([tidy(records)]))


def ods_value(published: Positions, year: str, code: str, measure_type: str = "Outcome") -> float | None:
    return published.store.value(year, ROTHERHAM, code, measure_type)


# ---------------------------------------------------------------- the briefing's change row

@pytest.fixture(scope="module")
def outcomes_2017_2019(shared_data) -> Positions:
    csv = shared_file(shared_data, OUTCOMES)
    return Positions(Store([tidy(outcome_records(csv, years={"2017-18", "2018-19"}))]))


def test_rotherham_2018_19_counts_and_change_from_2017_18(outcomes_2017_2019):
    profile = build_profile(outcomes_2017_2019, find_council("Rotherham", "2018-19"), "2018-19")
    assert profile["bands"] == {"top": 7, "upper-middle": 10, "lower-middle": 8, "bottom": 4}
    assert profile["bands_excluding_carers"] == {"top": 4, "upper-middle": 8, "lower-middle": 8, "bottom": 4}
    # The published series gives +5 +2 -4 +2 (the briefing printed +5 +1 -3 +2: one 2017-18 value
    # sat in another band when it was written).
    assert profile["bands_change"] == {"top": 5, "upper-middle": 2, "lower-middle": -4, "bottom": 2}
    previous = profile["bands_previous"]
    assert sum(previous.values()) == 24  # 2017-18 had no carers' survey: 29 measures less five
    assert previous == {band: profile["bands"][band] - profile["bands_change"][band] for band in previous}
    # Without the carers' measures 2017-18 counts the same (none were published that year).
    assert profile["bands_previous_excluding_carers"] == previous
    assert profile["bands_change_excluding_carers"] == {
        band: profile["bands_excluding_carers"][band] - previous[band] for band in previous
    }


def test_the_previous_counts_are_the_previous_years_own_profile(outcomes_2017_2019):
    council = find_council("Rotherham", "2018-19")
    now = build_profile(outcomes_2017_2019, council, "2018-19")
    before = build_profile(outcomes_2017_2019, council, "2017-18")
    assert now["bands_previous"] == before["bands"]
    assert before["bands_previous"] is None and before["bands_change"] is None  # 2016-17 is not loaded


# ---------------------------------------------------------------- across the framework change

def row_for(published: Positions, council: str, year: str, code: str) -> dict:
    found = find_council(council, year)
    group = resolve_group("england", found, year, published.store)
    return measure_row(published, found, year, code, group)


def test_2023_24_1b_continues_old_1j(published):
    row = row_for(published, "Rotherham", "2023-24", "1B")
    assert row["previous_year"] == "2022-23"
    assert row["previous_value"] == ods_value(published, "2022-23", "1J") == 0.389
    assert row["value"] == 0.434 and row["direction"] == "improved"
    assert row["series_break"] is None


def test_2a_in_2024_25_is_a_break_in_series(published):
    row = row_for(published, "Rotherham", "2024-25", "2A")
    assert row["value"] == 45.3  # ODS Table_2a, 116 / 256
    assert row["previous_value"] is not None  # 2023-24 (SALT) is shown, but not compared
    assert row["direction"] is None
    assert row["series_break"].startswith("break in series in 2024-25")
    assert "Client Level Data" in row["series_break"]
    assert row["trend"] == "fewer than 5 comparable years"
    assert row["trend_note"] == row["series_break"]


def test_the_voluntary_survey_year_stands_apart(published):
    # Kirklees took part in the voluntary 2020-21 survey.
    row = row_for(published, "Kirklees", "2020-21", "1A")
    assert row["value"] is not None
    assert row["direction"] is None
    assert row["series_break"].startswith("2020-21 stands apart")
    assert row["trend"] == "fewer than 5 comparable years"


def test_the_year_after_compares_with_the_year_before_it(published):
    row = row_for(published, "Kirklees", "2021-22", "1A")
    assert row["previous_year"] == "2019-20"
    area = find_council("Kirklees", "2021-22").ons_code
    assert row["previous_value"] == published.store.value("2019-20", area, "1A")
    assert row["direction"] in {"improved", "worsened", "no change"} and row["series_break"] is None


def test_1b_after_the_1j_correction_does_not_reach_back_past_2020_21(published):
    row = row_for(published, "Rotherham", "2021-22", "1J")
    assert row["direction"] is None
    assert row["series_break"].startswith("break in series in 2020-21")


def test_carers_metrics_compare_with_the_previous_survey(published):
    row = row_for(published, "Rotherham", "2023-24", "1C")
    assert row["previous_year"] == "2021-22"
    assert (row["value"], row["previous_value"]) == (7.1, 7.5)  # ODS Table_1c, Rotherham
    assert row["direction"] == "worsened"


def test_comparable_years_follow_the_publication():
    assert comparable_previous_year("1A", "2024-25") == ("2023-24", None)
    assert comparable_previous_year("1A", "2021-22", "ascof-2018-19") == ("2019-20", None)
    assert comparable_previous_year("1C", "2023-24") == ("2021-22", None)
    assert comparable_previous_year("6A", "2023-24") == (None, None)  # the series starts in 2023-24
    year, reason = comparable_previous_year("2D1", "2024-25")
    assert year is None and "different metric" in reason


# ---------------------------------------------------------------- the done-when trend for 1A

def hand_weighted_trend(times, values, margins) -> tuple[float, float]:
    """Slope and chi-squared of a weighted least-squares line, from the normal equations."""
    errors = np.array(margins) / 1.959963984540054
    design = np.column_stack([np.ones(len(times)), np.array(times, dtype=float)])
    weights = np.diag(1 / errors**2)
    covariance = np.linalg.inv(design.T @ weights @ design)
    slope = (covariance @ design.T @ weights @ np.array(values))[1]
    return slope, slope**2 / covariance[1, 1]


def test_1a_trend_in_2024_25_skips_the_voluntary_survey(published):
    council = find_council("Rotherham", "2024-25")
    run = trend_run(published.store, council, "2024-25", "1A", "mean score", True)
    years = ["2019-20", "2021-22", "2022-23", "2023-24", "2024-25"]
    assert [p["year"] for p in run.points] == years
    values = [ods_value(published, y, "1A") for y in years]
    margins = [ods_value(published, y, "1A", "Margin Of Error") for y in years]
    assert values == [18.4, 19.2, 18.5, 19.1, 19.1] and margins == [0.6, 0.3, 0.5, 0.5, 0.4]  # ODS Table_1a
    slope, chi_squared = hand_weighted_trend([2019, 2021, 2022, 2023, 2024], values, margins)
    trend = recent_trend(run.points, "higher")
    assert trend.slope == pytest.approx(slope, rel=1e-9)
    assert trend.p_value == pytest.approx(math.erfc(math.sqrt(chi_squared / 2)), rel=1e-9)
    assert chi_squared < CHI_SQUARED_998
    row = row_for(published, "Rotherham", "2024-25", "1A")
    assert (row["trend"], row["trend_method"]) == ("no significant change", "weighted linear regression")


def test_1a_significance_from_the_margin_of_error(published):
    row = row_for(published, "Rotherham", "2024-25", "1A")
    # 19.1 +/- 0.4 against England's 19.0: the interval 18.7 to 19.5 holds it, so similar.
    assert (row["ci_lower"], row["ci_upper"]) == pytest.approx((18.7, 19.5))
    assert row["comparator_value"] == 19.0 and row["significance"] == "similar"
    earlier = row_for(published, "Rotherham", "2022-23", "1A")
    # 18.5 +/- 0.5 against England's 19.0: 19.0 is on the upper bound, so still similar.
    assert (earlier["ci_lower"], earlier["ci_upper"]) == pytest.approx((18.0, 19.0))
    assert earlier["significance"] == "similar"
