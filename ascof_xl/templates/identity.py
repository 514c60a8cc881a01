"""A return's identity cells read back: which council it is for, its year, who prepared it, when, and what it replaces.

The cells are declared in the template ([[identity]]); the validator reports a council it cannot
recognise, and the regional collection reads the council, preparer, date and replaced file from here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

from ascof_xl.councils import Council, find_council
from ascof_xl.errors import AscofError
from ascof_xl.findings import Finding, Location
from ascof_xl.templates.cells import is_blank, is_formula
from ascof_xl.templates.layout import Layout


def identity_values(book: Any, layout: Layout) -> dict[str, Any]:
    """Each identity cell's value by key (blank text as None); the year is the template's own."""
    found: dict[str, Any] = {}
    for item in layout.declaration.identity:
        sheet, address = layout.identity_cells[item.key]
        letters, row = coordinate_from_string(address.replace("$", ""))
        value = book[sheet].cell(row=row, column=column_index_from_string(letters)).value
        if item.kind == "year":
            value = layout.declaration.year
        elif isinstance(value, str):
            value = value.strip() or None
        found[item.key] = value
    return found


def identity_council(value: Any, year: str) -> Council:
    """The council an identity cell names (ONS code, CASSR code or name), as it existed in `year`."""
    if is_blank(value) or is_formula(value):
        raise AscofError("no council is named")
    text = str(int(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
    return find_council(text.zfill(3) if text.isdigit() else text, year)


def identity_findings(book: Any, layout: Layout) -> list[Finding]:
    """A council not recognised (error) and a date that is not one (warning).

    A blank council is not reported here (a council may keep the workbook for its own monitoring);
    a regional collection refuses a return that names none."""
    values = identity_values(book, layout)
    found = []
    for item in layout.declaration.identity:
        sheet, address = layout.identity_cells[item.key]
        where = address.replace("$", "")
        value = values[item.key]
        if item.key == "council" and not is_blank(value):
            try:
                identity_council(value, layout.declaration.year)
            except AscofError as error:
                found.append(Finding("identity.council", "error", Location(sheet=sheet, cell=where),
                                     f"{sheet}!{where} ({item.label}): {error}; choose the council's ONS code from the list"))
        elif item.kind == "date" and not is_blank(value) and not isinstance(value, (date, datetime)):
            found.append(Finding(f"identity.{item.key}", "warning", Location(sheet=sheet, cell=where),
                                 f"{sheet}!{where} ({item.label}) holds '{value}', not a date; type the date, e.g. 15/07/2025"))
    return found
