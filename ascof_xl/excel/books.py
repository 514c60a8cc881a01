"""The little a macro asks of a workbook, with two implementations: openpyxl (tests, the command line)
and xlwings (Excel, through `Book.caller()`).

A macro only reads and writes whole sheets as 2-D lists, shows progress, and asks where the
workbook is on disk; so the same `run(book)` drives Excel and a file on any machine.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any, Protocol

from ascof_xl.errors import AscofError
from ascof_xl.files import atomic_path

Rows = list[list[Any]]


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
        from ascof_xl.intake.workbooks import open_workbook

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
        target = self.workbook[sheet] if sheet in self.workbook.sheetnames else self.workbook.create_sheet(sheet)
        for down, values in enumerate(rows):
            for across, value in enumerate(values, start=1):
                target.cell(row=row + down, column=across).value = value  # cell(value=None) would not clear it

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
        if sheet in self.sheet_names():
            target = self.book.sheets[sheet]
        else:
            target = self.book.sheets.add(sheet, after=self.book.sheets[-1])
        if rows:
            width = max(len(values) for values in rows)
            target.range((row, 1)).value = [list(values) + [None] * (width - len(values)) for values in rows]

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
