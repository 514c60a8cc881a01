"""The two workbook implementations keep one contract: a macro run through either writes the same cells.

XlwingsBook is driven here through a stand-in for the few xlwings objects it touches (sheets, ranges,
the app's status bar); Excel itself is in tests/test_excel_in_excel.py and addin/CHECKLIST.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from ascof_xl.excel import cache
from ascof_xl.excel.books import OpenpyxlBook, XlwingsBook
from ascof_xl.excel.macros import refresh_benchmarks


class FakeRange:
    def __init__(self, sheet, first, last=None):
        self.sheet, self.first, self.last = sheet, first, last

    def options(self, ndim):
        return self

    @property
    def value(self):
        (top, left), (bottom, right) = self.first, (self.last.row, self.last.column)
        return [[self.sheet.cells.get((r, c)) for c in range(left, right + 1)] for r in range(top, bottom + 1)]

    @value.setter
    def value(self, rows):
        top, left = self.first
        for down, row in enumerate(rows):
            for across, value in enumerate(row):
                self.sheet.cells[(top + down, left + across)] = value


class FakeCell:
    def __init__(self, row, column):
        self.row, self.column = row, column


class FakeSheet:
    def __init__(self, name):
        self.name, self.cells = name, {}

    def range(self, first, last=None):
        return FakeRange(self, first, last)

    @property
    def used_range(self):
        filled = [key for key, value in self.cells.items() if value is not None] or [(1, 1)]
        return type("Used", (), {"last_cell": FakeCell(max(r for r, _ in filled), max(c for _, c in filled))})()


class FakeSheets(list):
    def __getitem__(self, key):
        return next(s for s in self if s.name == key) if isinstance(key, str) else list.__getitem__(self, key)

    def add(self, name, after=None):
        self.append(FakeSheet(name))
        return self[-1]


class FakeApp:
    def __init__(self):
        self.status_bar, self.alerts = None, []

    def alert(self, message, title):
        self.alerts.append((title, message))


class FakeBook:
    def __init__(self, folder: Path):
        self.name, self.fullname = "mine.xlsx", str(folder / "mine.xlsx")
        self.sheets, self.app = FakeSheets([FakeSheet("Sheet")]), FakeApp()


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
    in_excel = XlwingsBook(FakeBook(tmp_path))
    for book in (on_file, in_excel):
        refresh_benchmarks.run(book, [], "2020-21")
    assert "Benchmarks" in in_excel.sheet_names()
    assert grid(in_excel.read("Benchmarks")) == grid(on_file.read("Benchmarks"))
    assert in_excel.book.app.status_bar == on_file.messages[-1]
    assert in_excel.folder() == tmp_path


def test_xlwings_book_alerts_and_needs_a_saved_file_outside_windows(tmp_path):
    from ascof_xl.errors import AscofError
    from ascof_xl.excel.macros import in_excel

    book = XlwingsBook(FakeBook(tmp_path))
    assert in_excel(refresh_benchmarks.run, book, [tmp_path / "missing.csv"]) is None
    title, message = book.book.app.alerts[-1]
    assert title == "ASCOF" and message.startswith("ASCOF: ") and "missing.csv" in message
    with pytest.raises(AscofError, match="save mine.xlsx first"):
        book.saved_copy(tmp_path / "copy")
