"""Reading survey returns (ASCS, SACE): the filled person rows, and the measures `ascof_xl.survey` makes of them."""

from __future__ import annotations

import csv
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

from ascof_xl.errors import AscofError
from ascof_xl.stats.rounding import exact
from ascof_xl.survey.ascs import ascs_from_files
from ascof_xl.survey.sace import sace_from_files
from ascof_xl.templates.cells import Book, is_blank, number
from ascof_xl.templates.layout import Layout, TablePlace


def records_place(layout: Layout) -> TablePlace:
    """The records table of a survey template."""
    return next(p for p in layout.tables.values() if p.table.kind == "records")


def records(book: Book, layout: Layout) -> tuple[TablePlace, list[dict[str, Any]]]:
    """The filled person rows as dictionaries by column key (blank rows left out), with their row numbers."""
    place = records_place(layout)
    sheet = book.workbook[place.table.sheet]
    rows = []
    for values in sheet.iter_rows(min_row=place.first_row, max_row=place.last_row, min_col=1,
                                  max_col=place.last_column, values_only=True):
        rows.append(dict(zip([c.key for c in place.table.record_columns], values)))
    return place, rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def survey_figures(book: Book, layout: Layout) -> dict[str, tuple[Fraction | None, Fraction | None]]:
    """Numerator and denominator (weighted estimates) of every survey measure, from ascof_xl.survey."""
    found = {m.code: (None, None) for m in layout.declaration.measures}
    for (code, split), figures in survey_estimates(book, layout).items():
        if split == "Total" and code in found:
            found[code] = figures
    return found


def survey_estimates(book: Book, layout: Layout) -> dict[tuple[str, str], tuple[Fraction, Fraction]]:
    """(measure, split) -> (numerator, denominator) as ascof_xl.survey computes them from the filled rows; {} when
    the rows cannot be read as one council's survey (no rows, several council codes, a population missing)."""
    place, rows = records(book, layout)
    declaration = layout.declaration
    filled = [r for r in rows if any(not is_blank(v) for v in r.values())]
    codes = sorted({_text(r["LaCode"]) for r in filled if not is_blank(r["LaCode"])})
    if not filled or len(codes) != 1:
        return {}
    population = layout.tables["POP"]
    sizes = {key: number(book.value(*layout.population_cell(i)))
             for i, (key, _) in enumerate(population.table.rows)}
    if any(size is None for size in sizes.values()):
        return {}
    with tempfile.TemporaryDirectory(prefix="ascof-survey-") as folder:
        people, frame = Path(folder) / "people.csv", Path(folder) / "population.csv"
        keys = [c.key for c in place.table.record_columns]
        with people.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(keys)
            writer.writerows([_text(r[k]) for k in keys] for r in filled)
        with frame.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["LaCode", *sizes])
            writer.writerow([codes[0], *(_text(float(v)) for v in sizes.values())])
        try:
            if place.table.strata:
                result = ascs_from_files(people, frame, year=declaration.year, framework=declaration.framework)
            else:
                result = sace_from_files(people, frame, year=declaration.year, framework=declaration.framework)
        except AscofError:
            return {}
    return {(row["measure"], row["disaggregation"]): (exact(row["numerator"]), exact(row["denominator"]))
            for row in result.rows if row.get("denominator")}
