"""Reading published files: every layout, suppression markers, the 1C ambiguity and bad files."""

import csv
import io

import pandas as pd
import pytest

from ascof_xl.errors import AscofError
from ascof_xl.published.council_types import council_type_area, council_type_letter
from ascof_xl.published.reader import read_published
from ascof_xl.published.store import Store

HEADER = ["Geographical Code", "Geographical Description", "Geographical Level", "ONS Code", "ASCOF Measure Code",
          "Disaggregation Level", "Measure Type", "Measure Value", "Measure Group", "Measure Group Description"]


def official_rows(rows):
    """Official-layout rows from (cassr, name, level, ons, code, disaggregation, type, value)."""
    return [list(r) + [r[4][:3], "A measure"] for r in rows]


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


SAMPLE = official_rows([
    ("206", "Rotherham", "Council", "E08000018", "2A1", "Total", "Outcome", "21.2"),
    ("206", "Rotherham", "Council", "E08000018", "2A1", "Total", "Numerator", "33"),
    ("206", "Rotherham", "Council", "E08000018", "2A1", "Total", "Denominator", "155782"),
    ("204", "Barnsley", "Council", "E08000016", "2A1", "Total", "Outcome", "[c]"),
    ("205", "Doncaster", "Council", "E08000017", "2A1", "Total", "Outcome", "x"),
    ("207", "Sheffield", "Council", "E08000019", "2A1", "Total", "Outcome", ""),
    ("YH", "Yorkshire and The Humber", "Region", "E12000003", "2A1", "Total", "Outcome", "1,234.5"),
    ("England", "England", "England", "E92000001", "2A1", "Total", "Outcome", "14.6"),
    ("M", "Metropolitan District", "Council Type", "", "2A1", "Total", "Outcome", "15.0"),
])


def test_official_layout_reads_values_and_keeps_markers(tmp_path):
    tidy = read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, SAMPLE))
    store = Store([tidy])
    assert store.years == ("2018-19",)
    assert store.value("2018-19", "E08000018", "2A1") == 21.2
    assert store.value("2018-19", "E08000018", "2A1", "Denominator") == 155782
    assert store.cell("2018-19", "E08000016", "2A1") == (None, "c")
    assert store.cell("2018-19", "E08000017", "2A1") == (None, "x")
    assert store.cell("2018-19", "E08000019", "2A1") == (None, "blank")
    assert store.value("2018-19", "E12000003", "2A1") == 1234.5
    assert store.value("2018-19", "type:Metropolitan Districts", "2A1") == 15.0  # as every reader codes it
    assert store.area("2018-19", "E92000001").level == "england"


def test_suppressed_values_are_never_zero(tmp_path):
    tidy = read_published(write_csv(tmp_path / "f.csv", HEADER, SAMPLE), year="2018-19")
    suppressed = tidy[tidy["marker"] != ""]
    assert suppressed["value"].isna().all()
    assert len(suppressed) == 3


def test_only_outcome_rows_and_no_measure_group_column(tmp_path):
    header = [h for h in HEADER if h not in ("Measure Group", "Measure Group Description")]
    rows = [r[:8] for r in SAMPLE if r[6] == "Outcome"]
    rows.append(["206", "Rotherham", "Council", "E08000018", "1C1B64U", "64 and under", "Outcome", "97.0"])
    store = Store([read_published(write_csv(tmp_path / "only-outcomes.csv", header, rows), year="2018-19")])
    assert store.value("2018-19", "E08000018", "2A1") == 21.2
    assert store.measures("2018-19")["1C1B64U"] == ("1C1B", "64 and under")


def test_dhsc_style_headers_match_without_regard_to_case(tmp_path):
    header = ["Geographical code", "Geographical description", "Geographical level", "ONS code",
              "ASCOF measure code", "Disaggregation level", "Measure type", "Measure value"]
    rows = [["206", "Rotherham", "Local Authority", "E08000018", "2B", "Total", "Outcome", "20.1"],
            ["England", "England", "National", "E92000001", "2B", "Total", "Outcome", "14.0"]]
    store = Store([read_published(write_csv(tmp_path / "ascof-2024-25.csv", header, rows))])
    assert store.value("2024-25", "E08000018", "2B") == 20.1
    assert store.area("2024-25", "E92000001").level == "england"


