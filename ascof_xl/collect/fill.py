"""A council's provisional return made in one step: the own-figures template generated and its input cells filled.

Numerators and denominators go into the measure rows the template declares, the council, preparer,
date and any replaced file into its identity cells; every value is written with `outputs.cells.put`,
so text can never become a formula. CLD output (`ascof-xl cld measures`) fills the measures it computes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping

from openpyxl import Workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from ascof_xl.councils import find_council
from ascof_xl.errors import AscofError
from ascof_xl.outputs.cells import put
from ascof_xl.templates.declaration import check_year
from ascof_xl.templates.generate import build_workbook
from ascof_xl.templates.layout import layout_of
from ascof_xl.templates.output import save_atomically

TEMPLATE = "own-figures"
Counts = Mapping[str, tuple[float | None, float | None]]  # measure code -> (numerator, denominator)


def filled_return(council: str, figures: Counts, year: str | None = None, *, period: str | None = None,
                  preparer: str | None = None, prepared: date | None = None, replaces: str | None = None) -> Workbook:
    """The own-figures template for `year` with the council's identity and figures in its input cells."""
    year = check_year(TEMPLATE, year)
    found = find_council(council, year)
    layout = layout_of(TEMPLATE, year)
    book = build_workbook(TEMPLATE, year)
    identity = {"council": found.ons_code, "period": period, "preparer": preparer, "prepared": prepared,
                "replaces": replaces}
    for key, value in identity.items():
        if value is not None and key in layout.identity_cells:
            sheet, address = layout.identity_cells[key]
            letters, row = coordinate_from_string(address.replace("$", ""))
            put(book[sheet], row, column_index_from_string(letters), value)
    unknown = [code for code in figures if code not in layout.measure_rows]
    if unknown:
        raise AscofError(f"the {year} own-figures template has no row for {', '.join(unknown)}; "
                         "give the measures it lists")
    for code, (numerator, denominator) in figures.items():
        sheet, row, columns = layout.measure_rows[code]
        put(book[sheet], row, columns["numerator"], numerator)
        if denominator is not None:
            put(book[sheet], row, columns["denominator"], denominator)
    return book


def write_return(path: str | Path, council: str, figures: Counts, year: str | None = None, **identity: Any) -> Path:
    """Save a filled return atomically to `path` (.xlsx)."""
    return save_atomically(filled_return(council, figures, year, **identity), Path(path))


def cld_counts(rows: Iterable[Mapping[str, Any]], council: str, year: str | None = None) -> Counts:
    """One council's numerators and denominators from CLD measure rows (all-ages, all-genders rows only).

    Measures without both counts (2D without a discharges file, 2B/2C without a population) are left blank.
    """
    layout = layout_of(TEMPLATE, check_year(TEMPLATE, year))
    counts = {}
    for row in rows:
        if row["council"] != council or row["disaggregation"] != "Total" or row["measure"] not in layout.measure_rows:
            continue
        if row["numerator"] is not None and row["denominator"] is not None:
            counts[row["measure"]] = (row["numerator"], row["denominator"])
    return counts
