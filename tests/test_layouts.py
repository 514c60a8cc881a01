"""The layouts councils download today: DHSC's time-series workbook, the 2024-25 CSV and the all-years
outcome CSV, each read from the real file where shared has one and from small files built here."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from ascof_xl.catalogue import canonical_code
from ascof_xl.errors import AscofError
from ascof_xl.published.council_types import council_type_letter
from ascof_xl.published.reader import read_published
from ascof_xl.published.timeseries import read_timeseries

ODS = "ascof-time-series-2015-16-to-2024-25.ods"
OUTCOMES = "ascof-outcomes-2017-18-to-2023-24.csv"
KEY = ["year", "area_code", "measure", "measure_type"]


def cell(frame: pd.DataFrame, year: str, area: str, measure: str, kind: str = "Outcome") -> tuple:
    """(value, marker) of the one row with this key."""
    rows = frame[(frame["year"] == year) & (frame["area_code"] == area) & (frame["measure"] == measure)
                 & (frame["measure_type"] == kind)]
    assert len(rows) == 1, (year, area, measure, kind, len(rows))
    value = rows["value"].iloc[0]
    return (None if value != value else float(value)), rows["marker"].iloc[0]


@pytest.fixture(scope="module")
def series(shared_data):
    return read_published(shared_data / "ascof" / ODS)


@pytest.fixture(scope="module")
def outcomes(shared_data):
    return read_published(shared_data / "ascof" / OUTCOMES)


# --- the time-series workbook, real file ---------------------------------------------------------

def test_time_series_values_as_published(series):
    # Table_1a, England and Rotherham, figures as printed in the workbook.
    assert cell(series, "2015-16", "E92000001", "1A") == (19.1, "")
    assert cell(series, "2015-16", "E92000001", "1A", "Base") == (63188.0, "")
    assert cell(series, "2015-16", "E92000001", "1A", "Margin Of Error") == (0.0, "")
    assert cell(series, "2024-25", "E08000018", "1A", "Margin Of Error") == (0.4, "")
    assert cell(series, "2024-25", "E08000018", "1A", "Base") == (375.0, "")
    # Table_2c (CLD, 2024-25 only) for the Inner London council type.
    assert cell(series, "2024-25", "type:Inner London", "2C", "Numerator") == (1485.0, "")
    assert cell(series, "2024-25", "type:Inner London", "2C", "Denominator") == (316430.0, "")
    assert cell(series, "2024-25", "type:Inner London", "2C") == (469.9, "")
    # 2020-21: the voluntary survey; England has no figure.
    assert cell(series, "2020-21", "E92000001", "1A") == (None, "x")


def test_time_series_years_before_2023_take_their_2022_23_codes(series):
    """Table_1b holds old 1J before 2023-24, Table_3c(1) old 3D1, Table_5a(1) old 1I1 (Contents sheet)."""
    measures = {y: set(series.loc[series["year"] == y, "measure"]) for y in ("2018-19", "2023-24")}
    assert {"1J", "3D1", "1I1", "1B", "3A"} <= measures["2018-19"]
    assert not {"3C1", "5A1"} & measures["2018-19"]
    assert {"1B", "3C1", "5A1", "4B", "6A", "6B"} <= measures["2023-24"]
    assert not {"1J", "1I1"} & measures["2023-24"]
    # 1J 2018-19 for Rotherham is Table_1b's 2018-19 outcome; old 1B (control) is Table_3a's.
    assert cell(series, "2018-19", "E08000018", "1J") == (0.419, "")
    assert cell(series, "2018-19", "E08000018", "1B") == (77.9, "")


def test_time_series_carers_scores_with_bracketed_old_population_read_as_official(series):
    # Table_1c 2016-17 writes "7.7 (7.6)": the official score, then the earlier eligible population's.
    assert cell(series, "2016-17", "E92000001", "1D") == (7.7, "")
    assert cell(series, "2016-17", "E92000001", "1D", "Base") == (51230.0, "")
    assert cell(series, "2016-17", "E08000018", "1D") == (7.8, "")
    # Years without a carers' survey are not applicable in every cell, and left out.
    assert not ((series["year"] == "2017-18") & (series["measure"] == "1D")).any()


def test_time_series_successor_rows_go_to_the_predecessor_before_it_existed(series):
    # North Yorkshire unitary (E06000065) carries the county's (E10000023) earlier years.
    assert not ((series["area_code"] == "E06000065") & (series["year"] < "2023-24")).any()
    assert cell(series, "2018-19", "E10000023", "1A")[1] == ""
    assert cell(series, "2024-25", "E06000065", "1A")[1] == ""


def test_time_series_reports_what_it_leaves_out(series):
    notes = " ".join(series.attrs["notes"])
    assert "'good outcome'" in notes  # 6B's rating breakdowns are not read


def test_time_series_rows_that_stand_for_a_council_are_filed_under_it_with_a_note(series):
    # Council 809's row is still coded as the old county (E10000009) in Table_4b, 6a and 6b.
    assert not ((series["area_code"] == "E10000009") & (series["year"] >= "2019-20")).any()
    dorset = series[(series["area_code"] == "E06000059") & (series["measure"] == "6A")]
    assert dict(zip(dorset["year"], dorset["value"])) == {"2023-24": 36.5, "2024-25": 34.6}
    cornwall = series[(series["area_code"] == "E06000052") & (series["measure"] == "6A")]
    assert dict(zip(cornwall["year"], cornwall["value"])) == {"2023-24": 26.7, "2024-25": 20.2}
    placed = {(y, a, m): note for y, a, m, note in series.attrs["row_notes"]}
    assert "more than one council" in placed[("2024-25", "E06000052", "6A")]
    assert "Dorset County" in placed[("2023-24", "E06000059", "6B")]


def test_time_series_year_asked_for(shared_data):
    one = read_published(shared_data / "ascof" / ODS, year="2023-24")
    assert set(one["year"]) == {"2023-24"}
    with pytest.raises(AscofError, match="holds no values for 2013-14"):
        read_published(shared_data / "ascof" / ODS, year="2013-14")


def test_time_series_council_types_by_letter(series):
    types = series[series["level"] == "council type"]
    assert set(types["cassr_code"]) == {"S", "U", "M", "I", "O", "D"}
    district = types[types["cassr_code"] == "D"]
    assert {"2021-22", "2022-23"} <= set(district["year"])
    assert not set(district["year"]) & {"2015-16", "2018-19", "2024-25"}  # all [z] in those years: left out


# --- the time-series workbook, files built here ---------------------------------------------------

def write_series(path, tables, contents=None):
    """An XLSX time-series workbook: {sheet: rows} with a title row above each table."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    if contents:
        sheet = book.create_sheet("Contents")
        for row in contents:
            sheet.append(row)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        sheet.append([f"{name}: a title row"])
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