def test_xlsx_is_read_from_the_sheet_with_the_columns(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["About this file"])
    data = workbook.create_sheet("in")
    data.append(HEADER)
    for row in SAMPLE:
        data.append([float(v) if v.replace(".", "").isdigit() and i == 7 else v for i, v in enumerate(row)])
    path = tmp_path / "meas-from-asc-of-eng-1819.xlsx"
    workbook.save(path)
    store = Store([read_published(path)])
    assert store.years == ("2018-19",)
    assert store.value("2018-19", "E08000018", "2A1") == 21.2
    assert store.value("2018-19", "E08000018", "2A1", "Numerator") == 33


def test_year_must_come_from_somewhere(tmp_path):
    with pytest.raises(AscofError, match="--year"):
        read_published(write_csv(tmp_path / "ascof.csv", HEADER, SAMPLE))


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "is empty"),
        (",".join(HEADER) + "\n", "no data rows"),
        ("Area,Value\nRotherham,1\n", "lacks the column(s) 'Geographical Description'"),
    ],
)
def test_bad_files_are_explained(tmp_path, content, message):
    path = tmp_path / "ascof-2018-19.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AscofError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_published(path)


def test_text_in_a_value_cell_names_the_row(tmp_path):
    rows = [list(r) for r in SAMPLE]
    rows[2][7] = "about 150k"
    with pytest.raises(AscofError) as error:
        read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))
    assert "ascof-2018-19.csv line 4" in str(error.value) and "about 150k" in str(error.value)


def test_rows_of_unknown_levels_and_types_are_left_out_with_a_note(tmp_path):
    rows = [list(r) for r in SAMPLE]
    rows[0][2] = "Parish"
    rows[1][6] = "Lower Confidence Limit"
    tidy = read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))
    assert len(tidy) == len(SAMPLE) - 2
    notes = " ".join(tidy.attrs["notes"])
    assert "left out 1 row(s) whose 'Geographical Level' is 'Parish'" in notes
    assert "'Lower Confidence Limit'" in notes
    assert Store([tidy]).notes == tidy.attrs["notes"]


def test_a_file_with_nothing_readable_is_refused(tmp_path):
    rows = [list(r) for r in SAMPLE]
    for row in rows:
        row[6] = "Rank"
    with pytest.raises(AscofError, match="no rows ascof-xl can read"):
        read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))


def test_infinite_values_are_refused(tmp_path):
    rows = [list(r) for r in SAMPLE]
    rows[0][7] = "1e400"
    with pytest.raises(AscofError, match="ascof-2018-19.csv line 2: the value '1e400'"):
        read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))


def test_a_council_row_without_ons_code_is_placed_by_its_cassr_code(tmp_path):
    rows = [list(r) for r in SAMPLE]
    rows[0][3] = ""
    store = Store([read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))])
    assert store.value("2018-19", "E08000018", "2A1") == 21.2


def test_title_rows_above_the_header_are_skipped(tmp_path):
    path = tmp_path / "ascof-2018-19.csv"
    write_csv(path, HEADER, SAMPLE)
    path.write_text("Measures from the ASCOF, England 2018-19\n\n" + path.read_text())
    assert Store([read_published(path)]).value("2018-19", "E08000018", "2A1") == 21.2


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(AscofError, match="is a folder"):
        read_published(tmp_path)


def test_corrupt_workbook_is_explained(tmp_path):
    path = tmp_path / "ascof-2018-19.xlsx"
    path.write_bytes(b"\x00\x01 this is not a zip file \x00")
    with pytest.raises(AscofError, match=r"is named \.xlsx but is not an Excel or OpenDocument workbook.*download it again"):
        read_published(path)


