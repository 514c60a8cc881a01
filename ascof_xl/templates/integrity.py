"""The formulas a template's worked-out cells hold, generated from its declaration, for the validator to compare.

Built once per template and year (the workbook is generated in memory, without published figures, which
never change a formula) and kept normalised (`cells.normalised`), so a return saved by Excel or
LibreOffice, which rewrite prefixes, quotes and spacing, still matches.
"""

from __future__ import annotations

from functools import cache

from ascof_xl.templates.cells import is_formula, normalised
from ascof_xl.templates.generate import build_workbook
from ascof_xl.templates.layout import VALIDATION_SHEET, layout_of, published_measures


@cache
def template_formulas(name: str, year: str) -> dict[tuple[str, int, int], tuple[str, str]]:
    """(sheet, column, row) -> (normalised, as written) formula of every formula cell the template generates
    (Validation sheet aside: its status words are recomputed by the validator itself)."""
    stub = [{"code": m.code} for m in published_measures(layout_of(name, year).declaration)]
    book = build_workbook(name, year, published=stub)
    return {(sheet.title, target.column, target.row): (normalised(target.value), target.value)
            for sheet in book.worksheets if sheet.title != VALIDATION_SHEET
            for row in sheet.iter_rows() for target in row if is_formula(target.value)}
