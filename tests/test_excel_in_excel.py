"""The add-in inside real Excel (Windows only): functions in cells and the ribbon's macros through xlwings.

Run on a Windows machine with Excel and the add-in's Python set up (addin/INSTALL.md):
`python -m pytest -m excel tests/test_excel_in_excel.py`. Everywhere else these tests are skipped;
addin/CHECKLIST.md lists the same checks for a person to make by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.excel

ADDIN = Path(__file__).resolve().parents[1] / "addin" / "ascof-xl.xlam"
YEAR = "2020-21"


def excel_available() -> bool:
    if sys.platform != "win32":
        return False
    try:
        import xlwings as xw

        return xw.apps.count >= 0
    except Exception:  # no Excel, no pywin32, or COM refused: nothing here can run
        return False


@pytest.fixture(scope="module")
def app():
    if not excel_available():
        pytest.skip("needs Windows Excel through xlwings")
    import xlwings as xw

    excel = xw.App(visible=False, add_book=False)
    excel.books.open(str(ADDIN))
    yield excel
    excel.quit()


@pytest.fixture
def sheet(app):
    book = app.books.add()
    yield book.sheets[0]
    book.close()


def formula(sheet, text: str):
    sheet["A1"].formula2 = text
    sheet.book.app.calculate()
    return sheet["A1"].expand().options(ndim=2).value


def test_functions_in_cells_give_what_python_gives(sheet):
    from ascof_xl.excel import udfs

    assert formula(sheet, '=ASCOF_VALUE("2B1", 82, 160)') == [[51.3]]
    assert formula(sheet, f'=ASCOF_QUARTILE("2B1", 80, , "{YEAR}")') == [[udfs.ASCOF_QUARTILE("2B1", 80, None, YEAR)]]
    assert formula(sheet, f'=ASCOF_THRESHOLDS("2B1", , "{YEAR}")') == udfs.ASCOF_THRESHOLDS("2B1", None, YEAR)
    spilled = formula(sheet, f'=ASCOF_PROFILE("Rotherham", "{YEAR}")')
    assert spilled[0] == udfs.ASCOF_PROFILE("Rotherham", YEAR)[0]


def test_error_cells_and_bad_input_show_a_message(sheet):
    assert formula(sheet, f'=ASCOF_QUARTILE("2B1", NA(), , "{YEAR}")')[0][0].startswith("ASCOF: value is blank")
    assert formula(sheet, '=ASCOF_MEASURE("1Z")')[0][0].startswith('ASCOF: unknown measure "1Z"')


def test_bands_takes_worksheet_ranges(sheet):
    sheet["A3"].options(transpose=True).value = ["Rotherham", "Leeds"]
    sheet["B2"].value = ["2B1", "2A2"]
    sheet["B3"].formula2 = f'=ASCOF_BANDS(A3:A4, B2:C2, "{YEAR}")'
    sheet.book.app.calculate()
    assert all(v in ("top", "upper-middle", "lower-middle", "bottom") for row in sheet["B3:C4"].value for v in row)


def test_validate_macro_writes_the_validation_sheet(app, tmp_path):
    from ascof_xl.excel.books import XlwingsBook
    from ascof_xl.excel.macros import validate_active_workbook
    from ascof_xl.templates.generate import write_template

    path = write_template("salt-2018-19", tmp_path / "salt.xlsx")
    book = app.books.open(str(path))
    try:
        result = validate_active_workbook.run(XlwingsBook(book))
        assert result["findings"] and "Validation" in [s.name for s in book.sheets]
    finally:
        book.close()


def test_long_text_fits_a_cell_instead_of_value_error(sheet):
    evidence = formula(sheet, '=ASCOF_MEASURE("1A", "evidence")')[0][0]
    assert evidence != "#VALUE!" and len(evidence) <= 255 and evidence.endswith("(full text: ascof-xl measure 1A)")
    table = formula(sheet, '=ASCOF_MEASURES("ipc-option-two")')
    assert table[0] == ["code", "title", "polarity", "unit"] and all(len(str(v)) <= 255 for row in table for v in row)


@pytest.mark.parametrize("template", ["benchmark", "salt-2018-19"])
def test_macros_write_protected_template_sheets_and_leave_them_protected(app, tmp_path, template):
    from ascof_xl.excel.books import XlwingsBook
    from ascof_xl.excel.macros import refresh_benchmarks, validate_active_workbook
    from ascof_xl.templates.generate import write_template

    path = write_template(template, tmp_path / f"{template}.xlsx")
    book = app.books.open(str(path))
    try:
        before = {s.name: (s.api.ProtectContents, s.api.Protection.AllowFormattingCells) for s in book.sheets}
        if template == "benchmark":
            refresh_benchmarks.run(XlwingsBook(book), [], YEAR)
        else:
            validate_active_workbook.run(XlwingsBook(book))
        after = {s.name: (s.api.ProtectContents, s.api.Protection.AllowFormattingCells) for s in book.sheets}
        assert {name: after[name] for name in before} == before
    finally:
        book.close()