def test_a_damaged_zip_named_xlsx_is_explained(tmp_path):
    path = tmp_path / "ascof-2018-19.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(AscofError, match="cannot be opened as a workbook"):
        read_published(path)


def test_missing_file_is_explained(tmp_path):
    with pytest.raises(AscofError, match="does not exist"):
        read_published(tmp_path / "nowhere.csv")


PROCESSED_HEADER = ["Geographical Description", "Geographical Level", "ONS Code", "Measure Group Description",
                    "Disaggregation Level", "Measure Value", "Year"]
SDS = "Proportion of people using social care who receive self-directed support"
INFO = "Proportion of people who use services and carers who find it easy to find information about services"


def test_processed_layout_resolves_shared_descriptions_by_order(tmp_path):
    rows = [
        ["Rotherham", "Council", "E08000018", SDS, "Total", "99.0", "2019"],
        ["Rotherham", "Council", "E08000018", SDS, "18-64", "98.0", "2019"],
        ["Rotherham", "Council", "E08000018", SDS, "Total", "80.0", "2019"],
        ["Rotherham", "Council", "E08000018", INFO, "Total", "70.0", "2019"],
        ["Rotherham", "Council", "E08000018", INFO, "Total", "60.0", "2019"],
        ["Rotherham", "Council", "E08000018", "Not an ASCOF measure", "Total", "1", "2019"],
    ]
    tidy = read_published(write_csv(tmp_path / "processed.csv", PROCESSED_HEADER, rows))
    store = Store([tidy])
    assert store.years == ("2018-19",)  # the Year column gives the year the financial year ends
    assert store.value("2018-19", "E08000018", "1C1A") == 99.0
    assert store.value("2018-19", "E08000018", "1C1A1864") == 98.0
    assert store.value("2018-19", "E08000018", "1C1B") == 80.0
    assert store.value("2018-19", "E08000018", "3D1") == 70.0
    assert store.value("2018-19", "E08000018", "3D2") == 60.0
    assert "'Not an ASCOF measure'" in tidy.attrs["notes"][0]


def test_carers_only_age_bands_go_to_the_carers_measure(tmp_path):
    rows = [["Rotherham", "Council", "E08000018", SDS, "64 and under", "97.0", "2019"]]
    store = Store([read_published(write_csv(tmp_path / "processed.csv", PROCESSED_HEADER, rows))])
    assert store.value("2018-19", "E08000018", "1C1B64U") == 97.0


def test_a_processed_file_of_unknown_measures_is_refused(tmp_path):
    rows = [["Rotherham", "Council", "E08000018", "Something else", "Total", "1", "2019"]]
    with pytest.raises(AscofError, match="no row describes a measure of ascof-2018-19"):
        read_published(write_csv(tmp_path / "processed.csv", PROCESSED_HEADER, rows))


def test_two_files_of_one_year_are_refused(tmp_path):
    from ascof_xl.published.bundled import load_store

    first = write_csv(tmp_path / "ascof-2018-19.csv", HEADER, SAMPLE)
    second = write_csv(tmp_path / "ascof-1819-again.csv", HEADER, SAMPLE)
    with pytest.raises(AscofError, match="both hold 2018-19"):
        load_store([str(first), str(second)])


def test_1c_users_come_first_in_the_2019_20_processed_file(store):
    """The 2019-20 file labels users' and carers' 1C alike; its first rows must be the users' part.

    Checked against the coded 2020-21 file: councils' users' direct-payment shares carry over
    from year to year, and carers' shares are far higher, so the first rows of 2019-20 must
    correlate with 2020-21 1C2A and sit near it, not near 1C2B.
    """
    first = pd.Series({a: v for a, (v, _) in store.cells("2019-20", "1C2A").items() if v is not None})
    users_next = pd.Series({a: v for a, (v, _) in store.cells("2020-21", "1C2A").items() if v is not None})
    carers_next = pd.Series({a: v for a, (v, _) in store.cells("2020-21", "1C2B").items() if v is not None})
    both = first.index.intersection(users_next.index).intersection(carers_next.index)
    assert len(both) > 140
    assert first[both].corr(users_next[both]) > 0.8
    assert (first[both] - users_next[both]).abs().median() < (first[both] - carers_next[both]).abs().median()
    # England: users' direct payments 27.9%, carers' 77.1% as published for 2019-20
    assert store.value("2019-20", "E92000001", "1C2A") == 27.9
    assert store.value("2019-20", "E92000001", "1C2B") == 77.1


