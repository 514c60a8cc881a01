"""The two workbook implementations keep one contract: a macro run through either writes the same cells.

XlwingsBook is driven here through the Excel-rules stand-in (tests/excel_rules.py); Excel itself is in
tests/test_excel_in_excel.py and addin/CHECKLIST.md.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from ascof_xl.excel import cache
from ascof_xl.excel.books import OpenpyxlBook, XlwingsBook
from ascof_xl.excel.macros import refresh_benchmarks
from tests.excel_rules import App


def grid(rows):
    """Rows as (row, column) -> value for the filled cells, whatever the implementation pads with."""
    return {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v is not None}


@pytest.fixture(autouse=True)
def bundled():
    cache.reload()
    yield
    cache.reload()


def test_a_refresh_writes_the_same_cells_through_either_workbook(tmp_path):
    path = tmp_path / "mine.xlsx"
    Workbook().save(path)
    on_file = OpenpyxlBook(path)
    in_excel = XlwingsBook(App().books.open(path))
    for book in (on_file, in_excel):
        refresh_benchmarks.run(book, [], "2020-21")
    assert "Benchmarks" in in_excel.sheet_names()
    assert grid(in_excel.read("Benchmarks")) == grid(on_file.read("Benchmarks"))
    assert in_excel.book.app.status_bar == on_file.messages[-1]
    assert in_excel.folder() == tmp_path


def test_xlwings_book_alerts_and_needs_a_saved_file_outside_windows(tmp_path):
    from ascof_xl.errors import AscofError
    from ascof_xl.excel.macros import in_excel

    excel = App().books.add()
    book = XlwingsBook(excel)
    assert in_excel(refresh_benchmarks.run, book, [tmp_path / "missing.csv"]) is None
    title, message = book.book.app.alerts[-1]
    assert title == "ASCOF" and message.startswith("ASCOF: ") and "missing.csv" in message
    with pytest.raises(AscofError, match="save Book1 first"):
        book.saved_copy(tmp_path / "copy")
