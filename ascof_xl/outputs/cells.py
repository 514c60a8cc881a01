"""Writing workbook cells so that text from an input can never become a live formula.

openpyxl stores any string that starts with "=" as a formula. A council name, a breach reason or an LA
code read from another organisation's file is text, and is written as text whatever it starts with;
only a formula ascof-xl composed itself is written as one, through `put_formula`.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write a value; a string is always stored as text, never read as a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def put_formula(sheet: Worksheet, row: int, column: int, formula: str) -> Cell:
    """Write a formula that ascof-xl composed itself (never one built from input text)."""
    if not formula.startswith("="):
        raise ValueError(f"a formula starts with '=': {formula!r}")
    cell = sheet.cell(row=row, column=column)
    cell.value = formula
    return cell