def test_the_bundled_files_are_tidy_and_complete(store):
    assert store.years == tuple(f"{y}-{(y + 1) % 100:02d}" for y in range(2014, 2025))  # every year bundled
    assert len(store.areas("2019-20", "council")) == 151
    assert len(store.areas("2020-21", "council")) == 151


@pytest.mark.shared
def test_bundled_2020_21_matches_the_published_workbook(store, shared_data):
    raw = pd.read_excel(shared_data / "ascof" / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx", dtype=str, engine="openpyxl")
    numeric = raw[~raw["Measure Value"].str.startswith("[")]
    assert len(numeric) > 20000
    for row in numeric.sample(400, random_state=1).itertuples(index=False):
        area = row[3] if isinstance(row[3], str) else council_type_area(council_type_letter(row[1]))[0]
        assert store.value("2020-21", area, row[4], row[6]) == pytest.approx(float(row[7]))


@pytest.mark.parametrize(
    "year, area, code, value",
    [
        ("2019-20", "E08000018", "1C2A", 25.5),  # Rotherham, 2019-20 processed file
        ("2019-20", "E08000018", "1C2B", 94.8),
        ("2019-20", "E08000018", "1C2A1864", 34.4),  # users' age bands come first ...
        ("2019-20", "E08000018", "1C2B1864", 100.0),  # ... then the carers' (rows 8181 and 8184)
        ("2019-20", "E08000018", "1C2B65OV", 86.36),
        ("2019-20", "E08000018", "3D1", 56.4),  # also Oflog ASC3 2019-20 for Rotherham
        ("2019-20", "E08000018", "2A2", 562.2),
        ("2020-21", "E08000018", "2D", 93.1),  # also Oflog ASC5 2020-21 for Rotherham
        ("2022-23", "E08000018", "3D1", 71.1),  # Oflog ASC3 2022-23
        ("2017-18", "E08000018", "2D", 88.5),  # Oflog ASC5 2017-18
    ],
)
def test_published_values_read_back(store, year, area, code, value):
    assert store.value(year, area, code) == value


@pytest.mark.parametrize(
    "year, code, councils",
    [
        ("2020-21", "1B", 18),  # users' survey voluntary in 2020-21: 18 councils took part
        ("2020-21", "4A", 18),
        ("2020-21", "2C1", 0),  # delayed transfers were no longer collected
        ("2019-20", "1D", 0),  # no carers' survey in 2019-20
    ],
)
def test_councils_with_a_value_per_measure(store, year, code, councils):
    with_value = [a for a, (v, _) in store.cells(year, code).items()
                  if v is not None and store.area(year, a).level == "council"]
    assert len(with_value) == councils


def test_processed_descriptions_match_despite_small_differences(tmp_path):
    rows = [
        ["Rotherham", "Council", "E08000018", "The proportion of carers who report that they have been included or "
         "consulted in discussion about the person they care for", "Total", "70.0", "2019"],
        ["Rotherham", "Council", "E08000018", "Proportion of older people (65 and over) who were still at home 91 days "
         "after discharge from hospital into reablement/rehabilitation services (effectiveness of the service)",
         "Total", "80.0", "2019"],
        ["Rotherham", "Council", "E08000018", "Carer reported quality of life.", "Total", "7.9", "2019"],
    ]
    store = Store([read_published(write_csv(tmp_path / "processed.csv", PROCESSED_HEADER, rows))])
    assert store.value("2018-19", "E08000018", "3C") == 70.0
    assert store.value("2018-19", "E08000018", "2B1") == 80.0
    assert store.value("2018-19", "E08000018", "1D") == 7.9


GROUP_1C = "Proportion of people using social care who receive self-directed support, and those receiving direct payments"
GROUP_2C = "Delayed transfers of care from hospital, and those which are attributable to adult social care, per 100,000 population"


def test_parts_sharing_the_group_title_are_told_apart_by_order(tmp_path):
    """A file without codes may give every part of 1C (or 2C) the group's title; parts come in code order,
    each with its own age bands (carers' 64U written as 18-64, their 65+ worked out by the publisher)."""
    rows = []
    for value, bands in ((90.0, ("Total", "18-64", "65 and over")),  # 1C1A users
                         (80.0, ("Total", "18-64", "65 and over")),  # 1C1B carers
                         (30.0, ("Total", "18-64", "65 and over")),  # 1C2A users
                         (70.0, ("Total", "18-64", "65 and over"))):  # 1C2B carers
        rows += [["Rotherham", "Council", "E08000018", GROUP_1C, band, str(value + i), "2019"] for i, band in enumerate(bands)]
    rows += [["Rotherham", "Council", "E08000018", GROUP_2C, "Total", str(v), "2019"] for v in (14.8, 8.9, 1.3)]
    store = Store([read_published(write_csv(tmp_path / "processed.csv", PROCESSED_HEADER, rows))])
    got = {code: store.value("2018-19", "E08000018", code)
           for code in ("1C1A", "1C1B", "1C2A", "1C2B", "1C1A1864", "1C1B1864", "1C2B65OV", "2C1", "2C2", "2C3")}
    assert got == {"1C1A": 90.0, "1C1B": 80.0, "1C2A": 30.0, "1C2B": 70.0, "1C1A1864": 91.0, "1C1B1864": 81.0,
                   "1C2B65OV": 72.0, "2C1": 14.8, "2C2": 8.9, "2C3": 1.3}


@pytest.mark.parametrize("ons_header", ["ONS Area Code", "ONSAreaCode", "ons_code"])
def test_older_column_spellings_are_accepted(tmp_path, ons_header):
    header = [ons_header if h == "ONS Code" else h for h in HEADER]
    store = Store([read_published(write_csv(tmp_path / "meas-from-asc-of-eng-1819-open-data-csv-v2.csv", header, SAMPLE))])
    assert store.value("2018-19", "E08000018", "2A1") == 21.2


def test_a_group_title_standing_for_one_part_goes_to_the_part_not_named_otherwise(tmp_path):
    users = "Proportion of people who use services who reported that they had as much social contact as they would like"
    group = "Proportion of people who use services and their carers, who reported that they had as much social contact as they would like"
    rows = [["Rotherham", "Council", "E08000018", users, "Total", "43.0", "2019"],
            ["Rotherham", "Council", "E08000018", group, "Total", "32.1", "2019"]]
    store = Store([read_published(write_csv(tmp_path / "processed.csv", PROCESSED_HEADER, rows))])
    assert store.value("2018-19", "E08000018", "1I1") == 43.0
    assert store.value("2018-19", "E08000018", "1I2") == 32.1


def test_stray_spaces_are_tolerated_but_short_rows_refused(tmp_path):
    path = tmp_path / "ascof-2018-19.csv"
    lines = [",".join(HEADER[:8]), "206, Rotherham ,Council,E08000018, 2A1 ,Total,Outcome, 21.2 ",
             "204,Barnsley,Council,E08000016,2A1,Total,Outcome,", "", "205,Doncaster,Council,E08000017,2A1,Total,Outcome,3,,"]
    path.write_text("\n".join(lines) + "\n")
    store = Store([read_published(path)])
    assert store.value("2018-19", "E08000018", "2A1") == 21.2
    assert store.area("2018-19", "E08000018").name == "Rotherham"
    assert store.cell("2018-19", "E08000016", "2A1") == (None, "blank")
    assert store.value("2018-19", "E08000017", "2A1") == 3.0  # empty cells beyond the header are harmless
    path.write_text("\n".join(lines[:2] + ["204,Barnsley,Council,E08000016,2A1,Total,Outcome"]) + "\n")
    with pytest.raises(AscofError, match="ascof-2018-19.csv line 3: 7 cells where the header \\(line 1\\) has 8"):
        read_published(path)


@pytest.mark.parametrize("label", ["Total", "All ages", "99", ""])
def test_every_spelling_of_the_total_row_is_total(tmp_path, label):
    rows = [list(r) for r in SAMPLE]
    rows[0][5] = label
    store = Store([read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))])
    assert store.measures("2018-19")["2A1"] == ("2A1", "Total")


