"""The little a macro asks of a workbook, with two implementations: openpyxl (tests, the command line)
and xlwings (Excel, through `Book.caller()`).

A macro only reads and writes whole sheets as 2-D lists, shows progress, and asks where the
workbook is on disk; so the same `run(book)` drives Excel and a file on any machine.
"""

from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Protocol

from ascof_xl.errors import AscofError
from ascof_xl.intake.workbooks import open_workbook
from ascof_xl.outputs.atomic import atomic_path
from ascof_xl.outputs.fields import excel_text

Rows = list[list[Any]]
# What a protected sheet still allows, as Excel's Worksheet.Protect takes (and Worksheet.Protection reports) it.
PROTECTION_ALLOWS = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
                     "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
                     "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")


def cell_text(value: Any) -> str:
    """A cell's value as text typed in it would read: blank for an empty cell, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class Book(Protocol):
    """A workbook as a macro sees it."""

    @property
    def name(self) -> str:
        """The workbook's file name."""

    def sheet_names(self) -> list[str]:
        """The names of its sheets, in order."""

    def read(self, sheet: str) -> Rows:
        """A sheet's values from A1 to its last used cell, as rows (None for blanks)."""

    def folder(self) -> Path:
        """The folder the workbook is saved in (the user's home folder for a workbook never saved)."""

    def write(self, sheet: str, rows: Rows, row: int = 1) -> None:
        """Write `rows` of values into a sheet from column A of `row` down (adding the sheet when it is missing)."""

    def status(self, message: str) -> None:
        """Show progress (Excel's status bar)."""

    def alert(self, message: str) -> None:
        """Tell the user something that stopped the macro (a message box in Excel)."""

    def saved_copy(self, folder: Path) -> Path:
        """The workbook as it stands, as a file in `folder`, for checks that read a file."""

    def show(self, path: Path) -> None:
        """Put another workbook (a report just built) in front of the user."""


class OpenpyxlBook:
    """A workbook file opened with openpyxl; `save` writes it atomically (temp file, then replace)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.workbook = open_workbook(self.path)  # the one safe opener: caps, no DTDs, every failure a plain message
        self.messages: list[str] = []

    @property
    def name(self) -> str:
        return self.path.name

    def sheet_names(self) -> list[str]:
        return list(self.workbook.sheetnames)

    def folder(self) -> Path:
        return self.path.resolve().parent

    def read(self, sheet: str) -> Rows:
        if sheet not in self.workbook.sheetnames:
            raise AscofError(f"workbook {self.name} has no sheet '{sheet}'")
        return [list(row) for row in self.workbook[sheet].iter_rows(values_only=True)]

    def write(self, sheet: str, rows: Rows, row: int = 1) -> None:
        from ascof_xl.outputs.cells import put

        target = self.workbook[sheet] if sheet in self.workbook.sheetnames else self.workbook.create_sheet(sheet)
        for down, values in enumerate(rows):
            for across, value in enumerate(values, start=1):
                put(target, row + down, across, value)  # text stays text; None clears the cell

    def status(self, message: str) -> None:
        self.messages.append(message)

    def alert(self, message: str) -> None:
        self.messages.append(message)
        print(f"ascof-xl: {message}", file=sys.stderr)

    def saved_copy(self, folder: Path) -> Path:
        copy = Path(folder) / self.path.name
        self.workbook.save(copy)
        return copy

    def show(self, path: Path) -> None:
        self.messages.append(f"ASCOF: open {path}")

    def save(self, path: str | Path | None = None) -> Path:
        """Write the workbook to `path` (its own file by default) through a temp file in the same folder."""
        target = Path(path) if path else self.path
        with atomic_path(target) as temporary:
            self.workbook.save(temporary)
        return target


class XlwingsBook:
    """The workbook open in Excel that called the macro."""

    def __init__(self, book: Any):
        self.book = book

    @classmethod
    def caller(cls) -> "XlwingsBook":
        """The workbook whose ribbon button ran the macro."""
        import xlwings as xw

        return cls(xw.Book.caller())

    @property
    def name(self) -> str:
        return self.book.name

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def read(self, sheet: str) -> Rows:
        if sheet not in self.sheet_names():
            raise AscofError(f"workbook {self.name} has no sheet '{sheet}'")
        target = self.book.sheets[sheet]
        values = target.range((1, 1), target.used_range.last_cell).options(ndim=2).value
        return [list(row) for row in values]

    def folder(self) -> Path:
        saved = Path(self.book.fullname)
        return saved.parent if saved.parent.is_dir() and str(saved.parent) not in ("", ".") else Path.home()

    def write(self, sheet: str, rows: Rows, row: int = 1) -> None:
        """Write the block; a protected sheet is unprotected for the write and protected again as it was."""
        if sheet in self.sheet_names():
            target = self.book.sheets[sheet]
        else:
            target = self.book.sheets.add(sheet, after=self.book.sheets[-1])
        if rows:
            width = max(len(values) for values in rows)
            block = [[excel_text(v) for v in values] + [None] * (width - len(values)) for values in rows]
            with self._unprotected(target):
                try:
                    target.range((row, 1)).value = block
                except Exception as error:  # Excel's own refusal (COM, AppleScript or Office.js)
                    raise AscofError(
                        f"sheet '{sheet}' of {self.name} could not be written ({error}); if it is protected, "
                        "unprotect it (Review > Unprotect Sheet) and press the button again"
                    ) from None

    @contextmanager
    def _unprotected(self, sheet: Any) -> Iterator[None]:
        """Lift a sheet's protection for a write and put it back with the sheet's own options (Excel's
        Protect() without them would forbid what the template allows: formatting, sorting, filtering).

        Through COM (Excel for Windows). Where the object model has no such members (Excel for Mac's
        AppleScript, xlwings Lite) the sheet is written as it is, and a refusal says what to do."""
        try:
            api = sheet.api
            protected = bool(api.ProtectContents)
        except Exception:  # no COM protection members here
            protected = False
        if not protected:
            yield
            return
        options = {name: bool(getattr(api.Protection, name)) for name in PROTECTION_ALLOWS}
        options |= {"DrawingObjects": bool(api.ProtectDrawingObjects), "Contents": True,
                    "Scenarios": bool(api.ProtectScenarios)}
        try:
            api.Unprotect()
        except Exception:  # Excel's com_error: the sheet has a password
            raise AscofError(
                f"sheet '{sheet.name}' of {self.name} is protected with a password, so ascof-xl cannot write to it; "
                "unprotect it (Review > Unprotect Sheet) and press the button again"
            ) from None
        try:
            yield
        finally:
            api.Protect(**options)

    def status(self, message: str) -> None:
        self.book.app.status_bar = message

    def alert(self, message: str) -> None:
        self.book.app.alert(message, title="ASCOF")

    def saved_copy(self, folder: Path) -> Path:
        copy = Path(folder) / self.name
        if sys.platform == "win32":
            self.book.api.SaveCopyAs(str(copy))  # the workbook as it stands; the open one is left as it is
            return copy
        saved = Path(self.book.fullname)  # Excel for Mac has no SaveCopyAs: the file as last saved
        if not saved.is_file():
            raise AscofError(f"save {self.name} first: on a Mac the check reads the workbook as last saved")
        shutil.copyfile(saved, copy)
        return copy

    def show(self, path: Path) -> None:
        self.book.app.books.open(str(path))