HEAD = ["Local authority code", "Local authority", "ONS area code",
        "2022 to 2023 - margin of error", "2022 to 2023 - number of respondents", "2022 to 2023 - outcome",
        "2023 to 2024 - margin of error", "2023 to 2024 - number of respondents", "2023 to 2024 - outcome"]


def small_table():
    return [
        HEAD,
        ["England", "England", "E92000001", 0.1, 58060, 64.4, 0.1, 58980, 65.4],
        ["I", "Inner London", "[z]", 1.5, 4250, 59.3, 1.3, 4905, 60.1],
        ["YH", "Yorkshire and the Humber", "E12000003", 1.6, 6000, 63.0, 1.6, 6100, 64.0],
        [206, "Rotherham", "E08000018", 4.5, 395, "66.3", 4.4, "[c]", "[c]"],
        ["H6X4G", "Cumberland", "E06000063", "[z]", "[z]", "[z]", 3.9, 495, 58.8],
    ]


def test_small_time_series_workbook(tmp_path):
    contents = [["Metric", "Description", "2022 to 2023 Code"], ["1D", "Overall satisfaction", "3A"]]
    path = write_series(tmp_path / "series.xlsx", {"Table_1d": small_table()}, contents)
    tidy = read_published(path)
    assert cell(tidy, "2022-23", "E08000018", "3A") == (66.3, "")  # old code before 2023-24
    assert cell(tidy, "2023-24", "E08000018", "1D") == (None, "c")
    assert cell(tidy, "2023-24", "E08000018", "1D", "Base") == (None, "c")
    assert cell(tidy, "2023-24", "E08000018", "1D", "Margin Of Error") == (4.4, "")
    assert cell(tidy, "2023-24", "type:Inner London", "1D", "Base") == (4905.0, "")
    assert cell(tidy, "2023-24", "E12000003", "1D") == (64.0, "")
    # Cumberland did not exist in 2022-23: its [z] cells are not rows.
    assert not ((tidy["area_code"] == "E06000063") & (tidy["year"] == "2022-23")).any()
    assert cell(tidy, "2023-24", "E06000063", "1D") == (58.8, "")
    assert len(tidy) == 3 * (4 + 5)