def test_with_several_files_year_fills_in_only_where_a_file_states_none(tmp_path):
    from ascof_xl.published.bundled import load_store

    named = write_csv(tmp_path / "ascof-2018-19.csv", HEADER, SAMPLE)
    unnamed = write_csv(tmp_path / "ascof.csv", HEADER, SAMPLE)
    store = load_store([str(named), str(unnamed)], year="2017-18")
    assert store.years == ("2017-18", "2018-19")


# Files in unusual forms: read where that is safe, else a message that says what to do ------------

def test_a_csv_renamed_to_xlsx_is_read_as_csv_with_a_note(tmp_path):
    path = tmp_path / "ascof-2018-19.xlsx"
    write_csv(path, HEADER, SAMPLE)
    tidy = read_published(path)
    assert Store([tidy]).value("2018-19", "E08000018", "2A1") == 21.2
    assert "ascof-2018-19.xlsx is named .xlsx but holds text, so it was read as a CSV file" in tidy.attrs["notes"]


@pytest.mark.shared
def test_a_legacy_xls_workbook_is_opened_as_a_workbook(shared_data):
    with pytest.raises(AscofError, match="is not an ASCOF open-data file: it lacks the column"):
        read_published(shared_data / "population" / "ukmidyearestimates20182019ladcodes.xls")


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_a_utf16_csv_is_read(tmp_path, delimiter):
    path = tmp_path / "ascof-2018-19.csv"
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([HEADER] + SAMPLE)
    path.write_bytes(out.getvalue().encode("utf-16"))  # as Excel's "Unicode Text" saves it: with a byte-order mark
    store = Store([read_published(path)])
    assert store.value("2018-19", "E08000018", "2A1") == 21.2
    assert store.cell("2018-19", "E08000016", "2A1") == (None, "c")


