"""Damaged or unusual published files never give a wrong figure without a word (issue 7).

Each case is made from a real file of ../shared/data in a temporary folder: `C` is the 2020-21
open-data workbook saved as CSV, `P` the 2019-20 processed CSV. Expected figures are the ones the
sound files publish (read here with pandas, not with the loader under test).
"""

from __future__ import annotations

import csv
import io
import json
import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ascof_xl.benchmark.groups import resolve_group
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.profile import build_profile
from ascof_xl.cli import main
from ascof_xl.councils import find_council
from ascof_xl.errors import AscofError
from ascof_xl.published.bundled import load_store
from ascof_xl.published.reader import read_published
from ascof_xl.published.store import Store

WORKBOOK = "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
PROCESSED = "final_data_2020_ascof_2019-20_processed.csv"
ROTHERHAM, WALSALL = "E08000018", "E08000030"


@pytest.fixture(scope="session")
def official_csv(shared_data, tmp_path_factory):
    """C: the 2020-21 workbook saved as CSV, as a user would from Excel."""
    frame = pd.read_excel(shared_data / "ascof" / WORKBOOK, engine="calamine", dtype=str)
    path = tmp_path_factory.mktemp("official") / "2020-21.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def published(official_csv):
    """The sound 2020-21 file as published, read with pandas: (area, code, type) -> value text."""
    frame = pd.read_csv(official_csv, dtype=str, keep_default_na=False)
    return frame


@pytest.fixture
def processed(shared_data, tmp_path):
    path = tmp_path / "2019-20-processed.csv"
    shutil.copy(shared_data / "ascof" / PROCESSED, path)
    return path


def published_value(frame, ons, code, kind="Outcome"):
    rows = frame[(frame["ONS Code"] == ons) & (frame["ASCOF Measure Code"] == code) & (frame["Measure Type"] == kind)]
    assert len(rows) == 1
    return float(rows["Measure Value"].iloc[0])


def lines_of(path):
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


# 1 ------------------------------------------------------------------------------------------------

def test_1_a_csv_cut_off_mid_line_is_refused_naming_the_line(official_csv, tmp_path):
    cut = tmp_path / "t-2020-21.csv"
    cut.write_bytes(official_csv.read_bytes()[:3806603])
    last_line = cut.read_text(encoding="utf-8").count("\n") + 1
    with pytest.raises(AscofError) as error:
        read_published(cut)
    assert f"t-2020-21.csv line {last_line}: the last line does not end with a line break" in str(error.value)
    assert "download the file again" in str(error.value)


def test_1_a_csv_cut_at_a_line_break_loads_with_a_note_of_the_missing_rows(official_csv, published, tmp_path):
    cut = tmp_path / "t-2020-21.csv"
    cut.write_text("".join(lines_of(official_csv)[:26331]), encoding="utf-8")
    tidy = read_published(cut)
    notes = " ".join(tidy.attrs["notes"])
    assert "row(s) are missing, though this layout publishes every area for every measure" in notes
    assert "download it again" in notes
    store = Store([tidy])  # what the file does hold is read right
    assert store.value("2020-21", ROTHERHAM, "2A2") == published_value(published, ROTHERHAM, "2A2")


def test_1_the_sound_file_loads_without_notes(official_csv, published):
    tidy = read_published(official_csv)
    assert tidy.attrs["notes"] == []
    assert len(tidy) == len(published)


# 2 ------------------------------------------------------------------------------------------------

def rotherham_2a2_line(official_csv):
    lines = lines_of(official_csv)
    at = next(i for i, line in enumerate(lines) if line.startswith("206,Rotherham,Council,E08000018,2A2,Total,Outcome,"))
    return lines, at


def test_2_a_conflicting_duplicate_is_refused_naming_both_lines(official_csv, tmp_path):
    lines, at = rotherham_2a2_line(official_csv)
    damaged = tmp_path / "d-2020-21.csv"
    damaged.write_text("".join(lines) + lines[at].replace(",431.4,", ",999,"), encoding="utf-8")
    with pytest.raises(AscofError) as error:
        read_published(damaged)
    message = str(error.value)
    assert f"d-2020-21.csv lines {at + 1}, {len(lines) + 1} both give Rotherham 2A2 (Outcome, 2020-21)" in message
    assert "431.4 and 999" in message


