"""Build report: the benchmark briefing for the council and year in the add-in's settings, saved beside
the workbook and opened in Excel (`ascof_xl.report.build_report` does the work)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

from ascof_xl.outputs.temporary import private_folder
from ascof_xl.errors import AscofError
from ascof_xl.excel.books import Book, XlwingsBook
from ascof_xl.excel.macros import in_excel
from ascof_xl.excel.macros.refresh_benchmarks import sheet_as_file
from ascof_xl.outputs.paths import check_outputs
from ascof_xl.published.bundled import load_store
from ascof_xl.report import build_report
from ascof_xl.years import parse_year


def run(
    book: Book, council: str, year: str | None = None, files: Sequence[str | Path] = (),
    neighbours: str | None = None, target: str | Path | None = None, sheet: str | None = None,
) -> dict[str, Any]:
    """Write the council's briefing workbook as `target` (default: beside the workbook, under its usual name)
    from `files`, or the workbook's `sheet` of published data, or the bundled data; return its path."""
    if not council or not str(council).strip():
        raise AscofError(
            "no council is set: add the row 'ASCOF Council' and the council (name, ONS code or CASSR code) "
            "to an ascof_xl.conf sheet in this workbook, or to %USERPROFILE%\\.ascof_xl\\ascof_xl.conf"
        )
    if sheet:
        with private_folder("sheet") as folder:
            return run(book, council, year, [sheet_as_file(book, sheet, Path(folder))], neighbours, target)
    chosen = parse_year(year) if year else load_store([str(f) for f in files]).latest_year()
    name = re.sub(r"[^\w ,.-]+", " ", str(council)).strip()
    target = Path(target) if target else book.folder() / f"ASCOF briefing {name} {chosen}.xlsx"
    book.status(f"ASCOF: building the {chosen} briefing for {council} ...")
    check_outputs([_own_file(book)], [target])  # never the briefing over the workbook it came from
    result = build_report(str(council), target, chosen, [str(f) for f in files], neighbours or None)
    book.status(f"ASCOF: briefing written to {result['workbook']}")
    return result


def main(council: str = "", year: str = "", data_file: str = "", neighbours: str = "", data_sheet: str = "") -> None:
    """The ribbon button: council, year, data (sheet or file) and neighbours file from the add-in's settings;
    opens the briefing."""
    book = XlwingsBook.caller()
    result = in_excel(run, book, council, year or None, [data_file] if data_file else [], neighbours or None, None,
                      data_sheet or None)
    if result:
        book.show(Path(result["workbook"]))


def _own_file(book: Book) -> Path | None:
    """The workbook's own file, or None where it is no file (xlwings Lite), so nothing of it can be written over."""
    try:
        return book.folder() / book.name
    except AscofError:
        return None