def test_a_semicolon_csv_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "ascof-2018-19.csv"
    path.write_text("\n".join(";".join(row) for row in [HEADER] + SAMPLE) + "\n", encoding="utf-8")
    with pytest.raises(AscofError, match=r"is separated by semicolons .* save it as 'CSV UTF-8 \(Comma delimited\)'"):
        read_published(path)


def test_a_device_is_not_a_file():
    with pytest.raises(AscofError, match="/dev/null is not a file"):
        read_published("/dev/null")


def test_a_header_row_far_down_keeps_the_file_line_numbers(tmp_path):
    path = tmp_path / "ascof-2018-19.csv"
    write_csv(path, HEADER, SAMPLE)
    path.write_text("Title\nNotes\n\n" + path.read_text())
    rows = path.read_text().splitlines()
    rows[6] = rows[6].replace(",155782,", ",lots,")
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(AscofError, match="ascof-2018-19.csv line 7: the value 'lots'"):
        read_published(path)


@pytest.mark.parametrize(
    "column, value, message",
    [(7, "150", "Rotherham 1E (outcome) is 150, but 1E is a percentage, which lies between 0 and 100"),
     (7, "-2", "Rotherham 1E (outcome) is -2, but 1E is a percentage, which lies between 0 and 100")],
)
def test_implausible_values_are_refused_with_their_line(tmp_path, column, value, message):
    rows = [list(r) for r in SAMPLE]
    rows[0][4] = rows[0][8] = "1E"  # 1E is a percentage
    rows[0][column] = value
    with pytest.raises(AscofError) as error:
        read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))
    assert "ascof-2018-19.csv line 2:" in str(error.value) and message in str(error.value)
    assert "correct the value or download the file again" in str(error.value)