def test_2_an_exact_duplicate_is_dropped_with_a_note(official_csv, published, tmp_path):
    lines, at = rotherham_2a2_line(official_csv)
    damaged = tmp_path / "e-2020-21.csv"
    damaged.write_text("".join(lines) + lines[at], encoding="utf-8")
    tidy = read_published(damaged)
    assert tidy.attrs["notes"] == [f"e-2020-21.csv line {len(lines) + 1}: left out 1 row(s) that repeat an earlier row exactly"]
    assert Store([tidy]).value("2020-21", ROTHERHAM, "2A2") == published_value(published, ROTHERHAM, "2A2") == 431.4


# 3 ------------------------------------------------------------------------------------------------

def test_3_an_unknown_age_band_is_refused_not_taken_for_the_total(processed, tmp_path):
    assert Store([read_published(processed)]).value("2019-20", ROTHERHAM, "1C2A") == 25.5  # the sound file
    text = processed.read_text(encoding="utf-8")
    first = next(i for i, line in enumerate(text.splitlines()) if ",18-64," in line) + 1
    damaged = tmp_path / "p-2019-20.csv"
    damaged.write_text(text.replace(",18-64,", ",Aged 18-64,"), encoding="utf-8")
    with pytest.raises(AscofError) as error:
        read_published(damaged)
    assert f"p-2019-20.csv line {first}: the 'Disaggregation Level' 'Aged 18-64' is not one this layout knows" in str(error.value)


# 4 ------------------------------------------------------------------------------------------------

def test_4_a_processed_file_repeated_keeps_each_value_on_its_own_measure(processed, tmp_path):
    sound = Store([read_published(processed)])
    lines = lines_of(processed)
    doubled = tmp_path / "p-2019-20.csv"
    doubled.write_text("".join(lines + lines[1:]), encoding="utf-8")
    tidy = read_published(doubled)
    store = Store([tidy])
    assert store.value("2019-20", WALSALL, "1C2A") == sound.value("2019-20", WALSALL, "1C2A") == 37.6
    assert store.cell("2019-20", WALSALL, "1C2B") == sound.cell("2019-20", WALSALL, "1C2B") is None
    assert store.value("2019-20", ROTHERHAM, "1C2B") == sound.value("2019-20", ROTHERHAM, "1C2B") == 94.8
    notes = " ".join(tidy.attrs["notes"])
    assert f"p-2019-20.csv lines {len(lines) + 1}," in notes and "repeat an earlier" in notes
    assert len(tidy) == len(sound.table)


def test_4_a_repeated_block_with_other_values_is_refused(processed, tmp_path):
    lines = lines_of(processed)
    walsall = [i for i, line in enumerate(lines) if line.startswith("Walsall,") and "direct payments" in line]
    changed = lines[walsall[0]].replace(",37.6,", ",12.5,")
    damaged = tmp_path / "p-2019-20.csv"
    damaged.write_text("".join(lines + [changed]), encoding="utf-8")
    with pytest.raises(AscofError) as error:
        read_published(damaged)
    assert f"p-2019-20.csv line {len(lines) + 1}: this row for Walsall repeats the description" in str(error.value)


# 5 ------------------------------------------------------------------------------------------------

def test_5_year_that_contradicts_the_file_is_refused(shared_data, capsys):
    workbook = str(shared_data / "ascof" / WORKBOOK)
    assert main(["profile", "--council", "Rotherham", "--data", workbook, "--year", "2019-20"]) == 2
    err = capsys.readouterr().err
    assert "holds 2020-21 (its name says so) but --year says 2019-20" in err and err.count("\n") == 1


def test_5_a_year_column_that_contradicts_the_name_is_refused(processed, tmp_path):
    renamed = tmp_path / "ascof-2018-19.csv"
    shutil.copy(processed, renamed)
    with pytest.raises(AscofError, match=r"its 'year' column \(ascof-2018-19.csv line 2\) says 2019-20 but the file name says 2018-19"):
        read_published(renamed)
    assert Store([read_published(processed, year="2019-20")]).years == ("2019-20",)  # agreeing is fine


