"""The ribbon's macros run against real .xlsx files through the openpyxl workbook, and read back."""

from __future__ import annotations

import json

import numpy as np
import pytest
from openpyxl import Workbook, load_workbook

from ascof_xl.cli import main as cli
from ascof_xl.errors import AscofError
from ascof_xl.excel import cache, udfs
from ascof_xl.excel.books import OpenpyxlBook
from ascof_xl.excel.macros import build_report, in_excel, refresh_benchmarks, validate_active_workbook
from ascof_xl.published.tidy import TIDY_COLUMNS
from ascof_xl.templates.findings import FINDINGS_TITLE
from ascof_xl.templates.generate import write_template
from ascof_xl.templates.layout import BENCHMARK_SHEET_COLUMNS, layout_of
from ascof_xl.templates.samples import fill, salt_sample

YEAR = "2020-21"
ROTHERHAM = "E08000018"


@pytest.fixture(autouse=True)
def bundled():
    cache.reload()
    yield
    cache.reload()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A published 2020-21 file in ascof-xl's tidy layout, with Rotherham's 2B1 changed to 99.9."""
    cache.reload()
    table = cache.store().table
    year = table[table.year == YEAR][list(TIDY_COLUMNS)].copy()
    mine = (year.area_code == ROTHERHAM) & (year.measure == "2B1") & (year.measure_type == "Outcome")
    year.loc[mine, "value"] = 99.9
    path = tmp_path_factory.mktemp("published") / "ascof-2020-21-edited.csv"
    year.to_csv(path, index=False)
    return path, year


def new_book(path, sheets=("Sheet",)):
    book = Workbook()
    book.active.title = sheets[0]
    book.active["A1"] = "an officer's own notes"
    book.save(path)
    return path


def reread(book: OpenpyxlBook):
    book.save()
    return load_workbook(book.path)


def test_refresh_writes_the_benchmarks_sheet_from_the_file_and_reloads_the_functions(tmp_path, published):
    path, year = published
    council = year[(year.level == "council") & (year.measure == "2B1") & (year.measure_type == "Outcome")]
    values = council.value.dropna().astype(float)
    england = year[(year.level == "england") & (year.measure == "2B1") & (year.measure_type == "Outcome")].value.iloc[0]

    book = OpenpyxlBook(new_book(tmp_path / "mine.xlsx"))
    result = refresh_benchmarks.run(book, [path])
    assert result["year"] == YEAR and result["sources"] == [str(path)]
    sheet = reread(book)["Benchmarks"]
    assert reread(book)["Sheet"]["A1"].value == "an officer's own notes"  # the rest of the workbook is left alone
    assert sheet["A4"].value == "England and the councils' distribution, one row per measure"
    assert [c.value for c in sheet[5]] == [label for _, label in BENCHMARK_SHEET_COLUMNS]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=6, values_only=True) if row[1]}
    row = dict(zip([k for k, _ in BENCHMARK_SHEET_COLUMNS], rows["2B1"]))
    assert row["year"] == YEAR and row["england"] == pytest.approx(england)
    assert (row["p25"], row["median"], row["p75"]) == pytest.approx(
        tuple(np.percentile(values, q, method="linear") for q in (25, 50, 75)))
    assert row["n"] == len(values) and (row["lowest"], row["highest"]) == (min(values), max(values))
    assert book.messages[-1].startswith(f"ASCOF: Benchmarks sheet holds {len(rows)} measures for {YEAR}")
    # the functions now read the refreshed file; other years stay bundled
    assert udfs.ASCOF_BENCHMARK("Rotherham", "2B1", YEAR)[0][:2] == [99.9, "top"]
    assert "ASCOF:" not in str(udfs.ASCOF_PROFILE("Rotherham", "2019-20"))


def test_refresh_clears_the_rows_of_an_earlier_refresh(tmp_path):
    target = tmp_path / "bench.xlsx"
    write_template("benchmark", target, YEAR)
    place = layout_of("benchmark", YEAR).tables["BENCH"]
    stale = load_workbook(target)
    stale["Benchmarks"].cell(row=place.last_row, column=2, value="OLD")
    stale.save(target)
    book = OpenpyxlBook(target)
    result = refresh_benchmarks.run(book, [], YEAR)
    sheet = reread(book)["Benchmarks"]
    codes = [sheet.cell(row=r, column=2).value for r in range(place.first_row, place.last_row + 1)]
    assert codes[: result["measures"]] == [c for c in codes if c] and "OLD" not in codes
    assert len([c for c in codes if c]) == result["measures"] > 10


def test_refresh_of_a_file_that_cannot_be_read_is_a_message_box_not_a_traceback(tmp_path):
    bad = tmp_path / "not-ascof.csv"
    bad.write_text("name,score\nA,1\n", encoding="utf-8")
    book = OpenpyxlBook(new_book(tmp_path / "mine.xlsx"))
    assert in_excel(refresh_benchmarks.run, book, [bad]) is None
    assert book.messages[-1].startswith("ASCOF: ") and "not-ascof.csv" in book.messages[-1]
    assert "Benchmarks" not in book.sheet_names()


def test_refresh_from_the_official_2020_21_workbook(tmp_path, shared_data):
    official = shared_data / "ascof" / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
    book = OpenpyxlBook(new_book(tmp_path / "mine.xlsx"))
    refresh_benchmarks.run(book, [official])
    rows = {row[1]: row for row in reread(book)["Benchmarks"].iter_rows(min_row=6, values_only=True) if row[1]}
    keys = [k for k, _ in BENCHMARK_SHEET_COLUMNS]
    # England 2B1 2020-21 as published in that file: 79.1
    assert dict(zip(keys, rows["2B1"]))["england"] == pytest.approx(79.1)


def findings_block(path):
    sheet = load_workbook(path)["Validation"]
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == FINDINGS_TITLE)
    block = [row for row in rows[start + 2:] if any(v not in (None, "") for v in row)]
    return rows[start], block


def test_validate_writes_the_findings_that_ascof_xl_validate_reports(tmp_path, capsys):
    target = tmp_path / "salt.xlsx"
    write_template("salt-2018-19", target)
    book = OpenpyxlBook(target)
    first = validate_active_workbook.run(book)
    book.save()
    capsys.readouterr()
    assert cli(["validate", str(target), "--format", "json"]) == 1  # unexplained errors
    reported = json.loads(capsys.readouterr().out)
    assert [f.code for f in first["findings"]] == [f["code"] for f in reported]
    title, block = findings_block(target)
    assert len(block) == len(reported) > 0
    assert [row[0] for row in block] == [f["code"] for f in reported]
    assert {row[1] for row in block} <= {"FAIL", "WARNING", "EXPLAINED"}
    assert "nothing entered yet" in title[1] and book.messages[-1].endswith("nothing entered yet")  # a blank template

    # filled in: the next run replaces the block, leaving no row of the first one behind
    workbook = load_workbook(target)
    fill(workbook, salt_sample(layout_of("salt-2018-19", "2018-19")))
    workbook.save(target)
    book = OpenpyxlBook(target)
    second = validate_active_workbook.run(book)
    book.save()
    title, block = findings_block(target)
    assert len(second["findings"]) < len(first["findings"])
    assert [row[0] for row in block] == [f.code for f in second["findings"]]


def test_validate_a_workbook_that_is_not_a_return_says_so(tmp_path):
    book = OpenpyxlBook(new_book(tmp_path / "mine.xlsx"))
    assert in_excel(validate_active_workbook.run, book) is None
    assert "is not an ascof-xl return" in book.messages[-1]
    assert "Validation" not in book.sheet_names()


def test_build_report_writes_the_briefing_beside_the_workbook(tmp_path):
    book = OpenpyxlBook(new_book(tmp_path / "mine.xlsx"))
    result = build_report.run(book, "Rotherham", "2018-19")
    written = tmp_path / "ASCOF briefing Rotherham 2018-19.xlsx"
    assert result["workbook"] == str(written) and written.is_file()
    briefing = load_workbook(written)
    text = " ".join(str(v) for sheet in briefing for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert "Rotherham" in text and "2018-19" in text
    assert book.messages[-1] == f"ASCOF: briefing written to {written}"


def test_build_report_without_a_council_says_where_to_set_one(tmp_path):
    book = OpenpyxlBook(new_book(tmp_path / "mine.xlsx"))
    with pytest.raises(AscofError, match="no council is set"):
        build_report.run(book, "")
    assert in_excel(build_report.run, book, "Atlantis", "2018-19") is None
    assert "unknown council 'Atlantis'" in book.messages[-1]


def test_openpyxl_book_refuses_a_file_that_is_not_a_workbook(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(AscofError, match="cannot be opened as .xlsx"):
        OpenpyxlBook(fake)
    with pytest.raises(AscofError, match="does not exist"):
        OpenpyxlBook(tmp_path / "missing.xlsx")


def test_the_macro_command_runs_a_button_on_a_file_and_never_writes_the_input(tmp_path, capsys):
    source = new_book(tmp_path / "mine.xlsx")
    before = source.read_bytes()
    output = tmp_path / "mine-refreshed.xlsx"
    assert cli(["macro", "refresh-benchmarks", str(source), "-o", str(output), "--year", YEAR]) == 0
    assert capsys.readouterr().out.startswith("Benchmarks sheet holds")
    assert source.read_bytes() == before
    sheet = load_workbook(output)["Benchmarks"]
    row = next(r for r in sheet.iter_rows(min_row=6, values_only=True) if r[1] == "2A2")
    values = [v for v in cache.store().table.query(
        "year == @YEAR and measure == '2A2' and measure_type == 'Outcome' and level == 'council'").value.dropna()]
    assert row[7:10] == pytest.approx(tuple(np.percentile(values, q, method="linear") for q in (25, 50, 75)))
    assert cli(["macro", "validate-workbook", str(source), "-o", str(source)]) == 2
    assert "would write over the input" in capsys.readouterr().err


def test_each_main_passes_the_ribbons_settings_to_run(tmp_path, monkeypatch, published):
    """main() is what the VBA calls, with settings as text ('' where unset): a stand-in for Excel's caller."""
    from ascof_xl.excel.books import XlwingsBook

    book = OpenpyxlBook(new_book(tmp_path / "mine.xlsx"))
    monkeypatch.setattr(XlwingsBook, "caller", classmethod(lambda cls: book))
    refresh_benchmarks.main(str(published[0]), "")
    assert cache.sources() == (str(published[0]),) and "Benchmarks" in book.sheet_names()
    build_report.main("Rotherham", "2018-19", "", "")
    assert book.messages[-1] == f"ASCOF: open {tmp_path / 'ASCOF briefing Rotherham 2018-19.xlsx'}"
    build_report.main("", "", "", "")
    assert book.messages[-1].startswith("ASCOF: no council is set")
    validate_active_workbook.main()
    assert "is not an ascof-xl return" in book.messages[-1]


def test_refresh_from_the_all_years_outcome_file_shows_its_latest_year(tmp_path, shared_data):
    import csv

    source = shared_data / "ascof" / "ascof-outcomes-2017-18-to-2023-24.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle:
        england = {row["Measure Group"]: float(row["Measure_Value"]) for row in csv.DictReader(handle)
                   if row["Year"] == "2023-24" and row["Geographical Level"] == "England"}
    book = OpenpyxlBook(new_book(tmp_path / "mine.xlsx"))
    result = refresh_benchmarks.run(book, [source])
    assert result["year"] == "2023-24"
    keys = [k for k, _ in BENCHMARK_SHEET_COLUMNS]
    rows = {row[1]: dict(zip(keys, row)) for row in reread(book)["Benchmarks"].iter_rows(min_row=6, values_only=True)
            if row[1]}
    for code in ("2A", "1A", "3D1A", "4A"):  # England as published in that file: 79.4, 19.1, 92.2, 71.1
        assert rows[code]["england"] == pytest.approx(england[code])
