"""Findings shown to a person: as text lines, in a return's Validation sheet, or as a report workbook."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule

from ascof_xl.findings import Finding
from ascof_xl.outputs.cells import put
from ascof_xl.templates import styles
from ascof_xl.templates.checks import ENTERED, template_checks
from ascof_xl.templates.layout import FINDING_COLUMNS, HEADER_ROW, VALIDATION_SHEET, area, cell
from ascof_xl.templates.output import save_atomically

FINDINGS_TITLE = "Findings of ascof-xl validate"
FINDINGS_GAP = 3  # blank rows between the rule list and the findings block


def finding_line(found: Finding) -> str:
    """One finding on one line: severity, where, rule, message and any explanation."""
    where = found.location.text() or "file"
    status = "explained" if found.explanation else found.severity
    text = f"{status.upper():9} {where:16} {found.code}: {found.message}"
    return text + (f" [explained: {found.explanation}]" if found.explanation else "")


def summary_line(findings: list[Finding]) -> str:
    """Counts of unexplained errors, explained errors and warnings; a return with nothing entered is never ready."""
    errors = sum(1 for f in findings if f.blocking)
    explained = sum(1 for f in findings if f.explanation)
    warnings = sum(1 for f in findings if f.severity == "warning" and not f.explanation)
    empty = any(f.code == ENTERED and f.blocking for f in findings)
    verdict = "nothing entered yet" if empty else "not ready to send" if errors else "ready to send"
    return f"{errors} unexplained error(s), {explained} explained, {warnings} warning(s): {verdict}"


def status_word(found: Finding) -> str:
    """The word the Validation sheet shows for a finding's check: EXPLAINED, FAIL (an error) or WARNING."""
    return "EXPLAINED" if found.explanation else ("FAIL" if found.severity == "error" else "WARNING")


def findings_table(findings: list[Finding]) -> list[list[Any]]:
    """Header and one row per finding as a 2-D list (severity shown as FAIL, WARNING or EXPLAINED), for any workbook interface."""
    rows: list[list[Any]] = [[name.capitalize() for name in FINDING_COLUMNS]]
    for found in findings:
        rows.append([found.code, status_word(found), found.location.sheet or "", found.location.cell or "", found.message,
                     found.explanation or ""])
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


def write_findings(workbook: Workbook, findings: list[Finding], when: datetime | None = None) -> None:
    """Write findings below the rule list of the workbook's Validation sheet (replacing any earlier block)."""
    sheet = workbook[VALIDATION_SHEET] if VALIDATION_SHEET in workbook.sheetnames else workbook.create_sheet(VALIDATION_SHEET)
    start = findings_start_row(sheet)
    for row in sheet.iter_rows(min_row=start, max_row=max(sheet.max_row, start)):
        for target in row:
            target.value = None
    stamp = (when or datetime.now()).strftime("%Y-%m-%d %H:%M")
    sheet.cell(row=start, column=1, value=FINDINGS_TITLE).font = styles.BOLD
    put(sheet, start, 2, f"{stamp}: {summary_line(findings)}")
    _findings_table(sheet, start + 1, findings)
    if sheet.print_area:  # print the findings with the rules
        sheet.print_area = area((1, 1), (len(FINDING_COLUMNS), start + 1 + max(len(findings), 1)))


def _findings_table(sheet: Any, header: int, findings: list[Finding]) -> None:
    table = findings_table(findings)
    styles.header_row(sheet, header, table[0])
    for offset, values in enumerate(table[1:], start=1):
        for column, value in enumerate(values, start=1):  # messages and reasons carry input text: never a formula
            target = put(sheet, header + offset, column, value)
            target.alignment = styles.WRAP
            target.border = styles.BOX
    if findings:
        rows = area((2, header + 1), (2, header + len(findings)), absolute=False)
        top = "$" + cell(2, header + 1)
        for word, (fill, font) in styles.STATUS_STYLES.items():
            sheet.conditional_formatting.add(rows, FormulaRule(formula=[f'{top}="{word}"'], fill=fill, font=font, stopIfTrue=True))


def write_report(findings: list[Finding], path: str | Path, source: str | Path) -> Path:
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