def test_small_time_series_without_contents_keeps_the_sheet_code(tmp_path):
    path = write_series(tmp_path / "series.xlsx", {"Table_3d(1)": small_table()})
    tidy = read_published(path)
    assert set(tidy["measure"]) == {canonical_code("3D(1)")} == {"3D1"}


def test_time_series_text_in_a_value_cell_names_sheet_and_cell(tmp_path):
    rows = small_table()
    rows[4][5] = "sixty"
    path = write_series(tmp_path / "series.xlsx", {"Table_4a": rows})
    with pytest.raises(AscofError, match=r"sheet 'Table_4a', cell F6: the cell holds 'sixty'"):
        read_published(path)


def test_time_series_two_sheets_of_one_metric_that_disagree_are_refused(tmp_path):
    other = small_table()
    other[4][5] = 61.0
    path = write_series(tmp_path / "series.xlsx", {"Table_4a": small_table(), "Table 4(a)": other})
    refused = r"sheet 'Table_4a' row 6; .*sheet 'Table 4\(a\)' row 6.* both give Rotherham 4A"
    with pytest.raises(AscofError, match=refused):
        read_published(path)


def test_time_series_row_of_no_known_area_is_reported(tmp_path):
    rows = small_table() + [["[z]", "Somewhere else", "[z]", 1, 2, 3, 4, 5, 6]]
    tidy = read_published(write_series(tmp_path / "series.xlsx", {"Table_4a": rows}))
    assert any("row 8: left out 1 row: 'Somewhere else'" in note for note in tidy.attrs["notes"])
    assert "Somewhere else" not in set(tidy["area_name"])


def test_time_series_detected_from_content_not_name(tmp_path):
    path = write_series(tmp_path / "series.xlsx", {"Table_4a": small_table()})
    renamed = path.rename(tmp_path / "download.bin")
    assert read_timeseries(renamed) is not None
    assert read_timeseries(tmp_path / "absent.ods") is None


