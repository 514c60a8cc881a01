"""Refresh benchmarks: read a published ASCOF file, write the Benchmarks sheet, reload the functions' data.

The sheet follows the `benchmark` template's layout (`ascof_xl.templates.benchmark_sheet`): table title
in A4, header row 5, one row per all-ages measure from row 6, the rest of its rows cleared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ascof_xl.excel import cache
from ascof_xl.excel.books import Book, XlwingsBook
from ascof_xl.excel.macros import in_excel
from ascof_xl.templates import benchmark_rows, benchmark_table
from ascof_xl.templates.benchmark_sheet import BENCHMARK_SHEET, BENCHMARK_TABLE
from ascof_xl.templates.layout import layout_of
from ascof_xl.years import parse_year


def run(book: Book, files: Sequence[str | Path] = (), year: str | None = None) -> dict[str, Any]:
    """Load `files` (none: the bundled data) for the worksheet functions and write `year`'s Benchmarks sheet.

    The year defaults to the latest the files hold (or the latest full bundled year).
    """
    names = ", ".join(Path(f).name for f in files) or "the data bundled with ascof-xl"
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


def main(data_file: str = "", year: str = "") -> None:
    """The ribbon button: the data file from the add-in's settings (or the one the user picked)."""
    in_excel(run, XlwingsBook.caller(), [data_file] if data_file else [], year or None)
