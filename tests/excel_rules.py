"""An Excel-rules stand-in: the part of xlwings' object model that `XlwingsBook` uses, over a real .xlsx.

Excel is not on the build machines, and openpyxl ignores sheet protection, so a macro that writes a locked
cell of a protected sheet passes every openpyxl test and fails on the officer's first press. This stand-in
keeps Excel's rules instead:

- a write to a range holding a locked cell of a protected sheet is refused, whole, with an error shaped
  like the `pywintypes.com_error` Excel raises through COM (nothing is written);
- `sheet.api.Protect(...)`, `Unprotect(...)`, `ProtectContents`, `ProtectDrawingObjects`, `ProtectScenarios`
  and `Protection.Allow...` behave as Excel's, over the workbook's own protection (a password is checked);
- `udf_result(value)` is what a cell shows for a worksheet function's result as classic xlwings hands it
  to Excel: an array, which becomes #VALUE! whole when one string in it is over 255 characters; NaN and
  infinity show #NUM!; a value Excel has no type for shows #VALUE!.

Books, sheets and ranges read and write the openpyxl workbook loaded from the file, so what a macro did can
be read back from it, or saved.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.protection import hash_password
from openpyxl.worksheet.worksheet import Worksheet

LOCKED_CELL = ("The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect "
               "the sheet. You might be requested to enter a password.")
WRONG_PASSWORD = "The password you supplied is not correct. Verify that the CAPS LOCK key is off and be sure to use the correct capitalization."
ARRAY_TEXT_LIMIT = 255  # a string longer than this in an array handed to Excel makes it #VALUE! (xlwings #456)
CELL_TEXT_LIMIT = 32767  # the most characters one cell holds

# Excel's Protect arguments beyond Password, DrawingObjects, Contents, Scenarios and UserInterfaceOnly, with
# the openpyxl SheetProtection flag each one reverses (a flag set means the action is NOT allowed).
ALLOW = {
    "AllowFormattingCells": "formatCells", "AllowFormattingColumns": "formatColumns",
    "AllowFormattingRows": "formatRows", "AllowInsertingColumns": "insertColumns", "AllowInsertingRows": "insertRows",
    "AllowInsertingHyperlinks": "insertHyperlinks", "AllowDeletingColumns": "deleteColumns",
    "AllowDeletingRows": "deleteRows", "AllowSorting": "sort", "AllowFiltering": "autoFilter",
    "AllowUsingPivotTables": "pivotTables",
}


class com_error(Exception):  # noqa: N801 - named as pywintypes names it
    """Shaped as pywintypes.com_error: (hresult, strerror, excepinfo, argerror)."""

    def __init__(self, description: str):
        excepinfo = (0, "Microsoft Excel", description, "xlmain11.chm", 0, -2146827284)
        super().__init__(-2147352567, "Exception occurred.", excepinfo, None)
        self.hresult, self.strerror, self.excepinfo, self.argerror = -2147352567, "Exception occurred.", excepinfo, None


class Protection:
    """Worksheet.Protection: what a protected sheet still allows."""

    def __init__(self, sheet: Worksheet):
        self._sheet = sheet

    def __getattr__(self, name: str) -> bool:
        if name not in ALLOW:
            raise AttributeError(name)
        return not getattr(self._sheet.protection, ALLOW[name])


class SheetApi:
    """The COM Worksheet object's protection members (what `sheet.api` gives on Windows)."""

    def __init__(self, sheet: Worksheet):
        self._sheet = sheet
        self.Protection = Protection(sheet)

    @property
    def ProtectContents(self) -> bool:  # noqa: N802 - COM names
        return bool(self._sheet.protection.sheet)

    @property
    def ProtectDrawingObjects(self) -> bool:  # noqa: N802
        return bool(self._sheet.protection.sheet and self._sheet.protection.objects)

    @property
    def ProtectScenarios(self) -> bool:  # noqa: N802
        return bool(self._sheet.protection.sheet and self._sheet.protection.scenarios)

    def Unprotect(self, Password: str | None = None) -> None:  # noqa: N802, N803
        protection = self._sheet.protection
        if protection.sheet and protection.password and hash_password(Password or "") != protection.password:
            raise com_error(WRONG_PASSWORD)
        protection.sheet = False

    def Protect(self, Password: str | None = None, DrawingObjects: bool = True, Contents: bool = True,  # noqa: N802, N803
                Scenarios: bool = True, UserInterfaceOnly: bool = False, **allowed: bool) -> None:
        unknown = set(allowed) - set(ALLOW)
        if unknown:
            raise com_error(f"Protect has no argument {', '.join(sorted(unknown))}")
        protection = self._sheet.protection
        if protection.sheet:  # Excel: protecting a protected sheet needs its password to change anything
            return
        protection.sheet = bool(Contents)
        protection.objects, protection.scenarios = bool(DrawingObjects), bool(Scenarios)
        for name, flag in ALLOW.items():
            setattr(protection, flag, not allowed.get(name, False))
        if Password:
            protection.password = Password  # openpyxl hashes it


