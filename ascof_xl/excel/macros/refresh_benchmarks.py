"""Refresh benchmarks: read published ASCOF data, write the Benchmarks sheet, reload the functions' data.

The data comes from files, or from a sheet of the workbook itself: an officer imports DHSC's CSV with
Data > From Text/CSV (the only way in xlwings Lite, which has no local files) and names the sheet in the
`ASCOF Data Sheet` setting. The sheet follows the `benchmark` template's layout
(`ascof_xl.templates.benchmark_sheet`): table title in A4, header row 5, one row per all-ages measure from
row 6, the rest of its rows cleared.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, Sequence

from ascof_xl.outputs.temporary import private_folder
from ascof_xl.errors import AscofError
from ascof_xl.excel import cache
from ascof_xl.excel.books import Book, XlwingsBook, cell_text
from ascof_xl.excel.macros import in_excel
from ascof_xl.templates import benchmark_rows, benchmark_table
from ascof_xl.templates.benchmark_sheet import BENCHMARK_SHEET, BENCHMARK_TABLE
from ascof_xl.templates.layout import layout_of
from ascof_xl.years import parse_year


def run(book: Book, files: Sequence[str | Path] = (), year: str | None = None, sheet: str | None = None) -> dict[str, Any]:
    """Load `files` or the workbook's `sheet` (neither: the bundled data) for the worksheet functions and write
    `year`'s Benchmarks sheet. The year defaults to the latest the data holds (or the latest full bundled year)."""
    if sheet:
        with private_folder("sheet") as folder:
            source = sheet_as_file(book, sheet, Path(folder))
            label = f"sheet '{sheet}' of {book.name}"
            return _refresh(book, [source], year, label) | {"sources": [label]}
    return _refresh(book, files, year, ", ".join(Path(f).name for f in files) or "the data bundled with ascof-xl")


def _refresh(book: Book, files: Sequence[str | Path], year: str | None, names: str) -> dict[str, Any]:
    book.status(f"ASCOF: reading {names} ...")
    store = cache.reload(files)
    chosen = parse_year(year) if year else (cache.source_years() or (store.latest_year(),))[-1]
    store.require_year(chosen)
    book.status(f"ASCOF: working out the {chosen} benchmarks ...")
    rows = benchmark_rows(chosen, store)
    place = layout_of("benchmark", chosen).tables[BENCHMARK_TABLE]
    table = benchmark_table(rows)
    width = len(table[0])
    cleared = [[None] * width for _ in range(place.last_row - place.header_row + 1 - len(table))]
    book.write(BENCHMARK_SHEET, [[place.table.title]], row=place.top)
    book.write(BENCHMARK_SHEET, table + cleared, row=place.header_row)
    done = f"ASCOF: Benchmarks sheet holds {len(rows)} measures for {chosen} from {names}; functions reloaded"
    book.status(done)
    return {"year": chosen, "measures": len(rows), "sources": list(cache.sources()), "notes": list(store.notes)}


def sheet_as_file(book: Book, sheet: str, folder: Path) -> Path:
    """A sheet holding a published table (header row first, as Data > From Text/CSV imports it) written as
    a CSV file in `folder` (a private temporary folder) for the published-data reader."""
    if sheet not in book.sheet_names():
        raise AscofError(f"workbook {book.name} has no sheet '{sheet}' (the ASCOF Data Sheet setting); import the "
                         "published CSV with Data > From Text/CSV and give its sheet's name")
    rows = [row for row in book.read(sheet) if any(cell_text(v) for v in row)]
    if not rows:
        raise AscofError(f"sheet '{sheet}' of {book.name} is empty; import the published CSV there with "
                         "Data > From Text/CSV")
    path = folder / ((re.sub(r"[^\w .-]+", " ", sheet).strip() or "sheet") + ".csv")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[cell_text(v) for v in row] for row in rows])
    return path


def main(data_file: str = "", year: str = "", data_sheet: str = "") -> None:
    """The ribbon button: the data sheet or file from the add-in's settings (or the file the user picked)."""
    in_excel(run, XlwingsBook.caller(), [data_file] if data_file else [], year or None, data_sheet or None)
