"""Reading a filled template's cells: numbers as the validator takes them, measure values as ascof-xl computes them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from ascof_xl.errors import AscofError
from ascof_xl.figures.value import compute_value
from ascof_xl.stats.rounding import exact, round_half_up
from ascof_xl.templates.declaration import MeasureSpec
from ascof_xl.templates.layout import Layout, cell
from ascof_xl.templates.refs import resolve


class Book:
    """Cell values of an openpyxl workbook by sheet, column and row (formulas come back as their text)."""

    def __init__(self, workbook: Any):
        self.workbook = workbook

    def value(self, sheet: str, column: int, row: int) -> Any:
        return self.workbook[sheet].cell(row=row, column=column).value


def is_formula(value: Any) -> bool:
    """True for a formula as openpyxl reads it: text starting with '=' or an array formula."""
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def number(value: Any) -> Fraction | None:
    """The exact number in a cell, or None for a blank, text, a formula or true/false."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return exact(value)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def ref_sum(refs: tuple[str, ...], book: Book, layout: Layout) -> Fraction:
    """The sum of the numbers in the referenced cells, negatives taken away."""
    total = Fraction(0)
    for text in refs:
        ref = resolve(text, layout)
        for column, row in ref.cells():
            total += ref.sign * (number(book.value(ref.sheet, column, row)) or 0)
    return total


def measure_value(measure: MeasureSpec, numerator: Fraction | None, denominator: Fraction | None) -> Decimal | str | None:
    """The published value (ascof_xl.figures.value): rounded half away from zero; '[x]' for a zero denominator.

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
        found = compute_value(measure.code, numerator, denominator, framework=measure.framework)
    except AscofError:
        return None
    return "[x]" if found["marker"] else found["exact"]


def measure_figures(book: Book, layout: Layout) -> dict[str, dict[str, Any]]:
    """Numerator, denominator and value of every measure of a filled template, as ascof-xl computes them."""
    figures: dict[str, dict[str, Any]] = {}
    survey = None
    for measure in layout.declaration.all_measures():
        sheet, row, columns = layout.measure_rows[measure.code]
        if measure.method:
            if survey is None:
                from ascof_xl.templates.survey_sheets import survey_figures

                survey = survey_figures(book, layout)
            numerator, denominator = survey[measure.code]
        elif measure.numerator:
            numerator, denominator = ref_sum(measure.numerator, book, layout), ref_sum(measure.denominator, book, layout)
        else:
            numerator = number(book.value(sheet, columns["numerator"], row))
            denominator = number(book.value(sheet, columns["denominator"], row)) if measure.has_denominator else None
        figures[measure.code] = {"numerator": numerator, "denominator": denominator,
                                 "value": measure_value(measure, numerator, denominator),
                                 "sheet": sheet, "cell": cell(columns["value"], row)}
    return figures
