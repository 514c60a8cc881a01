"""The ASCOF settings a ribbon button reads, found in the order the add-in finds them.

The add-in (xlwings' GetConfig, reordered by addin/build.py) looks for each key, first found wins, in:

1. an `ascof_xl.conf` sheet in the workbook (keys in column A from A1 down, values in column B);
2. an `ascof_xl.conf` file in the workbook's folder;
3. the user's `ascof_xl.conf` file (`%USERPROFILE%\\.ascof_xl\\ascof_xl.conf` on Windows,
   `~/Library/Containers/com.microsoft.Excel/Data/ascof_xl.conf` on a Mac; `~/.ascof_xl/ascof_xl.conf`
   for the command line elsewhere);
4. the add-in's own `ascof_xl.conf` sheet: defaults only, so the user's file can override them.

`ascof-xl macro` reads the first three the same way (options given on the command line win over all).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ascof_xl.excel.books import Book, cell_text

SETTINGS_SHEET = "ascof_xl.conf"
MAX_FILE_BYTES = 64_000  # a settings file is a few lines; anything larger is not one


@dataclass(frozen=True)
class Settings:
    """The ribbon's settings, '' where unset. The key in a settings sheet or file is in `KEYS`."""

    council: str = ""
    year: str = ""
    data_file: str = ""
    data_sheet: str = ""
    neighbours: str = ""

    def over(self, other: "Settings") -> "Settings":
        """These settings, with `other`'s filling the ones left unset."""
        return replace(other, **{f.name: v for f in fields(self) if (v := getattr(self, f.name))})


KEYS = {"ASCOF COUNCIL": "council", "ASCOF YEAR": "year", "ASCOF DATA FILE": "data_file",
        "ASCOF DATA SHEET": "data_sheet", "ASCOF NEIGHBOURS FILE": "neighbours"}


def _settings(pairs: dict[str, Any]) -> Settings:
    """Settings from key -> value pairs (keys in any case, as xlwings compares them upper-cased)."""
    found = {KEYS[key.strip().upper()]: cell_text(value) for key, value in pairs.items() if key.strip().upper() in KEYS}
    return Settings(**found)


def sheet_settings(book: Book) -> Settings:
    """The workbook's `ascof_xl.conf` sheet: keys in column A from A1 down to the first blank, as xlwings reads it."""
    if SETTINGS_SHEET not in book.sheet_names():
        return Settings()
    pairs = {}
    for row in book.read(SETTINGS_SHEET):
        key = cell_text(row[0] if row else None)
        if not key:
            break
        pairs[key] = row[1] if len(row) > 1 else None
    return _settings(pairs)


def file_settings(path: Path) -> Settings:
    """A settings file: one `"key","value"` pair a line (xlwings' format); a missing file sets nothing."""
    if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
        return Settings()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return _settings({row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2})


def user_file() -> Path:
    """The user's own settings file."""
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / SETTINGS_SHEET
    return Path.home() / ".ascof_xl" / SETTINGS_SHEET


def book_settings(book: Book) -> Settings:
    """The settings a ribbon button on this workbook would use: its sheet, its folder's file, the user's file."""
    found = sheet_settings(book)
    for path in (book.folder() / SETTINGS_SHEET, user_file()):
        found = found.over(file_settings(path))
    return found