def test_a_negative_count_is_refused(tmp_path):
    rows = [list(r) for r in SAMPLE]
    rows[2][7] = "-5"
    with pytest.raises(AscofError, match=r"line 4: Rotherham 2A1 \(denominator\) is -5, but a denominator cannot be negative"):
        read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))


def test_a_file_given_twice_is_parsed_once_until_it_changes(tmp_path):
    from ascof_xl.published.bundled import load_store

    path = write_csv(tmp_path / "ascof-2018-19.csv", HEADER, SAMPLE)
    first = load_store([str(path)])
    assert load_store([path]) is first
    rows = [list(r) for r in SAMPLE]
    rows[0][7] = "22.5"
    write_csv(path, HEADER, rows)
    again = load_store([str(path)])
    assert again is not first and again.value("2018-19", "E08000018", "2A1") == 22.5


def test_a_workbook_error_names_the_sheet_and_the_row_excel_shows(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "in"
    sheet["B2"] = "Measures from the ASCOF, England 2018-19"  # row 1 empty, a title in row 2, row 3 empty
    sheet.append([])
    sheet.append(HEADER)  # row 4
    for row in SAMPLE:
        sheet.append(row)
    sheet.cell(row=7, column=8, value="lots")  # the third data row
    path = tmp_path / "ascof-2018-19.xlsx"
    workbook.save(path)
    with pytest.raises(AscofError, match=r"ascof-2018-19.xlsx, sheet 'in' row 7: the value 'lots'"):
        read_published(path)


@pytest.mark.shared
def test_the_workbook_and_its_csv_give_the_same_table(shared_data, tmp_path):
    workbook = shared_data / "ascof" / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
    saved = tmp_path / "2020-21.csv"
    pd.read_excel(workbook, engine="calamine", dtype=str).to_csv(saved, index=False)
    from_workbook, from_csv = read_published(workbook), read_published(saved)
    assert from_workbook.index[0] == from_csv.index[0] == 2  # the row after the header, in both
    assert from_workbook.reset_index(drop=True).equals(from_csv.reset_index(drop=True))


def test_the_ledger_accounts_for_every_row():
    from ascof_xl.published.accounting import Ledger, Source

    text = pd.DataFrame({"a": ["x", "y", "z"]}, index=pd.Index([5, 6, 7], name="line"))
    ledger = Ledger(text, Source("f.csv"))
    ledger.leave_out(pd.Index([6]), "of a kind ascof-xl does not read")
    assert ledger.notes == ["f.csv line 6: left out 1 row(s) of a kind ascof-xl does not read"]
    closed = ledger.close(text.loc[[5, 7]])
    assert closed.attrs["notes"] == ledger.notes
    with pytest.raises(AscofError, match="f.csv line 7: rows neither used nor reported"):
        Ledger(text, Source("f.csv")).close(text.loc[[5, 6]])


def test_a_score_outside_its_scale_is_refused(tmp_path):
    rows = [list(r) for r in SAMPLE]
    rows[0][4] = rows[0][8] = "1A"  # social care-related quality of life: 0 to 24
    rows[0][7] = "25.1"
    with pytest.raises(AscofError, match=r"line 2: Rotherham 1A \(outcome\) is 25.1, but 1A is a mean score, which lies "
                                         r"between 0 and 24"):
        read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))


def test_a_complete_layout_missing_councils_says_so(tmp_path):
    tidy = read_published(write_csv(tmp_path / "ascof-2018-19.csv", HEADER, SAMPLE))
    note = next(n for n in tidy.attrs["notes"] if "councils of 2018-19" in n)
    # SAMPLE holds Rotherham, Barnsley, Doncaster and Sheffield of the 152 councils of 2018-19
    assert note.startswith("ascof-2018-19.csv: no rows for 148 of the 152 councils of 2018-19 (Barking and Dagenham")
    assert note.endswith("if the file should cover every council, download it again.")