def test_open_data_workbook_is_not_a_time_series(shared_data):
    assert read_timeseries(shared_data / "ascof" / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx") is None


def test_time_series_implausible_percentage_refused(tmp_path):
    rows = small_table()
    rows[4][5] = 166.3
    with pytest.raises(AscofError, match="sheet 'Table_4a' row 6: Rotherham 4A"):
        read_published(write_series(tmp_path / "series.xlsx", {"Table_4a": rows}))


def test_time_series_old_code_checked_on_its_own_scale(tmp_path):
    """Without a Contents sheet, Table_1d's 2022-23 column is old 1D, carers' quality of life out of 12."""
    with pytest.raises(AscofError, match="1D is a mean score, which lies between 0 and 12"):
        read_published(write_series(tmp_path / "series.xlsx", {"Table_1d": small_table()}))


# --- the 2024-25 CSV, built from the time-series values -------------------------------------------

CSV_2024 = ["Geographical code", "Geographical description", "Geographical level", "ONS code",
            "ASCOF measure code", "Disaggregation level", "Measure type", "Measure value"]
LEVEL_WORDS = {"council": "Local authority", "region": "Regional", "council type": "Council type",
               "england": "England"}
TYPE_WORDS = {"Outcome": "Outcome", "Numerator": "Numerator", "Denominator": "Denominator",
              "Margin Of Error": "Margin of error", "Base": "Number of respondents"}


def dhsc_code(sheet_code: str) -> str:
    """A code as DHSC writes it in 2024-25 ("2D(1)", "3D(1a)") from the sheet's ("2d(1)", "3d(1a)")."""
    return sheet_code[:2].upper() + sheet_code[2:]


def value_text(value: float, marker: str) -> str:
    return f"[{marker}]" if marker else f"{value:.12g}"


@pytest.fixture(scope="module")
def csv_2024(series, tmp_path_factory, shared_data):
    """The 2024-25 CSV as DHSC lays it out, holding the workbook's 2024-25 values, plus age rows."""
    from python_calamine import CalamineWorkbook

    sheets = CalamineWorkbook.from_path(str(shared_data / "ascof" / ODS)).sheet_names
    written = {canonical_code(s[6:]): dhsc_code(s[6:]) for s in sheets if s.startswith("Table_")}
    year = series[series["year"] == "2024-25"]
    rows = [
        [r.cassr_code, r.area_name, LEVEL_WORDS[r.level], "" if r.level == "council type" else r.area_code,
         written[r.measure], "Total", TYPE_WORDS[r.measure_type], value_text(r.value, r.marker)]
        for r in year.itertuples()
    ]
    rows += [
        ["206", "Rotherham", "Local authority", "E08000018", "1A", "18 to 64", "Outcome", "18.4"],
        ["206", "Rotherham", "Local authority", "E08000018", "1A", "65 and over", "Outcome", "19.6"],
        ["206", "Rotherham", "Local authority", "E08000018", "1A", "Female", "Outcome", "19.0"],
        ["206", "Rotherham", "Local authority", "E08000018", "1A", "Aged 100 plus", "Outcome", "20.0"],
    ]
    path = tmp_path_factory.mktemp("csv2024") / "ascof-2024-25.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_2024)
        writer.writerows(rows)
    return path, year


def test_csv_2024_matches_the_time_series(csv_2024):
    path, expected = csv_2024
    tidy = read_published(path)
    totals = tidy[tidy["disaggregation"] == "Total"]
    assert set(tidy["year"]) == {"2024-25"}
    merged = expected.merge(totals, on=KEY, suffixes=("_ts", "_csv"), how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    same = (merged["value_ts"] == merged["value_csv"]) | (merged["value_ts"].isna() & merged["value_csv"].isna())
    assert same.all()
    assert (merged["marker_ts"] == merged["marker_csv"]).all()
    assert {"2D1", "3D1A", "2E2A", "5A1"} <= set(tidy["measure"])


def test_csv_2024_disaggregation_becomes_the_code_suffix(csv_2024):
    tidy = read_published(csv_2024[0])
    rotherham = tidy[(tidy["area_code"] == "E08000018") & (tidy["group"] == "1A") & (tidy["measure_type"] == "Outcome")]
    by_measure = dict(zip(rotherham["measure"], rotherham["value"]))
    assert by_measure["1A1864"] == 18.4 and by_measure["1A65OV"] == 19.6 and by_measure["1AF"] == 19.0
    assert by_measure["1A"] == 19.1
    notes = " ".join(tidy.attrs["notes"])
    assert "'Aged 100 plus'" in notes and "left out 1 row(s)" in notes


def test_csv_2024_levels_and_types(csv_2024):
    tidy = read_published(csv_2024[0])
    assert set(tidy["level"]) == {"council", "region", "council type", "england"}
    assert {"Base", "Margin Of Error", "Numerator", "Denominator"} <= set(tidy["measure_type"])
    assert cell(tidy, "2024-25", "type:Outer London", "2A", "Numerator") == (12300.0, "")


def test_csv_2024_small_file_with_bracketed_codes(tmp_path):
    path = tmp_path / "meas-from-asc-of-eng-2024-25.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_2024)
        writer.writerow(["206", "Rotherham", "Local authority", "E08000018", "3D(1a)", "Total", "Outcome", "100"])
        writer.writerow(["206", "Rotherham", "Local authority", "E08000018", "3d(1a)", "18 to 64", "Outcome", "99.5"])
        writer.writerow(["M", "Metropolitan Districts", "Council type", "", "2D(1)", "Total", "Outcome", "58.7"])
        writer.writerow(["E", "East of England", "Regional", "E12000006", "2D(1)", "Total", "Outcome", "61.0"])
        # DHSC's own example row, its ONS code a digit short.
        writer.writerow(["NE", "North East", "Regional", "E1200001", "1A", "Female", "Denominator", "500"])
    tidy = read_published(path)
    assert cell(tidy, "2024-25", "E12000001", "1AF", "Denominator") == (500.0, "")
    assert cell(tidy, "2024-25", "E08000018", "3D1A") == (100.0, "")
    assert cell(tidy, "2024-25", "E08000018", "3D1A1864") == (99.5, "")
    assert cell(tidy, "2024-25", "type:Metropolitan Districts", "2D1") == (58.7, "")
    assert cell(tidy, "2024-25", "E12000006", "2D1") == (61.0, "")


def test_csv_2024_text_value_names_its_line(tmp_path):
    path = tmp_path / "ascof-2024-25.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_2024)
        writer.writerow(["206", "Rotherham", "Local authority", "E08000018", "1A", "Total", "Outcome", "19.1"])
        writer.writerow(["207", "Sheffield", "Local authority", "E08000019", "1A", "Total", "Outcome", "high"])
    with pytest.raises(AscofError, match="line 3"):
        read_published(path)


# --- the all-years outcome CSV ---------------------------------------------------------------------

def test_outcome_series_every_year_every_level(outcomes):
    assert sorted(set(outcomes["year"])) == ["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23",
                                             "2023-24"]
    assert len(outcomes) == 26498  # every row of the file used
    assert set(outcomes["measure_type"]) == {"Outcome"} and set(outcomes["disaggregation"]) == {"Total"}
    # Rotherham 2017-18 as the seed briefing printed it.
    assert cell(outcomes, "2017-18", "E08000018", "1H") == (70.0, "")
    assert cell(outcomes, "2017-18", "E08000018", "2B2") == (2.2, "")


def test_outcome_series_council_type_spellings_meet(outcomes):
    # "Council Type" (2017-18, 2018-19) and "Council type"; "Metropolitan District(s)".
    types = outcomes[outcomes["level"] == "council type"]
    assert set(types["area_code"]) == {"type:Shire Counties", "type:Unitary Authorities",
                                       "type:Metropolitan Districts", "type:Inner London", "type:Outer London",
                                       "type:District"}
    assert {"2017-18", "2019-20", "2023-24"} <= set(types.loc[types["cassr_code"] == "M", "year"])


def test_outcome_series_2023_24_in_revised_codes(outcomes):
    codes = set(outcomes.loc[outcomes["year"] == "2023-24", "measure"])
    assert {"2D1", "3D1A", "3C1", "5A2"} <= codes and not {"1J", "2B1"} & codes


def test_outcome_series_small_file(tmp_path):
    path = tmp_path / "trend.csv"
    rows = [
        ["Year", "Geographical Description", "ONS Code", "Measure Group", "Measure Group Description",
         "Measure_Value", "Geographical Level", "Disaggregation Level", "Measure Type"],
        ["2018-19", "Rotherham", "E08000018", "1A", "SCRQoL", "19.3", "Council", "Total", "Outcome"],
        ["2018-19", "Inner London", "", "1A", "SCRQoL", "18.3", "Council Type", "Total", "Outcome"],
        ["2023-24", "Inner London", "-", "3D1A", "SDS", "93.0", "Council type", "", ""],
        ["2023-24", "Rotherham", "E08000018", "3D(1a)", "SDS", "100", "Council", "", ""],
        ["2023-24", "Rotherham", "E08000018", "3D1A", "SDS", "100", "Parish", "", ""],
    ]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    tidy = read_published(path)
    assert cell(tidy, "2018-19", "E08000018", "1A") == (19.3, "")
    assert cell(tidy, "2018-19", "type:Inner London", "1A") == (18.3, "")
    assert cell(tidy, "2023-24", "type:Inner London", "3D1A") == (93.0, "")
    assert cell(tidy, "2023-24", "E08000018", "3D1A") == (100.0, "")
    assert any("line 6" in note and "'Parish'" in note for note in tidy.attrs["notes"])
    only = read_published(path, year="2023-24")
    assert set(only["year"]) == {"2023-24"} and len(only) == 2


def test_outcome_series_bad_year_names_its_line(tmp_path):
    path = tmp_path / "trend.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([
            ["Year", "Geographical Description", "ONS Code", "Measure Group", "Measure_Value", "Geographical Level"],
            ["2018-19", "Rotherham", "E08000018", "1A", "19.3", "Council"],
            ["last year", "Rotherham", "E08000018", "1A", "19.1", "Council"],
        ])
    with pytest.raises(AscofError, match="line 3: 'Year' says 'last year'"):
        read_published(path)


