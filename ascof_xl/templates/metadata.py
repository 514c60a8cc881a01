"""A template's kind, version, year and declaration fingerprint, stored in the workbook for the validator.

Written twice: as custom document properties (visible in Excel's File > Info > Properties) and on a
very hidden sheet, which survives tools that drop custom properties.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

from ascof_xl import __version__
from ascof_xl.templates.declaration import Declaration
from ascof_xl.templates.layout import META_SHEET

FIELDS = ("kind", "version", "year", "fingerprint", "generator")
PREFIX = "ascof_xl_"


def metadata_of(declaration: Declaration) -> dict[str, str]:
    """The fields stored for one declaration."""
    return {"kind": declaration.name, "version": str(declaration.version), "year": declaration.year,
            "fingerprint": declaration.fingerprint, "generator": f"ascof-xl {__version__}"}


def write_metadata(book: Workbook, declaration: Declaration) -> None:
    """Store kind, version, year, fingerprint and generator in the workbook."""
    fields = metadata_of(declaration)
    for key, value in fields.items():
        book.custom_doc_props.append(StringProperty(name=PREFIX + key, value=value))
    sheet = book.create_sheet(META_SHEET)
    for row, (key, value) in enumerate(fields.items(), start=1):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=2, value=value)
    sheet.sheet_state = "veryHidden"
    book.properties.title = declaration.title
    book.properties.creator = "ascof-xl"


def read_metadata(book: Any) -> dict[str, str]:
    """The stored fields of an openpyxl workbook (hidden sheet first, then custom properties); {} when none."""
    found: dict[str, str] = {}
    if META_SHEET in book.sheetnames:
        sheet = book[META_SHEET]
        for row in sheet.iter_rows(min_row=1, max_row=len(FIELDS) + 2, max_col=2, values_only=True):
            if row[0] in FIELDS and row[1] is not None:
                found[row[0]] = str(row[1])
    for prop in getattr(book, "custom_doc_props", ()):
        key = prop.name[len(PREFIX):] if prop.name.startswith(PREFIX) else None
        if key in FIELDS and key not in found and prop.value is not None:
            found[key] = str(prop.value)
    return found
