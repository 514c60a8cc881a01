"""Build report: the benchmark briefing for the council and year in the add-in's settings, saved beside
the workbook and opened in Excel (`ascof_xl.report.build_report` does the work)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

from ascof_xl.errors import AscofError
from ascof_xl.excel.books import Book, XlwingsBook
from ascof_xl.excel.macros import in_excel
from ascof_xl.outputs.paths import check_outputs
from ascof_xl.published.bundled import load_store
from ascof_xl.report import build_report
from ascof_xl.years import parse_year


def run(
    book: Book, council: str, year: str | None = None, files: Sequence[str | Path] = (),
    neighbours: str | None = None, folder: str | Path | None = None,
) -> dict[str, Any]:
    """Write the council's briefing workbook in `folder` (default: the workbook's own) and return its path."""
    if not council or not str(council).strip():
        raise AscofError(
            "no council is set: add the row 'ASCOF Council' and the council (name, ONS code or CASSR code) "
            "to an ascof_xl.conf sheet in this workbook, or to %USERPROFILE%\\.ascof_xl\\ascof_xl.conf"
        )
    chosen = parse_year(year) if year else load_store([str(f) for f in files]).latest_year()
    name = re.sub(r"[^\w ,.-]+", " ", str(council)).strip()
    output = Path(folder) if folder else book.folder()
    target = output / f"ASCOF briefing {name} {chosen}.xlsx"
    book.status(f"ASCOF: building the {chosen} briefing for {council} ...")
    check_outputs([book.folder() / book.name], [target])  # never the briefing over the workbook it came from
    result = build_report(str(council), target, chosen, [str(f) for f in files], neighbours or None)
    book.status(f"ASCOF: briefing written to {result['workbook']}")
    return result


def main(council: str = "", year: str = "", data_file: str = "", neighbours: str = "") -> None:
    """The ribbon button: council, year, data and neighbours files from the add-in's settings; opens the briefing."""
    book = XlwingsBook.caller()
    result = in_excel(run, book, council, year or None, [data_file] if data_file else [], neighbours or None)
    if result:
        book.show(Path(result["workbook"]))
