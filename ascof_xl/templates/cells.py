"""Reading a filled template's cells: numbers as the validator takes them, as a spreadsheet holds them.

A date is the number Excel stores for it (its serial), as a formula beside it would see it; text,
true/false and formulas are not numbers; only an empty cell is blank (a space is text).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from fractions import Fraction
from typing import Any

from openpyxl.utils.datetime import to_excel

from ascof_xl.stats.rounding import exact
from ascof_xl.templates.layout import Layout
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
    """The exact number in a cell (a date as its serial), or None for a blank, text, a formula or true/false."""
    if isinstance(value, (datetime, date, time)):
        return exact(to_excel(value))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return exact(value)


_STRING = re.compile(r'("[^"]*")')
_NUMBER = re.compile(r"(?<![A-Z$_.\d])(\d+\.?\d*(?:E[+-]?\d+)?)")


def normalised(formula: str) -> str:
    """A formula as any spreadsheet saves it: no _xlfn./_xlws. prefixes, sheet-name quotes or spaces, capitals and
    numbers written one way outside text in quotes; two formulas that compute alike in Excel compare equal."""
    parts = _STRING.split(formula.lstrip("="))
    for index in range(0, len(parts), 2):  # outside "text"
        part = parts[index].upper().replace("_XLFN.", "").replace("_XLWS.", "").replace("'", "").replace(" ", "")
        parts[index] = _NUMBER.sub(lambda m: format(float(m.group(1)), ".15g"), part)
    return "".join(parts)


def is_blank(value: Any) -> bool:
    """True for an empty cell only, as COUNTBLANK and ="" see it (a space is text)."""
    return value is None or value == ""


def ref_sum(refs: tuple[str, ...], book: Book, layout: Layout) -> Fraction:
    """The sum of the numbers in the referenced cells, negatives taken away."""
    total = Fraction(0)
    for text in refs:
        ref = resolve(text, layout)
        for column, row in ref.cells():
            total += ref.sign * (number(book.value(ref.sheet, column, row)) or 0)
    return total
