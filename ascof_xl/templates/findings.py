"""Findings shown to a person: as text lines, in a return's Validation sheet, or as a report workbook."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule

from ascof_xl.templates import styles
from ascof_xl.templates.checks import template_checks
from ascof_xl.templates.layout import FINDING_COLUMNS, HEADER_ROW, VALIDATION_SHEET, area, cell
from ascof_xl.templates.output import save_atomically

FINDINGS_TITLE = "Findings of ascof-xl validate"
FINDINGS_GAP = 3  # blank rows between the rule list and the findings block


def finding_line(found: dict[str, Any]) -> str:
    """One finding on one line: severity, where, rule, message and any explanation."""
    where = f"{found['sheet']}!{found['cell']}" if found["sheet"] else "file"
    status = "explained" if found["explanation"] else found["severity"]
    text = f"{status.upper():9} {where:16} {found['rule']}: {found['message']}"
    return text + (f" [explained: {found['explanation']}]" if found["explanation"] else "")


def summary_line(findings: list[dict[str, Any]]) -> str:
    """Counts of unexplained errors, explained errors and warnings."""
    errors = sum(1 for f in findings if f["severity"] == "error" and not f["explanation"])
    explained = sum(1 for f in findings if f["explanation"])
    warnings = sum(1 for f in findings if f["severity"] == "warning" and not f["explanation"])
    verdict = "not ready to send" if errors else "ready to send"
    return f"{errors} unexplained error(s), {explained} explained, {warnings} warning(s): {verdict}"


def findings_table(findings: list[dict[str, Any]]) -> list[list[Any]]:
    """Header and one row per finding as a 2-D list (severity shown as FAIL, WARNING or EXPLAINED), for any workbook interface."""
    rows = [[name.capitalize() for name in FINDING_COLUMNS]]
    for found in findings:
        word = "EXPLAINED" if found["explanation"] else ("FAIL" if found["severity"] == "error" else "WARNING")
        rows.append([word if key == "severity" else found[key] for key in FINDING_COLUMNS])
    return rows


def findings_anchor(name: str, year: str) -> int:
    """The row of a template's Validation sheet where the findings block starts (title row; header below it)."""
    return HEADER_ROW + len(template_checks(name, year)) + FINDINGS_GAP


def findings_start_row(sheet: Any) -> int:
    """The first row of the findings block on a Validation sheet: below the last rule, after a gap."""
    last = HEADER_ROW
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        value = sheet.cell(row=row, column=1).value
        if value == FINDINGS_TITLE:
            break
        if value not in (None, ""):
            last = row
    return last + FINDINGS_GAP


def write_findings(workbook: Workbook, findings: list[dict[str, Any]], when: datetime | None = None) -> None:
    """Write findings below the rule list of the workbook's Validation sheet (replacing any earlier block)."""
    sheet = workbook[VALIDATION_SHEET] if VALIDATION_SHEET in workbook.sheetnames else workbook.create_sheet(VALIDATION_SHEET)
    start = findings_start_row(sheet)
    for row in sheet.iter_rows(min_row=start, max_row=max(sheet.max_row, start)):
        for target in row:
            target.value = None
    stamp = (when or datetime.now()).strftime("%Y-%m-%d %H:%M")
    sheet.cell(row=start, column=1, value=FINDINGS_TITLE).font = styles.BOLD
    sheet.cell(row=start, column=2, value=f"{stamp}: {summary_line(findings)}")
    _findings_table(sheet, start + 1, findings)
    if sheet.print_area:  # print the findings with the rules
        sheet.print_area = area((1, 1), (len(FINDING_COLUMNS), start + 1 + max(len(findings), 1)))


def _findings_table(sheet: Any, header: int, findings: list[dict[str, Any]]) -> None:
    table = findings_table(findings)
    styles.header_row(sheet, header, table[0])
    for offset, values in enumerate(table[1:], start=1):
        for column, value in enumerate(values, start=1):
            target = sheet.cell(row=header + offset, column=column, value=value)
            target.alignment = styles.WRAP
            target.border = styles.BOX
    if findings:
        rows = area((2, header + 1), (2, header + len(findings)), absolute=False)
        top = "$" + cell(2, header + 1)
        for word, (fill, font) in styles.STATUS_STYLES.items():
            sheet.conditional_formatting.add(rows, FormulaRule(formula=[f'{top}="{word}"'], fill=fill, font=font, stopIfTrue=True))


def write_report(findings: list[dict[str, Any]], path: str | Path, source: str | Path) -> Path:
    """A report workbook listing the findings for `source`, saved atomically to `path`."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Findings"
    styles.sheet_heading(sheet, f"Validation of {Path(source).name}", summary_line(findings))
    _findings_table(sheet, HEADER_ROW, findings)
    for column, width in zip("ABCDEF", (34, 11, 12, 10, 90, 40)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = cell(1, HEADER_ROW + 1)
    sheet.auto_filter.ref = area((1, HEADER_ROW), (len(FINDING_COLUMNS), HEADER_ROW + max(len(findings), 1)), absolute=False)
    return save_atomically(book, Path(path))