class LastCell:
    def __init__(self, row: int, column: int):
        self.row, self.column = row, column


class Range:
    """A block of cells: `.value` reads and writes as xlwings does (a scalar for one cell unless ndim=2)."""

    def __init__(self, sheet: "Sheet", first: tuple[int, int], last: tuple[int, int] | LastCell | None = None,
                 ndim: int | None = None):
        self.sheet, self.first, self.ndim = sheet, first, ndim
        self.last = (last.row, last.column) if isinstance(last, LastCell) else (last or first)

    @property
    def last_cell(self) -> LastCell:
        return LastCell(*self.last)

    def options(self, ndim: int | None = None, **_: Any) -> "Range":
        return Range(self.sheet, self.first, self.last, ndim)

    @property
    def value(self) -> Any:
        (top, left), (bottom, right) = self.first, self.last
        worksheet = self.sheet.worksheet
        rows = [[worksheet.cell(row=r, column=c).value for c in range(left, right + 1)] for r in range(top, bottom + 1)]
        if self.ndim == 2:
            return rows
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        return rows[0] if len(rows) == 1 else rows

    @value.setter
    def value(self, values: Any) -> None:
        rows = values if isinstance(values, list) and values and isinstance(values[0], list) else [[values]]
        top, left = self.first
        worksheet = self.sheet.worksheet
        targets = [(top + down, left + across, v) for down, row in enumerate(rows) for across, v in enumerate(row)]
        if worksheet.protection.sheet:
            for row, column, _ in targets:
                if worksheet.cell(row=row, column=column).protection.locked:
                    raise com_error(LOCKED_CELL)  # Excel writes nothing of the block
        for row, column, value in targets:
            if isinstance(value, str) and len(value) > CELL_TEXT_LIMIT:
                raise com_error("Text values in formulas are limited to 32767 characters.")
            cell = worksheet.cell(row=row, column=column)
            if isinstance(value, str) and value.startswith("'"):  # Excel's text prefix: kept out of the value
                cell.value, cell.data_type = value[1:], "s"
            else:
                cell.value = value  # as Excel, text starting with "=" becomes a live formula


class Sheet:
    def __init__(self, book: "Book", worksheet: Worksheet):
        self.book, self.worksheet = book, worksheet
        self.api = SheetApi(worksheet)

    @property
    def name(self) -> str:
        return self.worksheet.title

    def range(self, first: tuple[int, int], last: Any = None) -> Range:
        return Range(self, first, last)

    @property
    def used_range(self) -> Range:
        return Range(self, (1, 1), (max(self.worksheet.max_row, 1), max(self.worksheet.max_column, 1)))


