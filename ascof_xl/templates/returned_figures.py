"""The figures of a filled return as ascof-xl computes them: each measure's numerator, denominator and value."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from ascof_xl.errors import AscofError
from ascof_xl.figures.value import compute_value
from ascof_xl.stats.rounding import round_half_up
from ascof_xl.templates.cells import Book, number, ref_sum
from ascof_xl.templates.declaration import MeasureSpec
from ascof_xl.templates.layout import Layout, cell
from ascof_xl.templates.refs import resolve
from ascof_xl.templates.survey_reading import records_place, survey_figures

def measure_value(measure: MeasureSpec, numerator: Fraction | None, denominator: Fraction | None,
                  year: str | None = None) -> Decimal | str | None:
    """The published value (ascof_xl.figures.value): rounded half away from zero at `year`'s decimals; '[x]' for a
    zero denominator.

    None when a figure is missing or cannot make a value (a numerator above its denominator, a negative):
    the checks report those.
    """
    if numerator is None:
        return None
    if not measure.has_denominator:
        return round_half_up(numerator, measure.decimals)
    if denominator is None:
        return None
    try:
        found = compute_value(measure.code, numerator, denominator, year, framework=measure.framework)
    except AscofError:
        return None
    return "[x]" if found["marker"] else found["exact"]


def measure_figures(book: Book, layout: Layout) -> dict[str, dict[str, Any]]:
    """Numerator, denominator and value of every measure of a filled template, as ascof-xl computes them; where a
    figure is typed over the value's formula, that figure, as the workbook shows it (its `formulas` check fails)."""
    figures: dict[str, dict[str, Any]] = {}
    survey = survey_figures(book, layout) if any(m.method for m in layout.declaration.measures) else {}
    for measure in layout.declaration.all_measures():
        sheet, row, columns = layout.measure_rows[measure.code]
        if measure.method:
            numerator, denominator = survey[measure.code]
            place = records_place(layout)
            inputs = (place.table.sheet, cell(place.input_columns[0], place.first_row))
        elif measure.numerator:
            numerator, denominator = ref_sum(measure.numerator, book, layout), ref_sum(measure.denominator, book, layout)
            first = resolve(measure.numerator[0], layout)
            inputs = (first.sheet, cell(*first.cells()[0]))
        else:
            numerator = number(book.value(sheet, columns["numerator"], row))
            denominator = number(book.value(sheet, columns["denominator"], row)) if measure.has_denominator else None
            inputs = (sheet, cell(columns["numerator"], row))
        typed = number(book.value(sheet, columns["value"], row))  # a figure typed over the value's formula
        value = measure_value(measure, numerator, denominator, layout.declaration.year) if typed is None else Decimal(repr(float(typed)))
        figures[measure.code] = {"numerator": numerator, "denominator": denominator, "value": value, "typed": typed is not None,
                                 "sheet": sheet, "cell": cell(columns["value"], row), "inputs": inputs}
    return figures