# 6 ------------------------------------------------------------------------------------------------

def test_6_processed_council_types_without_codes_stay_apart(processed, tmp_path):
    description = "Delayed transfers of care from hospital per 100,000 population"
    lines = lines_of(processed)
    extra = [f'Metropolitan District,Council Type,,"{description}",Total,12.3,,,,2020\n',
             f'Shire Counties,Council Type,,"{description}",Total,7.1,,,,2020\n']
    path = tmp_path / "p-2019-20.csv"
    path.write_text("".join(lines + extra), encoding="utf-8")
    store = Store([read_published(path)])
    assert store.value("2019-20", "type:Metropolitan Districts", "2C1") == 12.3
    assert store.value("2019-20", "type:Shire Counties", "2C1") == 7.1
    group = resolve_group("council-type", find_council("Rotherham"), "2019-20", store)
    assert group.comparator_kind == "published aggregate"
    assert store.value("2019-20", group.comparator_area, "2C1") == 12.3


def test_6_without_a_published_type_aggregate_the_median_says_so(processed, capsys):
    assert main(["profile", "--council", "Rotherham", "--data", str(processed), "--group", "council-type",
                 "--format", "json"]) == 0
    captured = capsys.readouterr()
    profile = json.loads(captured.out)
    assert profile["comparator_kind"] == "group median"
    assert "no published aggregate for Metropolitan District" in profile["warnings"][0]
    assert "ascof-xl: warning: the 2019-20 data holds no published aggregate" in captured.err
    row = {m["code"]: m for m in profile["measures"]}["2A2"]
    assert row["comparator_value"] == row["median"]


# 7 ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "spec",
    ["custom:Bristol, City of, Herefordshire, County of", "custom:Bristol, City of; Herefordshire, County of",
     "custom:Bristol, City of;Herefordshire, County of;"],
)
def test_7_custom_groups_take_official_names_with_commas(official_csv, spec):
    store = load_store([official_csv])
    group = resolve_group(spec, find_council("Rotherham"), "2020-21", store)
    assert group.members == {ROTHERHAM, "E06000023", "E06000019"}
    assert group.comparator_kind == "group median"


