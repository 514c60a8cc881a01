"""The ribbon's work as xlwings Lite scripts (`addin/lite/main.py`): the workbook as Lite hands it over.

Lite runs Python in the browser (Pyodide): no files on disk, no status bar, no COM. So the published data
comes from a sheet of the workbook (`ASCOF Data Sheet` in its `ascof_xl.conf` sheet), progress goes to
Lite's console, and Build report puts the briefing into this workbook as new sheets instead of a file.
Functions and scripts share Lite's one Python, so a refresh reaches every function.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ascof_xl.outputs.temporary import private_folder
from ascof_xl.errors import AscofError
from ascof_xl.excel.books import XlwingsBook
from ascof_xl.excel.macros import build_report, in_excel, refresh_benchmarks
from ascof_xl.excel.settings import sheet_settings

NO_FILES = ("xlwings Lite has no files on disk: import the published CSV into a sheet with Data > From Text/CSV "
            "and name that sheet in the ascof_xl.conf sheet (ASCOF Data Sheet)")
BRIEFING_PREFIX = "ASCOF "  # the briefing's sheets arrive as "ASCOF <sheet>"


class LiteBook(XlwingsBook):
    """The workbook of a Lite script: as in Excel, less what the browser lacks."""

    def status(self, message: str) -> None:
        print(message)  # Lite shows printed lines in its console

    def folder(self) -> Path:
        raise AscofError(NO_FILES)

    def saved_copy(self, folder: Path) -> Path:
        raise AscofError("Validate return needs the workbook as a file, which xlwings Lite cannot give; "
                         "use the add-in on Windows or Mac, or ascof-xl validate")

    def show(self, path: Path) -> None:
        raise AscofError(NO_FILES)


def refresh_script(book: Any) -> None:
    """Refresh benchmarks in Lite: the data sheet named in the settings sheet (none: the bundled data)."""
    lite = LiteBook(book)
    settings = sheet_settings(lite)
    in_excel(refresh_benchmarks.run, lite, [], settings.year or None, settings.data_sheet or None)


def build_report_script(book: Any) -> None:
    """Build report in Lite: the council's briefing, each of its sheets copied in as "ASCOF <sheet>"."""
    lite = LiteBook(book)
    settings = sheet_settings(lite)
    in_excel(_briefing_into_book, lite, settings.council, settings.year or None, settings.data_sheet or None)


def _briefing_into_book(book: LiteBook, council: str, year: str | None, sheet: str | None) -> list[str]:
    """Build the briefing in a private temporary folder and write its sheets' values into the workbook."""
    with private_folder("sheet") as folder:
        result = build_report.run(book, council, year, [], None, Path(folder) / "briefing.xlsx", sheet)
        briefing = load_workbook(result["workbook"], read_only=True)
        written = []
        for part in briefing.worksheets:
            name = (BRIEFING_PREFIX + part.title)[:31]
            book.write(name, [list(row) for row in part.iter_rows(values_only=True)])
            written.append(name)
        briefing.close()
    book.status(f"ASCOF: briefing for {council} written to the sheets {', '.join(written)}")
    return written
