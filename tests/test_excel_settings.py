"""The ribbon's settings as the add-in reads them (workbook sheet, folder file, user file), the command-line
`macro` reading them the same way and writing only the file asked for, and Refresh benchmarks from a sheet."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook, load_workbook

from ascof_xl.cli import main as cli
from ascof_xl.excel import cache, udfs
from ascof_xl.excel.books import OpenpyxlBook
from ascof_xl.excel.macros import build_report, refresh_benchmarks
from ascof_xl.excel.settings import Settings, book_settings
from ascof_xl.published.tidy import TIDY_COLUMNS

YEAR = "2020-21"
ROTHERHAM = "E08000018"


@pytest.fixture(autouse=True)
def bundled(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no user settings file unless a test writes one
    cache.reload()
    yield
    cache.reload()


def workbook(path, settings=None, sheets=None):
    book = Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "an officer's notes"
    if settings is not None:
        conf = book.create_sheet("ascof_xl.conf")
        for key, value in settings:
            conf.append([key, value])
    for name, rows in (sheets or {}).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_the_workbooks_sheet_then_its_folders_file_then_the_users_file(tmp_path):
    path = workbook(tmp_path / "mine.xlsx", [("ASCOF Council", "Rotherham"), ("ascof year", "2018/19"),
                                             ("", "after a blank row nothing is read"), ("ASCOF Data File", "late.csv")])
    (tmp_path / "ascof_xl.conf").write_text('"ASCOF Year","2019-20"\n"ASCOF Neighbours File","team.csv"\n', encoding="utf-8")
    user = tmp_path / "home" / ".ascof_xl"
    user.mkdir(parents=True)
    (user / "ascof_xl.conf").write_text('"ASCOF Council","Kent"\n"ASCOF Data Sheet","Published"\n'
                                        '"Show Console","True"\n', encoding="utf-8")
    found = book_settings(OpenpyxlBook(path))
    assert found == Settings(council="Rotherham", year="2018/19", data_file="", data_sheet="Published",
                             neighbours="team.csv")


def test_the_macro_command_reads_the_workbooks_settings_sheet(tmp_path, capsys):
    source = workbook(tmp_path / "mine.xlsx", [("ASCOF Year", "2019-20")])
    assert cli(["macro", "refresh-benchmarks", str(source), "-o", str(tmp_path / "out.xlsx")]) == 0
    assert "measures for 2019-20" in capsys.readouterr().out
    assert load_workbook(tmp_path / "out.xlsx")["Benchmarks"]["A6"].value == "2019-20"
    assert cli(["macro", "refresh-benchmarks", str(source), "-o", str(tmp_path / "out2.xlsx"), "--year", YEAR]) == 0
    assert load_workbook(tmp_path / "out2.xlsx")["Benchmarks"]["A6"].value == YEAR  # the option wins


def test_build_report_writes_only_the_briefing_asked_for(tmp_path, capsys):
    folder = tmp_path / "work"
    folder.mkdir()
    source = workbook(folder / "mine.xlsx", [("ASCOF Council", "Rotherham"), ("ASCOF Year", "2018-19")])
    before = sorted(p.name for p in folder.iterdir())
    target = folder / "briefing.xlsx"
    assert cli(["macro", "build-report", str(source), "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"briefing written to {target}"
    assert sorted(p.name for p in folder.iterdir()) == sorted(before + ["briefing.xlsx"])
    text = " ".join(str(v) for sheet in load_workbook(target) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert "Rotherham" in text and "2018-19" in text


def published_rows(value_2b1: float):
    """Three measures of the bundled 2020-21 year in the tidy layout, as rows an import would put on a sheet,
    Rotherham's 2B1 changed."""
    table = cache.store().table
    year = table[(table.year == YEAR) & table.measure.isin(["2B1", "2A2", "1A"])][list(TIDY_COLUMNS)].copy()
    mine = (year.area_code == ROTHERHAM) & (year.measure == "2B1") & (year.measure_type == "Outcome")
    year.loc[mine, "value"] = value_2b1
    rows = [list(TIDY_COLUMNS)] + [[None if v != v else v for v in row] for row in year.itertuples(index=False)]
    return rows