def test_7_custom_group_from_a_file_and_a_small_group_warns(official_csv, tmp_path, capsys):
    listed = tmp_path / "group.txt"
    listed.write_text("Bristol, City of\nHerefordshire, County of\n", encoding="utf-8")
    store = load_store([official_csv])
    group = resolve_group(f"custom:@{listed}", find_council("Rotherham"), "2020-21", store)
    assert group.members == {ROTHERHAM, "E06000023", "E06000019"}
    assert main(["benchmark", "--council", "Rotherham", "--measure", "2A2", "--data", str(official_csv),
                 "--group", f"custom:@{listed}", "--format", "json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["council_row"]["n"] == 3 and result["council_row"]["band"] is not None
    assert "too few for quartiles" in result["council_row"]["warning"]
    assert "holds only 3 council(s)" in result["warnings"][0]
    assert captured.err.count("ascof-xl: warning:") == 2


# 8 ------------------------------------------------------------------------------------------------

def test_8_a_proportion_of_huge_counts_is_not_0_to_100(capsys):
    assert main(["ci", "--numerator", "1e308", "--denominator", "1e308", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["value"], result["lower"], result["upper"]) == (100.0, 100.0, 100.0)
    assert main(["ci", "--numerator", "5e307", "--denominator", "1e308", "--format", "json"]) == 0
    half = json.loads(capsys.readouterr().out)
    assert half["lower"] == pytest.approx(50.0) and half["upper"] == pytest.approx(50.0)


def test_8_a_rate_beyond_the_float_range_is_refused(capsys):
    assert main(["ci", "--kind", "rate", "--numerator", "1e308", "--denominator", "1"]) == 2
    assert "too large or too small" in capsys.readouterr().err


def test_human_output_has_no_float_noise(official_csv, capsys):
    assert main(["benchmark", "--council", "Rotherham", "--measure", "2A2", "--data", str(official_csv)]) == 0
    heading = capsys.readouterr().out.splitlines()[1]
    # QUARTILE.INC interpolates; the figure prints as published arithmetic gives it, without 637.9250000000001
    assert "P75 637.925;" in heading and "value 431.4, rank 55 of 150" in heading


# The property: damage never changes a profile without an error or a note ---------------------------

@pytest.fixture(scope="session")
def small_sound_file(official_csv, tmp_path_factory):
    """Every row of Yorkshire and the Humber's councils and of every aggregate: a complete file, quick to read."""
    frame = pd.read_csv(official_csv, dtype=str, keep_default_na=False)
    yorkshire = set(frame.loc[frame["Geographical Code"].isin(
        ["204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "214", "215", "216", "217", "218"]
    ), "ONS Code"])
    keep = frame["ONS Code"].isin(yorkshire) | (frame["Geographical Level"] != "Council")
    path = tmp_path_factory.mktemp("small") / "2020-21.csv"
    frame[keep].to_csv(path, index=False)
    return path


def profile_of(path):
    store = Store([tidy := read_published(path)])
    profile = build_profile(Positions(store), find_council("Rotherham"), "2020-21")
    return profile["measures"], tidy.attrs["notes"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damage_never_changes_a_profile_silently(small_sound_file, tmp_path, data):
    sound, sound_notes = profile_of(small_sound_file)
    assert [n for n in sound_notes if "councils of 2020-21" not in n] == []  # only: it holds one region's councils
    lines = lines_of(small_sound_file)
    damage = data.draw(st.sampled_from(["delete", "duplicate", "cut"]))
    body = st.integers(min_value=1, max_value=len(lines) - 1)
    if damage == "delete":
        gone = set(data.draw(st.lists(body, min_size=1, max_size=20)))
        text = "".join(line for i, line in enumerate(lines) if i not in gone)
    elif damage == "duplicate":
        picked = data.draw(st.lists(body, min_size=1, max_size=5))
        copies = []
        for i in picked:
            cells = lines[i].rstrip("\n").split(",")
            value_at = 7 if not lines[i].count('"') else None
            if value_at is not None:
                cells[value_at] = str(data.draw(st.integers(min_value=0, max_value=100)))
            copies.append(",".join(cells) + "\n")
        text = "".join(lines + copies)
    else:
        whole = "".join(lines)
        text = whole[: data.draw(st.integers(min_value=len(lines[0]) + 1, max_value=len(whole) - 1))]
    damaged = tmp_path / "2020-21.csv"
    damaged.write_text(text, encoding="utf-8")
    try:
        measures, notes = profile_of(damaged)
    except AscofError:
        return  # refused: never a wrong figure
    if measures != sound:
        assert set(notes) - set(sound_notes), f"{damage}: the profile changed without a note"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_processed_rows_repeated_with_another_value_or_cut_are_never_read_silently(processed, tmp_path, data):
    """The processed layout has no row for a missing value, so a deleted row reads as a missing value;
    a repeated row with another value, or a line cut part-way, must be refused or noted."""
    sound = Store([read_published(processed)])
    lines = lines_of(processed)
    if data.draw(st.booleans()):
        at = data.draw(st.integers(min_value=1, max_value=len(lines) - 1))
        cells = next(csv.reader([lines[at]]))
        cells[5] = str(data.draw(st.integers(min_value=0, max_value=100)))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)
        text = "".join(lines[: at + 1] + [out.getvalue()] + lines[at + 1:])
    else:
        whole = "".join(lines)
        cut = data.draw(st.integers(min_value=len(lines[0]) + 1, max_value=len(whole) - 2))
        if whole[cut - 1] == "\n":
            cut += 1  # part-way through a line, not at its end
        text = whole[:cut]
    damaged = tmp_path / "p-2019-20.csv"
    damaged.write_text(text, encoding="utf-8")
    try:
        tidy = read_published(damaged)
    except AscofError:
        return
    store = Store([tidy])
    changed = any(store.cell("2019-20", area, code) != cell
                  for code in sound.measures("2019-20") for area, cell in sound.cells("2019-20", code).items())
    assert not changed or len(tidy.attrs["notes"]) > len(sound.notes)