def test_council_type_names_and_letters():
    assert council_type_letter("Metropolitan District") == council_type_letter("Metropolitan Districts") == "M"
    assert council_type_letter("Shire Counties") == council_type_letter("s") == "S"
    assert council_type_letter("Inner London") == "I" and council_type_letter("Outer London") == "O"
    assert council_type_letter("Unitary Authority") == "U" and council_type_letter("London") is None


def test_a_joint_row_fills_only_what_the_councils_own_row_lacks(tmp_path):
    head = ["Local authority code", "Local authority", "ONS area code",
            "2023 to 2024 - outcome", "2024 to 2025 - outcome"]
    rows = [head,
            ["England", "England", "E92000001", 27.0, 24.0],
            [809, "Dorset County", "E10000009", 36.5, 34.6],  # council 809 is Dorset Council from 2019-20
            [902, "Cornwall", "E06000052", 26.7, "[x]"],
            [906, "Isles of Scilly", "E06000053", "[x]", "[x]"],
            ["[z]", "Cornwall and Isles of Scilly", "[z]", 25.0, 20.2]]
    tidy = read_published(write_series(tmp_path / "series.xlsx", {"Table_6a": rows}))
    assert cell(tidy, "2024-25", "E06000052", "6A") == (20.2, "")  # from the joint row
    assert cell(tidy, "2023-24", "E06000052", "6A") == (26.7, "")  # Cornwall's own number wins
    assert cell(tidy, "2024-25", "E06000053", "6A") == (None, "x")  # the Isles keep their own marker
    assert cell(tidy, "2024-25", "E06000059", "6A") == (34.6, "")
    assert not (tidy["area_code"] == "E10000009").any()
    assert not tidy.duplicated(["year", "area_code", "measure", "measure_type"]).any()
    notes = {(y, a): note for y, a, _, note in tidy.attrs["row_notes"]}
    assert set(notes) == {("2024-25", "E06000052"), ("2023-24", "E06000059"), ("2024-25", "E06000059")}
    assert "Cornwall and Isles of Scilly" in notes[("2024-25", "E06000052")]