class Sheets:
    def __init__(self, book: "Book"):
        self.book = book

    def _all(self) -> list[Sheet]:
        return [Sheet(self.book, worksheet) for worksheet in self.book.workbook.worksheets]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self.book.workbook.worksheets)

    def __getitem__(self, key: str | int) -> Sheet:
        if isinstance(key, str):
            if key not in self.book.workbook.sheetnames:
                raise com_error("Subscript out of range")
            return Sheet(self.book, self.book.workbook[key])
        return self._all()[key]

    def add(self, name: str, before: Sheet | None = None, after: Sheet | None = None) -> Sheet:
        if name in self.book.workbook.sheetnames:
            raise com_error("That name is already taken. Try a different one.")
        sheets = self.book.workbook.worksheets
        index = sheets.index(after.worksheet) + 1 if after else sheets.index(before.worksheet) if before else 0
        return Sheet(self.book, self.book.workbook.create_sheet(name, index))


class BookApi:
    def __init__(self, book: "Book"):
        self._book = book

    def SaveCopyAs(self, path: str) -> None:  # noqa: N802
        self._book.workbook.save(path)


class Book:
    """A workbook open in the stand-in's Excel, loaded from a real .xlsx (or new and unsaved)."""

    def __init__(self, app: "App", path: str | Path | None = None):
        self.app, self.path = app, Path(path) if path else None
        self.workbook = load_workbook(self.path) if self.path else Workbook()
        self.sheets, self.api = Sheets(self), BookApi(self)

    @property
    def name(self) -> str:
        return self.path.name if self.path else "Book1"

    @property
    def fullname(self) -> str:
        return str(self.path) if self.path else self.name  # Excel gives an unsaved book's name alone

    def save(self, path: str | Path | None = None) -> None:
        self.workbook.save(path or self.path)


class Books(list):
    def __init__(self, app: "App"):
        super().__init__()
        self.app = app

    def open(self, path: str | Path) -> Book:
        book = Book(self.app, path)
        self.append(book)
        return book

    def add(self) -> Book:
        book = Book(self.app)
        self.append(book)
        return book

    @property
    def active(self) -> Book | None:
        return self[-1] if self else None


class App:
    """Excel: its open books, status bar, alerts and messages shown."""

    def __init__(self):
        self.books = Books(self)
        self.status_bar: str | bool = False
        self.display_alerts = True
        self.screen_updating = True
        self.alerts: list[tuple[str, str]] = []

    def alert(self, prompt: str, title: str | None = None, **_: Any) -> str:
        self.alerts.append((title or "", prompt))
        return "ok"


def protection_state(book: Book) -> dict[str, tuple]:
    """Every sheet's protection as Excel reports it: on or off, and each option, with the password's hash."""
    state = {}
    for sheet in book.sheets:
        api = sheet.api
        state[sheet.name] = (api.ProtectContents, api.ProtectDrawingObjects, api.ProtectScenarios,
                             tuple(getattr(api.Protection, name) for name in ALLOW), sheet.worksheet.protection.password)
    return state


def udf_result(value: Any) -> Any:
    """What Excel shows for a worksheet function's result handed over by classic xlwings (always an array)."""
    rows = value if isinstance(value, list) else [[value]]
    rows = [row if isinstance(row, list) else [row] for row in rows]
    cells = [v for row in rows for v in row]
    if any(isinstance(v, str) and len(v) > ARRAY_TEXT_LIMIT for v in cells):
        return "#VALUE!"
    if not rows or not rows[0] or len({len(row) for row in rows}) != 1:
        return "#VALUE!"  # no value, or a ragged array
    shown = [[_cell(v) for v in row] for row in rows]
    return shown if isinstance(value, list) else shown[0][0]


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str, dt.date, dt.datetime)):
        return value
    if type(value) in (int, float):
        return float(value) if math.isfinite(value) else "#NUM!"
    return "#VALUE!"  # numpy and pandas values, dicts, objects: no Excel type
