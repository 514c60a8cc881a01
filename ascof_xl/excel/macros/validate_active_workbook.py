"""Validate return: check the workbook in front of the user as `ascof-xl validate` does and write the
findings on its Validation sheet (below the rule list, replacing the findings of an earlier run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ascof_xl.errors import AscofError
from ascof_xl.excel.books import Book, XlwingsBook
from ascof_xl.excel.macros import in_excel
from ascof_xl.intake.workbooks import open_workbook
from ascof_xl.outputs.temporary import private_folder
from ascof_xl.templates import is_unreadable, validate_workbook, write_findings
from ascof_xl.templates.findings import findings_start_row, summary_line
from ascof_xl.templates.layout import VALIDATION_SHEET


def run(book: Book) -> dict[str, Any]:
    """Every finding for the workbook as it stands, written to its Validation sheet; returns the findings."""
    book.status(f"ASCOF: checking {book.name} ...")
    with private_folder("validate") as folder:
        copy = book.saved_copy(Path(folder))
        findings = validate_workbook(copy)
        if is_unreadable(findings):
            raise AscofError(f"{book.name} cannot be checked as a return: {findings[0].message}")
        checked = open_workbook(copy)  # the one safe opener, as every door
        write_findings(checked, findings)
        sheet = checked[VALIDATION_SHEET]
        start = findings_start_row(sheet)
        block = [list(row) for row in sheet.iter_rows(min_row=start, max_row=sheet.max_row, values_only=True)]
    earlier = len(book.read(VALIDATION_SHEET)) if VALIDATION_SHEET in book.sheet_names() else 0
    width = max(len(row) for row in block)
    block += [[None] * width for _ in range(earlier - (start + len(block) - 1))]
    book.write(VALIDATION_SHEET, block, row=start)
    summary = summary_line(findings)
    book.status(f"ASCOF: {book.name}: {summary}")
    return {"findings": findings, "summary": summary, "first_row": start}


def main() -> None:
    """The ribbon button."""
    in_excel(run, XlwingsBook.caller())