def test_refresh_from_a_sheet_of_the_workbook_reloads_the_functions(tmp_path):
    path = workbook(tmp_path / "mine.xlsx", sheets={"Published": published_rows(99.9)})
    book = OpenpyxlBook(path)
    result = refresh_benchmarks.run(book, [], None, "Published")
    assert result["year"] == YEAR and result["sources"] == ["sheet 'Published' of mine.xlsx"]
    assert book.messages[-1].endswith(f"for {YEAR} from sheet 'Published' of mine.xlsx; functions reloaded")
    assert udfs.ASCOF_BENCHMARK("Rotherham", "2B1", YEAR)[0][:2] == [99.9, "top"]
    assert list(tmp_path.iterdir()) == [path]  # nothing left beside the workbook


def test_refresh_from_the_dhsc_csv_imported_into_a_sheet(tmp_path, shared_data):
    source = shared_data / "ascof" / "ascof-outcomes-2017-18-to-2023-24.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    england = {row[rows[0].index("Measure Group")]: float(row[rows[0].index("Measure_Value")]) for row in rows[1:]
               if row[rows[0].index("Year")] == "2023-24" and row[rows[0].index("Geographical Level")] == "England"}

    def imported(value):  # Data > From Text/CSV: numbers become numbers, the rest stays text
        try:
            return float(value)
        except ValueError:
            return value or None

    header, wanted = rows[0], ("2A", "1A", "4A")
    kept = [row for row in rows[1:] if row[header.index("Year")] == "2023-24" and row[header.index("Measure Group")] in wanted]
    path = workbook(tmp_path / "mine.xlsx", sheets={"ascof outcomes": [[imported(v) for v in row] for row in [header] + kept]})
    book = OpenpyxlBook(path)
    assert refresh_benchmarks.run(book, [], None, "ascof outcomes")["year"] == "2023-24"
    book.save()
    sheet = load_workbook(path)["Benchmarks"]
    found = {row[1]: row[6] for row in sheet.iter_rows(min_row=6, values_only=True) if row[1]}
    for code in wanted:
        assert found[code] == pytest.approx(england[code])


def test_a_missing_or_empty_data_sheet_says_what_to_do(tmp_path):
    from ascof_xl.errors import AscofError

    book = OpenpyxlBook(workbook(tmp_path / "mine.xlsx", sheets={"Empty": []}))
    with pytest.raises(AscofError, match="has no sheet 'Published'.*Data > From Text/CSV"):
        refresh_benchmarks.run(book, [], None, "Published")
    with pytest.raises(AscofError, match="sheet 'Empty' of mine.xlsx is empty"):
        refresh_benchmarks.run(book, [], None, "Empty")


def test_build_report_from_a_sheet(tmp_path):
    path = workbook(tmp_path / "mine.xlsx", sheets={"Published": published_rows(99.9)})
    result = build_report.run(OpenpyxlBook(path), "Rotherham", YEAR, sheet="Published")
    assert result["workbook"] == str(tmp_path / f"ASCOF briefing Rotherham {YEAR}.xlsx")


def test_the_ribbons_main_passes_the_data_sheet(tmp_path, monkeypatch):
    from ascof_xl.excel.books import XlwingsBook

    book = OpenpyxlBook(workbook(tmp_path / "mine.xlsx", sheets={"Published": published_rows(88.8)}))
    monkeypatch.setattr(XlwingsBook, "caller", classmethod(lambda cls: book))
    refresh_benchmarks.main("", "", "Published")
    assert book.messages[-1].endswith("from sheet 'Published' of mine.xlsx; functions reloaded")
    assert udfs.ASCOF_BENCHMARK("Rotherham", "2B1", YEAR)[0][0] == 88.8
