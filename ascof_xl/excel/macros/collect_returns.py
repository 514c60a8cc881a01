"""Collect returns: the councils' own-figures returns the user picks merged into the provisional regional
workbook, saved beside the returns and opened in Excel (`ascof_xl.collect` does the work, as `ascof-xl collect`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ascof_xl.collect import collect
from ascof_xl.collect.workbook import write_collection
from ascof_xl.errors import AscofError
from ascof_xl.excel.books import Book, XlwingsBook
from ascof_xl.excel.macros import in_excel
from ascof_xl.outputs.paths import check_outputs


def run(book: Book, files: Sequence[str | Path], folder: str | Path | None = None) -> dict[str, Any]:
    """Collect `files` into "Regional collection YEAR.xlsx" in `folder` (default: the first return's folder)."""
    if not files:
        raise AscofError("no returns were chosen: pick the councils' own-figures returns (.xlsx) to collect")
    book.status(f"ASCOF: checking and collecting {len(files)} return(s) ...")
    collection = collect(list(files))
    target = Path(folder or Path(files[0]).parent) / f"Regional collection {collection.year}.xlsx"
    check_outputs(files, [target])  # a return that happens to bear the collection's name is never written over
    written = write_collection(collection, target)
    left = [each.reason for each in collection.left_out]
    done = (f"ASCOF: {len(collection.returns)} return(s) collected for {collection.year} in {written.name} "
            f"(provisional, not published); {len(left)} left out")
    book.status(done)
    if left:
        book.alert(done + ":\n" + "\n".join(left))
    return {"workbook": str(written), "returns": len(collection.returns), "left_out": left, "year": collection.year}


def main(files: Sequence[str] = ()) -> None:
    """The ribbon button: the files the user picked in the file dialog; opens the regional workbook."""
    book = XlwingsBook.caller()
    result = in_excel(run, book, list(files))
    if result:
        book.show(Path(result["workbook"]))
